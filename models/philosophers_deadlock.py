# expect: deadlock
# source: none — the classic dining philosophers problem (Dijkstra), not from a tutorial
# Five philosophers share five forks (locks); each takes the fork on its left, then the one on its right.
# When all five hold their left fork, each waits for its right neighbour's: a cycle of five threads, deadlock.
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
    left = forks[i]
    right = forks[(i + 1) % 5]
    for n in range(meals):
        left.acquire()
        right.acquire()
        # 吃饭
        right.release()
        left.release()


if __name__ == '__main__':
    threads = []
    for i in range(5):
        t = threading.Thread(target=philosopher, args=(i,))
        threads.append(t)
        t.start()
    for t in threads:
        t.join()
    print("ending")
