# expect: ok
# source: 001_d4d4d016586dba78.txt, the threading.Thread subclass example with exitFlag
# Two myThread subclasses print five times each; exitFlag is never set, so sys.exit() is never reached.
import threading
import time
import sys
exitFlag = 0
class myThread(threading.Thread):   # 继承父类threading.Thread
    def __init__(self, threadID, name, counter):
        threading.Thread.__init__(self)
        self.threadID = threadID
        self.name = name
        self.counter = counter
        
    def run(self):     #把要执行的代码写到run函数里面 线程在创建后会直接运行run函数
        print("Starting" + self.name)
        print_time(self.name, self.counter,5)
        print("Exiting" + self.name)
    
def print_time(threadName, delay, counter):
    while counter:
        if exitFlag:
            sys.exit()
        time.sleep(delay)
        print("%s %s" % (threadName, time.ctime(time.time())))
        counter -= 1
        
# 创建新进程
thread1 = myThread(1, "THread- 1",1)
thread2 = myThread(2, "THread- 2",2)
# 开启进程
thread1.start()
thread2.start()
