# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "第一个多线程案例"
# loop1 and loop2 run as _thread threads while main sleeps in `while True` forever (by design: without it the
# _thread threads would be killed when main ends). Nothing is shared but stdout; the report notes that the
# program never ends, and where.
'''
利用time函数，生成两个函数
顺序调用
计算总的运行时间
'''
import time
import _thread as thread

def loop1():
    print('Start loop 1 at :', time.ctime())
    time.sleep(4)
    print('End loop 1 at:', time.ctime())

def loop2():
    print('Start loop 2 at :', time.ctime())
    time.sleep(2)
    print('End loop 2 at:', time.ctime())

def main():
    print("Starting at:", time.ctime())
    # 启动多线程的意思是用多线程去执行某个函数
    # 启动多线程函数为start_new_thead
    # 参数两个，一个是需要运行的函数名，第二是函数的参数,作为元祖使用，为空则使用空元祖
    # 注意：如果函数只有一个参数，需要参数后由一个逗号

    # 线程开始创建后开始执行
    thread.start_new_thread(loop1, ())
    thread.start_new_thread(loop2, ())

    print("All done at:", time.ctime())


if __name__ == '__main__':
    main()
    # 下面这个死循环要有，否则主线程结束后得不到我们的结果
    while True:
        time.sleep(1)
