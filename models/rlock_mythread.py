# expect: ok
# define: 5=3
# source: 004_f9dd80aebf62a523.txt, section "可重入锁"
# Each MyThread reads and writes the global num under an RLock that it then acquires a second time (reentrant,
# no self-deadlock) and releases twice; the read-modify-write of num is exclusive, so no update is lost.

import threading
import time

class MyThread(threading.Thread):
  def run(self):
    global num
    time.sleep(1)

    if mutex.acquire(1):
      num = num+1
      msg = self.name+' set num to '+str(num)
      mutex.acquire()
      print(msg)
      mutex.release()
      mutex.release()

num = 0

mutex = threading.RLock()


def testTh():
  for i in range(5):
    t = MyThread()
    t.start()


if __name__ == '__main__':
  testTh()
