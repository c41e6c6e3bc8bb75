# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "threading的守护线程daemon" (second example)
# The same thread made a daemon with setDaemon(True): it is killed when main ends, so "end fun" (and even
# "Start fun") may never be printed. That is what daemon means, not a bug: no finding.
import time
import threading

def fun():
    print("Start fun")
    time.sleep(2)
    print("end fun")

print("Main thread")

t1 = threading.Thread(target=fun, args=() )
t1.setDaemon(True)
t1.start()

time.sleep(1)
print("Main thread end")
