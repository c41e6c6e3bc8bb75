# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "multiprocessiong" (the `clock(interval)` function)
# A child process prints `ctime()` and sleeps, forever; the parent prints and sleeps, forever, by design.
# The times only ever reach printed text, so the logical clock is dead (docs/language.md): it does not
# tell states apart and the search is finite. Nothing can go wrong; the report notes that the program
# never ends, and where each process loops.
import multiprocessing
from time import sleep, ctime


def clock(interval):
  while True:
    print("The time is %s" % ctime())
    sleep(interval)



if __name__ == '__main__':
  p = multiprocessing.Process(target = clock, args = (5,))
  p.start()

  while True:
    print('sleeping.......')
    sleep(1)
