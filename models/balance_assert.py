# expect: lost-update, assertion
# define: 1000000=2
# source: 002_bc67ca29218082e5.txt, section "多线程以及一些同步的问题", with the tutorial's expectation as an assert
# The tutorial says "先存后取，结果应该为0" (deposit then withdraw: the result should be 0) and prints balance; here
# the expectation is an `assert balance == 0`, which a lost update breaks.

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
assert balance == 0
