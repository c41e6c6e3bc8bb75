# Closures: capture by reference (cells), late binding, nonlocal.
def make_counter():
    count = 0
    def inc(step=1):
        nonlocal count
        count += step
        return count
    return inc

c = make_counter()
print(c(), c(), c(5))
d = make_counter()
print(d(), c())


def late():
    fs = []
    for i in range(3):
        fs.append(lambda: i)
    return [f() for f in fs]

print(late())


def early():
    fs = []
    for i in range(3):
        fs.append(lambda i=i: i)
    return [f() for f in fs]

print(early())


def outer():
    x = 1
    def show():
        return x
    x = 2
    r1 = show()
    x = 3
    return r1, show()

print(outer())


def param_cell(a, b=10):
    def add(c):
        return a + b + c
    return add

print(param_cell(1)(2), param_cell(1, 2)(3))


def three_levels():
    n = 0
    def mid():
        def inner():
            nonlocal n
            n += 10
        inner()
        inner()
        return n
    return mid()

print(three_levels())

g = 5
def uses_global():
    def setg():
        global g
        g = 7
    def getg():
        return g
    setg()
    return getg()

print(uses_global(), g)


def shadow():
    x = "outer"
    def inner():
        x = "inner"
        return x
    return inner(), x

print(shadow())


def closure_name():
    y = 1
    def f():
        return y
    return f.__name__

print(closure_name())


def free_before_assignment():
    def g():
        return x
    try:
        g()
    except NameError as e:
        print(type(e).__name__ + ":", e)
    x = 1
    return g()

print(free_before_assignment())


def local_before_assignment():
    def g():
        return z
    try:
        print(z)
    except UnboundLocalError as e:
        print(type(e).__name__ + ":", e)
    z = 2
    return g()

print(local_before_assignment())


def deleted():
    w = 1
    def g():
        return w
    del w
    try:
        g()
    except NameError as e:
        print(type(e).__name__ + ":", e)

deleted()


def plain_unbound():
    try:
        print(q)
    except UnboundLocalError as e:
        print(type(e).__name__ + ":", e)
    q = 1

plain_unbound()


def counter_pair():
    total = 0
    def add(n):
        nonlocal total
        total += n
    def get():
        return total
    return add, get

add, get = counter_pair()
add(3)
add(4)
print(get())
