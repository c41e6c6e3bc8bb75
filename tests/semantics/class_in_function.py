# Methods of a class defined inside a function use that function's variables
# as closures (late binding, nonlocal changes seen), as CPython.
def make(start):
    step = 10
    log = []

    class Counter:
        kind = "counter-%d" % start

        def __init__(self):
            self.n = start
            log.append("init")

        def bump(self):
            self.n += step
            log.append(self.n)
            return self

        @staticmethod
        def describe():
            return "steps of %d" % step

        @classmethod
        def fresh(cls):
            return cls()

        def again(self):
            return Counter.fresh()

    step = 5
    c = Counter().bump().bump()
    return c.n, log, Counter.kind, Counter.describe(), c.again().n, type(c).__name__


print(make(1))


def outer():
    total = 0

    def add(v):
        nonlocal total
        total += v

    class Adder:
        def run(self, v):
            add(v)
            return total

    a = Adder()
    print(a.run(3), a.run(4), total)


outer()


def factory():
    def label(x):
        return "<%s>" % x

    class Box:
        def __init__(self, v):
            self.v = v

        def show(self):
            return label(self.v)

        def __len__(self):
            return len(label(self.v))

    return Box


B = factory()
print(B(7).show(), len(B(123)), isinstance(B(1), B))
