# Checks Semaphore(0) as a signal between threads and a Semaphore limiting concurrency.
import threading
import time
signal = threading.Semaphore(0)
order = []
def producer(n):
    for i in range(n):
        order.append("produce " + str(i))
        signal.release()
slots = threading.Semaphore(2)
guard = threading.Lock()
active = 0
peak = 0
def limited():
    global active, peak
    with slots:
        with guard:
            active += 1
            if active > peak:
                peak = active
        time.sleep(0.01)
        with guard:
            active -= 1
if __name__ == "__main__":
    t = threading.Thread(target=producer, args=(3,))
    t.start()
    got = 0
    for i in range(3):
        signal.acquire()
        got += 1
    t.join()
    print(got, order, signal.acquire(blocking=False))
    ts = []
    for i in range(5):
        ts.append(threading.Thread(target=limited))
    for x in ts:
        x.start()
    for x in ts:
        x.join()
    print("peak <= 2:", peak <= 2, "active:", active)
