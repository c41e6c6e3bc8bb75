# expect: hang
# source: 004_f9dd80aebf62a523.txt, section "普通的queue(FIFO)"
# Three puts, then `while True: q.get()`: after the third item the main thread waits forever on an empty queue
# that no thread will ever fill.
import queue
q = queue.Queue()
q.put(1)
q.put("he")
q.put({"name":"chouzi"})
 
while True:
    data = q.get()
    print(data)
    print("$$$$$$$$$$$$$$$$$")
