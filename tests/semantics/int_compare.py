# Checks integer/bool comparisons, chained comparisons and bool arithmetic.
x = 3
print(1 < x < 5, 1 < x < 2, 5 > x > 1)
print(x == 3, x != 3, x <= 3, x >= 4)
print(1 < 2 < 3 < 4, 1 < 3 < 2 < 4)
print(1 == 1.0, 2 < 2.5, -1 > -2)
print(True + True, True * 5, False - 1)
print(True == 1, False == 0, True is True)
print(0 < x <= 3 != 4)
print(abs(-9), abs(0), abs(9))
print(min(3, -1, 7), max(3, -1, 7))
print(min([4, 2, 8]), max([4, 2, 8]))
print(bool(0), bool(-1), bool(7))
print(isinstance(True, int), isinstance(3, bool))
print(type(True).__name__, type(3).__name__)
print(5 == 5 == 5, 5 == 5 == 6)
y = None
print(y is None, y is not None, x is not None)
calls = []
def f(v):
    calls.append(v)
    return v
print(f(1) < f(0) < f(5))
print(calls)
