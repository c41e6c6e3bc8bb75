# expect: ok
# source: 000_9c46c627e6a5b494.txt, "进程间不同享全局变量"
# -*- coding: utf-8 -*-
import multiprocessing
import threading

# 主进程
l = [1, 2, 3, 4, 5]


def list_append(p):
    print(l.pop())
    print(l.pop())
    print(l.pop())
    print('进程{}修改的内容'.format(p), l)


def list_append2(p):
    print(l.pop())
    print(l.pop())
    print('进程{}修改的内容'.format(p), l)


if __name__ == '__main__':
    # t1 = threading.Thread(target=list_append, args=('p1',))
    # t1.start()
    # t2 = threading.Thread(target=list_append2, args=('p2',))
    # t2.start()
    p2 = multiprocessing.Process(target=list_append2, args=('p2',))
    p2.start()
    p1 = multiprocessing.Process(target=list_append, args=('p1',))
    p1.start()
