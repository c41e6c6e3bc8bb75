# Checks a threading.Thread subclass overriding run(), with super().__init__() and self.name.
import threading

class Summer(threading.Thread):
    def __init__(self, nums, label):
        super().__init__(name=label)
        self.nums = nums
        self.total = None
    def run(self):
        s = 0
        for v in self.nums:
            s += v
        self.total = s
        print("run in", self.name, threading.current_thread().name)

class Default(threading.Thread):
    def __init__(self):
        super().__init__()
        self.seen = None
    def run(self):
        self.seen = threading.current_thread().name == self.name

if __name__ == "__main__":
    workers = [Summer([1, 2, 3], "s1"), Summer(list(range(10)), "s2"), Summer([], "s3")]
    print(workers[0].total, workers[1].name)
    for w in workers:
        w.start()
        w.join()
    for w in workers:
        print(w.name, w.total, w.is_alive())
    d = Default()
    print(d.name, d.seen)
    d.start()
    d.join()
    print(d.seen, isinstance(d, threading.Thread), type(d).__name__)
    s = Summer([5], "direct")
    s.run()
    print("direct run total", s.total, s.is_alive())
