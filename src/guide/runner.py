"""Run one snippet in isolation and say what happened.

Isolation, in process (so a worker imports TensorFlow once, not once per snippet): fresh globals,
seeded generators, a cleared Keras session, a temporary working directory, no network, a time and
memory limit, and global state (environment, NumPy print options, Keras policy, cwd) restored after.
"""

from __future__ import annotations

import _thread
import ast
import contextlib
import io
import linecache
import os
import random
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass

from guide.fences import Snippet

_FRAMEWORKS = frozenset({"tensorflow", "keras"})
_SEED = 0


class SnippetTimeout(Exception):
    """The snippet ran past its time limit."""


class SnippetMemoryError(MemoryError):
    """The snippet grew past its memory limit."""


class NetworkBlockedError(RuntimeError):
    """The snippet tried to reach the network. Not an OSError, so no library retries or hides it."""


@dataclass(frozen=True)
class Limits:
    """Per-snippet limits."""

    seconds: float = 60.0
    memory_mb: int = 3072
    """Growth of resident memory allowed during the snippet."""


@dataclass(frozen=True)
class Outcome:
    """What a run gave: pass or fail, captured stdout, own duration, error text."""

    passed: bool
    output: str
    duration: float
    error: str = ""


def uses_tensorflow(snippet: Snippet) -> bool:
    """Whether the snippet imports TensorFlow or Keras anywhere (then they are imported before the clock)."""
    try:
        tree = ast.parse(snippet.source)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.split(".")[0] in _FRAMEWORKS for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in _FRAMEWORKS:
            return True
    return False


# --- network -------------------------------------------------------------------------------------


def _refuse(target: object) -> None:
    raise NetworkBlockedError(
        f"代码片段不允许访问网络（network access is blocked in snippets）：试图连接 {target}。"
        "请在代码中生成小规模数据，不要下载数据集或预训练权重。"
    )


@contextlib.contextmanager
def _no_network() -> Iterator[None]:
    """Make every internet connection attempt fail at once with `NetworkBlockedError`."""
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse(address)
        return saved[0](self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse(address)
        return saved[1](self, address)

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list:
        _refuse(f"{host}:{port}")
        return []

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        _refuse(address)
        raise AssertionError("unreachable")

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo, socket.create_connection = getaddrinfo, create_connection  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = saved[0], saved[1]  # type: ignore[method-assign]
        socket.getaddrinfo, socket.create_connection = saved[2], saved[3]  # type: ignore[assignment]


# --- limits ---------------------------------------------------------------------------------------


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def _limits(limits: Limits) -> Iterator[None]:
    """Interrupt the snippet when it runs too long or grows too big.

    Both use signals delivered to the main thread, which Python handles between bytecodes: a
    pure-Python loop stops at once; one long native call (a huge matmul) stops when it returns.
    Outside the main thread (rare: pytest always runs items there) no limit can be enforced.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise SnippetTimeout(f"代码片段运行超过 {limits.seconds:g} 秒的时间限制（time limit exceeded）")

    def on_memory(signum: int, frame: object) -> None:
        raise SnippetMemoryError(f"代码片段占用内存超过 {limits.memory_mb} MiB 的限制（memory limit exceeded）")

    stop = threading.Event()
    baseline = _rss_bytes()

    def watch() -> None:
        while not stop.wait(0.02):
            if _rss_bytes() - baseline > limits.memory_mb * 2**20:
                _thread.interrupt_main(signal.SIGUSR1)
                return

    old_alarm = signal.signal(signal.SIGALRM, on_alarm)
    old_usr1 = signal.signal(signal.SIGUSR1, on_memory)
    watcher = threading.Thread(target=watch, name="guide-memory-watch", daemon=True)
    watcher.start()
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        stop.set()
        watcher.join()
        signal.signal(signal.SIGALRM, old_alarm)
        signal.signal(signal.SIGUSR1, old_usr1)


# --- state ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _restored_state() -> Iterator[None]:
    """Undo what a snippet may change globally: env vars, cwd, argv, warnings, NumPy printing."""
    import numpy  # a dependency of every snippet page; imported here so its options can be saved first

    environ, cwd, argv = dict(os.environ), os.getcwd(), list(sys.argv)
    printoptions = numpy.get_printoptions()
    with warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="guide-snippet-") as scratch:
        os.chdir(scratch)
        try:
            yield
        finally:
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(environ)
            sys.argv[:] = argv
            numpy.set_printoptions(**printoptions)


def _reset_generators() -> None:
    """Seed every generator a snippet may use; once Keras is loaded, also clear its session and policy."""
    random.seed(_SEED)
    numpy = sys.modules.get("numpy")
    if numpy is not None:
        numpy.random.seed(_SEED)
    keras = sys.modules.get("keras")
    if keras is not None:
        # free_memory=False: its gc.collect() cost ~0.1 s a call, twice per snippet, ~9 % of a full run;
        # Python's own collector still frees the dropped models, and the memory limit watches the rest.
        keras.backend.clear_session(free_memory=False)
        keras.config.set_dtype_policy("float32")
        keras.utils.set_random_seed(_SEED)


def prepare(snippet: Snippet) -> None:
    """Import what the snippet needs before the clock starts, so its duration is its own."""
    if uses_tensorflow(snippet):
        os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        import keras  # noqa: F401
        import numpy  # noqa: F401


# --- errors ---------------------------------------------------------------------------------------


def describe_error(snippet: Snippet, exc: BaseException) -> str:
    """A traceback limited to the snippet's frames, headed by ``file:line: error``."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if frame.filename == snippet.path]
    line = frames[-1].lineno if frames else snippet.line
    if isinstance(exc, SyntaxError) and exc.filename == snippet.path and exc.lineno:
        line = exc.lineno
    head = f"{snippet.path}:{line}: {type(exc).__name__}: {exc}"
    body = traceback.format_exception(exc)
    kept = [part for part in body if snippet.path in part or not part.startswith("  File ")]
    return head + "\n" + "".join(kept).rstrip()


def execute(snippet: Snippet, limits: Limits = Limits()) -> Outcome:
    """Run ``snippet`` isolated; never raises for the snippet's own errors."""
    prepare(snippet)
    source = snippet.padded_source()
    # Tracebacks read source lines through linecache; the Markdown file itself is not in the cwd.
    linecache.cache[snippet.path] = (len(source), None, source.splitlines(True), snippet.path)
    stdout = io.StringIO()
    namespace: dict[str, object] = {"__name__": "__main__", "__builtins__": __builtins__}
    start = time.perf_counter()
    error = ""
    with _restored_state():
        _reset_generators()
        try:
            with _no_network(), _limits(limits), contextlib.redirect_stdout(stdout):
                exec(compile(source, snippet.path, "exec", dont_inherit=True), namespace)
        except BaseException as exc:  # noqa: BLE001 - a snippet's failure is data, even SystemExit
            if isinstance(exc, KeyboardInterrupt) and not isinstance(exc, SnippetTimeout):
                raise
            error = describe_error(snippet, exc)
        finally:
            namespace.clear()
            _reset_generators()
    duration = time.perf_counter() - start
    return Outcome(passed=not error, output=stdout.getvalue(), duration=duration, error=error)
