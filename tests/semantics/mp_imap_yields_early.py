# Pool.imap hands out each result as it comes in: the second task waits
# until the caller has seen the first result (an imap that waited for every
# result first would hang here).
import multiprocessing

seen = None


def task(i):
    if i == 1:
        seen.wait()
    return i * 10


if __name__ == '__main__':
    seen = multiprocessing.Event()
    with multiprocessing.Pool(2) as pool:
        it = pool.imap(task, [0, 1])
        print(next(it))
        seen.set()
        print(next(it))
        print(list(it))
