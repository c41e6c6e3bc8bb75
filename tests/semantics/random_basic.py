# random: every outcome is explored; these lines print the same for any.
import random
from random import randint, choice

print(random.seed(7))
v = random.randint(1, 3)
print(1 <= v <= 3, type(v).__name__)
print(randint(5, 5))
print(choice("x"), random.choice((4,)), random.choice(range(9, 10)))
r = random.randrange(0, 10, 5)
print(r in (0, 5), random.randrange(1))
l = [3, 1, 2]
print(random.shuffle(l), sorted(l), len(l))
s = random.sample(range(4), 2)
print(len(s), s[0] != s[1], all(0 <= x < 4 for x in s), type(s).__name__)
print(random.sample([1, 2, 3], 0))
for f in [lambda: random.randint(3, 1), lambda: random.randrange(0), lambda: random.randrange(5, 1),
          lambda: random.randrange(1, 10, 0), lambda: random.choice([]), lambda: random.sample([1, 2], 3)]:
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)
