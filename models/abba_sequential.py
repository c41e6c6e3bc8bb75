# expect: lock-order-inversion
# source: 004_f9dd80aebf62a523.txt, section "死锁问题" (func_1/func_2), with the threads run one after the other
# The same two functions as abba_deadlock.py, but main joins func_1's thread before starting func_2's: no run
# can deadlock, yet lock_1 → lock_2 and lock_2 → lock_1 are both taken — the deadlock is one refactoring away.

import threading

lock_1 = threading.Lock()
lock_2 = threading.Lock()


def func_1():
  lock_1.acquire()
  lock_2.acquire()
  lock_2.release()
  lock_1.release()


def func_2():
  lock_2.acquire()
  lock_1.acquire()
  lock_1.release()
  lock_2.release()


if __name__ == "__main__":
  t1 = threading.Thread(target=func_1, args=())
  t2 = threading.Thread(target=func_2, args=())
  t1.start()
  t1.join()
  t2.start()
  t2.join()
