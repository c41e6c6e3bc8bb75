/* models/add_one_locked.py: two threads, N times `lock.acquire(); number += 1;
 * lock.release()`; main busy-waits on `len(threading.enumerate()) > 1`
 * (here `_nr_pr > 1`: running processes, init included), then checks that no
 * increment was lost. Size with `spin -DN=100 -a locked_counter.pml`. */
#ifndef N
#define N 10
#endif

int number = 0;
bool lock = false;

proctype add_one() {
    int i = 0;
    int v;
    do
    :: i < N ->
        atomic { !lock -> lock = true };   /* lock.acquire() blocks while held */
        v = number;                         /* number += 1: a read ... */
        number = v + 1;                     /* ... and a write */
        lock = false;                       /* lock.release() */
        i++
    :: else -> break
    od
}

init {
    run add_one();
    run add_one();
    do
    :: _nr_pr > 1 -> skip
    :: else -> break
    od;
    assert(number == 2 * N)
}
