# Checks simple classes: __init__, instance/class attributes, methods, augmented attribute assignment.
class Counter:
    created = 0
    step = 1
    def __init__(self, name, start=0):
        self.name = name
        self.value = start
        Counter.created += 1
    def inc(self, by=None):
        if by is None:
            by = self.step
        self.value += by
        return self.value
    def describe(self):
        return f"{self.name}={self.value}"
a = Counter("a")
b = Counter("b", start=10)
print(Counter.created, a.created, b.step)
print(a.inc(), a.inc(), b.inc(5), a.inc(by=-10))
print(a.describe(), b.describe())
b.step = 100
print(b.inc(), a.inc(), Counter.step, b.step)
Counter.step = 7
print(a.inc(), b.inc())
a.value *= 2
a.extra = [1]
a.extra += [2]
print(a.value, a.extra)
print(type(a).__name__, isinstance(a, Counter), isinstance(3, Counter))
m = a.inc
print(m(1), a.value)
print(Counter.inc(b, 1))
c = a
c.value = 0
print(a.value, a is c, a is b)
