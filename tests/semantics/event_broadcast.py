# Checks that one Event.set() releases several waiting threads, each then reporting via its own Event.
import threading

start = threading.Event()
results = {}

def worker(idx, done):
    ok = start.wait()
    results[idx] = ok
    done.set()

if __name__ == "__main__":
    dones = []
    threads = []
    for i in range(3):
        d = threading.Event()
        dones.append(d)
        threads.append(threading.Thread(target=worker, args=(i, d)))
    for t in threads:
        t.start()
    print("before set:", len(results), start.is_set())
    for d in dones:
        print("done yet?", d.wait(timeout=0))
    start.set()
    for d in dones:
        print("done now?", d.wait())
    for t in threads:
        t.join()
    print(sorted(results.items()))
    print(start.is_set(), start.wait(timeout=0))
