# expect: ok
# define: 1000=6
# define: 100=2
# define: 3=1
# define: 500=3
# define: 5=2
# source: 004_f9dd80aebf62a523.txt, section "生产者消费者模型"
# Producers and consumers that loop forever around a Queue, shrunk by the header (fewer items, batches and
# consumers). Every message carries an ever-growing count ('生成产品'+str(count)), but the messages and the
# count only ever reach print: `queue` is a print-only queue, `count` and `msg` are text locals
# (docs/language.md), so they tell no states apart and the search ends: nothing goes wrong, and the report
# notes that every thread loops forever. With --no-dead-vars the count is kept in every state and the state
# space is infinite.
import threading
import time

# Python2
# from Queue import Queue

# Python3
import queue

# 模拟生产者
class Producer(threading.Thread):
  '''
  模拟生产者, 即不断往任务盒子里放命令
  '''
  def run(self):
    global queue
    count = 0
    while True:
      # qsize返回queue内容长度
      if queue.qsize() < 1000:
        for i in range(100):
          count = count +1
          msg = '生成产品'+str(count)
          # put是网queue中放入一个值
          queue.put(msg)
          print(msg)
      time.sleep(0.5)


class Consumer(threading.Thread):
  '''
  消费者
  即不断从任务盒子拿出任务并执行
  '''
  def run(self):
    global queue
    while True:
      if queue.qsize() > 100:
        for i in range(3):
          # get是从queue中取出一个值
          msg = self.name + '消费了 '+queue.get()
          print(msg)
      time.sleep(1)


if __name__ == '__main__':
  queue = queue.Queue()

  for i in range(500):
    queue.put('初始产品'+str(i))
  for i in range(2):
    p = Producer()
    p.start()
  for i in range(5):
    c = Consumer()
    c.start()
