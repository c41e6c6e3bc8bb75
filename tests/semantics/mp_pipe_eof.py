from multiprocessing import Pipe

a, b = Pipe()
b.send(1)
b.close()
print(a.recv())
try:
    a.recv()
except EOFError:
    print("EOFError")
try:
    a.recv()
except EOFError:
    print("EOFError again")
print(a.poll())
try:
    b.send(2)
except OSError as e:
    print("OSError:", e)
try:
    b.recv()
except OSError as e:
    print("OSError:", e)
b.close()
a.close()
r, w = Pipe(duplex=False)
w.send("x")
print(r.recv())
try:
    r.send(1)
except OSError as e:
    print("OSError:", e)
try:
    w.recv()
except OSError as e:
    print("OSError:", e)
w.close()
try:
    r.recv()
except EOFError:
    print("EOFError")
