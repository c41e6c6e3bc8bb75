# Checks threading.Barrier: all parties pass together, wait() indexes, the action, abort and broken.
import threading

log = []
b = threading.Barrier(3, action=lambda: log.append("action"))


def worker(name):
    i = b.wait()
    log.append(i)


ts = [threading.Thread(target=worker, args=(n,)) for n in range(3)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print(sorted(x for x in log if x != "action"), log.count("action"), log.index("action") == 0)
print(b.parties, b.n_waiting, b.broken)

b2 = threading.Barrier(2)
b2.abort()
print(b2.broken)
try:
    b2.wait()
except threading.BrokenBarrierError as e:
    print("BrokenBarrierError", isinstance(e, RuntimeError))
b2.reset()
print(b2.broken)
