/* models/philosophers_ordered.py: the same, but each philosopher takes the
 * lower-numbered of its two forks first. */
#ifndef MEALS
#define MEALS 1
#endif

bool fork[5];

proctype philosopher(byte i) {
    byte first, second;
    byte n = 0;
    if
    :: i < (i + 1) % 5 -> first = i; second = (i + 1) % 5
    :: else -> first = (i + 1) % 5; second = i
    fi;
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
