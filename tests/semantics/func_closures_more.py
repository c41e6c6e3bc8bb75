# Closures: methods, recursion, comprehensions, *args cells, while loops, except names.
import threading
class C:
    def __init__(self):
        self.v = 1
    def getter(self):
        return lambda: self.v
c = C()
g = c.getter()
c.v = 5
print(g())

def fact_maker():
    def fact(n):
        return 1 if n <= 1 else n * fact(n - 1)
    return fact
print(fact_maker()(5))

def f():
    n = 3
    def g():
        return [x * n for x in range(3)]
    return g()
print(f())

def h():
    class K:
        def m(self):
            return 7
    return K().m()
print(h())

def acc():
    items = []
    def add(x):
        items.append(x)
        return items
    return add
a = acc()
a(1)
print(a(2))

def outer(x):
    def mid():
        def inner():
            return x + 1
        return inner
    return mid()()
print(outer(41))

def args_cell(*args, **kw):
    return lambda: (args, kw)
print(args_cell(1, 2, k=3)())

def loop_closures():
    out = []
    i = 0
    while i < 3:
        out.append(lambda: i)
        i += 1
    return [f() for f in out]
print(loop_closures())

def exc_cell():
    try:
        raise ValueError("boom")
    except ValueError as e:
        f = lambda: str(e)
        return f()
print(exc_cell())
