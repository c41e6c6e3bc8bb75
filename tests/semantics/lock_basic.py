# Checks Lock acquire/release/locked, acquire(blocking=False) return values, with-statement, release of unlocked lock.
import threading
from threading import Lock

lock = Lock()
print(lock.locked())
print(lock.acquire())
print(lock.locked())
print(lock.acquire(blocking=False))
print(lock.acquire(False))
lock.release()
print(lock.locked())
print(lock.acquire(blocking=False), lock.locked())
lock.release()
try:
    lock.release()
except RuntimeError as e:
    print(type(e).__name__, e)
with lock:
    print("inside with", lock.locked())
print("after with", lock.locked())
try:
    with lock:
        print("raising inside with")
        raise ValueError("oops")
except ValueError as e:
    print("caught", e, "locked:", lock.locked())
l2 = threading.Lock()
print(type(l2).__name__ == type(lock).__name__)
with l2:
    with lock:
        print(l2.locked(), lock.locked())
print(l2.locked(), lock.locked())
print(lock.acquire(True), lock.acquire(blocking=False))
lock.release()
print(lock.locked())
