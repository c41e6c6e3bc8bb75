# A spawned child receives its process object pickled (a forked one, a
# copy): a threading.Lock argument or a function defined inside a function
# cannot be sent, and start() raises in the parent.
import multiprocessing as mp
import threading


def f(x):
    pass


def main():
    ctx = mp.get_context('spawn')
    try:
        p = ctx.Process(target=f, args=(threading.Lock(),))
        p.start()
        p.join()
    except TypeError as e:
        print('TypeError:', e)

    def local(x):
        pass
    try:
        p = ctx.Process(target=local, args=(1,))
        p.start()
        p.join()
    except AttributeError as e:
        print('AttributeError:', e)
    print(local.__qualname__, f.__qualname__)
    fork = mp.get_context('fork')
    p = fork.Process(target=local, args=(threading.Lock(),))
    p.start()
    p.join()
    print('fork copies them:', p.exitcode)


if __name__ == '__main__':
    main()
