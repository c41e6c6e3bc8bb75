# Checks dict methods: get, keys, values, items, pop, setdefault, update, del, in.
d = {"a": 1, "b": 2}
d["c"] = 3
print(d, len(d))
print(d.get("a"), d.get("z"), d.get("z", 0), d.get("b", 99))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.pop("b"), d)
print(d.pop("zz", "dflt"))
print(d.setdefault("a", 100), d.setdefault("n", []), d)
d["n"].append(5)
print(d)
d.update({"a": 10, "x": 7})
print(d)
del d["x"]
print(d, "x" in d, "a" in d, "q" not in d)
d["a"] = 11
print(list(d))
try:
    print(d["missing"])
except KeyError as e:
    print(type(e).__name__, e)
try:
    d.pop("missing")
except KeyError as e:
    print(type(e).__name__, e)
try:
    del d["nope"]
except KeyError as e:
    print(type(e).__name__, e)
e = {}
print(e, bool(e), bool(d))
e[1] = "one"
e[(1, 2)] = "tuple"
e[True] = "bool"
print(e)
print(dict([("k", 1), ("j", 2)]), dict(p=1, q=2))
print({"a": 1, "b": 2} == {"b": 2, "a": 1})
