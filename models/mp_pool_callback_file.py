# expect: ok
# define: 1000=3
# define: 6=2
# source: 004_f9dd80aebf62a523.txt, section "multiprocessing.Pool" (the callback that saves each result)
# `Pool(6).apply_async(run, callback=cb)` for 1000 numbers; `cb` appends each square to a file. A model
# never touches the host, so `open("liudana.txt", "a+", encoding="utf-8")` is a local stand-in, `File`,
# that keeps the written lines. Callbacks run one at a time in the parent's result-handler thread, so
# the appends never race: nothing can go wrong.
import multiprocessing


class File:
  # open(name, mode, encoding): the file's lines, kept in the model.
  lines = []

  def __init__(self, name, mode, encoding=None):
    self.name = name

  def __enter__(self):
    return self

  def __exit__(self, *exc):
    return False

  def write(self, s):
    File.lines.append(s)


def cb(rst):
  with File("liudana.txt", "a+", encoding="utf-8") as f:
    f.write(str(rst) + "\n")

def run(n):
  return n ** 2

if __name__ == '__main__':
  pool = multiprocessing.Pool(6)
  for i in range(1000):
    pool.apply_async(run, args=(i,), callback=cb)
    # # 如有多个参数，可传一个 iterable
    # pool.apply_async(run, args=([i, 123, 456]), callback=callback)
  pool.close()
  pool.join()
