# expect: ok
# source: 001_d4d4d016586dba78.txt, "multiprocessing模块"
from multiprocessing import Process
import os

# 子进程要执行的代码
def run_proc(name):
    print('Run child process{} PID:{}'.format(name, os.getpid()))
if __name__=='__main__':
    print('Farther process PID:{}'.format(os.getpid()))
    # 创建子进程时，只需要传入一个执行函数和函数的参数，创建一个Process实例
    p = Process(target=run_proc, args=('test',))
    print('child process will start')
    # 用start()方法启动
    p.start()
    # join()方法可以等待子进程结束后再继续往下运行，通常用于进程间的同步
    p.join()
    # 终止进程
    p.terminate() 
    print('child process end')
