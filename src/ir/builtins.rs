//! The built-in names a model can use: Python builtins and the supported
//! standard-library modules. Anything not listed here is refused when the
//! model is compiled.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Module {
    Threading,
    Time,
    Queue,
    /// The `concurrent` package (only `concurrent.futures`).
    Concurrent,
    Futures,
    /// `random`: its choices are explored, one successor per outcome.
    Random,
    /// Only what cannot reach the host: `sys.exit`, `os.getpid`/`getppid`.
    Sys,
    Os,
    /// `_thread`: `start_new_thread`, `allocate_lock`, `get_ident`, `exit`.
    LowThread,
    /// `multiprocessing`: processes are model threads with their own
    /// globals (`vm/process.rs`); most of it is written in `lang/prelude.py`.
    Multiprocessing,
    /// `math`: pure functions on numbers.
    Math,
}

impl Module {
    pub fn from_name(name: &str) -> Option<Module> {
        Some(match name {
            "threading" => Module::Threading,
            "time" => Module::Time,
            "queue" => Module::Queue,
            "concurrent" => Module::Concurrent,
            "concurrent.futures" => Module::Futures,
            "random" => Module::Random,
            "sys" => Module::Sys,
            "os" => Module::Os,
            "_thread" => Module::LowThread,
            "multiprocessing" => Module::Multiprocessing,
            "math" => Module::Math,
            _ => return None,
        })
    }

    /// `concurrent.futures` as an attribute of `concurrent`.
    pub fn submodule(self, name: &str) -> Option<Module> {
        match (self, name) {
            (Module::Concurrent, "futures") => Some(Module::Futures),
            _ => None,
        }
    }

    /// Members written in the model language (`lang/prelude.py`): the
    /// prelude global that holds each.
    pub fn prelude_member(self, name: &str) -> Option<&'static str> {
        Some(match (self, name) {
            (Module::Threading, "Timer") => "_ilv_Timer",
            (Module::Threading, "Barrier") => "_ilv_Barrier",
            (Module::Threading, "BrokenBarrierError") => "_ilv_BrokenBarrierError",
            (Module::Futures, "ThreadPoolExecutor") => "_ilv_ThreadPoolExecutor",
            (Module::Futures, "Future") => "_ilv_Future",
            (Module::Futures, "as_completed") => "_ilv_as_completed",
            (Module::Futures, "CancelledError") => "_ilv_CancelledError",
            (Module::Futures, "ProcessPoolExecutor") => "_ilv_ProcessPoolExecutor",
            (Module::Multiprocessing, "Process") => "_ilv_Process",
            (Module::Multiprocessing, "Lock") => "_ilv_mp_Lock",
            (Module::Multiprocessing, "RLock") => "_ilv_mp_RLock",
            (Module::Multiprocessing, "Semaphore") => "_ilv_mp_Semaphore",
            (Module::Multiprocessing, "BoundedSemaphore") => "_ilv_mp_BoundedSemaphore",
            (Module::Multiprocessing, "Event") => "_ilv_mp_Event",
            (Module::Multiprocessing, "Condition") => "_ilv_mp_Condition",
            (Module::Multiprocessing, "Value") => "_ilv_mp_Value",
            (Module::Multiprocessing, "Array") => "_ilv_mp_Array",
            (Module::Multiprocessing, "Pipe") => "_ilv_Pipe",
            (Module::Multiprocessing, "Manager") => "_ilv_Manager",
            (Module::Multiprocessing, "Pool") => "_ilv_Pool",
            (Module::Multiprocessing, "get_context") => "_ilv_get_context",
            (Module::Multiprocessing, "set_start_method") => "_ilv_set_start_method",
            (Module::Multiprocessing, "get_start_method") => "_ilv_get_start_method",
            (Module::Multiprocessing, "freeze_support") => "_ilv_freeze_support",
            (Module::Multiprocessing, "TimeoutError") => "_ilv_mp_TimeoutError",
            (Module::Multiprocessing, "ProcessError") => "_ilv_ProcessError",
            _ => return None,
        })
    }

    /// Does `module.name` exist in interleave?
    pub fn has(self, name: &str) -> bool {
        self.member(name).is_some() || self.submodule(name).is_some() || self.prelude_member(name).is_some()
    }

    pub fn name(self) -> &'static str {
        match self {
            Module::Threading => "threading",
            Module::Time => "time",
            Module::Queue => "queue",
            Module::Concurrent => "concurrent",
            Module::Futures => "concurrent.futures",
            Module::Random => "random",
            Module::Sys => "sys",
            Module::Os => "os",
            Module::LowThread => "_thread",
            Module::Multiprocessing => "multiprocessing",
            Module::Math => "math",
        }
    }

    pub fn member(self, name: &str) -> Option<Builtin> {
        use Builtin::*;
        Some(match (self, name) {
            (Module::Threading, "Thread") => Thread,
            (Module::Threading, "Lock") => Lock,
            (Module::Threading, "RLock") => RLock,
            (Module::Threading, "Event") => Event,
            (Module::Threading, "Condition") => Condition,
            (Module::Threading, "Semaphore") => Semaphore,
            (Module::Threading, "BoundedSemaphore") => BoundedSemaphore,
            (Module::Threading, "enumerate") => ThreadingEnumerate,
            (Module::Threading, "active_count" | "activeCount") => ActiveCount,
            (Module::Threading, "current_thread" | "currentThread") => CurrentThread,
            (Module::Threading, "main_thread") => MainThread,
            (Module::Threading, "local") => Local,
            (Module::Math, "sqrt") => MathSqrt,
            (Module::Math, "floor") => MathFloor,
            (Module::Math, "ceil") => MathCeil,
            (Module::Time, "sleep") => Sleep,
            (Module::Time, "time") => Time,
            (Module::Time, "ctime") => Ctime,
            (Module::Queue, "Queue") => Queue,
            (Module::Queue, "LifoQueue") => LifoQueue,
            (Module::Queue, "PriorityQueue") => PriorityQueue,
            (Module::Queue, "SimpleQueue") => SimpleQueue,
            (Module::Queue, "Empty") => Exc(ExcClass::QueueEmpty),
            (Module::Queue, "Full") => Exc(ExcClass::QueueFull),
            (Module::Futures, "TimeoutError") => Exc(ExcClass::TimeoutError),
            (Module::Sys, "exit") | (Module::LowThread, "exit") => Exit,
            (Module::Os, "getpid") => GetPid,
            (Module::Os, "getppid") => GetPpid,
            (Module::Os, "cpu_count") | (Module::Multiprocessing, "cpu_count") => CpuCount,
            (Module::Multiprocessing, "Queue") => MpQueue,
            (Module::Multiprocessing, "JoinableQueue") => MpJoinableQueue,
            (Module::Multiprocessing, "SimpleQueue") => MpSimpleQueue,
            (Module::Multiprocessing, "current_process") => CurrentProcess,
            (Module::Multiprocessing, "active_children") => ActiveChildren,
            (Module::Multiprocessing, "_share") => MpShare,
            (Module::Multiprocessing, "_copy") => MpCopy,
            (Module::LowThread, "start_new_thread" | "start_new") => StartNewThread,
            (Module::LowThread, "allocate_lock" | "allocate") => Lock,
            (Module::LowThread, "get_ident") => GetIdent,
            (Module::Threading, "get_ident") => GetIdent,
            (Module::Random, "randint") => RandInt,
            (Module::Random, "randrange") => RandRange,
            (Module::Random, "choice") => RandChoice,
            (Module::Random, "shuffle") => RandShuffle,
            (Module::Random, "sample") => RandSample,
            (Module::Random, "random") => RandRandom,
            (Module::Random, "uniform") => RandUniform,
            (Module::Random, "seed") => RandSeed,
            _ => return None,
        })
    }
}

/// A built-in callable or class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Builtin {
    Print,
    Len,
    Range,
    Sum,
    Min,
    Max,
    Sorted,
    Abs,
    Pow,
    MathSqrt,
    MathFloor,
    MathCeil,
    Str,
    Int,
    Float,
    Bool,
    List,
    Tuple,
    Dict,
    Set,
    FrozenSet,
    Enumerate,
    Zip,
    Isinstance,
    Type,
    Repr,
    Reversed,
    Any,
    All,
    Object,
    /// `type(None)`: not reachable by name.
    NoneType,
    Super,
    Exc(ExcClass),
    // threading
    Thread,
    Lock,
    RLock,
    Event,
    Condition,
    Semaphore,
    BoundedSemaphore,
    ThreadingEnumerate,
    ActiveCount,
    CurrentThread,
    MainThread,
    Local,
    GetIdent,
    StartNewThread,
    Exit,
    GetPid,
    GetPpid,
    // multiprocessing
    CpuCount,
    MpQueue,
    MpJoinableQueue,
    MpSimpleQueue,
    CurrentProcess,
    ActiveChildren,
    /// `multiprocessing._share(obj)` (prelude only): every process shares `obj`.
    MpShare,
    /// `multiprocessing._copy(v)` (prelude only): `v` pickled and unpickled.
    MpCopy,
    // time
    Sleep,
    Time,
    Ctime,
    // queue
    Queue,
    LifoQueue,
    PriorityQueue,
    SimpleQueue,
    // random
    RandInt,
    RandRange,
    RandChoice,
    RandShuffle,
    RandSample,
    /// `random.random()` / `random.uniform(a, b)`: only as a sleep length.
    RandRandom,
    RandUniform,
    RandSeed,
    /// `id(x)`: a deterministic id (`State::ids`).
    Id,
    /// `next(it[, default])` on a user iterator (`vm/methods.rs`).
    Next,
    Hex,
    Oct,
    Bin,
    /// `_ilv_text_kind(x)`: what showing `x` needs of the model's code (the
    /// text helpers of `lang/mod.rs`).
    TextKind,
}

impl Builtin {
    /// A name in Python's `builtins` module.
    pub fn from_builtin_name(name: &str) -> Option<Builtin> {
        use Builtin::*;
        Some(match name {
            "print" => Print,
            "len" => Len,
            "range" => Range,
            "sum" => Sum,
            "min" => Min,
            "max" => Max,
            "sorted" => Sorted,
            "abs" => Abs,
            "pow" => Pow,
            "str" => Str,
            "int" => Int,
            "float" => Float,
            "bool" => Bool,
            "list" => List,
            "tuple" => Tuple,
            "dict" => Dict,
            "set" => Set,
            "frozenset" => FrozenSet,
            "enumerate" => Enumerate,
            "zip" => Zip,
            "isinstance" => Isinstance,
            "type" => Type,
            "repr" => Repr,
            "reversed" => Reversed,
            "any" => Any,
            "all" => All,
            "object" => Object,
            "super" => Super,
            "id" => Id,
            "next" => Next,
            "hex" => Hex,
            "oct" => Oct,
            "bin" => Bin,
            "_ilv_text_kind" => TextKind,
            _ => Exc(ExcClass::from_name(name)?),
        })
    }

    pub fn name(self) -> &'static str {
        use Builtin::*;
        match self {
            Print => "print",
            Len => "len",
            Id => "id",
            Next => "next",
            Hex => "hex",
            Oct => "oct",
            Bin => "bin",
            TextKind => "_ilv_text_kind",
            Range => "range",
            Sum => "sum",
            Min => "min",
            Max => "max",
            Sorted => "sorted",
            Abs => "abs",
            Pow => "pow",
            MathSqrt => "sqrt",
            MathFloor => "floor",
            MathCeil => "ceil",
            Str => "str",
            Int => "int",
            Float => "float",
            Bool => "bool",
            List => "list",
            Tuple => "tuple",
            Dict => "dict",
            Set => "set",
            FrozenSet => "frozenset",
            Enumerate => "enumerate",
            Zip => "zip",
            Isinstance => "isinstance",
            Type => "type",
            Repr => "repr",
            Reversed => "reversed",
            Any => "any",
            All => "all",
            Object => "object",
            NoneType => "NoneType",
            Super => "super",
            Exc(e) => e.name(),
            Thread => "Thread",
            Lock => "lock",
            RLock => "RLock",
            Event => "Event",
            Condition => "Condition",
            Semaphore => "Semaphore",
            BoundedSemaphore => "BoundedSemaphore",
            ThreadingEnumerate => "enumerate",
            ActiveCount => "active_count",
            CurrentThread => "current_thread",
            MainThread => "main_thread",
            Local => "_local",
            GetIdent => "get_ident",
            StartNewThread => "start_new_thread",
            Exit => "exit",
            GetPid => "getpid",
            GetPpid => "getppid",
            CpuCount => "cpu_count",
            MpQueue => "Queue",
            MpJoinableQueue => "JoinableQueue",
            MpSimpleQueue => "SimpleQueue",
            CurrentProcess => "current_process",
            ActiveChildren => "active_children",
            MpShare => "_share",
            MpCopy => "_copy",
            Sleep => "sleep",
            Time => "time",
            Ctime => "ctime",
            Queue => "Queue",
            LifoQueue => "LifoQueue",
            PriorityQueue => "PriorityQueue",
            SimpleQueue => "SimpleQueue",
            RandInt => "randint",
            RandRange => "randrange",
            RandChoice => "choice",
            RandShuffle => "shuffle",
            RandSample => "sample",
            RandRandom => "random",
            RandUniform => "uniform",
            RandSeed => "seed",
        }
    }

    /// A `random` function whose step has one successor per outcome.
    pub fn is_random_choice(self) -> bool {
        matches!(self, Builtin::RandInt | Builtin::RandRange | Builtin::RandChoice | Builtin::RandShuffle | Builtin::RandSample)
    }

    /// One of Python's built-in classes (`type([])` is `<class 'list'>`),
    /// not a built-in function.
    pub fn is_builtin_class(self) -> bool {
        use Builtin::*;
        matches!(
            self,
            Str | Int | Float | Bool | List | Tuple | Dict | Set | FrozenSet | Range | Enumerate | Zip | Type | Reversed | Object | NoneType | Super
        )
    }

    /// Calling it is a visible step (it reads or changes shared state, or is
    /// recorded in the trace).
    pub fn is_visible_call(self) -> bool {
        matches!(
            self,
            Builtin::Print
                | Builtin::Sleep
                | Builtin::ThreadingEnumerate
                | Builtin::ActiveCount
                | Builtin::Time
                | Builtin::Ctime
                | Builtin::StartNewThread
                | Builtin::ActiveChildren
                | Builtin::MpCopy
        ) || self.is_random_choice()
    }
}

/// Built-in exception classes, with CPython's hierarchy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ExcClass {
    BaseException,
    SystemExit,
    KeyboardInterrupt,
    Exception,
    ArithmeticError,
    ZeroDivisionError,
    OverflowError,
    LookupError,
    IndexError,
    KeyError,
    ValueError,
    TypeError,
    RuntimeError,
    RecursionError,
    NotImplementedError,
    AssertionError,
    NameError,
    UnboundLocalError,
    AttributeError,
    OSError,
    ConnectionError,
    BrokenPipeError,
    TimeoutError,
    StopIteration,
    EOFError,
    QueueEmpty,
    QueueFull,
}

impl ExcClass {
    pub fn from_name(name: &str) -> Option<ExcClass> {
        use ExcClass::*;
        Some(match name {
            "BaseException" => BaseException,
            "SystemExit" => SystemExit,
            "KeyboardInterrupt" => KeyboardInterrupt,
            "Exception" => Exception,
            "ArithmeticError" => ArithmeticError,
            "ZeroDivisionError" => ZeroDivisionError,
            "OverflowError" => OverflowError,
            "LookupError" => LookupError,
            "IndexError" => IndexError,
            "KeyError" => KeyError,
            "ValueError" => ValueError,
            "TypeError" => TypeError,
            "RuntimeError" => RuntimeError,
            "RecursionError" => RecursionError,
            "NotImplementedError" => NotImplementedError,
            "AssertionError" => AssertionError,
            "NameError" => NameError,
            "UnboundLocalError" => UnboundLocalError,
            "AttributeError" => AttributeError,
            "OSError" => OSError,
            "ConnectionError" => ConnectionError,
            "BrokenPipeError" => BrokenPipeError,
            "TimeoutError" => TimeoutError,
            "StopIteration" => StopIteration,
            "EOFError" => EOFError,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        use ExcClass::*;
        match self {
            BaseException => "BaseException",
            SystemExit => "SystemExit",
            KeyboardInterrupt => "KeyboardInterrupt",
            Exception => "Exception",
            ArithmeticError => "ArithmeticError",
            ZeroDivisionError => "ZeroDivisionError",
            OverflowError => "OverflowError",
            LookupError => "LookupError",
            IndexError => "IndexError",
            KeyError => "KeyError",
            ValueError => "ValueError",
            TypeError => "TypeError",
            RuntimeError => "RuntimeError",
            RecursionError => "RecursionError",
            NotImplementedError => "NotImplementedError",
            AssertionError => "AssertionError",
            NameError => "NameError",
            UnboundLocalError => "UnboundLocalError",
            AttributeError => "AttributeError",
            OSError => "OSError",
            ConnectionError => "ConnectionError",
            BrokenPipeError => "BrokenPipeError",
            TimeoutError => "TimeoutError",
            StopIteration => "StopIteration",
            EOFError => "EOFError",
            QueueEmpty => "Empty",
            QueueFull => "Full",
        }
    }

    pub fn parent(self) -> Option<ExcClass> {
        use ExcClass::*;
        Some(match self {
            BaseException => return None,
            SystemExit | KeyboardInterrupt | Exception => BaseException,
            ZeroDivisionError | OverflowError => ArithmeticError,
            IndexError | KeyError => LookupError,
            RecursionError | NotImplementedError => RuntimeError,
            UnboundLocalError => NameError,
            TimeoutError | ConnectionError => OSError,
            BrokenPipeError => ConnectionError,
            _ => Exception,
        })
    }

    pub fn is_subclass_of(self, other: ExcClass) -> bool {
        let mut c = Some(self);
        while let Some(k) = c {
            if k == other {
                return true;
            }
            c = k.parent();
        }
        false
    }
}
