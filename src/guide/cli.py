"""The ``guide`` command: the same few steps for contributors, CI and the README."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence

DOCS = "docs"


def _run(command: Sequence[str]) -> int:
    print("$", " ".join(command), flush=True)
    return subprocess.call(list(command))


def _pytest(paths: Sequence[str], extra: Sequence[str]) -> int:
    workers = ["-n", str(min(os.cpu_count() or 1, 4))] if "-n" not in extra else []
    code = _run([sys.executable, "-m", "pytest", *workers, *paths, *extra])
    return 0 if code == 5 else code  # 5: nothing collected, e.g. a filter that matched no page


def doctest(extra: Sequence[str] = ()) -> int:
    """Run every snippet of the pages (answered from the result store when unchanged)."""
    return _pytest([DOCS], extra)


def build(extra: Sequence[str] = ()) -> int:
    """Test the snippets, then build the site strictly: a page without a current pass fails the build."""
    return doctest() or _run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra])


def test(extra: Sequence[str] = ()) -> int:
    """All tests: the snippets first (the site tests read their results), then tests/."""
    return doctest(extra) or _pytest(["tests"], extra)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``guide`` command."""
    parser = argparse.ArgumentParser(prog="guide", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, func in (("test", test), ("doctest", doctest), ("build", build)):
        sub = commands.add_parser(name, help=func.__doc__)
        sub.set_defaults(func=func)
    args, extra = parser.parse_known_args(argv)
    return args.func(extra)


if __name__ == "__main__":
    sys.exit(main())
