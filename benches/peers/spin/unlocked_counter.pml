/* models/add_one.py: the locked counter without the lock. interleave finds the
 * lost update from the accesses; SPIN needs the assertion on the final count. */
#ifndef N
#define N 10
#endif

int number = 0;

proctype add_one() {
    int i = 0;
    int v;
    do
    :: i < N ->
        v = number;
        number = v + 1;
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
