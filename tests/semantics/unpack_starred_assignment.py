# Starred assignment: `a, *rest = x`, as CPython (the starred target gets a
# new list; at least the other targets' count of items).
class Three:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == 3:
            raise StopIteration
        self.i += 1
        return self.i


a, *b = [1, 2, 3]
print(a, b)
*c, d = (4, 5)
print(c, d)
e, *f, g = "xy"
print(e, f, g)
h, *i, j, k = range(6)
print(h, i, j, k)
[l, *m] = Three()
print(l, m)
for first, *rest in [(1, 2, 3), (4,)]:
    print(first, rest)
*n, = {7: "a"}
print(n, type(n).__name__)
try:
    p, *q, r = [1]
except ValueError as ex:
    print("ValueError:", ex)
