# A set's iteration order is CPython's hash-table order: hashes modulo
# the table size, collisions probed, deleted slots reused, tables grown.
print({3, 1, 2}, {10, 1, 100}, {-1, 5}, {-2, -1}, {8, 0, 16})
print({2 ** 61 - 1, 2 ** 61, 2 ** 62, -(2 ** 61), 7})
print({(1, 2), (2, 1), (0, 0)}, {True, 2, False})
# Adding one by one grows the table at a different point than a display of
# constants (built as a frozenset and merged).
grown = set()
for x in [0, 8, 16, 24, 32, 40]:
    grown.add(x)
print(grown, {0, 8, 16, 24, 32, 40}, {x * 8 for x in range(6)}, set([0, 8, 16, 24, 32, 40]))
v = 22
print({v, -1, 69, 15}, {22, -1, 69, 15})
# A deleted slot is reused by the next element probing past it.
d = {1}
d.add(9)
d.discard(1)
d.add(17)
print(d)
d = {7, 9, 14}
d.discard(9)
d.discard(7)
d.add(25)
d.add(3)
print(d)
# pop takes the first element from where the last pop stopped.
p = {5, 1, 13, 2, 6}
out = []
while p:
    out.append(p.pop())
    p.add(len(out) * 8) if len(out) < 3 else None
print(out)
# copy, union and friends rebuild the table.
big = set(range(0, 64, 7))
big.discard(14)
big.discard(35)
print(big, big.copy(), big | {1}, big & set(range(30)), big - {0}, big ^ {3, 7})
s = {3, 11, 19}
s |= s
s &= s
print(s, s ^ s, s - s, s & s)
# Mutating a set while iterating over it.
t = {1, 2, 3}
try:
    for x in t:
        t.add(x + 10)
except RuntimeError as err:
    print("RuntimeError", err, sorted(t))
u = {1, 2, 4}
for x in u:
    u.discard(x)
    u.add(x + 8)
print(u)
print([x for x in {33, 1, 65}], list({33, 1, 65}), tuple({2, 66, 34}))
