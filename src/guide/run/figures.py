"""Figures a snippet shows: ``plt.show()`` in a snippet stores each open figure as a PNG with alt text."""

from __future__ import annotations

import base64
import contextlib
import io
import os
from collections.abc import Iterator

from guide.run.cache import Figure

MAX_FIGURES = 4
DPI = 100


def _alt(figure: object) -> str:
    """Alt text from what the figure says of itself: its title(s) and axis labels."""
    parts = []
    title = figure._suptitle.get_text() if getattr(figure, "_suptitle", None) else ""  # type: ignore[attr-defined]
    if title:
        parts.append(title)
    for axes in figure.get_axes():  # type: ignore[attr-defined]
        words = [axes.get_title(), axes.get_xlabel() and f"x: {axes.get_xlabel()}"]
        words.append(axes.get_ylabel() and f"y: {axes.get_ylabel()}")
        parts.append("，".join(word for word in words if word))
    text = "；".join(part for part in parts if part)
    return f"代码输出的图：{text}" if text else "代码输出的图"


def _png(figure: object) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")  # type: ignore[attr-defined]
    return base64.b64encode(buffer.getvalue()).decode("ascii")


@contextlib.contextmanager
def captured_figures(uses_matplotlib: bool) -> Iterator[list[Figure]]:
    """While active, ``plt.show()`` appends the open figures to the yielded list and closes them."""
    shown: list[Figure] = []
    if not uses_matplotlib:
        yield shown
        return
    os.environ["MPLBACKEND"] = "Agg"  # no display in a test run; set before pyplot is first imported
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    original = plt.show

    def show(*args: object, **kwargs: object) -> None:
        for number in plt.get_fignums():
            if len(shown) >= MAX_FIGURES:
                raise RuntimeError(f"一个代码片段最多显示 {MAX_FIGURES} 张图")
            figure = plt.figure(number)
            shown.append(Figure(_png(figure), _alt(figure)))
        plt.close("all")

    plt.show = show
    try:
        yield shown
    finally:
        plt.show = original
        plt.close("all")
