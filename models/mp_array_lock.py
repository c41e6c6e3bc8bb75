# expect: ok
# source: 003_f9751d825817d10e.txt, "共享内存" (extended: the fix of mp_array_race.py)
# The whole update runs under `arr.get_lock()` (an RLock, so each item access can take it again inside): no
# update is lost, and the parent sees every count once both children are joined.
from multiprocessing import Process, Array


def count(arr, n):
    for i in range(n):
        with arr.get_lock():
            arr[0] += 1


if __name__ == '__main__':
    arr = Array('i', [0, 0])
    ps = [Process(target=count, args=(arr, 2)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    assert arr[0] == 4
    print(len(arr), arr[:], sum(arr[:]))
    for x in arr:
        print(x)
