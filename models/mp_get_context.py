# expect: ok
# source: 003_f9751d825817d10e.txt, "上下文和启动方法"
import multiprocessing as mp


def foo(q):
    q.put('hello')


if __name__ == '__main__':
    ctx = mp.get_context('spawn')
    q = ctx.Queue()
    P = ctx.Process(target=foo, args=(q, ))
    P.start()
    print(q.get())
    P.join()
