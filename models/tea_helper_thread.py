# expect: ok
# source: 000_9c46c627e6a5b494.txt, the tea-making example (泡茶) with a helper thread
# A helper thread washes the cups while the main thread boils water; they share nothing.
import time
import threading


def work():
    """只有函数对象才能使用多线程"""
    print('5. 洗茶杯：1min')
    time.sleep(1)
    print('6. 放茶叶：1min')
    time.sleep(1)


start_time = time.time()

print('1. 洗壶：1min')
time.sleep(1)
print('2. 灌凉水：1min')
time.sleep(1)
print('3. 烧水：1min')
time.sleep(1)
print('4. 等水烧开：3min')
work_thread = threading.Thread(target=work)
work_thread.start()
time.sleep(1)  # 5. 洗茶杯：1min
time.sleep(1)  # 6. 放茶叶：1min
time.sleep(1)
# 5 6 需要请一个帮手帮我们去做
# print('5. 洗茶杯：1min')
# time.sleep(1)
# print('6. 放茶叶：1min')
# time.sleep(1)
# 多线程必须要是一个函数对象

print('7. 泡茶：1min')
time.sleep(1)

print('总共花了：', time.time() - start_time)

