# expect: ok
# source: 003_f9751d825817d10e.txt, "上下文和启动方法"
import multiprocessing as mp


def foo(q):
    q.put('hello')


if __name__ == '__main__':
    mp.set_start_method('spawn')
    q = mp.Queue()
    p = mp.Process(target=foo, args=(q, ))
    p.start()
    print(q.get())
    p.join()
