/* models/teacher_students.py with S students: CPython's Event — set() sets the
 * flag and wakes every waiter; wait() returns at once if the flag is set, else
 * registers and blocks until a set() wakes it (it then goes on even if the
 * flag was cleared again); clear() clears the flag. Main starts the students,
 * then the teacher, and joins them all. */
#ifndef S
#define S 2
#endif

bool flag = false;
bool waiting[S];

inline event_wait(me) {
    atomic { if :: flag -> skip :: else -> waiting[me] = true fi };
    !waiting[me]
}

inline event_set() {
    d_step {
        flag = true;
        k = 0;
        do
        :: k < S -> waiting[k] = false; k++
        :: else -> break
        od
    }
}

proctype student(byte me) {
    event_wait(me);
    flag = false;              /* event.clear() */
    event_wait(me)
}

proctype teacher() {
    byte k;
    event_set();
    event_set()
}

init {
    byte i = 0;
    do
    :: i < S -> run student(i); i++
    :: else -> break
    od;
    run teacher();
    _nr_pr == 1
}
