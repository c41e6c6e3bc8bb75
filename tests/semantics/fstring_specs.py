# Checks f-string format specs: width, alignment, precision, zero padding, !r.
x = 42
s = "ab"
f = 3.14159
print(f"[{x:5}]", f"[{s:5}]")
print(f"[{x:>5}]", f"[{x:<5}]", f"[{x:^7}]")
print(f"[{s:>5}]", f"[{s:<5}]", f"[{s:^7}]", f"[{s:^6}]")
print(f"[{f:.2f}]", f"[{f:.0f}]", f"[{2.5:.3f}]", f"[{-f:.1f}]")
print(f"[{x:05d}]", f"[{-x:05d}]", f"[{7:03d}]", f"[{123456:03d}]")
print(f"[{s!r}]", f"[{x!r}]", f"[{[1, 'a']!r}]")
print(f"{x}{s}{x}", f"{x + 1} {x * 2} {x // 5}")
print(f"{'nested'} {len(s)} {s.upper()}")
print(f"{None} {True} {[1, 2]} {(3,)} {{'k': 1}}")
d = {"k": "v"}
print(f"{d['k']} {d}")
print(f"{{literal}} {x}")
print(f"{0.5} {1/3} {2.0}")
print(f"[{f:8.3f}]", f"[{f:<8.2f}]", f"[{f:>8.1f}]")
w = "hi"
print(f"[{w:>6}]", f"[{w + w:^3}]")
name = "it's"
print(f"{name!r:>10}|")
print(f"{1 < 2} {x > 40 and x}")
print(f"{x:d}", f"{f:f}")
for i in range(3):
    print(f"{i:>3}|{i * i:<3}|{str(i) * i:^5}|")
print(f"{-3:5}", f"{-3:<5}|", f"{True:>6}", f"{None!r}")
