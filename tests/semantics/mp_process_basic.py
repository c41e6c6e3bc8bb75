# multiprocessing.Process: fork-copied globals, names, pid, exitcode,
# is_alive, terminate, sys.exit codes, subclasses overriding run().
import multiprocessing
import os
import sys

counter = 0
items = [1, 2, 3]


def child(tag):
    global counter
    counter += 10
    items.append(tag)
    print("child", tag, counter, items, multiprocessing.current_process().name)
    print("child pid differs:", os.getpid() != main_pid, "ppid is parent:", os.getppid() == main_pid)


def fails():
    raise ValueError("boom")


def exits():
    sys.exit(3)


def waits(ev):
    ev.wait()


class Worker(multiprocessing.Process):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def run(self):
        print("Worker.run", self.n, self.name)


if __name__ == "__main__":
    main_pid = os.getpid()
    print(multiprocessing.current_process().name)
    p = multiprocessing.Process(target=child, args=("a",))
    print(p.name, p.pid, p.exitcode, p.is_alive(), p.daemon)
    p.start()
    p.join()
    print("after join:", p.is_alive(), p.exitcode, counter, items)
    q = multiprocessing.Process(target=child, args=("b",), name="named")
    q.start()
    q.join()
    print(q.name, q.exitcode, counter, items)
    f = multiprocessing.Process(target=fails)
    f.start()
    f.join()
    print(f.name, "exitcode", f.exitcode)
    e = multiprocessing.Process(target=exits)
    e.start()
    e.join()
    print(e.name, "exitcode", e.exitcode)
    ev = multiprocessing.Event()
    w = multiprocessing.Process(target=waits, args=(ev,))
    w.start()
    w.terminate()
    w.join()
    print(w.name, "exitcode", w.exitcode, w.is_alive())
    k = Worker(7)
    k.start()
    k.join()
    print(k.name, k.exitcode)
    print(multiprocessing.cpu_count() >= 1)
