"""The supervisor: runs snippets in a worker process and enforces the limits from outside it.

A snippet can install signal handlers, cancel alarms, ignore SIGTERM, exit the process, fork, or leave
threads and children behind; none of that reaches the test run. The supervisor starts the clock when the
worker says the snippet's imports are done, kills the worker's whole process tree when time or memory run
out or when the worker dies, reports that as the snippet's failure at its file and line, and starts a
fresh worker for the next snippet. One worker serves many snippets, so TensorFlow is imported once.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from typing import IO, Any

from guide.page.fences import Snippet
from guide.run import processes
from guide.run.cache import Figure, Limits
from guide.run.runner import Outcome

# The worker's own guards fire at the limit with a traceback at the snippet's line; these margins are for
# a snippet that has switched them off, which the supervisor then stops from outside.
_GRACE_SECONDS = 3.0
_GRACE_MB = 256
_POLL = 0.05
_STARTUP_SECONDS = 300.0
"""Time allowed for the imports before a snippet starts (TensorFlow on a cold, busy machine)."""


# One thread a worker: the doc tests run one worker per core, and BLAS / TensorFlow thread pools that each
# take every core fight over them (5-20x slower on a busy machine). A reader's own setting wins.
_ONE_THREAD = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
)


def _worker_environment() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    for name in _ONE_THREAD:
        env.setdefault(name, "1")
    return env


class Worker:
    """One worker process and the two pipes to it."""

    def __init__(self) -> None:
        # The worker's own stderr (a crash of the worker itself, C-level noise): its tail goes into a "died" report.
        self.log = tempfile.TemporaryFile()
        request_read, self._request_write = os.pipe()
        self._response_read, response_write = os.pipe()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "guide.run.worker", str(request_read), str(response_write)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            pass_fds=(request_read, response_write),
            start_new_session=True,
            env=_worker_environment(),
        )
        os.close(request_read)
        os.close(response_write)
        self.requests: IO[str] = os.fdopen(self._request_write, "w", encoding="utf-8")
        # Read with os.read into our own buffer: select() cannot see lines a file object has already buffered.
        self.pending = b""

    def send(self, message: dict[str, Any]) -> None:
        self.requests.write(json.dumps(message, ensure_ascii=False) + "\n")
        self.requests.flush()

    def receive(self, deadline: float, memory_limit: int | None) -> dict[str, Any] | str:
        """The worker's next message, or why there is none: ``"time"``, ``"memory"`` or ``"died"``."""
        while True:
            if time.monotonic() > deadline:
                return "time"
            if memory_limit is not None:
                tree = [self.process.pid, *processes.descendants(self.process.pid)]
                if processes.rss_bytes(tree) > memory_limit:
                    return "memory"
            if b"\n" in self.pending:
                line, self.pending = self.pending.split(b"\n", 1)
                return json.loads(line)
            ready, _, _ = select.select([self._response_read], [], [], _POLL)
            if ready:
                chunk = os.read(self._response_read, 1 << 16)
                if not chunk:
                    return "died"
                self.pending += chunk

    def exit_report(self) -> str:
        """How the worker ended: its exit code and the last lines it wrote to stderr."""
        try:
            code = self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            code = None
        self.log.seek(0)
        tail = self.log.read().decode("utf-8", "replace").strip().splitlines()[-5:]
        return f"退出码 {code}" + ("：" + " / ".join(tail) if tail else "")

    def kill(self) -> None:
        """Kill the worker and everything below it, and reap it."""
        below = processes.descendants(self.process.pid)
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        for pid in below:  # children that left the session with setsid
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.process.wait()
        for close in (self.requests.close, self.log.close, lambda: os.close(self._response_read)):
            try:
                close()
            except OSError:
                pass


class Supervisor:
    """Runs snippets one at a time in a worker, replacing the worker whenever it cannot go on."""

    def __init__(self) -> None:
        self.worker: Worker | None = None

    def run(self, snippet: Snippet, limits: Limits) -> Outcome:
        fresh = dict(snippet.options).get("process") == "new"
        if fresh:
            self._discard()  # before and after: no other snippet shares this one's process
        worker = self.worker = self.worker or Worker()
        try:
            worker.send({"snippet": asdict(snippet), "limits": asdict(limits)})
        except (BrokenPipeError, OSError):
            self._discard()
            return self.run(snippet, limits)
        started = worker.receive(time.monotonic() + _STARTUP_SECONDS, None)
        if not isinstance(started, dict):
            return self._failed(snippet, limits, started, 0.0)
        begin = time.monotonic()
        baseline = processes.rss_bytes([worker.process.pid])
        memory = baseline + (limits.memory_mb + _GRACE_MB) * 2**20
        reply = worker.receive(begin + limits.seconds + _GRACE_SECONDS, memory)
        if not isinstance(reply, dict):
            return self._failed(snippet, limits, reply, time.monotonic() - begin)
        if fresh or not reply["fit"]:
            self._discard()
        outcome = reply["outcome"]
        outcome["uses"] = tuple(outcome["uses"])
        outcome["figures"] = tuple(Figure(**figure) for figure in outcome["figures"])
        return Outcome(**outcome)

    def _failed(self, snippet: Snippet, limits: Limits, why: str, seconds: float) -> Outcome:
        report = self.worker.exit_report() if self.worker and why == "died" else ""
        self._discard()
        stopped = "，已从外部终止"
        messages = {
            "time": f"SnippetTimeout: 代码片段运行超过 {limits.seconds:g} 秒的时间限制（time limit exceeded）{stopped}",
            "memory": (
                f"SnippetMemoryError: 代码片段占用内存超过 {limits.memory_mb} MiB 的限制"
                f"（memory limit exceeded）{stopped}"
            ),
            "died": f"SnippetExit: 代码片段结束了运行它的进程（os._exit、崩溃或被信号终止；{report}）",
        }
        return Outcome(False, "", seconds, f"{snippet.where}: {messages[why]}")

    def _discard(self) -> None:
        if self.worker is not None:
            self.worker.kill()
            self.worker = None

    def close(self) -> None:
        """Stop the worker (end of the test session): nothing it started outlives the run."""
        self._discard()
