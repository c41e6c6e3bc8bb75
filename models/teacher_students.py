# expect: missed-signal
# define: 5=2
# source: 004_f9dd80aebf62a523.txt, section "Event"
# The teacher sets the event twice and never clears it; each student waits, clears, then waits again. Since
# time.sleep is only a yield point, the teacher's second set() can come before some student's clear(): that
# student (and any student not yet at its second wait) then waits on a cleared event nobody sets again.
# (The run where every student clears before the second set ends fine; main's t.join() hangs with the rest.)
# The 5=2 define makes 2 students and also turns time.sleep(5) into time.sleep(2), which changes nothing here.

import threading,time
class Teacher(threading.Thread):
    def run(self):
        print("teacher：拖堂两分钟哈")
        print(event.isSet())
        event.set()
        time.sleep(5)
        print("teacher下课！！！")
        print(event.isSet())
        event.set()
class Students(threading.Thread):
    def run(self):
        event.wait()
        print("students：啊啊啊啊啊！")
        time.sleep(3)
        event.clear()
        event.wait()
        print("students：又上课了！！！！！")
 
if __name__ == "__main__":
    event = threading.Event()
    threads = []
 
    for i in range(5):
        threads.append(Students())
    threads.append(Teacher())
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print("ending")
