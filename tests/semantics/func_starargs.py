# Checks calls with *args and **kwargs, and parameters that collect them.
def f(a, b=2, *rest, **kw):
    print(a, b, rest, kw)
args = (1, 5, 7)
f(*args)
f(*[1], **{"b": 9})
f(0, *args, c=3, **{"d": 4})
class C:
    def m(self, x, y):
        return x * 10 + y
c = C()
print(c.m(*(1, 2)), max(*[3, 9, 4]), list(zip(*[[1, 2], [3, 4]])))
print("{} {}".format(*["a", "b"]), dict(**{"z": 1}))
