# expect: ok
# source: 003_f9751d825817d10e.txt, "Process类"
from multiprocessing import Process


def f(name):
    print('hello', name)


if __name__ == '__main__':
    p = Process(target=f, args=('bob', ))
    p.start()
    p.join()
