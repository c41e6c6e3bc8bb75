# sorted / min / max with key=: the key is called, sorting is stable (also
# reversed), min/max return the first of equal extremes.
words = ["bb", "a", "ccc", "dd", "e"]
print(sorted(words, key=len))
print(sorted(words, key=len, reverse=True))
print(sorted(words, key=None), sorted([3, 1, 2], key=lambda x: -x))
print(min(words, key=len), max(words, key=len), max("bb", "dd", "a", key=len))
print(min([], key=len, default="none"), max((x for x in [1, -5, 3]), key=abs))
try:
    max([], key=len)
except ValueError as e:
    print("ValueError:", e)
pairs = [(1, "b"), (0, "a"), (1, "a")]
print(sorted(pairs, key=lambda p: p[0]))
