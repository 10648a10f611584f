"""Guards around a running snippet: no network, a time limit and a memory limit."""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import socket
import threading
from collections.abc import Iterator

from guide.run.cache import Limits


class SnippetTimeout(Exception):
    """The snippet ran past its time limit."""


class SnippetMemoryError(MemoryError):
    """The snippet grew past its memory limit."""


class NetworkBlockedError(RuntimeError):
    """The snippet tried to reach the network. Not an OSError, so no library retries or hides it."""


# --- network -------------------------------------------------------------------------------------


def _refuse(target: object) -> None:
    raise NetworkBlockedError(
        f"代码片段不允许访问网络（network access is blocked in snippets）：试图连接 {target}。"
        "请在代码中生成小规模数据，不要下载数据集或预训练权重。"
    )


@contextlib.contextmanager
def no_network() -> Iterator[None]:
    """Make every internet connection attempt fail at once with `NetworkBlockedError`."""
    saved = (socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo, socket.create_connection)

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse(address)
        return saved[0](self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _refuse(address)
        return saved[1](self, address)

    def getaddrinfo(host: object, port: object, *args: object, **kwargs: object) -> list:
        _refuse(f"{host}:{port}")
        return []

    def create_connection(address: object, *args: object, **kwargs: object) -> socket.socket:
        _refuse(address)
        raise AssertionError("unreachable")

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex  # type: ignore[method-assign]
    socket.getaddrinfo, socket.create_connection = getaddrinfo, create_connection  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect, socket.socket.connect_ex = saved[0], saved[1]  # type: ignore[method-assign]
        socket.getaddrinfo, socket.create_connection = saved[2], saved[3]  # type: ignore[assignment]


# --- limits ---------------------------------------------------------------------------------------


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def limited(limits: Limits) -> Iterator[None]:
    """Interrupt the snippet when it runs too long or grows too big.

    Both use signals delivered to the main thread, which Python handles between bytecodes: a
    pure-Python loop stops at once; one long native call (a huge matmul) stops when it returns.
    Outside the main thread (rare: pytest always runs items there) no limit can be enforced.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise SnippetTimeout(f"代码片段运行超过 {limits.seconds:g} 秒的时间限制（time limit exceeded）")

    def on_memory(signum: int, frame: object) -> None:
        raise SnippetMemoryError(f"代码片段占用内存超过 {limits.memory_mb} MiB 的限制（memory limit exceeded）")

    stop = threading.Event()
    baseline = _rss_bytes()

    def watch() -> None:
        while not stop.wait(0.02):
            if _rss_bytes() - baseline > limits.memory_mb * 2**20:
                _thread.interrupt_main(signal.SIGUSR1)
                return

    old_alarm = signal.signal(signal.SIGALRM, on_alarm)
    old_usr1 = signal.signal(signal.SIGUSR1, on_memory)
    watcher = threading.Thread(target=watch, name="guide-memory-watch", daemon=True)
    watcher.start()
    signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        stop.set()
        watcher.join()
        signal.signal(signal.SIGALRM, old_alarm)
        signal.signal(signal.SIGUSR1, old_usr1)
