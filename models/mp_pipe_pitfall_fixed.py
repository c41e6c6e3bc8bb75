# expect: ok
# source: 004_f9dd80aebf62a523.txt, "subprocess常见坑" (the fix: read before waiting), transcribed with multiprocessing
# The fix the tutorial recommends (`communicate()` reads while the child runs): the parent reads
# every line first, then joins the child.
import multiprocessing


def B(stdout):
    for i in range(3):
        stdout.put("line %d" % i)
    stdout.put(None)


if __name__ == '__main__':
    stdout = multiprocessing.Queue(2)
    child = multiprocessing.Process(target=B, args=(stdout,))
    child.start()
    while True:
        line = stdout.get()
        if line is None:
            break
        print(line)
    child.join()
