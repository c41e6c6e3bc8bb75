# Checks str.format with positional {0}, automatic {} and keyword {name} fields.
print("{} + {} = {}".format(1, 2, 3))
print("{0} {1} {0}".format("a", "b"))
print("{1}-{0}".format("first", "second"))
print("{name} is {age}".format(name="Ann", age=30))
print("{0} and {who}".format("me", who="you"))
print("{} {}".format([1, 2], {"a": 1}))
print("{} {} {}".format(None, True, 0.5))
print("{:>6}|{:<6}|{:^6}".format("r", "l", "c"))
print("{0:.2f} {1:05d}".format(2.0 / 3, 42))
print("{!r} {}".format("q", "q"))
print("{{}} {}".format(7))
print("[{x:>4}]".format(x=9))
t = "{greet}, {0}!"
print(t.format("Bob", greet="Hi"))
print("no fields".format(1, 2))
try:
    print("{} {}".format(1))
except IndexError as e:
    print(type(e).__name__, e)
try:
    print("{missing}".format(other=1))
except KeyError as e:
    print(type(e).__name__, e)
row = "{:<5}{:>5}"
for k, v in [("a", 1), ("bb", 22), ("ccc", 333)]:
    print(row.format(k, v))
print("{}".format("end"), "{0}{0}{0}".format("ab"))
