# Checks list methods: append, pop, pop(0), insert, remove, index, count, extend, clear, reverse, sort.
a = [3, 1, 2]
a.append(5)
print(a, len(a))
print(a.pop(), a)
print(a.pop(0), a)
a.insert(0, 9)
a.insert(100, 7)
a.insert(-1, 8)
print(a)
a.remove(2)
print(a)
print(a.index(8), a.count(9), a.count(42))
a.extend([1, 1, 4])
print(a, a.count(1))
a.reverse()
print(a)
a.sort()
print(a)
a.sort(reverse=True)
print(a)
print(a.pop(1), a.pop(-1), a)
b = a
b.clear()
print(a, b, a is b)
try:
    [].pop()
except IndexError as e:
    print(type(e).__name__, e)
try:
    [1, 2].remove(3)
except ValueError as e:
    print(type(e).__name__, e)
try:
    [1, 2].index(3)
except ValueError as e:
    print(type(e).__name__, e)
words = ["pear", "Apple", "fig"]
words.sort()
print(words, words.append("kiwi"), words)
