# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "threading.Timer" (as written)
# The Timer program with the tutorial's counter: main prints an ever-growing `i` each round, forever. `i` is
# only printed and counted (a tally, docs/language.md), so its value tells no states apart: the search ends,
# proves nothing goes wrong and notes that main loops forever. With --no-dead-vars the count is kept in every
# state and the state space is infinite.

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
