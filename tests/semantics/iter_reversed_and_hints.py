# reversed() over user objects and the size hints (__len__, __length_hint__)
# CPython's list(), tuple(), sorted(), f(*x), [*x], list.extend and str.join ask for.
class Seq:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        print("len")
        return self.n

    def __getitem__(self, i):
        print("getitem", i)
        if i >= self.n:
            raise IndexError
        return i * i


class Back:
    def __reversed__(self):
        return iter_of([3, 2, 1])


class ListIter:
    def __init__(self, items):
        self.items = items
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == len(self.items):
            raise StopIteration
        self.i += 1
        return self.items[self.i - 1]


def iter_of(items):
    return ListIter(items)


r = reversed(Seq(3))
print("made")
for x in r:
    print("item", x)
print(list(reversed(Seq(2))), list(reversed(Back())), list(Seq(2)))
try:
    reversed(ListIter([1]))
except TypeError as e:
    print("TypeError:", e)


class Words:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        print("len words")
        return self.n

    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError
        return "w%d" % i


class Hinted(ListIter):
    def __length_hint__(self):
        print("hint")
        return 2


def show(*args):
    return args


# Who asks for a size hint, as CPython: list, tuple, sorted, f(*x), [*x],
# list.extend, str.join; not set, sum, for, unpacking.
print("-".join(Words(2)))
print(tuple(Words(1)), sorted(Words(2)), show(*Words(1)), [*Words(1)])
ext = []
ext.extend(Words(2))
print(ext, len(set(Words(1))), [w for w in Words(1)])
a, b = Words(2)
print(a, b, list(Hinted([5, 6])), sorted(Hinted([2, 1])), set(Hinted([1])))
# sorted(key=...) lists the items first, then calls the key on each.
print(sorted(Hinted([3, 1, 2]), key=lambda v: print("key", v) or -v))
