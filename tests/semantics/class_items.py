# __getitem__ / __setitem__ / __len__ on a user class, as CPython calls them.
class Grid:
    def __init__(self, n):
        self.cells = [0] * n
        self.log = []

    def __getitem__(self, i):
        self.log.append(("get", i))
        return self.cells[i]

    def __setitem__(self, i, v):
        self.log.append(("set", i, v))
        self.cells[i] = v

    def __len__(self):
        return len(self.cells)


g = Grid(3)
g[1] = 5
g[1] += 2
print(g[1], len(g), g[-1])
print(g.log)
print(g[0:2])
try:
    g[7]
except IndexError as e:
    print("IndexError:", e)
r = g.__setitem__(0, 9)
print(r, g.cells)


class Bad:
    def __len__(self):
        return 4


print(len(Bad()))
try:
    Bad()[0]
except TypeError as e:
    print("TypeError:", e)
