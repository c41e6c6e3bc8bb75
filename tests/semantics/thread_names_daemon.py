# Checks default thread names (Thread-N (target)), name/getName/setName, daemon flags.
import threading
from threading import Thread

def job():
    pass

class Plain(Thread):
    def run(self):
        pass

if __name__ == "__main__":
    a = Thread(target=job)
    b = Thread(target=job, name="custom")
    c = Thread(target=job)
    p = Plain()
    n = Thread()
    print(a.name, "|", b.name, "|", c.name, "|", p.name, "|", n.name)
    print(a.getName(), b.getName())
    b.setName("renamed")
    print(b.name)
    c.name = "assigned"
    print(c.getName())
    print(a.daemon, Thread(target=job, daemon=True).daemon, Thread(target=job, daemon=False).daemon)
    d = Thread(target=job, name="dd")
    d.daemon = True
    print(d.daemon)
    d.daemon = False
    print(d.daemon)
    print(Thread(target=job, name=5).name, type(Thread(target=job, name=5).name).__name__)
    for t in [a, b, c, p, n, d]:
        t.start()
        t.join()
    print(a.name, b.name, c.name)
    print(threading.current_thread().daemon)
