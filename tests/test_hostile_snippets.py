"""Hostile snippets: each is contained, explained with file and line, and leaves other pages alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Slow (builds, subprocesses): skipped locally while the code and tests are unchanged since a pass; CI runs it.
pytestmark = pytest.mark.unchanged_inputs("tooling")

GOOD = "# 好\n\n```python\nprint('good page')\n```\n"


def _run_with_good_page(pytester: pytest.Pytester, code: str, *options: str) -> pytest.RunResult:
    docs = pytester.path / "docs"
    docs.mkdir(exist_ok=True)
    (docs / "bad.md").write_text(f"# 坏\n\n```python\n{code}\n```\n", encoding="utf-8")
    (docs / "good.md").write_text(GOOD, encoding="utf-8")
    result = pytester.runpytest("-p", "no:xdist", *options, "docs")
    result.assert_outcomes(passed=1, failed=1)
    good = [json.loads(p.read_text("utf-8")) for p in (pytester.path / ".guide" / "results").glob("*.json")]
    assert [(r["path"], r["passed"], r["output"]) for r in good if r["path"] == "docs/good.md"] == [
        ("docs/good.md", True, "good page\n")
    ]
    return result


def test_syntax_error(pytester: pytest.Pytester) -> None:
    result = _run_with_good_page(pytester, "x = 1\ndef broken(:\n    pass")
    result.stdout.fnmatch_lines(["*docs/bad.md:5: SyntaxError: invalid syntax*"])


def test_exception(pytester: pytest.Pytester) -> None:
    result = _run_with_good_page(pytester, "import numpy as np\nnp.zeros((2, 3)) @ np.zeros((2, 3))")
    result.stdout.fnmatch_lines(["*docs/bad.md:5: ValueError: matmul*"])


def test_endless_loop(pytester: pytest.Pytester) -> None:
    result = _run_with_good_page(pytester, "n = 0\nwhile True:\n    n += 1", "--guide-timeout=1")
    result.stdout.fnmatch_lines(
        ["*docs/bad.md:*: SnippetTimeout: 代码片段运行超过 1 秒的时间限制（time limit exceeded）*"]
    )


def test_unbounded_memory(pytester: pytest.Pytester) -> None:
    code = "chunks = []\nwhile True:\n    chunks.append(bytearray(20_000_000))"
    result = _run_with_good_page(pytester, code, "--guide-memory=300")
    result.stdout.fnmatch_lines(["*docs/bad.md:*: SnippetMemoryError: 代码片段占用内存超过 300 MiB 的限制*"])


def test_socket(pytester: pytest.Pytester) -> None:
    code = "import socket\ns = socket.socket()\ns.connect(('127.0.0.1', 9))"
    result = _run_with_good_page(pytester, code)
    result.stdout.fnmatch_lines(["*docs/bad.md:6: NetworkBlockedError: 代码片段不允许访问网络*('127.0.0.1', 9)*"])


def test_download_by_name(pytester: pytest.Pytester) -> None:
    code = "import socket\nsocket.create_connection(('storage.example.com', 443), timeout=60)"
    result = _run_with_good_page(pytester, code)
    result.stdout.fnmatch_lines(["*docs/bad.md:5: NetworkBlockedError: *storage.example.com*"])


def test_files_land_in_a_temporary_directory(pytester: pytest.Pytester) -> None:
    code = "import os\nopen('weights.h5', 'w').write('x')\nprint(os.getcwd())\nraise SystemExit(3)"
    result = _run_with_good_page(pytester, code)
    result.stdout.fnmatch_lines(["*docs/bad.md:7: SystemExit: 3*"])
    assert not list(Path(pytester.path).rglob("weights.h5"))


def test_global_state_does_not_leak_into_the_next_snippet(pytester: pytest.Pytester) -> None:
    first = (
        "import os, random, sys, warnings, numpy as np, keras\n"
        "np.set_printoptions(precision=1)\n"
        "np.seterr(all='raise')\n"
        "os.environ['GUIDE_LEAK'] = '1'\n"
        "keras.config.set_dtype_policy('mixed_float16')\n"
        "keras.config.set_floatx('float16')\n"
        "warnings.simplefilter('error')\n"
        "sys.path.append('/nowhere')\n"
        "random.seed(5); np.random.seed(5)\n"
        "os.chdir('/')\n"
        "print('changed')"
    )
    second = (
        "import os, random, sys, warnings, numpy as np, keras\n"
        "assert np.get_printoptions()['precision'] == 8\n"
        "assert np.geterr()['divide'] == 'warn'\n"
        "assert 'GUIDE_LEAK' not in os.environ\n"
        "assert keras.config.dtype_policy().name == 'float32'\n"
        "assert keras.config.floatx() == 'float32'\n"
        "warnings.warn('only a warning')\n"
        "assert '/nowhere' not in sys.path\n"
        "random.seed(0); a = random.random(); np.random.seed(0); b = np.random.rand()\n"
        "assert os.getcwd() != '/'\n"
        "print('clean')"
    )
    docs = pytester.path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(f"# A\n\n```python\n{first}\n```\n\n```python\n{second}\n```\n", encoding="utf-8")
    # In a subprocess: pytester's in-process runs unload modules, and NumPy cannot be imported twice.
    pytester.runpytest_subprocess("-p", "no:xdist", "docs").assert_outcomes(passed=2)


# --- what a snippet can do to the guard itself ------------------------------------------------------
# Each case: the code, and a line the failure report must hold. They run together, beside a good page,
# once as `pytest docs` without xdist and once under xdist as `guide test` runs them; every one must fail
# alone with its message, the good page must pass, and no process a snippet started may be left.

LOOP = "while True:\n    pass"
CATALOGUE = {
    "ignores_sigalrm": (
        f"import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n{LOOP}",
        "*SnippetTimeout*外部终止*",
    ),
    "own_alarm_handler": (
        f"import signal\nsignal.signal(signal.SIGALRM, lambda *args: None)\n{LOOP}",
        "*SnippetTimeout*外部终止*",
    ),
    "cancels_the_alarm": (
        f"import signal\nsignal.setitimer(signal.ITIMER_REAL, 0)\n{LOOP}",
        "*SnippetTimeout*外部终止*",
    ),
    "ignores_sigterm_and_sigint": (
        f"import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        f"signal.signal(signal.SIGALRM, signal.SIG_IGN)\n{LOOP}",
        "*SnippetTimeout*外部终止*",
    ),
    "ignores_the_memory_signal": (
        "import signal\nsignal.signal(signal.SIGUSR1, signal.SIG_IGN)\nchunks = []\n"
        "while True:\n    chunks.append(bytearray(20_000_000))",
        "*SnippetMemoryError*外部终止*",
    ),
    "sys_exit": ("import sys\nsys.exit(0)", "*docs/sys_exit.md:*: SystemExit: 0*"),
    "os_exit": ("import os\nos._exit(0)", "*docs/os_exit.md:*: SnippetExit: *退出码 0*"),
    "kills_itself": ("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)", "*SnippetExit*退出码 -9*"),
    "leaves_a_thread": (
        "import threading, time\nthreading.Thread(target=time.sleep, args=(1000,)).start()",
        "*还有线程在运行*",
    ),
    "leaves_a_child": ("import subprocess\nsubprocess.Popen(['sleep', '1007'])", "*还有 1 个子进程在运行*"),
    "forks": ("import os, time\nif os.fork() == 0:\n    time.sleep(1008)", "*子进程在运行*"),
    "reads_stdin": ("input('name? ')", "*EOFError*"),
    "floods_stdout": ("print('x' * 50_000_000)", "*OutputLimitExceeded*"),
    "poisons_builtins": ("import builtins\nbuiltins.len = lambda x: 0", "*改动了内置函数或已导入的模块*len*"),
    "poisons_sys_modules": ("import sys, json\nsys.modules['json'] = None", "*改动了内置函数或已导入的模块*json*"),
    "raw_socket": ("import _socket\ns = _socket.socket()\ns.connect(('127.0.0.1', 9))", "*NetworkBlockedError*"),
    "reloaded_socket": (
        "import importlib, socket\nimportlib.reload(socket)\nsocket.create_connection(('example.com', 80))",
        "*NetworkBlockedError*example.com*",
    ),
}


def _leftovers(marker: str) -> list[str]:
    """Command lines of live processes started by the run that carries ``marker`` in its environment."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return found


@pytest.mark.parametrize("mode", [["-p", "no:xdist"], ["-n", "2", "--dist", "load"]], ids=["one-process", "xdist"])
def test_a_snippet_cannot_switch_off_the_guards(pytester: pytest.Pytester, monkeypatch, mode: list[str]) -> None:  # noqa: ANN001
    import time
    import uuid

    marker = f"guide-hostile-{uuid.uuid4().hex}"
    monkeypatch.setenv("GUIDE_HOSTILE_RUN", marker)
    docs = pytester.path / "docs"
    docs.mkdir()
    for name, (code, _) in CATALOGUE.items():
        (docs / f"{name}.md").write_text(f"# {name}\n\n```python\n{code}\n```\n", encoding="utf-8")
    (docs / "zz_good.md").write_text(GOOD, encoding="utf-8")
    start = time.monotonic()
    result = pytester.runpytest_subprocess(*mode, "--guide-timeout=2", "--guide-memory=300", "docs", timeout=600)
    elapsed = time.monotonic() - start
    result.assert_outcomes(passed=1, failed=len(CATALOGUE))
    for _, expected in CATALOGUE.values():
        result.stdout.fnmatch_lines([expected])
    results = {
        json.loads(p.read_text("utf-8"))["path"]: json.loads(p.read_text("utf-8"))
        for p in (pytester.path / ".guide" / "results").glob("*.json")
    }
    assert results["docs/zz_good.md"]["output"] == "good page\n"
    # Each endless loop is stopped within seconds of its 2-second limit, not minutes.
    for name in ("ignores_sigalrm", "own_alarm_handler", "cancels_the_alarm", "ignores_sigterm_and_sigint"):
        assert results[f"docs/{name}.md"]["duration"] < 2 + 5
    assert elapsed < 300
    assert _leftovers(marker) == []


def test_a_snippet_marked_process_new_gets_a_process_of_its_own(pytester: pytest.Pytester) -> None:
    """TensorFlow's devices can be configured only before it starts: such a snippet must not share a worker."""
    docs = pytester.path / "docs"
    docs.mkdir()
    code = "import os\nprint(os.getpid())  # {}"
    fences = [f"```python{option}\n{code.format(n)}\n```" for n, option in enumerate(["", ' process="new"', ""])]
    (docs / "a.md").write_text("# A\n\n" + "\n\n".join(fences) + "\n", encoding="utf-8")
    pytester.runpytest_subprocess("-p", "no:xdist", "docs").assert_outcomes(passed=3)
    results = [json.loads(p.read_text("utf-8")) for p in (pytester.path / ".guide" / "results").glob("*.json")]
    pids = {r["line"]: r["output"] for r in results}
    assert sorted(pids) == [3, 8, 13]
    assert pids[3] != pids[8] != pids[13] and pids[3] != pids[13]
