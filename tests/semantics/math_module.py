import math
from math import sqrt

print(math.sqrt(16), math.sqrt(2), sqrt(0.25), math.sqrt(True))
print(math.floor(2.7), math.floor(-2.5), math.floor(7), math.ceil(2.1), math.ceil(-2.9), math.ceil(3))
print(int(math.floor(math.sqrt(112272535095293))))
for bad in [-1, 'x']:
    try:
        print(math.sqrt(bad))
    except (ValueError, TypeError) as e:
        print(type(e).__name__, e)
try:
    math.floor(float('nan'))
except ValueError as e:
    print('ValueError', e)
