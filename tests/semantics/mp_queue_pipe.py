# multiprocessing queues and pipes: items are copies (pickled), JoinableQueue
# task_done/join, Empty on timeout, Pipe send/recv both ways.
import multiprocessing
import queue


def mutate(q, back):
    item = q.get()
    item.append("child")
    back.put(item)


def consume(jq):
    while True:
        x = jq.get()
        if x is None:
            jq.task_done()
            break
        print("consumed", x)
        jq.task_done()


def talk(conn):
    conn.send({"hello": [1, 2]})
    print("child got", conn.recv())
    conn.close()


if __name__ == "__main__":
    q = multiprocessing.Queue()
    back = multiprocessing.Queue()
    original = ["parent"]
    q.put(original)
    p = multiprocessing.Process(target=mutate, args=(q, back))
    p.start()
    got = back.get()
    p.join()
    print(original, got, got is original)
    try:
        q.get(timeout=0.01)
    except queue.Empty:
        print("Empty")
    try:
        q.task_done()
    except AttributeError as e:
        print(e)
    jq = multiprocessing.JoinableQueue()
    c = multiprocessing.Process(target=consume, args=(jq,))
    c.start()
    for i in range(3):
        jq.put(i)
    jq.put(None)
    jq.join()
    print("all done")
    c.join()
    a, b = multiprocessing.Pipe()
    t = multiprocessing.Process(target=talk, args=(b,))
    t.start()
    print("parent got", a.recv())
    a.send("bye")
    t.join()
    full = multiprocessing.Queue(1)
    full.put(1)
    print(full.full(), full.qsize())
    try:
        full.put_nowait(2)
    except queue.Full:
        print("Full")
