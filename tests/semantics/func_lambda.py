# Checks lambda: defaults captured per evaluation, as a thread target, in comprehensions.
import threading
counter = [0]
square = lambda x: x * x
add = lambda a, b=10: a + b
print(square(4), add(1), add(1, 2), (lambda: "hi")())
t = threading.Thread(target=lambda: counter.append(square(3)))
t.start(); t.join()
print(counter, t.name)
fs = [lambda y, k=k: y + k for k in range(3)]
print([g(10) for g in fs])
