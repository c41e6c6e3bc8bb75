# expect: ok
# define: COUNT=4
# source: 002_bc67ca29218082e5.txt, section on the GIL (单线程的版本, single_threaded.py)
# countdown(n) only decrements its own local n: one thread, one interleaving. COUNT is shrunk from 50,000,000
# (the tutorial times it; interleave's clock is logical, so the printed time is a count of clock reads).
# single_threaded.py
import time
from threading import Thread

COUNT = 50000000

def countdown(n):
    while n>0:
        n -= 1

start = time.time()
countdown(COUNT)
end = time.time()

print('Time taken in seconds -', end - start)
