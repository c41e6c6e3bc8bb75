# expect: lost-update
# define: 100=2
# source: 000_9c46c627e6a5b494.txt, section "无锁不安全"
# Two threads each run `number += 1` without a lock: the read of `number` and the write back are
# separate steps, so one thread can write a value computed from a stale read and an increment is lost.

import threading

number = 0


def add_one():
    global number
    # 运行一百次加 1 运算
    for i in range(100):
        number += 1


if __name__ == '__main__':
    # 两个线程都进行加法运算
    for i in range(2):
        thread = threading.Thread(target=add_one)
        thread.start()
    
    # 当所有线程运行完毕之后
    while len(threading.enumerate()) > 1:
        pass
    
    print(number)
