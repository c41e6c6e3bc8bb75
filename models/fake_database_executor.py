# expect: lost-update
# source: 000_9c46c627e6a5b494.txt, section on the realpython FakeDatabase race (described in prose: local_copy,
# ThreadPoolExecutor(max_workers=2), database.update(index))
# Each task copies database.value into local_copy, adds one, sleeps, and writes it back: when both tasks read
# before either writes, one update is lost and the ending value is 1, not 2.
import concurrent.futures
import time


class FakeDatabase:
    def __init__(self):
        self.value = 0

    def update(self, name):
        print("Thread %s: starting update" % name)
        local_copy = self.value
        local_copy += 1
        time.sleep(0.1)
        self.value = local_copy
        print("Thread %s: finishing update" % name)


if __name__ == "__main__":
    database = FakeDatabase()
    print("Testing update. Starting value is %d." % database.value)
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as executor:
        for index in range(2):
            executor.submit(database.update, index)
    print("Testing update. Ending value is %d." % database.value)
