# expect: ok
# define: 5=2
# source: 003_f9751d825817d10e.txt, "概述"
from multiprocessing import Pool


def f(x):
    return x*x


if __name__ == '__main__':
    with Pool(5) as p:
        print(p.map(f, [1, 3, 3]))
