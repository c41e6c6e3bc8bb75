# More consumers of user iterables, as CPython: list.extend, f(*it), set(it),
# set/dict update, set methods, lazy enumerate, short-circuiting any/all, and
# the old sequence protocol (a class with only __getitem__).
class Count:
    def __init__(self, n, tag):
        self.n = n
        self.i = 0
        self.tag = tag

    def __iter__(self):
        print("iter", self.tag)
        return self

    def __next__(self):
        if self.i >= self.n:
            print("stop", self.tag)
            raise StopIteration
        self.i += 1
        print("next", self.tag, self.i)
        return self.i


class Squares:
    def __init__(self, n):
        self.n = n

    def __getitem__(self, i):
        print("getitem", i)
        if i >= self.n:
            raise IndexError("done")
        return i * i


class Stops:
    def __getitem__(self, i):
        if i == 2:
            raise StopIteration
        return "s%d" % i


def show(*args, **kwargs):
    print("show", args, kwargs)


l = [0]
l.extend(Count(2, "a"))
print(l)
show(*Count(2, "b"))
show(1, *Count(1, "c"), 9, *[7], key=3)
print(sorted(set(Count(3, "d"))))
s = {5}
s.update(Count(2, "e"))
print(sorted(s))
print(sorted(s.union(Count(2, "f"), [8])))
print(s.issuperset(Count(1, "g")), s.isdisjoint(Count(1, "h")))
d = {}
class PairIter:
    def __init__(self):
        self.items = [("a", 1), ("b", 2)]
        self.i = 0
    def __iter__(self):
        return self
    def __next__(self):
        if self.i == len(self.items):
            raise StopIteration
        self.i += 1
        return self.items[self.i - 1]
d.update(PairIter())
print(d, dict(PairIter()))
print(any(Count(5, "any")), all(Count(0, "all")))
for i, x in enumerate(Count(2, "en"), 10):
    print("body", i, x)
print(list(Squares(3)))
for v in Squares(2):
    print("for", v)
print(4 in Squares(3), 5 in Squares(3))
a, b = Squares(2)
print(a, b)
print(list(zip(Squares(5), "xy")))
print("-".join(Stops()))
print(sum(Squares(4)), max(Squares(3)), sorted(Squares(3), reverse=True))
print(list(enumerate(Stops())), tuple(Stops()), set(Stops()) == {"s0", "s1"})
print([x + 1 for x in Squares(3)])
e = []
e.extend(Squares(2))
print(e)
try:
    d.update(Count(1, "bad"))
except TypeError as ex:
    print("TypeError:", ex)
try:
    a, b = Count(3, "unpack")
except ValueError as ex:
    print("ValueError:", ex)
t = {1, 2, 3}
t.difference_update(Count(2, "du"))
print(t, t.issuperset(Count(3, "sup")), t.isdisjoint(Count(3, "dis")), t.issubset(Count(3, "sub")))
print(sorted(t.intersection(Count(4, "int"))), sorted(t.difference(Squares(2))), sorted(t.symmetric_difference(Count(1, "sd"))))
print({1, 2, 3, 4, 5, 6, 7}.intersection(Count(3, "all")), set().intersection(Count(1, "none")))
