# Checks Condition.wait_for with predicates and notify_all releasing threads one stage at a time.
import threading
cond = threading.Condition()
stage, done, want = 0, 0, 0
order = []
class Waiter(threading.Thread):
    def __init__(self, my_stage):
        super().__init__()
        self.my_stage = my_stage
    def ready(self):
        return stage >= self.my_stage
    def run(self):
        global done
        with cond:
            r = cond.wait_for(self.ready)
            order.append((self.my_stage, r))
            done += 1
            cond.notify_all()
def reached():
    return done == want
if __name__ == "__main__":
    ts = []
    for s in [3, 1, 2]:
        ts.append(Waiter(s))
    for t in ts:
        t.start()
    for s in [1, 2, 3]:
        with cond:
            stage = s
            want = s
            cond.notify_all()
            print("stage", s, "finished:", cond.wait_for(reached))
    for t in ts:
        t.join()
    print(order)
    with cond:
        print(cond.wait_for(reached))
        want = 99
        print(cond.wait_for(reached, timeout=0))
