# multiprocessing.Pool and ProcessPoolExecutor: results, callbacks in the
# parent, exceptions from get(), close/join, worker names; contexts.
import multiprocessing
import concurrent.futures

results = []


def square(x):
    return x * x


def add(a, b):
    return a + b


def bad(x):
    raise ValueError("bad %d" % x)


def collect(r):
    results.append(r)


def name():
    return multiprocessing.current_process().name


if __name__ == "__main__":
    pool = multiprocessing.Pool(2)
    print(pool.apply(square, (3,)))
    rs = [pool.apply_async(square, (i,), callback=collect) for i in range(4)]
    print([r.get() for r in rs])
    print(pool.map(square, [1, 2, 3]))
    print(pool.map_async(square, range(3)).get())
    print(pool.starmap(add, [(1, 2), (3, 4)]))
    print(sorted(pool.imap_unordered(square, range(3))))
    print(list(pool.imap(square, range(3))))
    e = pool.apply_async(bad, (5,))
    try:
        e.get()
    except ValueError as exc:
        print("raised", exc, e.successful())
    print(pool.apply(name)[:14])
    pool.close()
    try:
        pool.apply_async(square, (1,))
    except ValueError as exc:
        print(exc)
    pool.join()
    print(sorted(results))
    with multiprocessing.Pool(1) as p2:
        print(p2.map(square, [5]))
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as ex:
        f = ex.submit(square, 7)
        print(f.result(), f.done())
        print(list(ex.map(square, [1, 2])))
        g = ex.submit(bad, 1)
        print(type(g.exception()).__name__, g.exception())
        print(ex.submit(name).result()[:11])
    try:
        ex.submit(square, 1)
    except RuntimeError as exc:
        print(exc)
    print(multiprocessing.get_start_method())
    try:
        multiprocessing.set_start_method("fork")
    except RuntimeError as exc:
        print(exc)
    ctx = multiprocessing.get_context("fork")
    q = ctx.Queue()
    p = ctx.Process(target=square, args=(2,))
    p.start()
    p.join()
    print(p.name.split("-")[0], p.exitcode)
    multiprocessing.set_start_method("spawn", force=True)
    print(multiprocessing.get_start_method())
    try:
        multiprocessing.get_context("nope")
    except ValueError as exc:
        print(exc)
