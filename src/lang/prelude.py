# The parts of the standard library that interleave implements in the model
# language itself, the way CPython writes them in Python (concurrent/futures,
# threading.Timer). Compiled in front of a model that uses them; its
# operations have no source line: traces show the model's calling line.
# Names are prefixed `_ilv_` so they never clash with the model's.

import threading as _ilv_threading
import queue as _ilv_queue

# The pipe ends this process holds open (its file descriptors): a fork
# copies this list, and each end counts the child as one more holder
# (vm/process.rs).
_ilv_open_ends = []


class _ilv_Timer(_ilv_threading.Thread):
    def __init__(self, interval, function, args=None, kwargs=None):
        _ilv_threading.Thread.__init__(self)
        self.interval = interval
        self.function = function
        self.args = args if args is not None else []
        self.kwargs = kwargs if kwargs is not None else {}
        self.finished = _ilv_threading.Event()

    def cancel(self):
        self.finished.set()

    def run(self):
        # The wait may time out at any moment: the timer fires whenever.
        self.finished.wait(self.interval)
        if not self.finished.is_set():
            self.function(*self.args, **self.kwargs)
        self.finished.set()


class _ilv_CancelledError(Exception):
    pass


# Atomic sections: a prelude function named `_atomic_*` (`_ilv_atomic_*` at
# module level) is a critical section CPython runs under one internal lock
# (a future's condition, the executor's shutdown lock, a C queue): a step
# that begins inside it runs to its end as one step (vm/interp.rs). The
# library objects it touches are never touched outside such sections, so
# no other thread could have seen them half-way. Model code (a callback, a
# task) is always called outside them; an operation that cannot complete
# (a blocking get, a wait) ends the step there, as anywhere else.

_ilv_completed = _ilv_threading.Condition()


class _ilv_Future:
    def __init__(self):
        self._condition = _ilv_threading.Condition()
        self._state = "PENDING"
        self._result = None
        self._exception = None
        self._done_callbacks = []

    def cancel(self):
        outcome = self._atomic_cancel()
        if outcome == 2:
            self._invoke_callbacks(self._done_callbacks)
        return outcome != 0

    def _atomic_cancel(self):
        # 0: running or finished, 1: already cancelled, 2: cancelled now.
        with self._condition:
            if self._state == "RUNNING" or self._state == "FINISHED":
                return 0
            if self._state == "CANCELLED":
                return 1
            self._state = "CANCELLED"
            self._condition.notify_all()
        with _ilv_completed:
            _ilv_completed.notify_all()
        return 2

    def cancelled(self):
        return self._state == "CANCELLED"

    def running(self):
        return self._state == "RUNNING"

    def done(self):
        return self._atomic_done()

    def _atomic_done(self):
        return self._state == "CANCELLED" or self._state == "FINISHED"

    def add_done_callback(self, fn):
        if not self._atomic_add_done_callback(fn):
            fn(self)

    def _atomic_add_done_callback(self, fn):
        with self._condition:
            if self._state != "CANCELLED" and self._state != "FINISHED":
                self._done_callbacks.append(fn)
                return True
        return False

    def result(self, timeout=None):
        return self._atomic_result(timeout)

    def _atomic_result(self, timeout):
        # The wait (if the future is not done) ends the first step; waking
        # up, re-taking the condition and reading the result is the second.
        with self._condition:
            if self._state == "CANCELLED":
                raise _ilv_CancelledError()
            if self._state == "FINISHED":
                return self._get_result()
            self._condition.wait(timeout)
            if self._state == "CANCELLED":
                raise _ilv_CancelledError()
            if self._state == "FINISHED":
                return self._get_result()
            raise TimeoutError()

    def exception(self, timeout=None):
        return self._atomic_exception(timeout)

    def _atomic_exception(self, timeout):
        with self._condition:
            if self._state == "CANCELLED":
                raise _ilv_CancelledError()
            if self._state == "FINISHED":
                return self._exception
            self._condition.wait(timeout)
            if self._state == "CANCELLED":
                raise _ilv_CancelledError()
            if self._state == "FINISHED":
                return self._exception
            raise TimeoutError()

    def _get_result(self):
        if self._exception is not None:
            raise self._exception
        return self._result

    def set_running_or_notify_cancel(self):
        return self._atomic_set_running_or_notify_cancel()

    def _atomic_set_running_or_notify_cancel(self):
        with self._condition:
            if self._state == "CANCELLED":
                return False
            self._state = "RUNNING"
            return True

    def set_result(self, result):
        self._invoke_callbacks(self._atomic_finish(result, None))

    def set_exception(self, exception):
        self._invoke_callbacks(self._atomic_finish(None, exception))

    def _atomic_finish(self, result, exception):
        # Set the outcome and wake the waiters (result(), as_completed) in
        # one step, as CPython does under the future's condition. Returns
        # the callbacks to run after it: none can be added once finished.
        with self._condition:
            self._result = result
            self._exception = exception
            self._state = "FINISHED"
            self._condition.notify_all()
        with _ilv_completed:
            _ilv_completed.notify_all()
        return _ilv_builtin_list(self._done_callbacks)

    def _invoke_callbacks(self, callbacks):
        for callback in callbacks:
            callback(self)

    def _atomic_set(self, i, outcome):
        # A process pool's result: (True, value) or (False, exception).
        # Returns the callback calls the result handler makes after it.
        success, value = outcome
        if success:
            callbacks = self._atomic_finish(value, None)
        else:
            callbacks = self._atomic_finish(None, value)
        return [(callback, self) for callback in callbacks]

    def _after_calls(self):
        pass


def _ilv_atomic_take_work(executor):
    # A worker takes the next work item and marks its future running, as
    # CPython's `work_queue.get(block=True)` then `run()`. Returns None at
    # shutdown (after passing the None on to the next worker), False for a
    # cancelled item.
    work_item = executor._work_queue.get(block=True)
    if work_item is None:
        executor._work_queue.put(None)
        # The worker ends in this step (nothing visible follows): the last
        # one to end lets `shutdown(wait=True)` return.
        with executor._shutdown_lock:
            executor._live_threads -= 1
            if executor._live_threads == 0:
                executor._all_exited.set()
        return None
    if work_item[0]._atomic_set_running_or_notify_cancel():
        return work_item
    executor._idle_semaphore.release()
    return False


def _ilv_atomic_finish_work(executor, future, result, exception):
    # Set the future; with no callbacks to run, the worker is idle again in
    # the same step (the release CPython does after `run()` returns).
    callbacks = future._atomic_finish(result, exception)
    if not callbacks:
        executor._idle_semaphore.release()
    return callbacks


# The executor a worker thread works for: a worker's `shutdown(wait=True)`
# of its own executor fails, as CPython's join of the current thread does.
_ilv_worker_of = _ilv_threading.local()


def _ilv_worker(executor):
    _ilv_worker_of.executor = executor
    while True:
        work_item = _ilv_atomic_take_work(executor)
        if work_item is None:
            return
        if work_item is False:
            continue
        future, fn, args, kwargs = work_item
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:
            callbacks = _ilv_atomic_finish_work(executor, future, None, exc)
        else:
            callbacks = _ilv_atomic_finish_work(executor, future, result, None)
        if callbacks:
            future._invoke_callbacks(callbacks)
            executor._idle_semaphore.release()


class _ilv_ThreadPoolExecutor:
    _counter = 0

    def __init__(self, max_workers=None, thread_name_prefix=""):
        if max_workers is None:
            max_workers = 5
        if max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._work_queue = _ilv_queue.SimpleQueue()
        self._idle_semaphore = _ilv_threading.Semaphore(0)
        # CPython keeps the workers' handles (`_threads`) to join them at
        # shutdown; a count and an event do the same without them, so that
        # no handle is held outside its own worker and identical workers
        # stay interchangeable (symmetry reduction, vm/symmetry.rs).
        self._num_threads = 0
        self._live_threads = 0
        self._all_exited = _ilv_threading.Event()
        self._shutdown = False
        self._shutdown_lock = _ilv_threading.Lock()
        self._thread_name_prefix = self._atomic_name_prefix(thread_name_prefix)

    def _atomic_name_prefix(self, thread_name_prefix):
        # CPython's counter is `itertools.count().__next__`: one atomic call.
        if not thread_name_prefix:
            thread_name_prefix = "ThreadPoolExecutor-%d" % _ilv_ThreadPoolExecutor._counter
            _ilv_ThreadPoolExecutor._counter += 1
        return thread_name_prefix

    def submit(self, fn, *args, **kwargs):
        return self._atomic_submit(fn, args, kwargs)

    def _atomic_submit(self, fn, args, kwargs):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = _ilv_Future()
            self._work_queue.put((f, fn, args, kwargs))
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        # CPython's `acquire(timeout=0)`: never waits.
        if self._idle_semaphore.acquire(blocking=False):
            return
        num_threads = self._num_threads
        if num_threads < self._max_workers:
            t = _ilv_threading.Thread(name="%s_%d" % (self._thread_name_prefix, num_threads), target=_ilv_worker, args=(self,))
            t.daemon = True
            t.start()
            self._num_threads += 1
            self._live_threads += 1

    def map(self, fn, *iterables):
        fs = [self.submit(fn, *args) for args in zip(*iterables)]
        return [f.result() for f in fs]

    def shutdown(self, wait=True, cancel_futures=False):
        self._atomic_shutdown()
        if wait:
            self._atomic_wait_workers()

    def _atomic_shutdown(self):
        with self._shutdown_lock:
            self._shutdown = True
            self._work_queue.put(None)

    def _atomic_wait_workers(self):
        # CPython joins every worker: returns once each has ended. After
        # the shutdown mark no worker starts, and each one ends in the step
        # that counts it out (`_ilv_atomic_take_work`), the last one setting
        # the event; the count is kept under the shutdown lock, where the
        # submit that starts a worker counts it in. (The loop keeps `self`
        # live while waiting: a stuck search reads which executor's workers
        # it waits for, detect/stuck.rs.)
        try:
            own = _ilv_worker_of.executor is self
        except AttributeError:
            own = False
        if own:
            raise RuntimeError("cannot join current thread")
        while True:
            with self._shutdown_lock:
                if not self._live_threads:
                    return
            self._all_exited.wait()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False


class _ilv_as_completed:
    # CPython's as_completed is a generator: it yields the futures already
    # done, then each as it finishes, so the caller can act on one while
    # the others run. Written as an iterator (the model language has no
    # generators); duplicates count once, as CPython's set(fs).
    def __init__(self, fs, timeout=None):
        self._pending = []
        for f in fs:
            if f not in self._pending:
                self._pending.append(f)
        self._total = len(self._pending)
        self._timeout = timeout

    def __iter__(self):
        return self

    def __next__(self):
        return self._atomic_next()

    def _atomic_next(self):
        # One step per future handed out (and per wait).
        with _ilv_completed:
            while True:
                if not self._pending:
                    raise StopIteration
                for f in self._pending:
                    if f._atomic_done():
                        self._pending.remove(f)
                        return f
                if not _ilv_completed.wait(self._timeout):
                    raise TimeoutError("%d (of %d) futures unfinished" % (len(self._pending), self._total))


class _ilv_BrokenBarrierError(RuntimeError):
    pass


class _ilv_Barrier:
    # CPython's threading.Barrier: filling (0), draining (1), resetting (-1),
    # broken (-2). `parties`, `n_waiting` and `broken` are kept as attributes.
    def __init__(self, parties, action=None, timeout=None):
        self._cond = _ilv_threading.Condition(_ilv_threading.Lock())
        self._action = action
        self._timeout = timeout
        self.parties = parties
        self._state = 0
        self._count = 0
        self.n_waiting = 0
        self.broken = False

    def wait(self, timeout=None):
        if timeout is None:
            timeout = self._timeout
        with self._cond:
            self._enter()
            index = self._count
            self._count += 1
            self.n_waiting = self._count
            try:
                if index + 1 == self.parties:
                    self._release()
                else:
                    self._wait(timeout)
                return index
            finally:
                self._count -= 1
                self.n_waiting = self._count if self._state == 0 else 0
                self._exit()

    def _enter(self):
        while self._state == -1 or self._state == 1:
            self._cond.wait()
        if self._state < 0:
            raise _ilv_BrokenBarrierError()

    def _release(self):
        try:
            if self._action:
                self._action()
            self._state = 1
            self._cond.notify_all()
        except BaseException:
            self._break()
            raise

    def _wait(self, timeout):
        while self._state == 0:
            if not self._cond.wait(timeout):
                self._break()
                raise _ilv_BrokenBarrierError()
        if self._state < 0:
            raise _ilv_BrokenBarrierError()

    def _exit(self):
        if self._count == 0:
            if self._state == -1 or self._state == 1:
                self._state = 0
                self._cond.notify_all()

    def reset(self):
        with self._cond:
            if self._count > 0:
                if self._state == 0:
                    self._state = -1
                elif self._state == -2:
                    self._state = -1
            else:
                self._state = 0
            self.broken = False
            self._cond.notify_all()

    def abort(self):
        with self._cond:
            self._break()

    def _break(self):
        self._state = -2
        self.broken = True
        self._cond.notify_all()


# --- multiprocessing (after CPython's multiprocessing and
# concurrent.futures.process). A process is a model thread whose start()
# forks: it gets its own copy of the globals and of what they reach
# (vm/process.rs); `_ilv_mp._share(obj)` marks an object every process
# shares instead (locks, queues, values, manager proxies). Queues copy
# (pickle) what is put in them.

import multiprocessing as _ilv_mp

_ilv_builtin_dict = dict
_ilv_builtin_list = list


class _ilv_Process(_ilv_threading.Thread):
    # name, daemon, pid, exitcode, start, join, is_alive, terminate, kill
    # are built in (vm/thread.rs, vm/process.rs).
    pass


class _ilv_ForkProcess(_ilv_Process):
    pass


class _ilv_SpawnProcess(_ilv_Process):
    pass


class _ilv_ForkServerProcess(_ilv_Process):
    pass


class _ilv_ProcessError(Exception):
    pass


class _ilv_mp_TimeoutError(_ilv_ProcessError):
    pass


def _ilv_mp_Lock():
    return _ilv_mp._share(_ilv_threading.Lock())


def _ilv_mp_RLock():
    return _ilv_mp._share(_ilv_threading.RLock())


def _ilv_mp_Semaphore(value=1):
    return _ilv_mp._share(_ilv_threading.Semaphore(value))


def _ilv_mp_BoundedSemaphore(value=1):
    return _ilv_mp._share(_ilv_threading.BoundedSemaphore(value))


def _ilv_mp_Event():
    return _ilv_mp._share(_ilv_threading.Event())


def _ilv_mp_Condition(lock=None):
    if lock is None:
        lock = _ilv_mp_RLock()
    return _ilv_mp._share(_ilv_threading.Condition(lock))


class _ilv_mp_Value:
    # multiprocessing.Value (a Synchronized wrapper): the value lives in
    # shared memory (`_ilv_value`, shown as `v.value` in traces); as
    # CPython's, the `value` property's getter and setter each take the
    # Value's RLock (`get_lock()`) for that one access, so `v.value += 1`
    # is a locked read and a locked write: not atomic. `lock=False` gives
    # a raw value: no lock, no get_lock().
    def __init__(self, typecode_or_type, value=0, lock=True):
        if typecode_or_type == "d" or typecode_or_type == "f":
            value = float(value)
        self._ilv_value = value
        if lock is True:
            lock = _ilv_mp_RLock()
        elif lock is False:
            lock = None
        self._lock = lock
        self._typecode = typecode_or_type
        _ilv_mp._share(self)

    def _get_value(self):
        if self._lock is None:
            return self._ilv_value
        with self._lock:
            return self._ilv_value

    def _set_value(self, value):
        if self._lock is None:
            self._ilv_value = value
            return
        with self._lock:
            self._ilv_value = value

    value = property(_get_value, _set_value)

    def get_lock(self):
        if self._lock is None:
            ctypes = {"b": "c_byte", "B": "c_ubyte", "h": "c_short", "H": "c_ushort", "i": "c_int", "I": "c_uint", "l": "c_long", "L": "c_ulong", "q": "c_longlong", "Q": "c_ulonglong", "f": "c_float", "d": "c_double"}
            raise AttributeError("'%s' object has no attribute 'get_lock'" % ctypes.get(self._typecode, "c_long"))
        return self._lock

    def get_obj(self):
        return self

    def acquire(self):
        return self._lock.acquire()

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, exc_type, exc_val, exc_tb):
        self._lock.release()
        return False


class _ilv_mp_Array:
    # multiprocessing.Array (a SynchronizedArray): the items live in shared
    # memory (`_ilv_items`, one list every process sees; `_ilv_` attributes
    # are left out of labels, so a trace shows `arr[0]`). As CPython's, each
    # item read or write takes the array's RLock (`get_lock()`), so
    # `arr[0] += 1` is a locked read and a locked write: not atomic.
    # `lock=False` gives a raw array: no lock, no get_lock().
    def __init__(self, typecode_or_type, size_or_initializer, lock=True):
        if isinstance(size_or_initializer, int):
            zero = 0.0 if typecode_or_type == "d" or typecode_or_type == "f" else 0
            self._ilv_items = _ilv_mp._share([zero] * size_or_initializer)
        else:
            self._ilv_items = _ilv_mp._share(_ilv_builtin_list(size_or_initializer))
        if lock is True:
            lock = _ilv_mp_RLock()
        elif lock is False:
            lock = None
        self._lock = lock
        self._typecode = typecode_or_type
        _ilv_mp._share(self)

    def get_lock(self):
        if self._lock is None:
            ctypes = {"b": "c_byte", "B": "c_ubyte", "h": "c_short", "H": "c_ushort", "i": "c_int", "I": "c_uint", "l": "c_long", "L": "c_ulong", "q": "c_longlong", "Q": "c_ulonglong", "f": "c_float", "d": "c_double"}
            ctype = ctypes.get(self._typecode, "c_long")
            raise AttributeError("'%s_Array_%d' object has no attribute 'get_lock'" % (ctype, len(self._ilv_items)))
        return self._lock

    def get_obj(self):
        return self

    def acquire(self):
        return self._lock.acquire()

    def release(self):
        return self._lock.release()

    def __enter__(self):
        return self._lock.acquire()

    def __exit__(self, exc_type, exc_val, exc_tb):
        self._lock.release()
        return False

    def __len__(self):
        return len(self._ilv_items)

    def __getitem__(self, i):
        if self._lock is None:
            return self._get(i)
        with self._lock:
            return self._get(i)

    def __setitem__(self, i, value):
        if self._lock is None:
            self._set(i, value)
            return
        with self._lock:
            self._set(i, value)

    def _get(self, i):
        try:
            return self._ilv_items[i]
        except IndexError:
            raise IndexError("invalid index")

    def _set(self, i, value):
        if not isinstance(i, int):
            # A slice: the array's size is fixed, as CPython's.
            value = _ilv_builtin_list(value)
            if len(value) != len(self._ilv_items[i]):
                raise ValueError("Can only assign sequence of same size")
        try:
            self._ilv_items[i] = value
        except IndexError:
            raise IndexError("invalid index")

    def __iter__(self):
        return _ilv_SequenceIterator(self)


class _ilv_PipeEnd:
    # One end of a pipe, shared by every process: one entry in `holders`
    # per process holding it open, and the queue its peer reads (a process
    # that exits closes its ends: vm/process.rs puts the end-of-file mark).
    def __init__(self, outbox):
        self.holders = _ilv_mp._share([True])
        self.outbox = outbox
        _ilv_mp._share(self)
        _ilv_open_ends.append(self)


class _ilv_Connection:
    # One end of a Pipe: a message queue each way (send pickles). When every
    # process holding an end has closed it, an end-of-file mark goes after
    # the data it sent: the peer's recv() then raises EOFError, and the
    # peer's send() raises BrokenPipeError (as write(2) to a pipe with no
    # reader left). `_closed` is a private list, so that a fork copies it
    # with the handle.
    def __init__(self, inbox, outbox, end, peer):
        self._inbox = inbox
        self._outbox = outbox
        self._end = end
        self._peer = peer
        self._closed = [False]

    def _is_closed(self):
        return self._closed[0]

    closed = property(_is_closed)

    def _check(self):
        if self._closed[0]:
            raise OSError("handle is closed")

    def send(self, obj):
        self._check()
        if self._outbox is None:
            raise OSError("connection is read-only")
        if len(self._peer.holders) == 0:
            raise BrokenPipeError(32, "Broken pipe")
        self._outbox.put(obj)

    def recv(self):
        self._check()
        if self._inbox is None:
            raise OSError("connection is write-only")
        item = self._inbox.get()
        if isinstance(item, str) and item == "\x00interleave: pipe closed\x00":
            self._inbox.put(item)
            raise EOFError()
        return item

    def poll(self, timeout=0.0):
        self._check()
        if self._inbox is None:
            raise OSError("connection is write-only")
        if timeout is None:
            item = self._inbox.get()
            self._inbox.put(item)
            return True
        return not self._inbox.empty()

    def close(self):
        if self._closed[0]:
            return
        self._closed[0] = True
        end = self._end
        if end in _ilv_open_ends:
            _ilv_open_ends.remove(end)
            end.holders.pop()
            if not end.holders and self._outbox is not None:
                self._outbox.put("\x00interleave: pipe closed\x00")


def _ilv_Pipe(duplex=True):
    a = _ilv_mp.SimpleQueue()
    if duplex:
        b = _ilv_mp.SimpleQueue()
        end_a, end_b = _ilv_PipeEnd(b), _ilv_PipeEnd(a)
        return _ilv_Connection(a, b, end_a, end_b), _ilv_Connection(b, a, end_b, end_a)
    end_r, end_w = _ilv_PipeEnd(None), _ilv_PipeEnd(a)
    return _ilv_Connection(a, None, end_r, end_w), _ilv_Connection(None, a, end_w, end_r)


class _ilv_Namespace:
    # Manager().Namespace(): one object every process shares; each
    # attribute read or write (stored outside __init__) is a visible step,
    # so `ns.x += 1` is a read and a write, as through CPython's proxy.
    pass


class _ilv_SyncManager:
    # Manager(): the server process is not modelled; its proxies are shared
    # objects, each call one atomic step (the server runs one at a time per
    # object, under its GIL).
    def __init__(self):
        # CPython names the server process from the same counter.
        _ilv_Process()

    def start(self):
        pass

    def shutdown(self):
        pass

    def dict(self, *args, **kwargs):
        return _ilv_mp._share(_ilv_builtin_dict(*args, **kwargs))

    def list(self, sequence=()):
        return _ilv_mp._share(_ilv_builtin_list(sequence))

    def Namespace(self):
        return _ilv_mp._share(_ilv_Namespace())

    def Lock(self):
        return _ilv_mp_Lock()

    def RLock(self):
        return _ilv_mp_RLock()

    def Semaphore(self, value=1):
        return _ilv_mp_Semaphore(value)

    def Event(self):
        return _ilv_mp_Event()

    def Condition(self, lock=None):
        return _ilv_mp_Condition(lock)

    def Queue(self, maxsize=0):
        return _ilv_mp.Queue(maxsize)

    def Value(self, typecode, value):
        return _ilv_mp_Value(typecode, value)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        return False


def _ilv_Manager():
    return _ilv_SyncManager()


_ilv_start_method = None


def _ilv_set_start_method(method, force=False):
    global _ilv_start_method
    if _ilv_start_method is not None and not force:
        raise RuntimeError("context has already been set")
    _ilv_get_context(method)
    _ilv_start_method = method


def _ilv_get_start_method(allow_none=False):
    # As CPython: asking for the method fixes it.
    global _ilv_start_method
    if _ilv_start_method is None:
        if allow_none:
            return None
        _ilv_start_method = "fork"
    return _ilv_start_method


class _ilv_Context:
    # A start-method context: the multiprocessing API, with processes named
    # after the method (`ForkProcess-1`).
    def __init__(self, method, process_class):
        self._method = method
        self.Process = process_class
        self.Queue = _ilv_mp.Queue
        self.JoinableQueue = _ilv_mp.JoinableQueue
        self.SimpleQueue = _ilv_mp.SimpleQueue
        self.Lock = _ilv_mp_Lock
        self.RLock = _ilv_mp_RLock
        self.Semaphore = _ilv_mp_Semaphore
        self.BoundedSemaphore = _ilv_mp_BoundedSemaphore
        self.Event = _ilv_mp_Event
        self.Condition = _ilv_mp_Condition
        self.Value = _ilv_mp_Value
        self.Array = _ilv_mp_Array
        self.Pipe = _ilv_Pipe
        self.Manager = _ilv_Manager
        self.Pool = _ilv_Pool
        self.current_process = _ilv_mp.current_process
        self.cpu_count = _ilv_mp.cpu_count

    def get_start_method(self, allow_none=False):
        return self._method


def _ilv_get_context(method=None):
    if method is None:
        return _ilv_Context(_ilv_get_start_method(), _ilv_Process)
    if method == "fork":
        return _ilv_Context(method, _ilv_ForkProcess)
    if method == "spawn":
        return _ilv_Context(method, _ilv_SpawnProcess)
    if method == "forkserver":
        return _ilv_Context(method, _ilv_ForkServerProcess)
    raise ValueError("cannot find context for %r" % method)


def _ilv_freeze_support():
    pass


def _ilv_pool_worker(inqueue, outqueue, initializer, initargs):
    if initializer is not None:
        initializer(*initargs)
    while True:
        task = inqueue.get()
        if task is None:
            break
        job, i, func, args, kwds = task
        try:
            result = (True, func(*args, **kwds))
        except Exception as e:
            result = (False, e)
        outqueue.put((job, i, result))


def _ilv_atomic_take_result(outqueue, cache):
    # The result handler takes a result and stores it (one step): the
    # stored value is seen only through the result's own calls.
    task = outqueue.get()
    if task is None:
        return None
    job, i, obj = task
    result = cache[job]
    return (result, result._atomic_set(i, obj))


def _ilv_pool_results(outqueue, cache):
    # The pool's result handler: a thread of the parent, so callbacks run
    # in the parent process, as in CPython; a result with a callback is
    # ready only after it ran.
    while True:
        taken = _ilv_atomic_take_result(outqueue, cache)
        if taken is None:
            break
        result, calls = taken
        if calls:
            for fn, arg in calls:
                fn(arg)
            result._after_calls()


class _ilv_ApplyResult:
    def __init__(self, callback, error_callback):
        self._event = _ilv_threading.Event()
        self._callback = callback
        self._error_callback = error_callback
        self._value = None
        self._success = False

    def ready(self):
        return self._event.is_set()

    def successful(self):
        return self._atomic_successful()

    def _atomic_successful(self):
        if not self._event.is_set():
            raise ValueError("result is not ready")
        return self._success

    def wait(self, timeout=None):
        self._event.wait(timeout)

    def get(self, timeout=None):
        return self._atomic_get(timeout)

    def _atomic_get(self, timeout):
        self._event.wait(timeout)
        if not self._event.is_set():
            raise _ilv_mp_TimeoutError()
        if self._success:
            return self._value
        raise self._value

    def _atomic_set(self, i, obj):
        # Returns the callback calls to make before the result is ready;
        # without any, it is ready in this step.
        self._success, self._value = obj
        calls = []
        if self._callback and self._success:
            calls.append((self._callback, self._value))
        if self._error_callback and not self._success:
            calls.append((self._error_callback, self._value))
        if not calls:
            self._event.set()
        return calls

    def _after_calls(self):
        self._event.set()


class _ilv_MapResult(_ilv_ApplyResult):
    # Results by index; `_order` keeps completion order (imap_unordered).
    def __init__(self, length, callback, error_callback):
        _ilv_ApplyResult.__init__(self, callback, error_callback)
        self._value = [None] * length
        self._order = []
        self._remaining = length
        self._success = True
        self._error = None
        if length == 0:
            self._event.set()

    def _atomic_get(self, timeout):
        self._event.wait(timeout)
        if not self._event.is_set():
            raise _ilv_mp_TimeoutError()
        if self._success:
            return self._value
        raise self._error

    def _atomic_set(self, i, obj):
        success, value = obj
        if success:
            self._value[i] = value
            self._order.append(value)
        elif self._success:
            self._success = False
            self._error = value
        self._remaining -= 1
        calls = []
        if self._remaining == 0:
            if self._callback and self._success:
                calls.append((self._callback, self._value))
            if self._error_callback and not self._success:
                calls.append((self._error_callback, self._error))
            if not calls:
                self._event.set()
        return calls


class _ilv_IMapResult:
    # The results of an imap as they come in: (index, (success, value)),
    # in completion order; the result handler sets them.
    def __init__(self):
        self._cond = _ilv_threading.Condition(_ilv_threading.Lock())
        self._items = []

    def _atomic_set(self, i, obj):
        with self._cond:
            self._items.append((i, obj))
            self._cond.notify()
        return []


class _ilv_IMapIterator:
    # CPython's IMapIterator: each next() waits for the next result — in
    # task order (imap) or completion order (imap_unordered) — and hands it
    # out as soon as it is in; a task's exception is raised at its turn.
    # The position is a private list (never a shared step).
    def __init__(self, result, length, unordered):
        self._result = result
        self._length = length
        self._unordered = unordered
        self._position = [0]

    def __iter__(self):
        return self

    def __next__(self):
        return self._atomic_next(None)

    def next(self, timeout=None):
        return self._atomic_next(timeout)

    def _atomic_next(self, timeout):
        result = self._result
        with result._cond:
            while True:
                position = self._position[0]
                if position >= self._length:
                    raise StopIteration
                found = None
                if self._unordered:
                    if len(result._items) > position:
                        found = result._items[position][1]
                else:
                    for i, obj in result._items:
                        if i == position:
                            found = obj
                if found is not None:
                    self._position[0] = position + 1
                    success, value = found
                    if success:
                        return value
                    raise value
                if not result._cond.wait(timeout):
                    raise _ilv_mp_TimeoutError()


class _ilv_Pool:
    # multiprocessing.Pool: worker processes (daemons, `ForkPoolWorker-N`)
    # take tasks from a shared queue, one item per task (the chunk size
    # CPython picks for up to 4 items per worker); a result-handler thread
    # of the parent sets the results and runs the callbacks.
    def __init__(self, processes=None, initializer=None, initargs=(), maxtasksperchild=None, context=None):
        if processes is None:
            processes = _ilv_mp.cpu_count()
        if processes < 1:
            raise ValueError("Number of processes must be at least 1")
        self._inqueue = _ilv_mp.SimpleQueue()
        self._outqueue = _ilv_mp.SimpleQueue()
        self._cache = []
        self._state = "RUN"
        self._pool = []
        for i in range(processes):
            w = _ilv_ForkProcess(target=_ilv_pool_worker, args=(self._inqueue, self._outqueue, initializer, initargs))
            w.name = w.name.replace("Process", "PoolWorker")
            w.daemon = True
            w.start()
            self._pool.append(w)
        self._handler = _ilv_threading.Thread(target=_ilv_pool_results, args=(self._outqueue, self._cache))
        self._handler.daemon = True
        self._handler.start()

    def _check_running(self):
        if self._state != "RUN":
            raise ValueError("Pool not running")

    def apply_async(self, func, args=(), kwds={}, callback=None, error_callback=None):
        return self._atomic_apply_async(func, args, kwds, callback, error_callback)

    def _atomic_apply_async(self, func, args, kwds, callback, error_callback):
        self._check_running()
        result = _ilv_ApplyResult(callback, error_callback)
        self._cache.append(result)
        self._inqueue.put((len(self._cache) - 1, 0, func, args, kwds))
        return result

    def apply(self, func, args=(), kwds={}):
        return self.apply_async(func, args, kwds).get()

    def map_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._atomic_map_async(func, _ilv_builtin_list(iterable), False, callback, error_callback)

    def _atomic_map_async(self, func, items, star, callback, error_callback):
        # CPython hands the whole task list to its task-handler thread in
        # one put; when the workers see each task is theirs to choose.
        self._check_running()
        result = _ilv_MapResult(len(items), callback, error_callback)
        self._cache.append(result)
        job = len(self._cache) - 1
        for i in range(len(items)):
            args = tuple(items[i]) if star else (items[i],)
            self._inqueue.put((job, i, func, args, {}))
        return result

    def map(self, func, iterable, chunksize=None):
        return self.map_async(func, iterable, chunksize).get()

    def starmap_async(self, func, iterable, chunksize=None, callback=None, error_callback=None):
        return self._atomic_map_async(func, _ilv_builtin_list(iterable), True, callback, error_callback)

    def starmap(self, func, iterable, chunksize=None):
        return self.starmap_async(func, iterable, chunksize).get()

    def imap(self, func, iterable, chunksize=1):
        return self._atomic_imap(func, _ilv_builtin_list(iterable), False)

    def imap_unordered(self, func, iterable, chunksize=1):
        return self._atomic_imap(func, _ilv_builtin_list(iterable), True)

    def _atomic_imap(self, func, items, unordered):
        self._check_running()
        result = _ilv_IMapResult()
        self._cache.append(result)
        job = len(self._cache) - 1
        for i in range(len(items)):
            self._inqueue.put((job, i, func, (items[i],), {}))
        return _ilv_IMapIterator(result, len(items), unordered)

    def close(self):
        self._atomic_close()

    def _atomic_close(self):
        if self._state == "RUN":
            self._state = "CLOSE"
            for w in self._pool:
                self._inqueue.put(None)

    def terminate(self):
        self._state = "TERMINATE"
        for w in self._pool:
            w.terminate()

    def join(self):
        if self._state == "RUN":
            raise ValueError("Pool is still running")
        for w in self._pool:
            w.join()
        if self._handler.is_alive():
            self._outqueue.put(None)
            self._handler.join()

    def __enter__(self):
        self._check_running()
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.terminate()
        return False


class _ilv_ProcessPoolExecutor:
    # concurrent.futures.ProcessPoolExecutor with the fork start method:
    # max_workers processes (`ForkProcess-N`) forked at the first submit.
    # A future is running as soon as it is submitted (cancel() is False).
    def __init__(self, max_workers=None, mp_context=None, initializer=None, initargs=()):
        if max_workers is None:
            max_workers = _ilv_mp.cpu_count()
        elif max_workers <= 0:
            raise ValueError("max_workers must be greater than 0")
        self._max_workers = max_workers
        self._initializer = initializer
        self._initargs = initargs
        self._call_queue = _ilv_mp.SimpleQueue()
        self._result_queue = _ilv_mp.SimpleQueue()
        self._pending = []
        self._processes = []
        self._manager = None
        self._shutdown = False
        self._shutdown_lock = _ilv_threading.Lock()

    def submit(self, fn, *args, **kwargs):
        f = self._atomic_submit(fn, args, kwargs)
        if f is not None:
            return f
        # The first submit forks the workers under the shutdown lock, as
        # CPython does: each fork is a step of its own (a fork reads every
        # global, so no other step can join it).
        with self._shutdown_lock:
            f = self._atomic_queue(fn, args, kwargs)
            if self._manager is None:
                self._start()
            return f

    def _atomic_submit(self, fn, args, kwargs):
        with self._shutdown_lock:
            if self._manager is None:
                return None
            return self._atomic_queue(fn, args, kwargs)

    def _atomic_queue(self, fn, args, kwargs):
        if self._shutdown:
            raise RuntimeError("cannot schedule new futures after shutdown")
        f = _ilv_Future()
        f._atomic_set_running_or_notify_cancel()
        self._pending.append(f)
        self._call_queue.put((len(self._pending) - 1, 0, fn, args, kwargs))
        return f

    def _start(self):
        for i in range(self._max_workers):
            self._atomic_launch()
        self._atomic_start_manager()

    def _atomic_launch(self):
        # One worker: the fork is this step's only operation that another
        # thread could see (the process object and the list are the
        # executor's own).
        p = _ilv_ForkProcess(target=_ilv_pool_worker, args=(self._call_queue, self._result_queue, self._initializer, self._initargs))
        p.daemon = True
        p.start()
        self._processes.append(p)

    def _atomic_start_manager(self):
        # The manager thread (in the parent) sets the futures: done-callbacks
        # run in the parent process.
        self._manager = _ilv_threading.Thread(target=_ilv_pool_results, args=(self._result_queue, self._pending))
        self._manager.daemon = True
        self._manager.start()

    def map(self, fn, *iterables):
        fs = [self.submit(fn, *args) for args in zip(*iterables)]
        return [f.result() for f in fs]

    def shutdown(self, wait=True, cancel_futures=False):
        if self._atomic_shutdown():
            if wait:
                for p in self._processes:
                    p.join()
                self._result_queue.put(None)
                self._manager.join()

    def _atomic_shutdown(self):
        # One stop mark per worker, put at once: when a worker takes its
        # mark is the worker's step.
        with self._shutdown_lock:
            self._shutdown = True
            if self._manager is None:
                return False
            for p in self._processes:
                self._call_queue.put(None)
            return True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        self.shutdown(wait=True)
        return False
