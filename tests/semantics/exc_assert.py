# Checks assert: passing asserts, failing assert without message (empty str), with message, with f-string.
try:
    assert 1 + 1 == 2
    print("assert passed")
    assert 1 > 2
    print("not reached")
except AssertionError as e:
    print(type(e).__name__, repr(str(e)))
x = 5
try:
    assert x < 3, f"x too big: {x}"
except AssertionError as e:
    print(type(e).__name__, e)
try:
    assert [], "empty list is falsy"
except AssertionError as e:
    print(type(e).__name__, e)
try:
    assert "nonempty", "not raised"
    assert None is None
    print("truthy asserts pass")
except AssertionError as e:
    print("unexpected", e)
def checked_div(a, b):
    assert b != 0, "b must be nonzero"
    return a // b
for b in [3, 0]:
    try:
        print(checked_div(10, b))
    except AssertionError as e:
        print(type(e).__name__, e)
try:
    assert False, 42
except AssertionError as e:
    print(type(e).__name__, e, repr(str(e)))
