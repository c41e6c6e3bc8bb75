# Checks Event set/clear/is_set, wait(timeout=0) and wait() return values, and ping-pong sequencing of threads.
import threading

ev = threading.Event()
print(ev.is_set(), ev.wait(timeout=0), ev.wait(0))
ev.set()
print(ev.is_set(), ev.wait(timeout=0), ev.wait())
ev.set()
print(ev.is_set())
ev.clear()
print(ev.is_set(), ev.wait(timeout=0))
ev.clear()
print(ev.is_set())

ping = threading.Event()
pong = threading.Event()
trace = []

def player(rounds):
    for i in range(rounds):
        ping.wait()
        ping.clear()
        trace.append("pong" + str(i))
        pong.set()

if __name__ == "__main__":
    t = threading.Thread(target=player, args=(3,))
    t.start()
    for i in range(3):
        trace.append("ping" + str(i))
        ping.set()
        pong.wait()
        pong.clear()
    t.join()
    print(trace)
    print(ping.is_set(), pong.is_set())
