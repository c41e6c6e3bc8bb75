# Random set operations (generated once; in-place updates, pops after
# clear()), printed after each step: the table is CPython's throughout.
v0, v1, v2 = 5, 13, 21
s = [None] * 4
s[0] = {274, 266, -26}
s[1] = set([False, (1, 3)])
s[2] = {v2, v1, 27}
s[3] = {32, 153, 110, -34, 44, 218, 83, 233, 229, 300, -7, 205, 234, 273, 180, 242, 36, 176, 108, -4, 300, 153, 90, -9}
s[0] = s[2] - s[3]
print(s)
s[3].add(32)
print(s)
s[3] = s[2].copy()
print(s)
print(s[1] < s[1])
print(s)
print(s[3] == s[3])
print(s)
s[0].intersection_update({22, 296, 22, -20, -15, 149}, s[2])
print(s)
s[3].symmetric_difference_update(s[0])
print(s)
s[3] = s[0] | s[3]
print(s)
s[2] = s[3] ^ s[0]
print(s)
s[3] = s[1].symmetric_difference(set())
print(s)
print([x for x in s[2]], list(s[2]))
print(s)
s[1] = s[0].copy()
print(s)
s[1] -= s[0]
print(s)
try:
    print(s[2].pop())
except KeyError as e:
    print('KE', e)
print(s)
s[0] = s[1].symmetric_difference(set([(5, 4), -4, 3, (0, 2), 29, 2, 11, (1, 1)]))
print(s)
s[2].difference_update(s[1])
print(s)
s[3].discard(6917529027641081856)
print(s)
s[0] &= s[1]
print(s)
s[2].update(s[2])
print(s)
s[1].add(36)
print(s)
s[1] &= s[1]
print(s)
print(s)
s[0] = s[0].difference([-3, 4], {2, -39, 133, 245, 113})
print(s)
s[2].difference_update(s[2])
print(s)
s[0] -= s[2]
print(s)
s[3] = s[2].union(s[3], s[2])
print(s)
try:
    s[2].remove(27)
except KeyError as e:
    print('KE', e)
print(s)
s[3] ^= s[0]
print(s)
s[3] ^= s[3]
print(s)
s[2].intersection_update({44})
print(s)
s[2].symmetric_difference_update({276, -21, 74, 40})
print(s)
s[1].clear()
print(s)
s[3] = s[1] - s[0]
print(s)
try:
    print(s[2].pop())
except KeyError as e:
    print('KE', e)
print(s)
s[3].update([(0, 1)])
print(s)
print(s)
s[2] = s[1].union(s[1], s[2])
print(s)
s[2].update([(2, 3)])
print(s)
s[3] = s[1].symmetric_difference({132, 199, -35, 14, 191, 296, 155, 3, 254, 51, 268, 43, 123, 107, 0, 257})
print(s)
s[3].add(31)
print(s)
