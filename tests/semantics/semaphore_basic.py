# Checks Semaphore/BoundedSemaphore counting, non-blocking acquire, over-release ValueError, and with.
import threading

s = threading.Semaphore(2)
print(s.acquire(), s.acquire(), s.acquire(blocking=False))
s.release()
print(s.acquire(blocking=False), s.acquire(blocking=False))
s.release()
s.release()
s.release()
print(s.acquire(False), s.acquire(False), s.acquire(False), s.acquire(False))
z = threading.Semaphore(0)
print(z.acquire(blocking=False))
d = threading.Semaphore()
print(d.acquire(False), d.acquire(False))
b = threading.BoundedSemaphore(2)
print(b.acquire(), b.acquire(blocking=False), b.acquire(blocking=False))
b.release()
b.release()
try:
    b.release()
except ValueError as e:
    print(type(e).__name__, e)
with b:
    print("in with", b.acquire(False))
    b.release()
print(b.acquire(False), b.acquire(False), b.acquire(False))
try:
    threading.Semaphore(-1)
except ValueError as e:
    print(type(e).__name__, e)
b1 = threading.BoundedSemaphore()
try:
    b1.release()
except ValueError as e:
    print(type(e).__name__, e)
