# expect: ok
# source: 004_f9dd80aebf62a523.txt, section "顺序执行案例"
# The single-threaded baseline of the _thread examples: loop1 then loop2, called in order. One thread, one
# interleaving; time.ctime() is interleave's logical clock, so the printed times are deterministic.
'''
利用time函数，生成两个函数
顺序调用
计算总的运行时间
'''
import time

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
    loop1()
    loop2()
    print("All done at:", time.ctime())

if __name__ == '__main__':
    main()
