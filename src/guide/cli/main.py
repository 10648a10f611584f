"""The ``guide`` command: the same few steps for contributors, CI and the README."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from guide.page.model import DOCS


def _run(command: Sequence[str]) -> int:
    print("$", " ".join(command), flush=True)
    return subprocess.call(list(command))


def _pytest(paths: Sequence[str], extra: Sequence[str], dist: str = "load") -> int:
    parallel = not any(arg.startswith("-n") or arg == "no:xdist" for arg in extra)
    workers = ["-n", str(os.cpu_count() or 1), f"--dist={dist}"] if parallel else []
    code = _run([sys.executable, "-m", "pytest", *workers, *paths, *extra])
    return 0 if code == 5 else code  # 5: nothing collected, e.g. a filter that matched no page


# Snippet items need no hypothesis; its pytest plugin costs each worker a second to import.
DOCTEST_OPTIONS = ("-p", "no:hypothesispytest")


def doctest(extra: Sequence[str] = ()) -> int:
    """Run every snippet of the pages (answered from the result store when unchanged)."""
    code = _pytest([DOCS], [*DOCTEST_OPTIONS, *extra])
    if not extra:
        prune()  # a full run in the default store: results of code no page holds any more are stale
    return code


def prune() -> int:
    """Delete stored results that no current snippet's key asks for; say how many."""
    from guide.page.model import site_pages
    from guide.run.cache import ResultStore, result_key, results_dir
    from guide.site.downloads import notebook_key

    pages = site_pages(Path(DOCS))
    keys = {result_key(snippet.code) for page in pages for snippet in page.python}
    keys |= {notebook_key(page) for page in pages if page.python}
    removed = ResultStore(results_dir(Path.cwd())).prune(keys)
    if removed:
        print(f"已删除 {removed} 个过期的结果（代码或环境已改变）")
    return 0


def build(extra: Sequence[str] = ()) -> int:
    """Test the snippets, build the site strictly (a page without a current pass fails), check its links."""
    from guide.cli.pdf import PDF_NAME, build_pdf

    built = doctest() or _run([sys.executable, "-m", "mkdocs", "build", "--strict", *extra])
    if built:
        return built
    if os.environ.get("GUIDE_NO_PDF"):  # a contributor without Chromium: everything but the PDF
        return linkcheck(["site", "--ignore", PDF_NAME])
    return build_pdf(Path("site")) or linkcheck(["site"])


def linkcheck(extra: Sequence[str]) -> int:
    """Every internal link and anchor of a built site must resolve: ``guide linkcheck [SITE_DIR]``."""
    from guide.site.linkcheck import broken_links

    parser = argparse.ArgumentParser(prog="guide linkcheck")
    parser.add_argument("site", nargs="?", type=Path, default=Path("site"))
    parser.add_argument("--ignore", action="append", default=[], help="不检查指向这个文件的链接")
    args = parser.parse_args(extra)
    site = args.site
    broken = [problem for problem in broken_links(site) if not any(name in problem for name in args.ignore)]
    for problem in broken:
        print(f"断开的链接：{problem}", file=sys.stderr)
    print(f"链接检查：{site}/ 中有 {len(broken)} 个断开的链接")
    return 1 if broken else 0


def check(extra: Sequence[str] = ()) -> int:
    """Exactly what CI does (all tests, strict build, link check), then a summary per page."""
    from guide.cli.summary import page_summary

    code = test(extra) or build()
    print(page_summary(Path(DOCS)))
    return code


def test(extra: Sequence[str] = ()) -> int:
    """All tests: the snippets first (the site tests read their results), then tests/."""
    # loadgroup: the site tests share one built site and browser on one worker; every other test spreads out.
    return doctest(extra) or _pytest(["tests"], extra, dist="loadgroup")


def merge(extra: Sequence[str]) -> int:
    """Merge result stores of CI shards: ``guide merge SHARD_DIR... --into .guide/results``."""
    from guide.run.cache import ResultStore, results_dir

    parser = argparse.ArgumentParser(prog="guide merge")
    parser.add_argument("shards", nargs="+", type=Path)
    parser.add_argument(
        "--into", type=Path, default=results_dir(Path.cwd()), help="默认：$GUIDE_RESULTS 或 .guide/results"
    )
    args = parser.parse_args(extra)
    into = ResultStore(args.into)
    total = sum(into.merge_from(ResultStore(shard)) for shard in args.shards)
    print(f"{total} 个结果已合并到 {args.into}")
    return 0


def sources(extra: Sequence[str]) -> int:
    """Where every seed question is answered: ``guide sources --json``."""
    from guide.bank.source_map import source_map
    from guide.errors import GuideError

    parser = argparse.ArgumentParser(prog="guide sources")
    parser.add_argument("--json", action="store_true", help="print a JSON list of {file, number, title, url}")
    args = parser.parse_args(extra)
    try:
        rows = source_map(Path(DOCS), Path("banks"))
    except GuideError as exc:
        print(f"guide sources: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(f"{row['file']}#{row['number']}\t{row['title']}\t{row['url']}")
    return 0


def _fingerprint() -> str:
    from guide.run.environment import fingerprint

    return fingerprint()


def _lazy(module: str, name: str) -> Callable[[Sequence[str]], int]:
    """A command implemented in another module, imported only when it runs."""

    def command(extra: Sequence[str]) -> int:
        return getattr(__import__(f"guide.{module}", fromlist=[name]), name)(extra)

    return command


COMMANDS: dict[str, tuple[Callable[[Sequence[str]], int], str]] = {
    "test": (test, "运行全部测试：先运行代码片段，再运行 tests/"),
    "doctest": (doctest, "只运行 docs/ 中的代码片段（未改动的直接复用结果）"),
    "build": (build, "运行代码片段，再严格构建网站（mkdocs build --strict）"),
    "check": (check, "贡献者提交前运行：与 CI 完全相同的检查，并按页面汇总"),
    "linkcheck": (linkcheck, "检查构建好的网站中的站内链接和锚点"),
    "merge": (merge, "合并 CI 分片的结果存储"),
    "prune": (lambda extra: prune(), "删除不再被任何代码片段使用的结果"),
    "fingerprint": (lambda extra: print(_fingerprint()) or 0, "打印环境指纹（CI 用它作结果缓存的键）"),
    "sources": (sources, "列出每道原题在指南中的位置（--json）"),
    "import": (_lazy("bank.drafts", "import_command"), "把原始题库导入为草稿页"),
    "bench": (_lazy("cli.bench", "bench_command"), "测量测试与构建的耗时和比值"),
    "new": (_lazy("cli.scaffold", "scaffold_command"), "按页面格式新建一道题：guide new PAGE --id q-... --title 标题"),
    "lint": (_lazy("cli.lint", "lint_command"), "用 ruff 检查页面里的 python 代码块"),
    "compat": (_lazy("cli.compat", "compat_command"), "在另一个 TensorFlow / Keras 版本的环境里运行全部代码片段"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``guide`` command."""
    parser = argparse.ArgumentParser(prog="guide", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, (_, help_text) in COMMANDS.items():
        commands.add_parser(name, help=help_text, add_help=False)
    args, extra = parser.parse_known_args(argv)
    return COMMANDS[args.command][0](extra)


if __name__ == "__main__":
    sys.exit(main())
