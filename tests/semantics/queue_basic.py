# Checks queue.Queue put/get FIFO, qsize/empty/full, maxsize, put_nowait/get_nowait and Empty/Full.
import queue
q = queue.Queue()
print(q.qsize(), q.empty(), q.full(), q.maxsize)
for v in [1, "two", [3]]:
    q.put(v)
print(q.qsize(), q.empty(), q.full())
print(q.get(), q.get(), q.get())
try:
    q.get_nowait()
except queue.Empty as e:
    print(type(e).__name__, repr(str(e)))
b = queue.Queue(maxsize=2)
print(b.maxsize, b.full())
b.put_nowait("a")
b.put("b")
print(b.qsize(), b.full())
try:
    b.put_nowait("c")
except queue.Full as e:
    print(type(e).__name__, repr(str(e)))
print(b.get_nowait(), b.full(), b.qsize())
b.put_nowait("d")
print(b.get(), b.get(), b.empty())
u = queue.Queue(0)
for i in range(100):
    u.put(i)
print(u.full(), u.qsize(), u.get())
t = queue.Queue()
try:
    t.task_done()
except ValueError as e:
    print(type(e).__name__, e)
t.put("x")
t.get()
t.task_done()
t.join()
print("join returned", t.empty())
