# Sets: displays, set(), comprehensions, methods and operators, with
# CPython's results and messages.
s = {3, 1, 2}
print(s, len(s), bool(s), bool(set()), set())
print(set([4, 4, 5]), set(range(3)), set((7, 8)), set({"k": 1}) == {"k"})
print({x % 4 for x in range(10)}, {x * x for x in range(5) if x != 2})
e = set()
e.add(5)
e.add(5)
e.add(True)
print(e, 5 in e, 1 in e, 6 not in e, len(e))
e.discard(42)
e.discard(5)
print(e)
try:
    e.remove(42)
except KeyError as err:
    print("KeyError", err)
try:
    e.remove((1, 2))
except KeyError as err:
    print("KeyError", repr(err))
print(e.pop(), e)
try:
    e.pop()
except KeyError as err:
    print("KeyError", err)
a = {1, 2, 3, 4}
b = {3, 4, 5}
print(a | b, a & b, a - b, b - a, a ^ b)
print(a.union(b), a.union(), a.union([9], (10,)), a.intersection(b, [4]), a.difference(b), a.symmetric_difference([1, 7]))
print(a <= b, {3, 4} <= b, {3, 4} < b, b < b, b <= b, a >= {1}, a > a, a == {4, 3, 2, 1}, a != b)
print({1, 2} == [1, 2], {1} == {True}, {0} == {False, 0})
print(a.issubset([1, 2, 3, 4, 5]), a.issuperset((1, 2)), a.isdisjoint({7}))
c = a.copy()
c.update([10, 11], {12})
c.difference_update({1, 2})
print(c, a)
c.clear()
print(c, len(c), c == set())
d = {1, 2}
d |= {3}
d &= {2, 3, 4}
d -= {9}
d ^= {5}
print(d)
print(sorted({"pear", "apple", "fig"}), len({"a", "b", "a"}), "a" in {"a", "b"}, min({4, 2, 9}), max({4, 2, 9}))
print(any({0, 1}), all({0, 1}), sum({1, 2, 3}), list({1, 2}), tuple({1, 2}), sorted({3, 1, 2}, reverse=True))
print(type(s).__name__, isinstance(s, set), f"{s}", str({1}), repr(set()), "%s" % ({2, 1},))
try:
    {[1, 2]}
except TypeError as err:
    print("TypeError", err)
try:
    s.add({})
except TypeError as err:
    print("TypeError", err)
try:
    {1: 2}[{1}] = 3
except TypeError as err:
    print("TypeError", err)
try:
    s.add((1, [2]))
except TypeError as err:
    print("TypeError", err)
try:
    [1] in s
except TypeError as err:
    print("TypeError", err)
try:
    s | [1]
except TypeError as err:
    print("TypeError", err)
try:
    s < [1]
except TypeError as err:
    print("TypeError", err)
try:
    reversed(s)
except TypeError as err:
    print("TypeError", err)
try:
    s.nope()
except AttributeError as err:
    print("AttributeError", err)
