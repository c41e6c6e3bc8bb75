# Checks RLock reentrancy counting, non-blocking acquire from other threads, and release errors.
import threading
rl = threading.RLock()
log = []
def other_release():
    try:
        rl.release()
        log.append("released?!")
    except RuntimeError as e:
        log.append(type(e).__name__ + ": " + str(e))
def other_try():
    got = rl.acquire(blocking=False)
    log.append(("other acquire", got))
    if got:
        rl.release()
if __name__ == "__main__":
    print(rl.acquire(), rl.acquire(), rl.acquire(blocking=False))
    t = threading.Thread(target=other_try)
    t.start()
    t.join()
    t = threading.Thread(target=other_release)
    t.start()
    t.join()
    print(log)
    rl.release()
    rl.release()
    t = threading.Thread(target=other_try)
    t.start()
    t.join()
    print("still held once:", log[-1])
    rl.release()
    t = threading.Thread(target=other_try)
    t.start()
    t.join()
    print("fully released:", log[-1])
    try:
        rl.release()
    except RuntimeError as e:
        print(type(e).__name__, e)
