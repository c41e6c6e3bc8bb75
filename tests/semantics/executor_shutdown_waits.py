# ThreadPoolExecutor.shutdown(wait=True): returns once every worker has
# ended (no worker is alive after it), and from inside a task of the same
# executor it fails as joining the current thread does.
import concurrent.futures
import threading


def work(x):
    return x + 1


def stop(ex):
    ex.shutdown(wait=True)


ex = concurrent.futures.ThreadPoolExecutor(max_workers=3)
fs = [ex.submit(work, i) for i in range(3)]
ex.shutdown(wait=True)
print([f.result() for f in fs], threading.active_count())

ex = concurrent.futures.ThreadPoolExecutor(max_workers=2)
f = ex.submit(stop, ex)
print(repr(f.exception()))
ex.shutdown()
print(threading.active_count())

with concurrent.futures.ThreadPoolExecutor(max_workers=2) as idle:
    pass
print("no workers", threading.active_count())
