"""Finding and killing a process's descendants through /proc (Linux), so no snippet's child outlives it."""

from __future__ import annotations

import os
import signal
from pathlib import Path


def _parents() -> dict[int, int]:
    """pid -> parent pid of every process we can see."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone while we looked
        # The command name (field 2) is in parentheses and may hold spaces: parse after the last ')'.
        found[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> list[int]:
    """Every process below ``pid``, children first."""
    parents = _parents()
    below, frontier = [], [pid]
    while frontier:
        children = [child for child, parent in parents.items() if parent in frontier and child not in below]
        below += children
        frontier = children
    return below


def kill_descendants(pid: int) -> int:
    """SIGKILL every process below ``pid`` and reap the direct children; return how many there were."""
    found = descendants(pid)
    for child in found:
        try:
            os.kill(child, signal.SIGKILL)
        except ProcessLookupError:
            pass
    for child in found:
        try:
            os.waitpid(child, 0)
        except ChildProcessError:
            pass  # a grandchild: it is reparented to us (a subreaper) and reaped below
    _reap()
    return len(found)


def _reap() -> None:
    """Collect every exited child (orphans a subreaper adopted included), so none stays a zombie."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def rss_bytes(pids: list[int]) -> int:
    """Resident memory of ``pids`` together."""
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    return total
