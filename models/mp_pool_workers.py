# expect: uncaught-exception
# define: 4=2
# define: 10=2
# source: 003_f9751d825817d10e.txt, "使用工作进程"
from multiprocessing import Pool, TimeoutError
import time
import os


def f(x):
    return x*x


if __name__ == '__main__':
    # 开启4个工作进程
    with Pool(processes=4) as pool:
        print(pool.map(f, range(10)))

    # print same numbers in arbitrary order
        for i in pool.imap_unordered(f, range(10)):
            print(i)

        # evaluate "f(20)" asynchronously
        res = pool.apply_async(f, (20, ))
        print(res.get(timeout=1))
        # evaluate "os.getpid()" asynchronously
        res1 = pool.apply_async(os.getpid, ())
        print(res1.get(timeout=1))
        # launching multiple evalutions asynchronously *may* use more processes
        multiple_results = [pool.apply_async(os.getpid, ()) for i in range(4)]
        print([res.get(timeout=1) for res in multiple_results])

        # make a single worker sleep for 10 secs
        res = pool.apply_async(time.sleep, (10, ))
        try:
            print(res.get(timeout=1))
        except TimeoutError:
            print('We lacked patience and got a multiprocessing.TimeError')
        print("For the moment, the pool remains available for more work")
    print("Now the pool is closed and no longer available")
