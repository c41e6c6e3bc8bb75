/* models/philosophers_deadlock.py: five philosophers, five forks, MEALS meals
 * each; philosopher i takes fork i, then fork (i + 1) % 5. */
#ifndef MEALS
#define MEALS 1
#endif

bool fork[5];

proctype philosopher(byte i) {
    byte first, second;
    byte n = 0;
    first = i; second = (i + 1) % 5;
    do
    :: n < MEALS ->
        atomic { !fork[first] -> fork[first] = true };
        atomic { !fork[second] -> fork[second] = true };
        fork[second] = false;
        fork[first] = false;
        n++
    :: else -> break
    od
}

init {
    byte i = 0;
    do
    :: i < 5 -> run philosopher(i); i++
    :: else -> break
    od;
    _nr_pr == 1     /* for t in threads: t.join() */
}
