# expect: uncaught-exception
# source: 000_9c46c627e6a5b494.txt, section "守护线程"
# Two daemon threads, killed when main ends. The tutorial's code has a bug its output never shows:
# download(num) takes an argument but the thread is created without args, so whenever thread2 gets to run
# before main ends it dies with TypeError: download() missing 1 required positional argument: 'num'
# (CPython prints "Exception in thread Thread-2 (download)"). The tutorial's last line is indented with a
# tab among spaces, a TabError in Python 3: here it is indented with spaces.
# coding=utf-8
import threading
import time


def upload():
    print("开始上传文件...")
    time.sleep(1)
    print("完成上传文件...")


def download(num):
    print("开始下载文件...")
    time.sleep(1)
    print("完成下载文件...")


if __name__ == '__main__':
    num = 10
    thread1 = threading.Thread(target=upload)
    thread2 = threading.Thread(target=download)
    # 设置为守护线程 当主线程运行完时 子线程被 kill 掉
    thread1.setDaemon(True)
    thread2.setDaemon(True)
    thread1.start()
    thread2.start()

    
    # 默认情况下 主线程退出与时 子线程不会被 kill 掉
    print("主线程结束")
