# expect: ok
# define: 10=4
# source: 001_d4d4d016586dba78.txt, section "线程同步" (the "set"/"print" list example, described in prose)
# A list is all 0; thread "set" changes every element to 1 from the back to the front while thread
# "print" reads it from the front to the back and prints it. No interleaving loses a write, raises or
# blocks, so no finding applies (the checker reports none); the problem the tutorial describes is what
# "print" can print: any mix of 0s then 1s such as [0, 0, 1, 1] ("一半0一半1"). tests/reachable.rs
# asserts, over every interleaving, that the printed lists are exactly the n+1 lists of 0s then 1s.

import threading

# 一个列表里所有元素都是0
l = [0] * 10
printed = None


def set_list():
    # 线程"set"从后向前把所有元素改成1
    for i in range(len(l) - 1, -1, -1):
        l[i] = 1


def print_list():
    # 线程"print"负责从前往后读取列表并打印
    global printed
    printed = []
    for i in range(len(l)):
        printed.append(l[i])
    print(printed)


t_set = threading.Thread(target=set_list, name="set")
t_print = threading.Thread(target=print_list, name="print")
t_set.start()
t_print.start()
t_set.join()
t_print.join()
