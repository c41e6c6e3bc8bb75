# The parts of the standard library that interleave implements in the model
# language itself, the way CPython writes them in Python (concurrent/futures,
# threading.Timer). Compiled in front of a model that uses them; its
# operations have no source line: traces show the model's calling line.
# Names are prefixed `_ilv_` so they never clash with the model's.

import threading as _ilv_threading
import queue as _ilv_queue


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


_ilv_completed = _ilv_threading.Condition()


class _ilv_Future:
    def __init__(self):
        self._condition = _ilv_threading.Condition()
        self._state = "PENDING"
        self._result = None
        self._exception = None
        self._done_callbacks = []

    def cancel(self):
        with self._condition:
            if self._state == "RUNNING" or self._state == "FINISHED":
                return False
            if self._state == "CANCELLED":
                return True
            self._state = "CANCELLED"
            self._condition.notify_all()
        self._finish()
        return True

    def cancelled(self):
        return self._state == "CANCELLED"

    def running(self):
        return self._state == "RUNNING"

    def done(self):
        return self._state == "CANCELLED" or self._state == "FINISHED"

    def add_done_callback(self, fn):
        with self._condition:
            if self._state != "CANCELLED" and self._state != "FINISHED":
                self._done_callbacks.append(fn)
                return
        fn(self)

    def result(self, timeout=None):
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
        with self._condition:
            if self._state == "CANCELLED":
                return False
            self._state = "RUNNING"
            return True

    def set_result(self, result):
        with self._condition:
            self._result = result
            self._state = "FINISHED"
            self._condition.notify_all()
        self._finish()

    def set_exception(self, exception):
        with self._condition:
            self._exception = exception
            self._state = "FINISHED"
            self._condition.notify_all()
        self._finish()

    def _finish(self):
        with _ilv_completed:
            _ilv_completed.notify_all()
        for callback in self._done_callbacks:
            callback(self)


def _ilv_worker(executor):
    while True:
        work_item = executor._work_queue.get(block=True)
        if work_item is not None:
            future, fn, args, kwargs = work_item
            if future.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as exc:
                    future.set_exception(exc)
                else:
                    future.set_result(result)
            executor._idle_semaphore.release()
            continue
        # Shutting down: wake the next worker too.
        executor._work_queue.put(None)
        return


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
        self._threads = []
        self._shutdown = False
        self._shutdown_lock = _ilv_threading.Lock()
        if not thread_name_prefix:
            thread_name_prefix = "ThreadPoolExecutor-%d" % _ilv_ThreadPoolExecutor._counter
            _ilv_ThreadPoolExecutor._counter += 1
        self._thread_name_prefix = thread_name_prefix

    def submit(self, fn, *args, **kwargs):
        with self._shutdown_lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new futures after shutdown")
            f = _ilv_Future()
            self._work_queue.put((f, fn, args, kwargs))
            self._adjust_thread_count()
            return f

    def _adjust_thread_count(self):
        if self._idle_semaphore.acquire(timeout=0):
            return
        num_threads = len(self._threads)
        if num_threads < self._max_workers:
            t = _ilv_threading.Thread(name="%s_%d" % (self._thread_name_prefix, num_threads), target=_ilv_worker, args=(self,))
            t.daemon = True
            t.start()
            self._threads.append(t)

    def map(self, fn, *iterables):
        fs = [self.submit(fn, *args) for args in zip(*iterables)]
        return [f.result() for f in fs]

    def shutdown(self, wait=True, cancel_futures=False):
        with self._shutdown_lock:
            self._shutdown = True
            self._work_queue.put(None)
        if wait:
            for t in self._threads:
                t.join()

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
        with _ilv_completed:
            while True:
                if not self._pending:
                    raise StopIteration
                for f in self._pending:
                    if f.done():
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
