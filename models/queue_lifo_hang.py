# expect: hang
# source: 004_f9dd80aebf62a523.txt, section "LifoQueue"
# The LIFO variant of the FIFO example: items come out last-in first-out, then `get()` waits forever.
import queue
q = queue.LifoQueue()
q.put(1)
q.put("he")
q.put({"name":"chouzi"})
 
while True:
    data = q.get()
    print(data)
    print("$$$$$$$$$$$$$$$$$")
