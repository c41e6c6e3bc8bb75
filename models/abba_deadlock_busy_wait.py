# expect: deadlock
# source: 004_f9dd80aebf62a523.txt, section "死锁问题" (variant)
# The same func_1/func_2 deadlock, but main waits the way tutorial 000's add_one does: busy-waiting on
# `len(threading.enumerate()) > 1` instead of joining. When the workers deadlock, main spins for ever; it
# never blocks, yet no thread can make progress, and that is still the deadlock.

import threading
import time

lock_1 = threading.Lock()
lock_2 = threading.Lock()


def func_1():
  print("func_1 starting.........")
  lock_1.acquire()
  print("func_1 申请了 lock_1....")
  time.sleep(2)
  print("func_1 等待 lock_2.......")
  lock_2.acquire()
  print("func_1 申请了 lock_2.......")

  lock_2.release()
  print("func_1 释放了 lock_2")

  lock_1.release()
  print("func_1 释放了 lock_1")

  print("func_1 done..........")


def func_2():
  print("func_2 starting.........")
  lock_2.acquire()
  print("func_2 申请了 lock_2....")
  time.sleep(4)
  print("func_2 等待 lock_1.......")
  lock_1.acquire()
  print("func_2 申请了 lock_1.......")

  lock_1.release()
  print("func_2 释放了 lock_1")

  lock_2.release()
  print("func_2 释放了 lock_2")

  print("func_2 done..........")

if __name__ == "__main__":

  print("主程序启动..............")
  t1 = threading.Thread(target=func_1, args=())
  t2 = threading.Thread(target=func_2, args=())

  t1.start()
  t2.start()

  while len(threading.enumerate()) > 1:
    pass

  print("主程序启动..............")
