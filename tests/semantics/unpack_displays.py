# Unpacking in displays: [*a, x], (*a,), {*a, *b}, {**d1, **d2}, as CPython
# (a set display's order is CPython's table order).
class Three:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i == 3:
            raise StopIteration
        self.i += 1
        return self.i * 10


a = [1, 2]
t = (3, 4)
print([*a, 5, *t], [0, *a], [*range(3)], [*"ab", *Three()])
print((*a,), (*a, *t, 9), (0, *Three()), (*(),))
s = {7, 8}
print({*a, *t}, {*s, 1}, {100, *a, 33, *s}, {*range(20, 0, -3)}, {*Three(), -1})
print({*[], *()}, {*"x"} == {"x"})
d1 = {"a": 1, "b": 2}
d2 = {"b": 20, "c": 30}
print({**d1, **d2}, {"z": 0, **d1, "a": 9}, {**d2, "b": 5, **{"q": 1}})
try:
    print({**d1, **[1]})
except TypeError as e:
    print("TypeError:", e)
try:
    print({*a, *5})
except TypeError as e:
    print("TypeError:", e)
try:
    print([*a, *5])
except TypeError as e:
    print("TypeError:", e)
try:
    print((*None,))
except TypeError as e:
    print("TypeError:", e)
try:
    print(1, *2)
except TypeError as e:
    print("TypeError:", e)
