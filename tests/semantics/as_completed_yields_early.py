import threading
from concurrent.futures import ThreadPoolExecutor, as_completed

go = threading.Event()


def first():
    return 1


def second():
    # Finishes only after the caller has seen the first result.
    go.wait()
    return 2


with ThreadPoolExecutor(max_workers=2) as ex:
    fs = [ex.submit(first), ex.submit(second)]
    for f in as_completed(fs + fs):
        print(f.result())
        go.set()
print('done')
