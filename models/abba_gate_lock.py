# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "死锁问题" (func_1/func_2), fixed with a gate lock
# func_1 and func_2 still take lock_1/lock_2 in opposite orders, but both first take `gate`: only one of them can
# be inside at a time, so the opposite orders never overlap. The checker says so instead of reporting an inversion.

import threading

gate = threading.Lock()
lock_1 = threading.Lock()
lock_2 = threading.Lock()


def func_1():
  with gate:
    with lock_1:
      with lock_2:
        print("func_1 has both")


def func_2():
  with gate:
    with lock_2:
      with lock_1:
        print("func_2 has both")


if __name__ == "__main__":
  t1 = threading.Thread(target=func_1)
  t2 = threading.Thread(target=func_2)
  t1.start()
  t2.start()
  t1.join()
  t2.join()
