# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "multiprocessiong" (`ClockProcess`)
# The same clock as a `multiprocessing.Process` subclass with `super().__init__()` and `run()`: the child
# prints `ctime()` forever, the parent prints forever. The times only ever reach printed text (a dead
# clock), so the search is finite; the report notes that the program never ends, and where.
import multiprocessing
from time import sleep, ctime


class ClockProcess(multiprocessing.Process):
  '''
  两个函数比较重要
  1. init构造函数
  2. run
  '''

  def __init__(self, interval):
    super().__init__()
    self.interval = interval

  def run(self):
    while True:
      print("The time is %s" % ctime())
      sleep(self.interval)


if __name__ == '__main__':
  p = ClockProcess(3)
  p.start()

  while True:
    print('sleeping.......')
    sleep(1)
