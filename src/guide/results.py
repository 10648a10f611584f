"""Stored results of snippet runs: one JSON file per key, readable by the build.

A key is a hash of exactly what determines a result: the snippet's code and the environment
fingerprint. Prose edits and moving a snippet keep its key; any code or version change makes a new
one. Files are plain JSON so a person can read them, and shards merge by copying files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from guide.environment import fingerprint
from guide.fences import Snippet

DEFAULT_DIR = Path(".guide") / "results"
ENV_VAR = "GUIDE_RESULTS"
"""Environment variable that points the tests and the build at another store (benchmarks, CI shards)."""


def store_dir(root: Path, explicit: str | None = None, configured: str | None = None) -> Path:
    """The result folder under ``root``: a command-line choice, else ``$GUIDE_RESULTS``, else the config's."""
    return root / (explicit or os.environ.get(ENV_VAR) or configured or DEFAULT_DIR)


class ResultError(ValueError):
    """A stored result that cannot be read or is not a valid result."""


def result_key(snippet: Snippet, env_fingerprint: str | None = None) -> str:
    """The cache key of a snippet in an environment."""
    env = env_fingerprint or fingerprint()
    return hashlib.sha256(f"{env}\0{snippet.source_hash}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Result:
    """What one run of one snippet gave."""

    key: str
    path: str
    line: int
    passed: bool
    output: str
    duration: float
    """Seconds of the snippet's own execution, TensorFlow import excluded."""
    error: str
    env: dict[str, str]
    nondeterministic: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, origin: str) -> Result:
        try:
            data = json.loads(text)
            return cls(**data)
        except (json.JSONDecodeError, TypeError) as exc:
            raise ResultError(f"{origin}: 不是有效的结果文件：{exc}") from exc


class ResultStore:
    """A folder of `Result` files named by key."""

    def __init__(self, root: Path | str = DEFAULT_DIR) -> None:
        self.root = Path(root)

    def _file(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str) -> Result | None:
        """The stored result for ``key``, or None."""
        file = self._file(key)
        if not file.is_file():
            return None
        return Result.from_json(file.read_text("utf-8"), str(file))

    def put(self, result: Result) -> None:
        """Store ``result`` atomically (parallel workers may write at once)."""
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(result.to_json())
        os.replace(tmp, self._file(result.key))

    def __iter__(self) -> Iterator[Result]:
        for file in sorted(self.root.glob("*.json")):
            yield Result.from_json(file.read_text("utf-8"), str(file))

    def merge_from(self, other: ResultStore) -> int:
        """Copy every result of ``other`` into this store; return how many."""
        count = 0
        for result in other:
            self.put(result)
            count += 1
        return count
