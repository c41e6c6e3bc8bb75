# expect: ok
# define: 8=4
# define: 5=2
# source: 004_f9dd80aebf62a523.txt, section "信号灯(Semphore)"
# Semaphore(3): at most three threads hold it at a time, the rest block in acquire() until a release; every
# thread acquires once and releases once, so all finish (4 threads keep one blocked waiter, 2 prints each).

import threading
import time

# 参数定义最多几个线程同时使用资源
semaphore = threading.Semaphore(3)

def func():
  if semaphore.acquire():
    for i in range(5):
      print(threading.currentThread().getName() + ' get semaphore')
    time.sleep(15)
    semaphore.release()
    print(threading.currentThread().getName() + ' release semaphore')


for i in range(8):
  t1 = threading.Thread(target=func)
  t1.start()
