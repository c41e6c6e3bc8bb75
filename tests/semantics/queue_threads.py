# Checks producer/consumer over queue.Queue with a sentinel, bounded queue blocking put, task_done + join.
import threading
import queue
def producer(q, n):
    for i in range(n):
        q.put(i * i)
    q.put(None)
def worker(q, out):
    while True:
        item = q.get()
        if item is None:
            q.task_done()
            break
        out.append(item + 1)
        q.task_done()
if __name__ == "__main__":
    small = queue.Queue(maxsize=1)
    t = threading.Thread(target=producer, args=(small, 5))
    t.start()
    got = []
    while True:
        v = small.get()
        if v is None:
            break
        got.append(v)
    t.join()
    print("consumed", got, small.empty())
    jobs = queue.Queue()
    out = []
    w = threading.Thread(target=worker, args=(jobs, out), name="worker")
    w.start()
    for i in range(4):
        jobs.put(i * 10)
    jobs.join()
    print("after join", out, jobs.qsize())
    jobs.put(None)
    w.join()
    print("worker alive:", w.is_alive())
