"""The result cache: one key recipe, one folder, results validated when stored and when read.

A key is a hash of exactly what determines a result (as jupyter-cache and markdown-exec do): the
snippet's code, the environment fingerprint, the limits it ran under and the schema of this file.
Prose edits and moving a snippet keep its key; any code, version or limit change makes a new one.
Files are plain JSON so a person can read them, and CI shards merge by copying files.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from guide.errors import GuideError
from guide.run.environment import fingerprint

SCHEMA = 2
"""Bump when the key recipe or the `Result` fields change: every old result is then stale."""
DEFAULT_DIR = Path(".guide") / "results"
ENV_VAR = "GUIDE_RESULTS"
"""Environment variable that points every command at another store (benchmarks, CI shards, compat runs)."""


@dataclass(frozen=True)
class Limits:
    """What a snippet may use; part of its key, since a pass under other limits is another fact."""

    seconds: float = 60.0
    memory_mb: int = 3072
    """Growth of resident memory allowed during the snippet."""
    output_kb: int = 256
    """Captured output allowed; a snippet that prints more fails."""


DEFAULT_LIMITS = Limits()


class ResultError(GuideError):
    """A stored result that cannot be read or is not a valid result; the message names its file."""


def results_dir(root: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where results live: an explicit choice, else ``$GUIDE_RESULTS``, else ``.guide/results`` under ``root``."""
    return root / (explicit or os.environ.get(ENV_VAR) or DEFAULT_DIR)


def result_key(code: str, limits: Limits = DEFAULT_LIMITS, env: str | None = None) -> str:
    """The key of a snippet's code run under ``limits`` in environment ``env`` (default: this one)."""
    recipe = {"schema": SCHEMA, "code": code, "env": env or fingerprint(), "limits": asdict(limits)}
    return hashlib.sha256(json.dumps(recipe, sort_keys=True).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Figure:
    """An image a snippet drew (``plt.show()``), stored with its result."""

    png: str
    """Base64 of the PNG file."""
    alt: str


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
    uses: tuple[str, ...] = ()
    """Top-level packages the snippet imported (numpy, keras, …), for the verified mark."""
    figures: tuple[Figure, ...] = field(default=())

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, origin: str) -> Result:
        """Parse and validate; raise `ResultError` naming ``origin`` for anything that is not a result."""
        try:
            data = json.loads(text)
            if not isinstance(data, dict) or set(data) - {f.name for f in fields(cls)}:
                raise TypeError("字段不对")
            data["uses"] = tuple(data.get("uses", ()))
            data["figures"] = tuple(Figure(**figure) for figure in data.get("figures", ()))
            return validated(cls(**data), origin)
        except (json.JSONDecodeError, TypeError, ValueError) as exc:
            raise ResultError(f"{origin}: 不是有效的结果文件（{exc}）；删除它，或重新运行 `guide test`") from exc


def validated(result: Result, origin: str) -> Result:
    """``result`` if its fields have the types a result needs; raise `ResultError` otherwise."""
    checks = (
        (result.key, str),
        (result.path, str),
        (result.line, int),
        (result.passed, bool),
        (result.output, str),
        (result.duration, (int, float)),
        (result.error, str),
        (result.env, dict),
    )
    if not all(isinstance(value, kind) for value, kind in checks) or (result.passed and result.error):
        raise ResultError(f"{origin}: 结果文件的字段类型不对")
    return result


class ResultStore:
    """A folder of `Result` files named by key."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def _file(self, key: str) -> Path:
        return self.root / f"{key}.json"

    def get(self, key: str) -> Result | None:
        """The stored result for ``key``, or None; a corrupt file raises `ResultError` naming it."""
        file = self._file(key)
        try:
            text = file.read_text("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise ResultError(f"{file}: 无法读取结果文件（{exc}）") from exc
        result = Result.from_json(text, str(file))
        if result.key != key:
            raise ResultError(f"{file}: 文件名与其中的 key 不一致")
        return result

    def put(self, result: Result) -> None:
        """Validate and store ``result`` atomically (parallel workers may write at once)."""
        validated(result, f"{self._file(result.key)}（写入前）")
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(result.to_json())
        os.replace(tmp, self._file(result.key))

    def discard(self, key: str) -> None:
        """Forget ``key`` (a corrupt file, before it is run again)."""
        self._file(key).unlink(missing_ok=True)

    def keys(self) -> set[str]:
        return {file.stem for file in self.root.glob("*.json")}

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

    def prune(self, keep: Iterable[str]) -> int:
        """Delete every result whose key is not in ``keep`` (stale code or environment); return how many."""
        stale = self.keys() - set(keep)
        for key in stale:
            self.discard(key)
        return len(stale)
