# Checks global statement, local shadowing of globals, reading globals, and rebinding globals.
counter = 0
def bump(n=1):
    global counter
    counter += n
    return counter
bump()
bump(5)
print(counter)
x = "global"
def shadow():
    x = "local"
    return x
print(shadow(), x)
def read_global():
    return x + "!"
print(read_global())
def set_global():
    global x
    x = "changed"
set_global()
print(x, read_global())
items = []
def mutate():
    items.append(len(items))
mutate()
mutate()
print(items)
def use_before_assign():
    y = counter
    return y * 2
print(use_before_assign())
def make_new_global():
    global fresh
    fresh = "created"
make_new_global()
print(fresh)
