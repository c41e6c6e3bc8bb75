# Checks integer arithmetic: + - * / // % ** and unary minus, incl. negative operands.
print(7 + 3, 7 - 10, 6 * -7)
print(7 // 2, -7 // 2, 7 // -2, -7 // -2)
print(7 % 3, -7 % 3, 7 % -3, -7 % -3)
print(0 // 5, 0 % 5, -1 // 10, -1 % 10)
print(2 ** 10, 2 ** 0, (-2) ** 3, -2 ** 2)
print(3 ** 39, -(3 ** 39))
print(2 ** 62, -(2 ** 62))
print(9223372036854775807)
print(1000000007 * 1000000007)
print(7 / 2, 8 / 2, -7 / 2)
print(type(8 / 2).__name__, type(8 // 2).__name__)
x = -15
print(-x, - -x, +x)
print(x // 4, x % 4, (x // 4) * 4 + x % 4)
a = 17
a += 5
print(a)
a -= 30
print(a)
a *= -3
print(a)
a //= 5
print(a)
a %= 7
print(a)
a **= 3
print(a)
print(10 - 2 - 3, 2 ** 3 ** 2, 100 // 10 // 3)
print(1 + 2 * 3 - 4 // 2 % 3)
print(int("12") + int("-30"), int(" 42 "), int(3.9), int(-3.9))
