# expect: ok
# define: 100000=2
# source: 000_9c46c627e6a5b494.txt, section "附录：并发池" / "线程池运行"
# The url list (shrunk from 100,000 pages to 2) downloaded by a ThreadPoolExecutor(max_workers=5) in a
# `with` block, which waits for every task. The tutorial's sequential run uses number_list/evaluate_item,
# defined nowhere in it, so only the thread-pool run is kept.
import concurrent.futures
import time

urls = [
    f'https://maoyan.com/board/4?offset={page}' for page in range(100000)
]


def download(url):
    print(url)
    # 延时从操作
    time.sleep(1)


if __name__ == "__main__":
    start_time_1 = time.time()
    with concurrent.futures.ThreadPoolExecutor(max_workers=5) as executor:
        for url in urls:
            executor.submit(download, url)
    print("线程池计算的时间：" + str(time.time() - start_time_1), "秒")
