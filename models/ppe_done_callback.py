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


with ProcessPoolExecutor(max_workers=2) as pool:
  # 向线程池提交一个task
  future1 = pool.submit(async_add, 20)
  future2 = pool.submit(async_add, 50)


  # 定义获取结果的函数
  def get_result(future):
    print(multiprocessing.current_process().name + '运行结果：' + str(future.result()))


  # 查看future1代表的任务返回的结果
  future1.add_done_callback(get_result)
  # 查看future2代表的任务的返回结果
  future2.add_done_callback(get_result)
  print('------------主线程执行结束----')
