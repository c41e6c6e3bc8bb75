# A model's __str__ and __repr__ run where CPython runs them: print(), str(),
# repr(), f-string fields, and inside lists, tuples and dicts (which show
# their items' repr). A class with only __repr__ prints it; one with only
# __str__ shows the default repr inside containers.
import threading


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __repr__(self):
        return "Point(%d, %d)" % (self.x, self.y)


class Account:
    def __init__(self, owner):
        self.owner = owner
        self.balance = 0

    def __str__(self):
        return self.owner + ": " + str(self.balance)

    def __repr__(self):
        return "Account(" + repr(self.owner) + ")"


class Label:
    def __str__(self):
        return "label"


p = Point(1, 2)
a = Account("ann")
a.balance = 5
print(p, a)
print(str(p), repr(a), str(a))
print([p, a], (p,), {"k": a, 1: [p]})
print(f"{p} {a} {a!r} {p!s}", "%s" % str(a))
lab = Label()
print(lab, str(lab) == "label", repr(lab).startswith("<__main__.Label object at 0x"))
print(str([lab]).startswith("[<__main__.Label object at 0x"))


class Bad:
    def __str__(self):
        return 42


try:
    print(Bad())
except TypeError as e:
    print("TypeError", e)


def deposit(acct, n):
    acct.balance = acct.balance + n


t = threading.Thread(target=deposit, args=(a, 10))
t.start()
t.join()
print(a, [a])
