# expect: ok
# source: 001_d4d4d016586dba78.txt, "进程间的通信"
from multiprocessing import Process, Queue
import os, time, random
# 写数据进程执行代码：
def wite(q):
    print('process to wite :%s' % os.getpid())
    for value in ['A', 'B', 'C']:
        print('Put %s to queue...' % value)
        q.put(value)
        time.sleep(random.random())
        
# 读数据进程执行的代码
def read(q):
    print('Process to read: %s' % os.getpid())
    while True:
        value = q.get(True)
        print('Get %s from queue.' % value)

if __name__ =='__main__':
# 父进程创建queue,并传给各个子进程
    q = Queue()
    pw = Process(target=wite, args=(q,))
    pr = Process(target=read, args=(q,))
# 启动子进程Pw ,写入
    pw.start()
# 启动子进程Pr,读取
    pr.start()
# 等待Pw结束
    pw.join()
# pr进程里是死循环，无法等待其结束，只能强行终止:
    pr.terminate()
