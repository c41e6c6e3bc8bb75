# expect: ok
# source: 003_f9751d825817d10e.txt, "队列"
from multiprocessing import Process, Queue


def f(q):
    q.put([42, None, "hello"])


if __name__ == '__main__':
    q = Queue()
    p = Process(target=f, args=(q, ))
    p.start()
    print(q.get())
    p.join()
