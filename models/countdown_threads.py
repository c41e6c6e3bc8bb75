# expect: ok
# define: COUNT=4
# source: 002_bc67ca29218082e5.txt, section on the GIL (多线程的版本, multi_threaded.py)
# Two threads count down half each. n is each thread's own local: nothing is shared, so no interleaving
# can go wrong (the GIL makes it slower in CPython, not wrong). COUNT is shrunk from 50,000,000.
# multi_threaded.py
import time
from threading import Thread

COUNT = 50000000

def countdown(n):
    while n>0:
        n -= 1

t1 = Thread(target=countdown, args=(COUNT//2,))
t2 = Thread(target=countdown, args=(COUNT//2,))

start = time.time()
t1.start()
t2.start()
t1.join()
t2.join()
end = time.time()

print('Time taken in seconds -', end - start)
