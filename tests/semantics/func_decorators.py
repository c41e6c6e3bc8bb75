# Decorators: plain function decorators (with and without arguments, stacked,
# on functions and methods), @staticmethod and @classmethod, as CPython.
calls = []


def logged(fn):
    print("decorating", fn.__name__)

    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        print("call", fn.__name__, len(args), kwargs)
        result = fn(*args, **kwargs)
        print("result", result)
        return result
    return wrapper


def repeat(times):
    print("repeat factory", times)

    def decorate(fn):
        def wrapper(*args):
            return [fn(*args) for _ in range(times)]
        return wrapper
    return decorate


@logged
def add(a, b=10):
    return a + b


@repeat(3)
@logged
def hello(name):
    return "hi " + name


print(add(1), add(2, b=5))
print(hello("bob"))
print(add.__name__, hello.__name__, calls)


class Shape:
    count = 0

    def __init__(self, sides):
        self.sides = sides
        Shape.count += 1

    @staticmethod
    def describe(n):
        return "a shape with %d sides" % n

    @classmethod
    def triangle(cls):
        return cls(3)

    @classmethod
    def made(cls):
        return cls.count

    @logged
    def area(self, scale):
        return self.sides * scale


class Square(Shape):
    @classmethod
    def make(cls):
        return cls.triangle()

    @staticmethod
    def describe(n):
        return "square " + Shape.describe(n)


t = Shape.triangle()
print(t.sides, Shape.made(), t.made(), Shape.describe(5), t.describe(6))
s = Square.make()
print(s.sides, type(s).__name__, s.describe(4), Square.describe(4))
print(t.area(2), Shape.area(t, 3))
m = t.area
print(m(5))
f = Shape.describe
g = Square.triangle
print(f(7), g().sides)


def counter(fn):
    state = [0]

    def wrapper():
        state[0] += 1
        return fn(state[0])
    return wrapper


@counter
def tick(n):
    return n * 100


print(tick(), tick(), tick())


def outer():
    @repeat(2)
    def inner(x):
        return x + 1
    return inner(4)


print(outer())
