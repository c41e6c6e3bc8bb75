# Checks tuples: creation, indexing, slicing, unpacking, swapping, comparison, immutability.
t = (1, "two", 3.0, None)
print(t, len(t), t[1], t[-1], t[1:3], t[::-1])
print((), (5,), (5), type((5,)).__name__)
a, b = 1, 2
a, b = b, a
print(a, b)
x, y, z = "xyz"
print(x, y, z)
p, q = [10, 20]
print(p, q)
(m, n), o = (1, 2), 3
print(m, n, o)
print((1, 2) + (3,), (0,) * 3)
print((1, 2) < (1, 3), (2,) > (1, 9), (1, 2) == (1, 2))
print(3 in (1, 2, 3), tuple([1, 2]), tuple("ab"))
try:
    t[0] = 5
except TypeError as e:
    print(type(e).__name__, e)
try:
    a, b = (1, 2, 3)
except ValueError as e:
    print(type(e).__name__, e)
try:
    a, b, c = (1, 2)
except ValueError as e:
    print(type(e).__name__, e)
pairs = [(1, "a"), (2, "b")]
for num, ch in pairs:
    print(num, ch)
def mm(v):
    return min(v), max(v)
lo, hi = mm([4, 9, 2])
print(lo, hi, mm([1]))
print(sorted([(2, "b"), (1, "z"), (2, "a")]))
