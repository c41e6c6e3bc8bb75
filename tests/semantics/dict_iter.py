# Checks dict iteration order (insertion), iteration over items with unpacking, and counting.
d = {}
for w in "the cat and the dog and the bird".split():
    d[w] = d.get(w, 0) + 1
print(d)
for k in d:
    print(k, d[k])
for k, v in d.items():
    if v > 1:
        print("repeat:", k, v)
print(sorted(d), sorted(d.values(), reverse=True))
d["cat"] = 10
print(list(d.keys()))
del d["the"]
d["the"] = 0
print(list(d.keys()))
total = 0
for v in d.values():
    total += v
print(total, sum(d.values()))
nested = {"x": {"y": [1, 2]}, "z": (3, "s")}
print(nested, nested["x"]["y"][1])
nested["x"]["y"] += [3]
print(nested["x"])
inv = {}
for k, v in {"a": 1, "b": 2, "c": 1}.items():
    inv.setdefault(v, []).append(k)
print(inv)
keys = ["p", "q", "r"]
print(dict(zip(keys, range(3))))
print(list(enumerate(d)))
print(max(d), min(d), len(d))
