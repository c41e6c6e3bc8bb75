# A set sent through a multiprocessing queue is pickled: the receiver's set is
# rebuilt from the sender's order, so its table (and order) can differ.
import multiprocessing

def child(q):
    s = {1, 2, 3, 4, 5, 9, 17}
    s.discard(2)
    print(s)
    q.put(s)

if __name__ == "__main__":
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(q,))
    p.start()
    got = q.get()
    p.join()
    print(got)
