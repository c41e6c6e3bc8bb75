# expect: ok
# source: 000_9c46c627e6a5b494.txt, section "使用 threading 模块"
# download and upload run as two threads; main ends at once and the (non-daemon) threads run on to the end.
# Nothing is shared but stdout.
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




download_thread = threading.Thread(target=download)
download_thread.start()
upload_thread = threading.Thread(target=upload)
upload_thread.start()
