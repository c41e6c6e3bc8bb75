# Checks functions: positional/keyword/default args, keyword calls, return values, errors.
def f(a, b, c=3, d="dd"):
    return [a, b, c, d]
print(f(1, 2))
print(f(1, 2, 4))
print(f(1, b=5))
print(f(d="x", b=2, a=1))
print(f(1, 2, d=None, c=0))
def early(n):
    if n > 0:
        return "pos"
    return
print(early(1), early(-1))
def multi():
    return 1, "two"
print(multi(), type(multi()).__name__)
def append_to(x, lst=[]):
    lst.append(x)
    return lst
print(append_to(1), append_to(2), append_to(3, []))
def kw_only_default(x, scale=2):
    return x * scale
print(kw_only_default(4), kw_only_default(4, scale=10), kw_only_default(x=1, scale=-1))
try:
    f(1)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, 2, 3, 4, 5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, 2, e=5)
except TypeError as e:
    print(type(e).__name__, e)
try:
    f(1, 2, a=5)
except TypeError as e:
    print(type(e).__name__, e)
