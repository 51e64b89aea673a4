"""The progress bar every long CLI command shows on stderr (CLI layer only)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["ProgressUpdate", "progress_bar", "showing_progress"]

ProgressUpdate = Callable[[int, int], None]
"""``update(done, total)``."""


def progress_bar(label: str, console: Console) -> tuple[Progress, ProgressUpdate]:
    """Return a transient bar labelled ``label`` and its ``update(done, total)``; start it yourself."""
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(label, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total)

    return bar, update


@contextlib.contextmanager
def showing_progress(label: str, console: Console, show: bool) -> Iterator[ProgressUpdate | None]:
    """Show a bar while the block runs and yield its update, or yield ``None`` when ``show`` is false."""
    if not show:
        yield None
        return
    bar, update = progress_bar(label, console)
    with bar:
        yield update
