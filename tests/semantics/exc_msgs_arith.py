# Checks exact messages of ZeroDivisionError (int/float, /, //, %), IndexError and KeyError.
try:
    print(1 / 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print(1 // 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print(1.0 / 0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print(-3 // 0.0)
except ZeroDivisionError as e:
    print(type(e).__name__, e)
try:
    print((1, 2)[5])
except IndexError as e:
    print(type(e).__name__, e)
try:
    print({"a": 1}["b"])
except KeyError as e:
    print(type(e).__name__, e)
try:
    print({1: 1}[2])
except KeyError as e:
    print(type(e).__name__, e)
try:
    print({(1, "x"): 1}[(2, "y")])
except KeyError as e:
    print(type(e).__name__, e)
