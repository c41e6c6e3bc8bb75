# Checks float printing, arithmetic and conversions.
print(0.5, 2.0, 1 / 3, 7 / 2)
print(0.1 + 0.2)
print(1.5 * 2, 3.0 - 0.5, 10 / 4)
print(-0.5, -2.0 / 4)
print(2.0 ** 3, 4 ** 0.5, 2 ** -1)
print(7.5 // 2, 7.5 % 2, -7.5 // 2, -7.5 % 2)
print(float("3.25"), float(3), float("-1"))
print(int(2.75), int(-2.75))
print(str(1.0), repr(0.25), str(1 / 4))
print(1e3, 1.5e-3, 100.0)
print(123456789.0, 1e3 + 0.5)
print(type(1.0).__name__, isinstance(1.0, float), isinstance(1, float))
print(1.0 == 1, 0.5 < 1, 2.0 > 1.999)
print(abs(-2.5), max(1, 2.5), min(0.5, 1))
print(sum([0.5, 0.25, 0.125]))
print([1.0, 0.5, 2.5], (3.0,))
print(3.5 * 2, 0.5 + 0.5)
x = 1.0
x += 0.5
x *= 3
print(x)
x /= 2
print(x)
print(bool(0.0), bool(0.1))
print(10 / 5 * 3, 9 / 3 / 3)
