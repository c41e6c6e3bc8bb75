# A Manager's dict and list proxies send and receive pickled copies: changing
# a value taken out of them, or put into them, changes only that copy.
import multiprocessing


def work(d, l):
    d['a'] = [1]
    d['a'].append(2)
    x = d['a']
    x.append(3)
    l.append([0])
    l[0].append(5)
    mine = [7]
    l.append(mine)
    mine.append(8)
    print(d['a'], l[0], x, l[1])


if __name__ == '__main__':
    with multiprocessing.Manager() as m:
        d = m.dict({'b': [4]})
        l = m.list()
        p = multiprocessing.Process(target=work, args=(d, l))
        p.start()
        p.join()
        print(d['a'], l[0], l)
        print(type(d.items()), d.items(), d.values(), d.get('b'), d.copy())
        y = d.setdefault('c', [])
        y.append(1)
        print(d['c'], d.pop('c'), [v for v in l], list(l), l[0:1])
        for v in l:
            v.append(9)
        print(l)
