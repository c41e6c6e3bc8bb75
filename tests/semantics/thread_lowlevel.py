# Checks _thread.start_new_thread, _thread.allocate_lock, sys.exit ending a thread quietly, os.getpid.
import _thread
import threading
import sys
import os

done = _thread.allocate_lock()
done.acquire()
out = []


def worker(a, b):
    out.append(a + b)
    done.release()


ident = _thread.start_new_thread(worker, (2, 3))
done.acquire()
print(out, isinstance(ident, int), type(done).__name__)


def quits():
    out.append("before exit")
    sys.exit(0)
    out.append("never")


t = threading.Thread(target=quits)
t.start()
t.join()
print(out, t.is_alive())
print(os.getpid() > 0, os.getpid() == os.getpid(), isinstance(threading.get_ident(), int))
try:
    sys.exit("bye")
except SystemExit as e:
    print("SystemExit", e)
