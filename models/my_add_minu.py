# expect: lost-update
# define: loopSum=3
# source: 004_f9dd80aebf62a523.txt, section "多线程变量共享问题"
# myAdd does `sum += 1` and myMinu `sum -= 1` (loopSum-1 times each) with no lock: a read-modify-write of
# the global sum can be overwritten by the other thread, so "Done" need not print 0.

import threading

sum = 0
loopSum = 1000000

def myAdd():
  global  sum, loopSum
  for i in range(1, loopSum):
    sum += 1

def myMinu():
  global  sum, loopSum
  for i in range(1, loopSum):
    sum -= 1

if __name__ == '__main__':
  print("Starting ....{0}".format(sum))

  # 开始多线程的实例，看执行结果是否一样
  t1 = threading.Thread(target=myAdd, args=())
  t2 = threading.Thread(target=myMinu, args=())

  t1.start()
  t2.start()

  t1.join()
  t2.join()

  print("Done .... {0}".format(sum))
