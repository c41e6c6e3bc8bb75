# Checks LifoQueue, PriorityQueue (heapq order, ties) and SimpleQueue.
import queue

lq = queue.LifoQueue()
for x in [1, "he", {"name": "chouzi"}]:
    lq.put(x)
print([lq.get() for _ in range(3)], lq.empty())

pq = queue.PriorityQueue()
for item in [[2, 1], [1, "he"], [3, {"name": "chouzi"}], [2, 0], [5, "e"], [4, "d"], [2, 2]]:
    pq.put(item)
out = []
while not pq.empty():
    out.append(pq.get())
print(out)

pq2 = queue.PriorityQueue(maxsize=2)
pq2.put((3, "c"))
pq2.put((1, "a"))
print(pq2.full(), pq2.qsize())
try:
    pq2.put_nowait((2, "b"))
except queue.Full:
    print("Full")
print(pq2.get(), pq2.get())

sq = queue.SimpleQueue()
sq.put(1)
sq.put(2)
print(sq.qsize(), sq.get(), sq.get(), sq.empty())
try:
    sq.get_nowait()
except queue.Empty as e:
    print("Empty", repr(str(e)))

q = queue.Queue()
print(type(q).__name__, type(lq).__name__, type(pq).__name__, type(sq).__name__)
