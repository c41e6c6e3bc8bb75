import multiprocessing


def work(a, n):
    with a.get_lock():
        for i in range(len(a)):
            a[i] += n


if __name__ == '__main__':
    a = multiprocessing.Array('i', 3)
    d = multiprocessing.Array('d', [1.5, 2.5])
    print(len(a), a[0], a[-1], a[:], d[:], list(d[:]))
    a[1] = 7
    ps = [multiprocessing.Process(target=work, args=(a, k)) for k in (1, 10)]
    for p in ps:
        p.start()
    for p in ps:
        p.join()
    print(a[:], a[1:], sum(a[:]))
    for x in a:
        print("item", x)
    print([x * 2 for x in a])
    try:
        a[5] = 1
    except IndexError as e:
        print("IndexError", e)
    try:
        print(a[3])
    except IndexError as e:
        print("IndexError", e)
    r = multiprocessing.Array('i', [4, 5], lock=False)
    r[0] += 1
    print(r[:], len(r))
    try:
        r.get_lock()
    except AttributeError as e:
        print("AttributeError", e)
    with a.get_lock():
        a[0] = a[0] + 100
    print(a[0])
