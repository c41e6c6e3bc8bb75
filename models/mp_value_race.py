# expect: lost-update
# source: 003_f9751d825817d10e.txt, "共享内存" (extended: two processes count in one shared Value)
# `num.value += 1` reads the value (its getter takes the Value's lock) and writes it back (its setter takes
# the lock again), so the lock does not cover the whole update: two processes can both read 0 and both
# write 1, and one count is lost.
from multiprocessing import Process, Value


def f(n, times):
    for i in range(times):
        n.value += 1


if __name__ == '__main__':
    num = Value('i', 0)

    ps = [Process(target=f, args=(num, 2)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()

    print(num.value)
