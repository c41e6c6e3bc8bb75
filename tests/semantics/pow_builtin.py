print(pow(2, 10), pow(-3, 3), pow(2, -1), pow(2.0, 3))
print(pow(323, 3), pow(323, 1235, 1000), pow(3, 4, -5), pow(-7, 3, 10), pow(5, 0, 1))
print(pow(3, -1, 7), pow(38, -1, 97))
print(pow(base=2, exp=5), pow(2, 5, mod=7))
for args in [(2,), (2, 3, 0), (2, -1, 4), (2.0, 3, 5)]:
    try:
        print(pow(*args))
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
