from multiprocessing import Array, Value
a = Array('i', [1, 2, 3, 4])
a[1:3] = [7, 8]
print(a[:])
a[::2] = (0, 0)
print(a[:])
try:
    a[1:3] = [1]
except ValueError as e:
    print("ValueError", e)
try:
    a[0:2] = [1, 2, 3]
except ValueError as e:
    print("ValueError", e)
print(a[:])
a[-2:] = [5, 6]
print(a[:], a[-1], a[1:-1])
try:
    a[4] = 1
except IndexError as e:
    print("IndexError", e)
v = Value('i', 5, lock=False)
v.value += 2
print(v.value)
try:
    v.get_lock()
except AttributeError as e:
    print("AttributeError", e)
w = Value('d', 1)
print(w.value)
with w.get_lock():
    w.value = w.value * 3
print(w.value)
