# expect: hang
# source: 004_f9dd80aebf62a523.txt, section "PriorityQueue"
# Items come out by priority ([1,"he"], [2,1], [3,{...}]), then `get()` waits forever on the empty queue.
import queue
q = queue.PriorityQueue()
q.put([2,1])
q.put([1,"he"])
q.put([3,{"name":"chouzi"}])
 
while True:
    data = q.get()
    print(data[1])
    print(data[0])
    print("$$$$$$$$$$$$$$$$$")
