# id(): equal for one object, different for two live ones; a forked child's
# copy of an object, and a multiprocessing queue it shares, keep their ids.
import multiprocessing


class Box:
    pass


def child(q, box, box_id):
    q.put((id(q), id(box) == box_id))


if __name__ == '__main__':
    a = [1]
    b = [1]
    c = a
    print(id(a) == id(c), id(a) == id(b), id(Box) == id(Box))
    boxes = [Box(), Box(), Box()]
    ids = [id(x) for x in boxes]
    print(ids[0] != ids[1], ids[1] != ids[2], ids[0] != ids[2], ids == [id(x) for x in boxes])
    box = Box()
    q = multiprocessing.Queue()
    p = multiprocessing.Process(target=child, args=(q, box, id(box)))
    p.start()
    qid, same_box = q.get()
    p.join()
    print(qid == id(q), same_box)
    print(isinstance(id(p), int), id(None) == id(None), id(7) == id(7))
