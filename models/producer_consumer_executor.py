# expect: hang
# define: 100000=3
# source: 000_9c46c627e6a5b494.txt, section "生产者-消费者" (Queue(maxsize=10) in a ThreadPoolExecutor)
# The consumer's `while True: pipeline.get()` never ends, so the executor's shutdown at the end of the
# `with` block waits forever for that worker: the program hangs once the producer is done.
import queue
import random
import threading
import concurrent.futures
import time


def producer(pipeline):
    """生产者 厨师做包子"""
    for index in range(1, 100000):
        time.sleep(0.1)
        print("做出一个包子: %s" % index)
        # 将包子放到蒸笼里面
        pipeline.put(f'第{index}个包子')


def consumer(pipeline):
    """消费者 客户吃包子"""
    while True:
        message = pipeline.get()
        print(message)
        print(f'消费者吃了{message}')


if __name__ == "__main__":
    pipeline = queue.Queue(maxsize=10)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        executor.submit(producer, pipeline)
        executor.submit(consumer, pipeline)

        time.sleep(0.1)


