# Checks RuntimeErrors from misuse of threads: start twice, join before start, join self, daemon on active thread.
import threading
hold = threading.Event()
caught = []
def self_join():
    try:
        threading.current_thread().join()
    except RuntimeError as e:
        caught.append(str(e))
def block():
    hold.wait()
if __name__ == "__main__":
    t = threading.Thread(target=block, name="blk")
    try:
        t.join()
    except RuntimeError as e:
        print(type(e).__name__, e)
    t.start()
    try:
        t.start()
    except RuntimeError as e:
        print(type(e).__name__, e)
    try:
        t.daemon = True
    except RuntimeError as e:
        print(type(e).__name__, e)
    hold.set()
    t.join()
    try:
        t.start()
    except RuntimeError as e:
        print(type(e).__name__, e)
    s = threading.Thread(target=self_join)
    s.start()
    s.join()
    print(caught)
    print("done", t.is_alive(), t.daemon)
