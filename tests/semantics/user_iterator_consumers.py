# Built-in consumers of an iterator object (a class with __iter__/__next__)
# call its methods, as CPython does; next() with and without a default.
class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        return self

    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n


class Pairs:
    def __iter__(self):
        return Countdown(3)


print(list(Countdown(3)), tuple(Countdown(2)), sum(Countdown(4)))
print(sorted(Countdown(4)), sorted(Countdown(3), reverse=True), sorted(Countdown(3), key=lambda x: -x))
print(min(Countdown(3)), max(Countdown(3)), any(Countdown(2)), all(Countdown(2)))
print(list(enumerate(Countdown(2))), list(Pairs()), sum(Countdown(3), 10))
it = Countdown(2)
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
try:
    next([1])
except TypeError as e:
    print("TypeError:", e)
