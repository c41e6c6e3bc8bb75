# expect: deadlock
# source: 004_f9dd80aebf62a523.txt, "subprocess常见坑" (坑1), transcribed with multiprocessing
# The subprocess pitfall: the pipe's capacity is limited; a child that writes more than it holds
# blocks until someone reads, while the parent waits for the child to exit before reading
# (`child.wait()` then `child.stdout`). Here the pipe is a `multiprocessing.Queue(2)` and the
# child writes three lines: the parent's `join()` waits for the child, the child waits for room
# only the parent would make.
import multiprocessing


def B(stdout):
    for i in range(3):
        stdout.put("line %d" % i)


if __name__ == '__main__':
    stdout = multiprocessing.Queue(2)
    child = multiprocessing.Process(target=B, args=(stdout,))
    child.start()
    child.join()  # child.wait()
    while not stdout.empty():
        print(stdout.get())
