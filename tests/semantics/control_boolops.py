# Checks and/or/not value-returning semantics and short-circuiting.
print(0 or "x", "" or 0, None or [], 3 or 4)
print(0 and "x", 2 and "y", "" and 1, [1] and [])
print(not 0, not "a", not None, not [])
print(1 and 2 and 3, 1 and 0 and 3, 0 or 0 or 5, None or False)
print(1 or 2 and 0, (1 or 2) and 0, not 1 or 2, not (1 or 2))
log = []
def t(v):
    log.append(v)
    return v
r = t(0) and t(1)
print(r, log)
log.clear()
r = t(5) or t(6)
print(r, log)
log.clear()
r = t(0) or t("") or t("last")
print(r, log)
log.clear()
r = t(1) and t(2) and t(None) and t(3)
print(r, log)
x = None
name = x or "default"
print(name)
d = {}
print(d.get("k") or "missing")
print(True and 1, False or 0.0, type(0 or False).__name__)
print(not not [0], not not "")
v = 7
print(v > 5 and v < 10, v > 5 and "big" or "small", v < 5 and "big" or "small")
print(not v == 7, not v != 7)
print(3 in [1, 2, 3] and "found", 4 in [1, 2] or "absent")
