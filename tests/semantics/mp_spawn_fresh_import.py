# A spawned (or fork-server) child imports the main module afresh: its
# module-level code runs again with __name__ == '__mp_main__', and it sees
# none of the parent's later changes; a forked child has a copy of them.
import multiprocessing as mp

names = [__name__]


def report(q, tag):
    q.put((tag, __name__, names))


def main():
    names.append('set by the parent')
    for method in ['fork', 'spawn', 'forkserver']:
        ctx = mp.get_context(method)
        q = ctx.Queue()
        p = ctx.Process(target=report, args=(q, method))
        p.start()
        print(q.get())
        p.join()
    mp.set_start_method('spawn', force=True)
    q = mp.Queue()
    p = mp.Process(target=report, args=(q, 'after set_start_method'))
    p.start()
    print(q.get())
    p.join()
    print(p.exitcode, mp.get_start_method())


if __name__ == '__main__':
    main()
