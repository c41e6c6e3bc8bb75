# expect: ok
# define: 3=2
# define: 20=3
# source: 004_f9dd80aebf62a523.txt, "'concurrent.futures'"
from concurrent.futures import ProcessPoolExecutor, as_completed

def fib(n):
  if n <= 2:
    return 1
  return fib(n - 1) + fib(n - 2)


if __name__ == '__main__':
  n = range(20)
  with ProcessPoolExecutor(max_workers=3) as executor:
    # map 方式
    for num, result in zip(n, executor.map(fib, n)):
      print(f"fib({num})={result}")

    # # submit 方式
    # work_dict = {executor.submit(fib, i): i for i in n}
    # for future in as_completed(work_dict):
    #     num = work_dict[future]
    #     try:
    #         data = future.result()
    #     except Exception as e:
    #         print(e)
    #     else:
    #         print(f"fib({num}) = {data}")
