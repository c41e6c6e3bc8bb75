# Checks threading.local: each thread sees only its own attributes.
import threading

data = threading.local()
data.x = "main"
seen = []


def worker(n):
    try:
        seen.append(("before", n, data.x))
    except AttributeError as e:
        seen.append(("missing", n))
    data.x = n
    seen.append(("after", n, data.x))


for n in range(2):
    t = threading.Thread(target=worker, args=(n,))
    t.start()
    t.join()
print(seen)
print(data.x, type(data).__name__)
