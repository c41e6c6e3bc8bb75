/* models/abba_deadlock.py: func_1 takes lock_1 then lock_2, func_2 takes lock_2
 * then lock_1; main joins both. A deadlock is an invalid end state: processes
 * blocked outside their end. (prints and sleeps dropped) */
bool lock_1 = false;
bool lock_2 = false;

proctype func_1() {
    atomic { !lock_1 -> lock_1 = true };
    atomic { !lock_2 -> lock_2 = true };
    lock_2 = false;
    lock_1 = false
}

proctype func_2() {
    atomic { !lock_2 -> lock_2 = true };
    atomic { !lock_1 -> lock_1 = true };
    lock_1 = false;
    lock_2 = false
}

init {
    run func_1();
    run func_2();
    _nr_pr == 1     /* t1.join(); t2.join() */
}
