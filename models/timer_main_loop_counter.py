# expect: unbounded
# max-states: 5000
# source: 004_f9dd80aebf62a523.txt, section "threading.Timer" (as written)
# The Timer program with the tutorial's counter: main prints an ever-growing `i` each round, forever, so no
# state repeats and the state space is infinite; the search stops at its limit and the report names `i` as
# what keeps growing. timer_main_loop.py, without the counter, is proved.

import threading
import time

def func():
  print("I am running.........")
  time.sleep(4)
  print("I am done......")



if __name__ == "__main__":
  t = threading.Timer(6, func)
  t.start()

  i = 0
  while True:
    print("{0}***************".format(i))
    time.sleep(3)
    i += 1
