# Checks raise with messages, exceptions crossing function calls, raising inside a handler, empty messages.
def check(v):
    if v < 0:
        raise ValueError("negative: " + str(v))
    if v == 0:
        raise RuntimeError("zero")
    return v * 2
for v in [3, -1, 0]:
    try:
        print("ok", check(v))
    except ValueError as e:
        print(type(e).__name__, e)
    except RuntimeError as e:
        print(type(e).__name__, e)
def deep(n):
    if n == 0:
        raise KeyError("deep")
    return deep(n - 1)
try:
    deep(5)
except KeyError as e:
    print(type(e).__name__, e)
try:
    try:
        raise TypeError("first")
    except TypeError as e:
        print("handling", e)
        raise RuntimeError("wrapped " + str(e))
except RuntimeError as e:
    print("raised in handler", type(e).__name__, e)
try:
    raise KeyError("k")
except KeyError as e:
    print(type(e).__name__, e, repr(str(e)))
try:
    raise ValueError()
except ValueError as e:
    print(type(e).__name__, repr(str(e)))
