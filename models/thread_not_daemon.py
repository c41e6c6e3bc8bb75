# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "threading的守护线程daemon" (first example)
# A non-daemon thread outlives main: the program ends only when fun has printed "end fun". Whatever the
# sleeps, every interleaving prints both of fun's lines.
import time
import threading

def fun():
    print("Start fun")
    time.sleep(2)
    print("end fun")

print("Main thread")

t1 = threading.Thread(target=fun, args=() )
t1.start()

time.sleep(1)
print("Main thread end")
