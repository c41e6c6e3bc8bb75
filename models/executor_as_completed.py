# expect: ok
# source: 003_f9751d825817d10e.txt, section "ThreadPoolExecutor" (ThreadPoolExecutor例子)
# Page loads (two of the tutorial's five urls) submitted to a ThreadPoolExecutor(max_workers=5), keyed by future in a dict
# comprehension; as_completed yields each future as it finishes, in whatever order the workers end.
# urllib.request.urlopen would reach the network, which a model never does: load_url returns a page made
# from the url instead, and fails for one url, so both branches of the try run.
import concurrent.futures

URLS = [
    'http://www.uestc.edu.cn/',
    'http://www.jd.com',
]


def load_url(url, timeout):
    if 'jd' in url:
        raise TimeoutError('timed out')
    return url * 2


with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
    future_to_url = {executor.submit(load_url, url, 60): url for url in URLS}
    for future in concurrent.futures.as_completed(future_to_url):
        url = future_to_url[future]
        try:
            data = future.result()
        except Exception as exc:
            print('%r generated an exception: %s' % (url, exc))
        else:
            print('%r page is %d bytes' % (url, len(data)))
