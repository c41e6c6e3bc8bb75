# expect: ok
# define: 6=2
# define: 20000=3
# source: 004_f9dd80aebf62a523.txt, "multiprocessing.Pool"
import multiprocessing
import time

def run(n):
  return n ** 2

data = []

def cb(rst):
  data.append(rst)

if __name__ == '__main__':
  st = time.time()
  pool = multiprocessing.Pool(6)

  # # 总耗时：0.76s
  # f= pool.map_async(run, range(20000))
  # print(f.get())

  # 总耗时：1.98s
  for i in range(20000):
    pool.apply_async(run, args=(i,), callback=cb)

  pool.close()
  pool.join()

  print(data)

  print(f"总耗时：{time.time() - st}")
