# Manager().Namespace(): attributes set in a child are seen by the parent.
import multiprocessing


def child(ns, lock):
    with lock:
        ns.count += 1
    ns.name = "child"


if __name__ == '__main__':
    with multiprocessing.Manager() as manager:
        ns = manager.Namespace()
        lock = manager.Lock()
        ns.count = 0
        ps = [multiprocessing.Process(target=child, args=(ns, lock)) for i in range(2)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
        print(ns.count, ns.name)
        try:
            print(ns.missing)
        except AttributeError:
            print("AttributeError")
