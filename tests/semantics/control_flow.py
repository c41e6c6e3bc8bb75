# Checks if/elif/else, while, for with break/continue/pass, nested loops, truthiness.
def classify(n):
    if n < 0:
        return "neg"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "big"
print(classify(-5), classify(0), classify(3), classify(10))
i = 0
while i < 10:
    i += 1
    if i % 2 == 0:
        continue
    if i > 7:
        break
    print("odd", i)
print("after while", i)
for x in range(3):
    for y in range(3):
        if y > x:
            break
        print((x, y), end=" ")
print()
for c in "abc":
    pass
print("c is", c)
n = 0
while n <= 10:
    n += 3
print("n", n)
for v in [0, "", [], None, 0.0, "0", [0], -1]:
    if v:
        print(repr(v), "truthy")
    else:
        print(repr(v), "falsy")
for idx in range(10, 0, -4):
    print("down", idx)
