# The built-in classes print as classes, the built-in functions as functions.
print(type([]), type(1), type("a"), type({}), type(None), type(2.5), type(True))
print(type((1,)), type(set()), type(frozenset()), type(range(2)))
print(list, str, type, object, len, print, sorted)


class A:
    pass


print(type(A()), type(A()) is A, type([]) is list, type(1) == int)
