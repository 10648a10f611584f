"""Ruff on the ``python`` fences of the pages, with findings reported at their Markdown file and line."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from guide.errors import GuideError
from guide.page.fences import Snippet
from guide.page.model import DOCS, page_files, parse_page
from guide.page.typography import long_lines

# Rules a self-contained teaching snippet must pass: pyflakes (undefined names, unused imports, f-strings without
# placeholders) and pycodestyle's E9 (code that does not parse). Import order, line length and pyupgrade rewrites
# are style noise for a snippet read top to bottom; the rest of the project's config (target version) still applies.
FENCE_RULES = ("F", "E9")


class LintError(RuntimeError):
    """Ruff could not be run on the fences."""


def _snippets(paths: Sequence[Path]) -> list[Snippet]:
    """Every python fence of the pages, parsed by the one fence parser."""
    found: list[Snippet] = []
    for path in paths:
        found.extend(parse_page(path.read_text("utf-8"), path.as_posix()).python)
    return found


def _ruff(files: Sequence[Path]) -> tuple[int, list[dict]]:
    """Run ruff check on ``files`` with the project's config and the fence rules; its status and findings."""
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "json"]
    # The snippets live in a temporary folder where ruff would find no config: name the project's explicitly.
    if (config := Path("pyproject.toml")).is_file():
        command += ["--config", str(config.resolve())]
    command += ["--select", ",".join(FENCE_RULES), *map(str, files)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise LintError(f"无法运行 ruff：{error}") from error
    if done.returncode not in (0, 1):
        raise LintError(f"ruff 运行失败（退出码 {done.returncode}）：{done.stderr.strip()}")
    return done.returncode, json.loads(done.stdout or "[]")


def lint_fences(paths: Sequence[Path]) -> int:
    """Print ruff's findings in the python fences of ``paths`` as ``file:line:col: CODE message``; ruff's status."""
    snippets = _snippets(paths)
    if not snippets:
        return 0
    with tempfile.TemporaryDirectory(prefix="guide-lint-") as folder:
        files: dict[str, Snippet] = {}
        for number, snippet in enumerate(snippets):
            file = Path(folder, f"fence_{number:04d}.py")
            # Padded with blank lines, so ruff's line numbers are the Markdown file's.
            file.write_text(snippet.padded_source(), encoding="utf-8")
            files[str(file)] = snippet
        status, findings = _ruff([Path(name) for name in files])
    for finding in sorted(findings, key=lambda f: (f["filename"], f["location"]["row"], f["location"]["column"])):
        snippet = files[finding["filename"]]
        line, column = finding["location"]["row"], finding["location"]["column"] + snippet.indent
        print(f"{snippet.path}:{line}:{column}: {finding['code']} {finding['message']}")
    wide = [problem for snippet in snippets for problem in long_lines(snippet.source, snippet.path, snippet.line)]
    for problem in wide:
        print(problem)
    return status or int(bool(wide))


def _pages(names: Sequence[str]) -> list[Path]:
    """The Markdown files named, or every page under docs/ when none is."""
    if names:
        return [Path(name) for name in names if name.endswith(".md")]
    return page_files(Path(DOCS))


def lint_command(argv: Sequence[str]) -> int:
    """``guide lint [FILES...]``: ruff on the python fences of the pages (default: every page under docs/)."""
    parser = argparse.ArgumentParser(prog="guide lint", description=lint_command.__doc__)
    parser.add_argument("files", nargs="*", metavar="FILE", help="Markdown 文件（默认：docs/ 下全部页面）")
    args = parser.parse_args(argv)
    try:
        return lint_fences(_pages(args.files))
    except (GuideError, LintError, OSError) as error:
        print(error, file=sys.stderr)
        return 2
