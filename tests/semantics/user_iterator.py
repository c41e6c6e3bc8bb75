class Countdown:
    def __init__(self, n):
        self.n = n

    def __iter__(self):
        print('iter')
        return self

    def __next__(self):
        if self.n == 0:
            raise StopIteration
        self.n -= 1
        return self.n


for i in Countdown(3):
    print(i)
else:
    print('else runs when the iterator is exhausted')

for i in Countdown(5):
    if i == 2:
        break
    print('got', i)


class Pair:
    def __iter__(self):
        return PairIter()


class PairIter:
    def __init__(self):
        self.i = 0

    def __next__(self):
        self.i += 1
        if self.i > 2:
            raise StopIteration()
        return ('k%d' % self.i, self.i)


for k, v in Pair():
    print(k, v)


class Broken:
    def __iter__(self):
        return self

    def __next__(self):
        raise ValueError('broken iterator')


try:
    for x in Broken():
        print('never')
except ValueError as e:
    print('ValueError', e)


def first_even(it):
    for x in it:
        if x % 2 == 0:
            return x
    return None


print(first_even(Countdown(4)))
print([x * 10 for x in Countdown(3)])
