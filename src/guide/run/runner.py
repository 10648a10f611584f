"""Run one snippet in isolation and say what happened.

Isolation, in process (so a worker imports TensorFlow once, not once per snippet): fresh globals,
seeded generators, a cleared Keras session, a temporary working directory, no network, a time and
memory limit, and global state (environment, NumPy print options, Keras policy, cwd) restored after.
"""

from __future__ import annotations

import ast
import contextlib
import io
import linecache
import os
import random
import sys
import tempfile
import time
import traceback
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from guide.page.fences import Snippet
from guide.run.cache import DEFAULT_LIMITS, Figure, Limits
from guide.run.figures import captured_figures
from guide.run.guards import SnippetTimeout, limited, no_network

_FRAMEWORKS = frozenset({"tensorflow", "keras"})
_SEED = 0


@dataclass(frozen=True)
class Outcome:
    """What a run gave: pass or fail, captured stdout, own duration, error text, what it used and drew."""

    passed: bool
    output: str
    duration: float
    error: str = ""
    uses: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()


class OutputLimitExceeded(RuntimeError):
    """The snippet printed more than its output limit."""


class _BoundedOutput(io.StringIO):
    """Captured stdout that refuses to grow past ``limit`` characters (a 50 MB print is not a page's output)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.exceeded = False

    def write(self, text: str) -> int:
        if self.tell() + len(text) > self.limit:
            self.exceeded = True
            raise OutputLimitExceeded(f"代码片段的输出超过 {self.limit // 1024} KB 的限制（output limit exceeded）")
        return super().write(text)


def imported_packages(code: str) -> tuple[str, ...]:
    """Top-level packages the code imports anywhere, sorted (empty for code that does not parse)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return ()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return tuple(sorted(found))


def uses_tensorflow(snippet: Snippet) -> bool:
    """Whether the snippet imports TensorFlow or Keras anywhere (then they are imported before the clock)."""
    return bool(_FRAMEWORKS.intersection(imported_packages(snippet.code)))


# --- state ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def _restored_state() -> Iterator[None]:
    """Undo what a snippet may change for the whole process: env vars, cwd, argv, sys.path, warnings,
    NumPy printing and error handling, the recursion limit."""
    import numpy  # a dependency of every snippet page; imported here so its options can be saved first

    environ, cwd, argv, path = dict(os.environ), os.getcwd(), list(sys.argv), list(sys.path)
    printoptions, errstate, recursion = numpy.get_printoptions(), numpy.geterr(), sys.getrecursionlimit()
    with warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="guide-snippet-") as scratch:
        os.chdir(scratch)
        try:
            yield
        finally:
            os.chdir(cwd)
            os.environ.clear()
            os.environ.update(environ)
            sys.argv[:], sys.path[:] = argv, path
            numpy.set_printoptions(**printoptions)
            numpy.seterr(**errstate)
            sys.setrecursionlimit(recursion)


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
        keras.config.set_floatx("float32")
        keras.config.set_epsilon(1e-7)
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


def execute(snippet: Snippet, limits: Limits = DEFAULT_LIMITS, started: Callable[[], None] | None = None) -> Outcome:
    """Run ``snippet`` isolated; never raises for the snippet's own errors.

    ``started`` is called once the imports are done, just before the snippet's own clock starts.
    """
    prepare(snippet)
    if started is not None:
        started()
    uses = imported_packages(snippet.code)
    source = snippet.padded_source()
    # Tracebacks read source lines through linecache; the Markdown file itself is not in the cwd.
    linecache.cache[snippet.path] = (len(source), None, source.splitlines(True), snippet.path)
    stdout = _BoundedOutput(limits.output_kb * 1024)
    namespace: dict[str, object] = {"__name__": "__main__", "__builtins__": __builtins__}
    start = time.perf_counter()
    error = ""
    with _restored_state(), captured_figures("matplotlib" in uses) as figures:
        _reset_generators()
        try:
            with no_network(), limited(limits), contextlib.redirect_stdout(stdout):
                exec(compile(source, snippet.path, "exec", dont_inherit=True), namespace)
        except BaseException as exc:  # noqa: BLE001 - a snippet's failure is data, even SystemExit
            if isinstance(exc, KeyboardInterrupt) and not isinstance(exc, SnippetTimeout):
                raise
            error = describe_error(snippet, exc)
        finally:
            namespace.clear()
            _reset_generators()
    if stdout.exceeded and not error:
        error = (
            f"{snippet.where}: OutputLimitExceeded: 代码片段的输出超过 {limits.output_kb} KB 的限制"
            "（截断的输出不能上网站）"
        )
    duration = time.perf_counter() - start
    output = stdout.getvalue()
    return Outcome(not error, output, duration, error, uses, tuple(figures))
