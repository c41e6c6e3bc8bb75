import threading

URLS = ['a', 'bb', 'ccc']
lengths = {url: len(url) for url in URLS}
print(lengths)
print({k: v for k, v in lengths.items() if v > 1})
# Later keys win, insertion order kept from the first occurrence.
print({i % 2: i for i in range(5)})
print({(i, j): i * j for i in range(2) for j in range(3)})
# Keys are evaluated before values.
order = []
def key(x):
    order.append('k%d' % x)
    return x
def value(x):
    order.append('v%d' % x)
    return x
print({key(i): value(i) for i in range(2)})
print(order)
# The loop variable does not leak.
x = 'outer'
d = {x: 1 for x in range(2)}
print(x, d)
lock = threading.Lock()
locks = {name: threading.Lock() for name in ['a', 'b']}
print(sorted(locks), locks['a'].locked())
try:
    print({[1]: 2 for _ in range(1)})
except TypeError as e:
    print('TypeError', e)
