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
  time.sleep(1)

  print(multiprocessing.current_process().name + "执行求和操作求得的和是=" + str(s))
  return s


pool = ProcessPoolExecutor(max_workers=2)
future1 = pool.submit(async_add, 20)
future2 = pool.submit(async_add, 50)

# 判断future1代表的任务是否执行完
time.sleep(2)
print(future1.done())
print(future2.done())
# 查看future1代表的任务返回的结果
print('一的结果是=' + str(future1.result()))
# 查看future2代表的任务的返回结果
print('二的结果是=' + str(future2.result()))

print("----" + threading.current_thread().name + "----主线程执行结束-----")
