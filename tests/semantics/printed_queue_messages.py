# Messages only printed (a print-only queue and text locals, lang/printed.rs) keep their exact values:
# numbers, padding, the LIFO order, and a non-string item put beside them.
import threading
import queue

fifo = queue.Queue()
lifo = queue.LifoQueue()

def producer():
    n = 0
    for k in range(3):
        n = n + 1
        msg = 'item ' + str(n)
        fifo.put(msg)
        lifo.put(msg)
    fifo.put(n * 10)
    lifo.put(2.5)

def consumer():
    for k in range(4):
        line = 'fifo got ' + str(fifo.get())
        print(line)
    for k in range(4):
        print(f'lifo got {lifo.get()!r:>10}|')

p = threading.Thread(target=producer)
p.start()
p.join()
c = threading.Thread(target=consumer)
c.start()
c.join()
print('left', fifo.qsize(), lifo.empty())
