# expect: ok
# source: 000_9c46c627e6a5b494.txt, "用进程实现同时上传与下载文件"
import time
import threading


def download():
    print("开始下载文件...")
    time.sleep(1)
    print("完成下载文件...")


def upload():
    print("开始上传文件...")
    time.sleep(1)
    print("完成上传文件...")


download()
upload()
