# Checks Lock use across threads: mutual exclusion counter, release by another thread, try-acquire while held.
import threading
import time
counter, seen = 0, []
lock = threading.Lock()
def add(n):
    global counter
    for i in range(n):
        with lock:
            v = counter
            time.sleep(0)
            counter = v + 1
def releaser():
    lock.release()
def try_take():
    seen.append(lock.acquire(blocking=False))
if __name__ == "__main__":
    ts = []
    for i in range(4):
        ts.append(threading.Thread(target=add, args=(50,)))
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print("counter", counter)
    lock.acquire()
    t = threading.Thread(target=try_take)
    t.start()
    t.join()
    print("other thread try while held:", seen)
    r = threading.Thread(target=releaser)
    r.start()
    r.join()
    print("released by other thread, locked:", lock.locked())
    t = threading.Thread(target=try_take)
    t.start()
    t.join()
    print("other thread try when free:", seen, lock.locked())
    lock.release()
    print(lock.locked())
