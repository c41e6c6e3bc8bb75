# expect: ok
# define: 1000000=2
# source: 000_9c46c627e6a5b494.txt, section "互斥锁 LOCK"
# The tutorial shows only the changed add_one ("调用函数保持不变"): the rest is the "无锁不安全" program plus
# `lock = threading.Lock()`. Each `number += 1` is under the lock, so no increment is lost.

import threading

number = 0
# 创建锁
lock = threading.Lock()


def add_one():
    global number
    # 运行一百次加 1 运算
    for i in range(1000000):
        lock.acquire()
        number += 1
        lock.release()


if __name__ == '__main__':
    # 两个线程都进行加法运算
    for i in range(2):
        thread = threading.Thread(target=add_one)
        thread.start()
    
    # 当所有线程运行完毕之后
    while len(threading.enumerate()) > 1:
        pass
    
    print(number)
