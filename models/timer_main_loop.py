# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "threading.Timer"
# A Timer runs func after its interval while main prints and sleeps in `while True` forever, by design. Here the
# counter `i` is dropped from the loop (the tutorial prints an ever-growing counter, an infinite state space);
# the report proves nothing goes wrong and notes that no interleaving reaches the program's end.

import threading
import time

def func():
  print("I am running.........")
  time.sleep(4)
  print("I am done......")



if __name__ == "__main__":
  t = threading.Timer(6, func)
  t.start()

  while True:
    print("***************")
    time.sleep(3)
