# Value/Array in shared memory, Manager dict/list proxies, multiprocessing
# locks passed to children; a threading.Lock is copied, not shared.
import multiprocessing
import threading


def add(n, a, lock):
    for i in range(3):
        with n.get_lock():
            n.value += 1
    with lock:
        for i in range(len(a)):
            a[i] = -a[i]


def fill(d, l, i):
    d[i] = str(i)
    l.append(i)


def hold(tlock):
    # The child's copy of the threading.Lock: taking it does not touch the parent's.
    tlock.acquire()
    print("child holds its copy:", tlock.locked())


if __name__ == "__main__":
    n = multiprocessing.Value("i", 0)
    f = multiprocessing.Value("d", 0)
    print(n.value, f.value)
    a = multiprocessing.Array("i", range(4))
    z = multiprocessing.Array("d", 2)
    lock = multiprocessing.Lock()
    ps = [multiprocessing.Process(target=add, args=(n, a, lock)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(n.value, a[:], z[:], len(a))
    with multiprocessing.Manager() as manager:
        d = manager.dict()
        l = manager.list(range(2))
        ps = [multiprocessing.Process(target=fill, args=(d, l, i)) for i in range(3)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(sorted(d.items()), sorted(l))
    tlock = threading.Lock()
    h = multiprocessing.Process(target=hold, args=(tlock,))
    h.start()
    h.join()
    print("parent's lock:", tlock.locked(), h.name)
