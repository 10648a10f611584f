"""Splitting the snippets over CI jobs: every job computes the same split from the same stored durations."""

from __future__ import annotations


def parse_shard(text: str) -> tuple[int, int]:
    """``"K/N"`` as (K, N); raise ValueError with a message for anything else."""
    try:
        index, count = (int(part) for part in text.split("/"))
    except ValueError:
        raise ValueError(f"--guide-shard 应写成 K/N，例如 1/2，而不是 {text!r}") from None
    if not 1 <= index <= count:
        raise ValueError(f"--guide-shard {text}: K 必须在 1 到 N 之间")
    return index, count


def assign_shards(estimates: dict[str, float], count: int) -> dict[str, int]:
    """Longest first onto the least loaded shard; ties by node id, so every shard computes the same split."""
    loads = [0.0] * count
    assigned: dict[str, int] = {}
    for nodeid, seconds in sorted(estimates.items(), key=lambda pair: (-pair[1], pair[0])):
        shard = min(range(count), key=lambda index: (loads[index], index))
        loads[shard] += seconds
        assigned[nodeid] = shard + 1
    return assigned
