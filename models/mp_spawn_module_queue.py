# expect: hang
# source: 003_f9751d825817d10e.txt, "上下文和启动方法" (extended: the spawn pitfall)
# The tutorial's `get_context('spawn')` program with the queue made at module level instead of passed to
# the child. Under fork the child would share it; a spawned child imports the module afresh, so its
# module-level `q = mp.Queue()` makes another queue: it puts 'hello' there, and the parent waits forever
# on its own, empty `q` (as CPython does: the program never ends).
import multiprocessing as mp

q = mp.Queue()


def foo():
    q.put('hello')


if __name__ == '__main__':
    ctx = mp.get_context('spawn')
    p = ctx.Process(target=foo)
    p.start()
    print(q.get())
    p.join()
