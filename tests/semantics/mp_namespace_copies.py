# A Manager's Namespace proxy sends and receives pickled copies of its
# attributes: changing one taken out, or put in, changes only that copy.
import multiprocessing
def work(ns):
    ns.items = [1]
    ns.items.append(2)
    mine = [5]
    ns.other = mine
    mine.append(6)
    print(ns.items, ns.other)
if __name__ == '__main__':
    with multiprocessing.Manager() as m:
        ns = m.Namespace()
        ns.x = 1
        p = multiprocessing.Process(target=work, args=(ns,))
        p.start()
        p.join()
        print(ns.items, ns.other, ns.x)
        y = ns.items
        y.append(3)
        print(ns.items, y)
