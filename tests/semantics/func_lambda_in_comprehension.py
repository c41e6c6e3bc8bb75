# A lambda in a comprehension using the comprehension's variable: a closure
# over the comprehension's own cell (late binding: one cell per run).
fs = [lambda: i for i in range(3)]
print([f() for f in fs])
gs = [lambda x, i=i: x + i for i in range(3)]
print([g(10) for g in gs])
hs = {k: (lambda: k * 2) for k in "ab"}
print({k: h() for k, h in hs.items()})
runs = []
for r in range(2):
    runs.append([lambda: (r, j) for j in range(r + 2)])
print([[f() for f in run] for run in runs])
nested = [[lambda: (a, b) for b in range(2)] for a in range(2)]
print([[f() for f in row] for row in nested])
print(sorted([3, 1, 2], key=lambda v: v) == [1, 2, 3], [(lambda: n)() for n in range(3)])


def make(n):
    adders = [lambda x: x + i + n for i in range(n)]
    return [a(100) for a in adders]


print(make(3))
sq = [x for x in range(4) if (lambda: x % 2)()]
print(sq, {(lambda: s)() for s in (5, 5, 6)})
