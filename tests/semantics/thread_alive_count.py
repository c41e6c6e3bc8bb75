# Checks is_alive before/during/after, active_count() and len(threading.enumerate()) with Events sequencing.
import threading

go = threading.Event()
ready = threading.Event()

def waiter(n):
    ready.set()
    go.wait()

if __name__ == "__main__":
    print(threading.active_count(), len(threading.enumerate()))
    t = threading.Thread(target=waiter, args=(1,))
    print("before start", t.is_alive())
    t.start()
    ready.wait()
    print("running", t.is_alive(), threading.active_count(), len(threading.enumerate()))
    ready.clear()
    u = threading.Thread(target=waiter, args=(2,))
    u.start()
    ready.wait()
    print("two waiting", threading.active_count(), len(threading.enumerate()))
    names = []
    for th in threading.enumerate():
        names.append(th.name)
    print(sorted(names))
    go.set()
    t.join()
    u.join()
    print("after join", t.is_alive(), u.is_alive())
    print(threading.active_count(), len(threading.enumerate()))
    print(threading.enumerate()[0].name)
