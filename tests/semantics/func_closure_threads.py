# Closures as thread targets: the threads share the enclosing function's cells.
import threading


def main():
    count = 0
    lock = threading.Lock()
    results = []

    def work(n):
        nonlocal count
        for i in range(n):
            with lock:
                count += 1
        results.append(n)

    ts = [threading.Thread(target=work, args=(k,)) for k in (2, 3)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(count, sorted(results))

    message = "before"
    done = threading.Event()
    t = threading.Thread(target=lambda: (print(message), done.set()))
    message = "after"
    t.start()
    done.wait()
    t.join()


main()
