"""``guide bench``: what the doc tests cost, against the ideal and against running snippets naively.

All figures come from one run on this machine, so their ratios are comparable even when the
machine is shared and noisy. Every stage uses its own temporary result store.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

from guide.cli.main import DOCTEST_OPTIONS
from guide.page.fences import Snippet
from guide.page.model import page_files, read_page
from guide.run.cache import ResultStore, result_key, results_dir


@dataclass(frozen=True)
class Figures:
    """Seconds for each stage of the benchmark."""

    cold: float
    ideal: float
    naive: float
    warm: float
    one_page: float
    one_page_share: float
    build: float
    snippets: int
    workers: int
    tf_import: float
    snippet_seconds: float


def _timed(command: Sequence[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(list(command), env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"命令失败：{' '.join(command)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return time.perf_counter() - start


def _doctest(results: Path, workers: int, paths: Sequence[str]) -> float:
    env = dict(os.environ, GUIDE_RESULTS=str(results))
    command = [sys.executable, "-m", "pytest", "-q", *DOCTEST_OPTIONS, "-n", str(workers), *paths]
    return _timed(command, env)


def _naive(snippets: Sequence[Snippet], workers: int, scratch: Path) -> float:
    """Each snippet as its own ``python`` process, as a reader pasting it would run it."""
    files = []
    for number, snippet in enumerate(snippets):
        folder = scratch / f"s{number}"
        folder.mkdir(parents=True)
        (folder / "snippet.py").write_text(snippet.source, encoding="utf-8")
        files.append(folder)

    def _run_in(folder: Path) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "snippet.py"], cwd=folder, capture_output=True)
        return time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(_run_in, files))
    return time.perf_counter() - start


def measure(docs: Path, workers: int, scratch: Path) -> Figures:
    """Run every stage once and return the figures."""
    by_page = {p: list(read_page(docs, p).python) for p in page_files(docs)}
    snippets = [s for found in by_page.values() for s in found]
    cold_store = scratch / "cold"
    cold = _doctest(cold_store, workers, [str(docs)])
    results = {r.key: r for r in ResultStore(cold_store)}
    own = {s: results[result_key(s.code)].duration for s in snippets}
    tf_import = _timed([sys.executable, "-c", "import tensorflow, keras"], dict(os.environ))
    ideal = tf_import + sum(own.values()) / workers
    naive = _naive(snippets, workers, scratch / "naive")
    warm = _doctest(cold_store, workers, [str(docs)])
    page = _median_page(by_page, own)
    changed = scratch / "one-page"
    shutil.copytree(cold_store, changed)
    for snippet in by_page[page]:
        (changed / f"{result_key(snippet.code)}.json").unlink(missing_ok=True)
    one_page = _doctest(changed, workers, [str(docs)])
    share = sum(own[s] for s in by_page[page]) / max(sum(own.values()), 1e-9)
    # The build needs a result for every page: the cold results, over the user's store when --docs is a subset.
    build_store = ResultStore(scratch / "build")
    build_store.merge_from(ResultStore(results_dir(Path.cwd())))
    build_store.merge_from(ResultStore(cold_store))
    env = dict(os.environ, GUIDE_RESULTS=str(build_store.root))
    build = _timed([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(scratch / "site")], env)
    return Figures(
        cold, ideal, naive, warm, one_page, share, build, len(snippets), workers, tf_import, sum(own.values())
    )


def _median_page(by_page: dict[Path, list[Snippet]], own: dict[Snippet, float]) -> Path:
    """The page whose snippets cost the median among pages that have snippets: a typical edit."""
    costs = sorted((sum(own[s] for s in found), str(p)) for p, found in by_page.items() if found)
    return Path(costs[len(costs) // 2][1])


def report(f: Figures) -> str:
    """The figures and the ratios the issue asks for, one per line."""
    return "\n".join(
        [
            f"snippets: {f.snippets}, workers: {f.workers}, TensorFlow import: {f.tf_import:.1f} s, "
            f"snippets' own time: {f.snippet_seconds:.1f} s",
            f"(a) cold run with the harness:        {f.cold:8.1f} s",
            f"(b) ideal (1 import + own time / {f.workers}):  {f.ideal:8.1f} s",
            f"(c) naive, one python per snippet:    {f.naive:8.1f} s",
            f"(d) warm run, nothing changed:        {f.warm:8.1f} s",
            f"(e) after one page changed:           {f.one_page:8.1f} s  "
            f"(that page: {f.one_page_share:.1%} of own time)",
            f"(f) site build:                       {f.build:8.1f} s",
            f"a/b = {f.cold / f.ideal:.2f}   a/c = {f.cold / f.naive:.2f}   d/a = {f.warm / f.cold:.3f}   "
            f"e/a = {f.one_page / f.cold:.3f}",
        ]
    )


def bench_command(argv: Sequence[str]) -> int:
    """``guide bench [--docs DIR] [--workers N]``: print the figures and write .guide/bench.json."""
    parser = argparse.ArgumentParser(prog="guide bench", description=__doc__)
    parser.add_argument("--docs", type=Path, default=Path("docs"))
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as scratch:
        figures = measure(args.docs, args.workers, Path(scratch))
    print(report(figures))
    out = Path(".guide") / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(asdict(figures), indent=1), encoding="utf-8")
    return 0
