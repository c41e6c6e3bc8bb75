# expect: ok
# source: 001_d4d4d016586dba78.txt, section on the _thread module ("_thread.start_new_thread")
# Two _thread threads print five times each; main spins in `while 1: pass` forever by design. Nothing
# can go wrong; the report notes that the program never ends, and where.
import _thread,time
# 为线程定义一个函数
def print_time(threadName, delay):
    count = 0
    while count < 5:
        time.sleep(delay)
        count += 1
        print('%s %s' % (threadName, time.ctime(time.time())))
        
# 创建两个进程
try:
    _thread.start_new_thread(print_time, ('Thread-1', 2))
    _thread.start_new_thread(print_time, ('Thread-2', 4))
except:
    print('Error: unable to start thread')

while 1:
    pass
