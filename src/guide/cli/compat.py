"""``guide compat``: run the snippets in another TensorFlow / Keras environment and record the results apart.

``guide compat setup NAME --tensorflow 2.18.1 --keras 3.8.0`` makes a virtual environment under
``.guide/envs/NAME`` with the guide's dependencies and those two versions; ``guide compat run NAME`` runs
every snippet there with its own result store (``.guide/compat/NAME``) and writes ``compat/NAME.json``,
the report the site's compatibility table is made from (so the table always comes from a real run).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tomllib
from collections.abc import Sequence
from pathlib import Path

ENVS = Path(".guide") / "envs"
STORES = Path(".guide") / "compat"
REPORTS = Path("compat")


def _dependencies(overrides: dict[str, str]) -> list[str]:
    """pyproject's dependencies, with the pinned versions of ``overrides`` replaced."""
    listed = tomllib.loads(Path("pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    names = {requirement.split("==")[0].split(">")[0].split("<")[0].strip(): requirement for requirement in listed}
    names.update({name: f"{name}=={version}" for name, version in overrides.items()})
    return list(names.values())


def setup(name: str, overrides: dict[str, str]) -> int:
    """Create (or refresh) the environment ``name``."""
    env = ENVS / name
    python = env / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
    pip = [str(python), "-m", "pip", "install", "-q"]
    return subprocess.call([*pip, *_dependencies(overrides)]) or subprocess.call([*pip, "--no-deps", "-e", "."])


def run(name: str, workers: int, python: Path | None = None) -> int:
    """Run every snippet in ``name``'s environment (or ``python``'s); write its report; 0 when all passed."""
    python = python or ENVS / name / "bin" / "python"
    if not python.exists():
        print(f"{python}: 环境不存在，先运行 guide compat setup {name} --tensorflow X --keras Y", file=sys.stderr)
        return 2
    store = STORES / name
    env = dict(os.environ, GUIDE_RESULTS=str(store.resolve()))
    command = [str(python), "-m", "pytest", "-q", "-p", "no:hypothesispytest", "-n", str(workers), "docs"]
    code = subprocess.call(command, env=env)
    report = _report(python, store)
    REPORTS.mkdir(exist_ok=True)
    (REPORTS / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{name}: {report['passed']} / {report['total']} 个代码片段通过，报告写入 {REPORTS / name}.json")
    return code


def _report(python: Path, store: Path) -> dict[str, object]:
    """What the environment is and how each current snippet fared in it (asked of its own interpreter)."""
    script = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from guide.page.model import site_pages\n"
        "from guide.run.cache import ResultStore, result_key\n"
        "from guide.run.environment import versions\n"
        "store = ResultStore(Path(sys.argv[1]))\n"
        "rows = [(s.where, store.get(result_key(s.code))) for p in site_pages(Path('docs')) for s in p.python]\n"
        "failed = [w for w, r in rows if r is None or not r.passed]\n"
        "print(json.dumps({'versions': versions(), 'total': len(rows), 'passed': len(rows) - len(failed),"
        " 'failed': failed}))\n"
    )
    done = subprocess.run([str(python), "-c", script, str(store)], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def compat_command(argv: Sequence[str]) -> int:
    """``guide compat setup NAME --tensorflow V --keras V`` or ``guide compat run NAME``."""
    parser = argparse.ArgumentParser(prog="guide compat", description=__doc__)
    commands = parser.add_subparsers(dest="action", required=True)
    make = commands.add_parser("setup", help="创建另一个 TensorFlow / Keras 版本的环境")
    make.add_argument("name")
    make.add_argument("--tensorflow", required=True)
    make.add_argument("--keras", required=True)
    make.add_argument("--numpy", default=None)
    go = commands.add_parser("run", help="在该环境中运行全部代码片段并写出报告")
    go.add_argument("name")
    go.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    go.add_argument("--python", type=Path, default=None, help="用这个解释器的环境（例如 .venv/bin/python）")
    args = parser.parse_args(argv)
    if args.action == "setup":
        versions = {"tensorflow": args.tensorflow, "keras": args.keras}
        versions.update({"numpy": args.numpy} if args.numpy else {})
        return setup(args.name, versions)
    return run(args.name, args.workers, args.python)
