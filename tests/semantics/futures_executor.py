# Checks concurrent.futures: submit/result, exceptions through result(), map, done, callbacks,
# as_completed, shutdown, and threading.Timer with cancel.
import concurrent.futures
import threading


def square(x):
    return x * x


def boom(x):
    raise ValueError("bad %d" % x)


log = []


def note(f):
    log.append(("callback", f.result()))


with concurrent.futures.ThreadPoolExecutor(max_workers=1) as ex:
    f1 = ex.submit(square, 3)
    f2 = ex.submit(boom, 4)
    f1.add_done_callback(note)
    print(f1.result(), f1.done(), f1.cancelled())
    try:
        f2.result()
    except ValueError as e:
        print("raised", type(e).__name__, e)
    print(type(f2.exception()).__name__)
    print(list(ex.map(square, [1, 2, 3])))
    fs = [ex.submit(square, i) for i in range(4)]
    print(sorted(f.result() for f in concurrent.futures.as_completed(fs)))
print(log)
try:
    ex.submit(square, 1)
except RuntimeError as e:
    print("RuntimeError", e)

fired = []
t = threading.Timer(0.01, fired.append, args=["fired"])
t.start()
t.join()
c = threading.Timer(5, fired.append, args=["never"])
c.start()
c.cancel()
c.join()
print(fired, t.name.startswith("Thread-"))
