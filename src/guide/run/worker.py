"""The snippet worker: a process that imports TensorFlow once and runs snippets for a supervisor.

It is started by `guide.run.supervisor` as ``python -m guide.run.worker REQUEST_FD RESPONSE_FD``, in a
session of its own, with stdin and stdout closed off. What a snippet can do to this process is the
worker's problem, not the test run's: the supervisor enforces the time and memory limits from outside
and replaces the worker whenever it dies or reports itself unclean. Inside, the worker blocks the
network with an audit hook (which no Python code can remove), adopts orphans (so a snippet's
children can be found and killed), and checks after each snippet what it left behind.
"""

from __future__ import annotations

import builtins
import ctypes
import json
import os
import signal
import socket
import sys
import threading
from dataclasses import asdict
from typing import Any

from guide.page.fences import Snippet
from guide.run import processes
from guide.run.cache import Limits
from guide.run.guards import NetworkBlockedError

_PR_SET_CHILD_SUBREAPER = 36
_INTERNET = (socket.AF_INET, socket.AF_INET6)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Refuse every internet connection, at the C level too: audit hooks cannot be removed."""
    if event == "socket.connect" and args[0].family in _INTERNET:
        _refuse(args[1])
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        _refuse(args[0])


def _refuse(target: object) -> None:
    raise NetworkBlockedError(
        f"代码片段不允许访问网络（network access is blocked in snippets）：试图连接 {target}。"
        "请在代码中生成小规模数据，不要下载数据集或预训练权重。"
    )


class _Residue:
    """What a snippet may leave behind that no restore can undo: noted before, compared after."""

    def __init__(self) -> None:
        self.builtins = dict(vars(builtins))
        self.modules = dict(sys.modules)
        self.threads = set(threading.enumerate())
        self.handlers = {number: signal.getsignal(number) for number in _catchable()}

    def problems(self) -> tuple[list[str], bool]:
        """(what the snippet left, whether this process is still fit for another snippet)."""
        found, fit = [], True
        threads = [t.name for t in threading.enumerate() if t not in self.threads and t.is_alive() and not t.daemon]
        if threads:
            found.append(f"代码片段结束后还有线程在运行（{', '.join(threads)}）：请在代码里 join 它们")
            fit = False
        children = processes.kill_descendants(os.getpid())
        if children:
            found.append(f"代码片段结束后还有 {children} 个子进程在运行（已终止）：请等待子进程结束")
        changed = [name for name, value in self.builtins.items() if vars(builtins).get(name) is not value]
        replaced = [name for name, module in self.modules.items() if sys.modules.get(name) is not module]
        if changed or replaced:
            found.append(f"代码片段改动了内置函数或已导入的模块（{', '.join((changed + replaced)[:5])}）")
            fit = False
        for number, handler in self.handlers.items():
            if signal.getsignal(number) is not handler:
                signal.signal(number, handler)  # put back quietly: limits are enforced from outside anyway
        return found, fit


def _catchable() -> list[int]:
    return [s for s in signal.valid_signals() if s not in (signal.SIGKILL, signal.SIGSTOP) and 0 < s < 32]


def _run_one(snippet: Snippet, limits: Limits, responses: Any) -> tuple[dict[str, Any], bool]:
    """Run one snippet; (its outcome as a dict, whether this process is fit for another)."""
    from guide.run.runner import execute  # imports numpy; TensorFlow only when a snippet needs it

    residues: list[_Residue] = []

    def started() -> None:
        residues.append(_Residue())  # after the imports: what they start or add is not the snippet's
        _send(responses, {"started": True})

    outcome = execute(snippet, limits, started)
    problems, fit = residues[0].problems() if residues else ([], True)
    error = outcome.error or "\n".join(f"{snippet.where}: {problem}" for problem in problems)
    return {**asdict(outcome), "passed": not error, "error": error}, fit


def _serve(requests: Any, responses: Any) -> None:
    pid = os.getpid()
    for line in requests:
        message = json.loads(line)
        outcome, fit = _run_one(Snippet(**message["snippet"]), Limits(**message["limits"]), responses)
        if os.getpid() != pid:
            os._exit(0)  # a forked copy returning here must not answer for the worker
        _send(responses, {"outcome": outcome, "fit": fit})
        if not fit:
            os._exit(0)  # the next snippet gets a fresh process (threads left behind cannot hold this one)


def _send(responses: Any, message: dict[str, Any]) -> None:
    responses.write(json.dumps(message, ensure_ascii=False) + "\n")
    responses.flush()


def main() -> None:
    request_fd, response_fd = (int(arg) for arg in sys.argv[1:3])
    sys.addaudithook(_audit)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    with os.fdopen(request_fd, "r", encoding="utf-8") as requests, os.fdopen(response_fd, "w", encoding="utf-8") as out:
        _serve(requests, out)


if __name__ == "__main__":
    main()
