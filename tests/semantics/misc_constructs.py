# Constructs of issue 3 not covered elsewhere: Thread.__init__(self) in a
# subclass, object() sentinels with is / is not, default reprs with addresses, the clock's types and
# ranges, random.random() in a sleep, and concurrent.futures.TimeoutError from result(timeout).
import concurrent.futures
import random
import threading
import time


class Worker(threading.Thread):
    def __init__(self, n):
        threading.Thread.__init__(self)
        self.n = n
        self.out = None

    def run(self):
        self.out = self.n * 2


w = Worker(21)
print(w.name.startswith("Thread-"), w.daemon, w.out)
w.start()
w.join()
print(w.out, w.is_alive())

MISSING = object()
other = object()
d = {"a": 1}
v = d.get("b", MISSING)
print(v is MISSING, v is not other, MISSING == MISSING, MISSING != other, id(MISSING) == id(v))
print(type(MISSING).__name__, isinstance(MISSING, object), str(MISSING).startswith("<object object at 0x"))

# Default reprs show the object's id as its address, as CPython's do.
class Box:
    def open(self):
        return self


a, b = Box(), Box()
print(repr(a) != repr(b), str(a) == repr(a), ("0x%x" % id(a)) in repr(a), repr(a).startswith("<__main__.Box object at 0x"))
print(repr([a, (b,)]) == "[" + repr(a) + ", (" + repr(b) + ",)]", f"{a!r}" == repr(a), "{}".format(b) == str(b))
print(repr(a.open).startswith("<bound method Box.open of <__main__.Box object at 0x"), repr(a) in repr(a.open))


def free():
    pass


print(repr(free).startswith("<function free at 0x"), ("0x%x" % id(free)) in repr(free), repr(Box.open).startswith("<function Box.open at 0x"))

t0 = time.time()
t1 = time.time()
stamp = time.ctime()
print(type(t0).__name__, t0 <= t1, t0 > 1_600_000_000, type(stamp).__name__, len(stamp))
print(len(time.ctime(t0)), time.ctime(0.0)[-4:] in ("1970", "1969"))

# (random.random() and uniform() have infinitely many outcomes: refused but
# in a sleep length, tests/errors.rs.)
time.sleep(random.random() * 0.01)

gate = threading.Event()


def task():
    gate.wait()
    return "done"


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    f = ex.submit(task)
    try:
        f.result(timeout=0.01)
    except concurrent.futures.TimeoutError as e:
        print("TimeoutError", type(e).__name__, isinstance(e, TimeoutError), f.done())
    gate.set()
    print(f.result(), f.done(), f.exception())
