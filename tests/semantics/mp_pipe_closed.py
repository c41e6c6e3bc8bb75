import multiprocessing


def child(conn):
    conn.close()


def quiet(conn):
    pass


if __name__ == '__main__':
    a, b = multiprocessing.Pipe()
    print(a.closed, b.closed)
    p = multiprocessing.Process(target=child, args=(b,))
    p.start()
    b.close()
    print(b.closed)
    p.join()
    try:
        a.send("x")
    except BrokenPipeError as e:
        print("BrokenPipeError", e, e.errno, e.strerror)
    try:
        a.recv()
    except EOFError as e:
        print("EOFError", repr(e))
    a.close()
    print(a.closed)
    try:
        a.send(1)
    except OSError as e:
        print(type(e).__name__, e)
    # The child exits without closing its copy: the OS closes it.
    r, w = multiprocessing.Pipe(duplex=False)
    p = multiprocessing.Process(target=quiet, args=(r,))
    p.start()
    r.close()
    p.join()
    try:
        w.send(1)
    except ConnectionError as e:
        print(type(e).__name__, e, isinstance(e, OSError), e.errno)
    print(w.closed, r.closed)
    e = OSError(2, "No such file")
    print(e, e.errno, e.strerror, OSError("x").errno)
