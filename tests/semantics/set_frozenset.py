# frozenset: hashable (a dict key, a set element), compared and combined with
# sets by their elements, in CPython 3.11's table order and hash.
a = frozenset([3, 1, 2])
b = frozenset({2, 3, 4})
e = frozenset()
print(a, b, e, frozenset(range(10, 0, -3)), frozenset("a") == frozenset(["a"]))
print(len(a), 2 in a, 9 in a, bool(e), bool(a), sorted(a), list(b), type(a).__name__)
print(a | b, a & b, a - b, a ^ b, type(a | {9}).__name__, type({9} | a).__name__)
print({9, 1} | a, {1, 2} == frozenset({1, 2}), frozenset({1, 2}) == {1, 2}, a == b, a != b)
print(a <= a | b, a < a, a >= frozenset([1]), {1} < a, a.issubset([1, 2, 3, 4]), a.isdisjoint(b))
print(a.union([7], b), a.intersection(b, [2]), a.difference([1]), a.symmetric_difference(b), a.copy() is a)
d = {a: "a", b: "b", frozenset(): "empty"}
print(d[frozenset([1, 2, 3])], d[frozenset()], frozenset([2, 3, 4]) in d)
s = {a, b, frozenset([1, 3, 2]), e}
print(len(s), a in s, frozenset([5]) in s)
print({frozenset([1]), frozenset([2]), frozenset([1, 2]), frozenset([100, 1])})
print({frozenset([i, i + 1]) for i in range(6)})
print({(1, frozenset([2])): 1}, frozenset([(1, 2), (3, 4)]), frozenset([frozenset([1])]))
print(isinstance(a, frozenset), isinstance(a, set), isinstance({1}, frozenset), frozenset(a) == a)
m = a.union
print(m({5}), max(a), min(b), sum(a), any(e), all(a), tuple(frozenset([4, 2])))
for x in frozenset([40, 8, 1]):
    print("item", x)
try:
    a.add(4)
except AttributeError as ex:
    print("AttributeError:", ex)
try:
    frozenset([[1]])
except TypeError as ex:
    print("TypeError:", ex)
try:
    frozenset(1, 2)
except TypeError as ex:
    print("TypeError:", ex)
s2 = {1, 2}
s2 |= frozenset([3])
s2 -= frozenset([1])
print(s2, s2.issuperset(frozenset([2])))
# The order of sets of frozensets shows CPython's frozenset hash.
print({frozenset(range(i)) for i in range(7)})
print({frozenset([i, -i, i * 1000]) for i in range(-3, 9)})
print({frozenset([(i, i)]) : i for i in range(3)}, {(frozenset([i]), i) for i in range(5)})
