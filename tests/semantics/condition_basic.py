# Checks Condition wait/notify in a deterministic handoff, wait(timeout=0) result, and un-acquired errors.
import threading
cond = threading.Condition()
box = []
log = []
def consumer(n):
    for i in range(n):
        with cond:
            while len(box) == 0:
                cond.wait()
            item = box.pop(0)
            log.append("got " + str(item))
            cond.notify()
if __name__ == "__main__":
    with cond:
        print("wait timeout 0:", cond.wait(timeout=0))
    try:
        cond.notify()
    except RuntimeError as e:
        print(type(e).__name__, e)
    try:
        cond.wait()
    except RuntimeError as e:
        print(type(e).__name__, e)
    t = threading.Thread(target=consumer, args=(3,))
    t.start()
    for i in range(3):
        with cond:
            box.append(i * 10)
            log.append("put " + str(i * 10))
            cond.notify()
            while len(box) > 0:
                cond.wait()
    t.join()
    print(log)
    lk = threading.Lock()
    c2 = threading.Condition(lk)
    with c2:
        print("shared lock held:", lk.locked())
    print("after:", lk.locked())
