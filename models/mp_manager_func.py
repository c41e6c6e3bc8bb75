# expect: ok
# define: 10=2
# source: 004_f9dd80aebf62a523.txt, "近程通讯-Manager"
from multiprocessing import Process,Manager
 
def func(d,l,n):
    d[n] = ""
    d[''] = 2
    l.append(n)
if __name__ == '__main__':
    with Manager() as manager:
        d = manager.dict()
        l = manager.list(range(5))
        p_list = []
 
        for i in range(10):
            p = Process(target=func,args=(d,l,i))
            p.start()
            p_list.append(p)
        for res in p_list:
            res.join()
        print(d)
        print(l)
