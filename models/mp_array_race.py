# expect: lost-update
# source: 003_f9751d825817d10e.txt, "共享内存" (extended: two processes count in one shared Array)
# `arr[0] += 1` reads the item (under the array's lock) and writes it back (under the lock again), so the
# lock does not cover the whole update: two processes can both read 0 and both write 1, and one count is lost.
from multiprocessing import Process, Array


def count(arr, n):
    for i in range(n):
        arr[0] += 1


if __name__ == '__main__':
    arr = Array('i', [0, 0])
    ps = [Process(target=count, args=(arr, 2)) for i in range(2)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(arr[:])
