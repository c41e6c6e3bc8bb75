# expect: ok
# define: 1000000=2
# source: 002_bc67ca29218082e5.txt, section "多线程以及一些同步的问题"
# The tutorial's fix: every change_it call runs under one Lock (acquire, try/finally release), so no read of
# balance can go stale before its write; balance is 0 at the end over all interleavings.

import time, threading
balance = 0
lock = threading.Lock()

def change_it(n):
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for i in range(1000000):
        lock.acquire()
        try:
            change_it(n)
        finally:
            lock.release()

t1 = threading.Thread(target=run_thread, args=(5,))
t2 = threading.Thread(target=run_thread, args=(8,))
t1.start()
t2.start()
t1.join()
t2.join()
print(balance)
