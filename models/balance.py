# expect: lost-update
# define: 1000000=2
# source: 002_bc67ca29218082e5.txt, section "多线程以及一些同步的问题"
# change_it does `balance = balance + n` / `balance = balance - n` unlocked in two threads (n=5, n=8); the
# tutorial's table (t1 reads 0, t2 writes 8, t1 writes 5 ...) ends at balance = -8: a lost update.

import time, threading
# 假定这是你的银行存款:
balance = 0

def change_it(n):
    # 先存后取，结果应该为0:
    global balance
    balance = balance + n
    balance = balance - n

def run_thread(n):
    for i in range(1000000):
        change_it(n)

t1 = threading.Thread(target=run_thread, args=(5,))
t2 = threading.Thread(target=run_thread, args=(8,))
t1.start()
t2.start()
t1.join()
t2.join()
print(balance)
