# expect: ok
# source: none — the classic dining philosophers problem (Dijkstra), not from a tutorial
# The same five philosophers, but each takes the lower-numbered of its two forks first (a global lock
# order): philosopher 4 takes fork 0 before fork 4, so no cycle of waits can form and every run ends.
# The forks are five named globals (not a list comprehension) so that reports say fork_0 … fork_4.

import threading

fork_0 = threading.Lock()
fork_1 = threading.Lock()
fork_2 = threading.Lock()
fork_3 = threading.Lock()
fork_4 = threading.Lock()
forks = [fork_0, fork_1, fork_2, fork_3, fork_4]
meals = 1


def philosopher(i):
    first = forks[min(i, (i + 1) % 5)]
    second = forks[max(i, (i + 1) % 5)]
    for n in range(meals):
        first.acquire()
        second.acquire()
        # 吃饭
        second.release()
        first.release()


if __name__ == '__main__':
    threads = []
    for i in range(5):
        t = threading.Thread(target=philosopher, args=(i,))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print("ending")
