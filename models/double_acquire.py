# expect: self-deadlock
# source: 000_9c46c627e6a5b494.txt, section "死锁"
# The main thread acquires the non-reentrant Lock l and then calls l.acquire() again: it waits for a lock it
# holds itself, and no other thread exists to release it, so the program hangs at the second acquire.

import threading

l = threading.Lock()
print("第一次获取锁")
l.acquire()
print("第二次获取锁")
l.acquire()
