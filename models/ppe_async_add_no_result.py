# expect: ok
# source: 004_f9dd80aebf62a523.txt, "Future"
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

import threading
import time


def async_add(n):
  s = 0
  for i in range(n):
    s = s + i
  time.sleep(3)

  print(multiprocessing.current_process().name + "执行求和操作求得的和是=" + str(s))
  return s


pool = ProcessPoolExecutor(max_workers=2)
future1 = pool.submit(async_add, 20)
future2 = pool.submit(async_add, 50)

# 判断future1代表的任务是否执行完
time.sleep(1)
print(future1.done())
print(future2.done())

print("----" + threading.current_thread().name + "----主线程执行结束-----")
