# expect: ok
# define: 1235=3
# source: 003_f9751d825817d10e.txt, section "submit(fn, *args, **kwargs)"
# A built-in (pow) submitted to a one-worker ThreadPoolExecutor; main waits on future.result() inside the
# `with` block. The exponent is shrunk from 1235 to 3: 323 ** 1235 has 3,099 digits and interleave's ints
# are 64-bit.
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(max_workers=1) as executor:
	future = executor.submit(pow, 323, 1235)
	print(future.result())
