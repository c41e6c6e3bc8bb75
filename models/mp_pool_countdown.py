# expect: ok
# define: COUNT=4
# source: 002_bc67ca29218082e5.txt, "多进程"
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
