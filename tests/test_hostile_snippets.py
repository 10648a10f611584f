"""Hostile snippets: each is contained, explained with file and line, and leaves other pages alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
        "import os, numpy as np, keras\n"
        "np.set_printoptions(precision=1)\n"
        "os.environ['GUIDE_LEAK'] = '1'\n"
        "keras.config.set_dtype_policy('mixed_float16')\n"
        "os.chdir('/')\n"
        "print('changed')"
    )
    second = (
        "import os, numpy as np, keras\n"
        "assert np.get_printoptions()['precision'] == 8\n"
        "assert 'GUIDE_LEAK' not in os.environ\n"
        "assert keras.config.dtype_policy().name == 'float32'\n"
        "assert os.getcwd() != '/'\n"
        "print('clean')"
    )
    docs = pytester.path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text(f"# A\n\n```python\n{first}\n```\n\n```python\n{second}\n```\n", encoding="utf-8")
    # In a subprocess: pytester's in-process runs unload modules, and NumPy cannot be imported twice.
    pytester.runpytest_subprocess("-p", "no:xdist", "docs").assert_outcomes(passed=2)
