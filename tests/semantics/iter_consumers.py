class Count:
    def __init__(self, n):
        self.n = n
        self.i = 0

    def __iter__(self):
        print("iter")
        return self

    def __next__(self):
        if self.i >= self.n:
            print("stop")
            raise StopIteration
        self.i += 1
        print("next", self.i)
        return self.i


class Bag:
    def __init__(self, items):
        self.items = items

    def __contains__(self, x):
        print("contains", x)
        return len([i for i in self.items if i == x])


a, b = Count(2)
print(a, b)
try:
    a, b = Count(5)
except ValueError as e:
    print("ValueError:", e)
try:
    a, b, c = Count(2)
except ValueError as e:
    print("ValueError:", e)
print(2 in Count(3), 7 in Count(2), 1 not in Count(3))
print(3 in Bag([1, 3, 3]), 4 not in Bag([1]))
for x, y in zip([10, 20, 30], Count(5)):
    print("row", x, y)
for x, y in zip(Count(3), "ab"):
    print("row", x, y)
print(list(zip(Count(2), Count(3))))
print(dict(zip("abc", Count(3))))
print("-".join(Count(0)))


class Words:
    def __iter__(self):
        return iter_words()


class iter_words:
    def __init__(self):
        self.w = ["a", "b"]

    def __iter__(self):
        return self

    def __next__(self):
        if not self.w:
            raise StopIteration
        return self.w.pop(0)


print(", ".join(Words()))
first, second = Words()
print(first, second, "b" in Words())
try:
    ", ".join(Count(2))
except TypeError as e:
    print("TypeError:", e)
