# Checks list indexing, slicing, concatenation, repetition, membership, aliasing and nesting.
a = [10, 20, 30, 40, 50]
print(a[0], a[-1], a[1:3], a[::-1], a[::2], a[-2:])
print(a[4:1:-2], a[:0], a[10:])
a[1] = 21
a[-1] += 5
print(a)
print(a + [1], [0] * 3, [[1]] * 2)
print(20 in a, 21 in a, 99 not in a)
b = a[:]
b.append(60)
print(len(a), len(b), a == b[:-1], a is b)
c = a
c[0] = -1
print(a[0])
m = [[1, 2], [3, 4]]
m[1][0] = 30
print(m, m[1], m[-1][-1])
m[0] += [5]
print(m)
x = []
x += [1, 2]
x += (3,)
print(x)
print([1, 2] == [1, 2], [1, 2] < [1, 3], [1, 2] < [1, 2, 0], [] == [])
print(list(range(5)), list(range(2, 10, 3)), list(range(5, 0, -2)), list(range(0)))
print(list((1, 2)), list("ab"), list({"k": 1, "j": 2}))
print(sum([1, 2, 3]), sum([]), min([3, 1]), max([[1, 2], [1, 3]]))
try:
    a[10] = 1
except IndexError as e:
    print(type(e).__name__, e)
try:
    print(a[-10])
except IndexError as e:
    print(type(e).__name__, e)
print(bool([]), bool([0]), [None, True, "s", 1.5])
