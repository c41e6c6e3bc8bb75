# Checks Thread(target=, args=, kwargs=), start/join sequencing, shared results and current_thread().name.
import threading
from threading import Thread

results = []

def worker(a, b, scale=1, tag="t"):
    me = threading.current_thread().name
    results.append((tag, (a + b) * scale, me))
    print("in worker", tag, me)

def no_args():
    results.append("no args")

if __name__ == "__main__":
    print("main is", threading.current_thread().name)
    t1 = Thread(target=worker, args=(1, 2), name="w1")
    t1.start()
    t1.join()
    print(results)
    t2 = threading.Thread(target=worker, args=(3,), kwargs={"b": 4, "scale": 10, "tag": "kw"}, name="w2")
    t2.start()
    t2.join()
    t3 = Thread(target=no_args)
    t3.start()
    t3.join()
    print(results)
    threads = []
    for i in range(4):
        threads.append(Thread(target=worker, args=(i, i), kwargs={"tag": "loop"}, name="L" + str(i)))
    for t in threads:
        t.start()
        t.join()
    print(len(results), results[-1])
    print(threading.current_thread().name)
    r = t1.join()
    print("join returns", r)
    print("end")
