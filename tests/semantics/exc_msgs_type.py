# Checks exact messages of ValueError (int/float parsing) and TypeError (bad operand types, len).
try:
    print(int("abc"))
except ValueError as e:
    print(type(e).__name__, e)
try:
    print(int("1.5"))
except ValueError as e:
    print(type(e).__name__, e)
try:
    print(float("x1"))
except ValueError as e:
    print(type(e).__name__, e)
try:
    print(1 + "a")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print("a" + 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    print(len(5))
except TypeError as e:
    print(type(e).__name__, e)
try:
    print(None + 1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    print([1, 2] * "3")
except TypeError as e:
    print(type(e).__name__, e)
try:
    print(sorted([2, "a", 1]))
except TypeError as e:
    print(type(e).__name__, e)
