# expect: ok
# source: 004_f9dd80aebf62a523.txt, "模型设置哨兵用来进行特殊提示"
import multiprocessing
from time import ctime

# 设置哨兵问题
def consumer(input_q):
  print("Into consumer:", ctime())
  while True:
    item = input_q.get()
    if item is None:
      break
    print("pull", item, "out of q")
  print ("Out of consumer:", ctime()) ## 此句执行完成，再转入主进程


def producer(sequence, output_q):
  print ("Into procuder:", ctime())
  for item in sequence:
    output_q.put(item)
    print ("put", item, "into q")
  print ("Out of procuder:", ctime())

if __name__ == '__main__':
  q = multiprocessing.Queue()
  cons_p = multiprocessing.Process(target = consumer, args = (q,))
  cons_p.start()

  sequence = [1,2,3,4]
  producer(sequence, q)

  q.put(None)
  cons_p.join()
