# expect: ok
# source: 003_f9751d825817d10e.txt, "共享内存" (extended: the fix of mp_value_race.py)
# The whole update runs under `num.get_lock()` (an RLock, so the getter and the setter can take it again
# inside): no update is lost, and the parent sees every count once both children are joined.
from multiprocessing import Process, Value


def f(n, times):
    for i in range(times):
        with n.get_lock():
            n.value += 1


if __name__ == '__main__':
    num = Value('i', 0)

    ps = [Process(target=f, args=(num, 2)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()

    assert num.value == 4
    print(num.value)
