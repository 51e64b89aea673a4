"""The progress bar every long CLI command shows on stderr (CLI layer only).

What the ETA means: ``~M:SS`` is the time left if the rest runs at the average rate so far,
and the range in brackets is the time left at the fastest and the slowest rate seen over any
four consecutive updates. It is a projection of past paces: when work per unit changes (in a
deal scan a chunk costs more the larger the Pareto frontier already is), no estimate from
the unit counter alone can be right early on; docs/deals.md gives measured errors on a 16.8M
package space. Estimates count down between updates; once every unit is done the bar says
what the command still does, with the elapsed time running (for ``accord deals``: merging
the chunks' frontiers, then the solutions over the frontier; no ETA is claimed for that
stage, which can be a large share of the run on big frontiers). The time to the first
update (loading compiled kernels, building tables) is left out of the rates once a second
update has come.

rich's own ``TimeRemainingColumn`` divides the units left by the rate over the last 30 s of
updates, shows no spread, and stands still between updates; this column replaces it.
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

__all__ = ["EtaColumn", "EtaEstimate", "ProgressUpdate", "RateTracker", "progress_bar", "showing_progress"]

ProgressUpdate = Callable[[int, int], None]
"""``update(done, total)``."""

WINDOW = 4
"""Consecutive updates over which the fastest and slowest rates are measured."""


@dataclass(frozen=True)
class EtaEstimate:
    """Seconds left: at the average rate so far (``mid``), the fastest (``low``) and slowest (``high``)."""

    mid: float
    low: float
    high: float


@dataclass
class RateTracker:
    """The updates of one bar, ``(seconds, done)``, and the ETA they support.

    Attributes:
        total: Units in all (``None`` until the first update).
        samples: ``(time, done)`` per update, from the first update with this total.
        window: Updates per rate window for the range.
        started: When the work started (``time.monotonic()``), if known.
    """

    total: int | None = None
    samples: list[tuple[float, int]] = field(default_factory=list)
    window: int = WINDOW
    started: float | None = None

    def add(self, now: float, done: int, total: int) -> None:
        """Record an update; a new total (or a step back) starts over.

        The first total counts from ``started`` (when the bar was made) with nothing done, so
        the first unit's time is in the rate.
        """
        if total != self.total or (self.samples and done < self.samples[-1][1]):
            first = self.total is None and self.started is not None and self.started <= now
            self.total = total
            self.samples = [(self.started, 0)] if first and self.started is not None else []
        self.samples.append((now, done))

    def estimate(self, now: float) -> EtaEstimate | None:
        """Seconds left at ``now`` (counting down since the last update), or ``None`` before two updates."""
        if self.total is None or len(self.samples) < 2:
            return None
        # Once a later pair exists, the time to the first update is left out: it holds one-off
        # set-up (loading compiled kernels, building tables) that the rest will not repeat.
        samples = self.samples[1:] if len(self.samples) >= 3 else self.samples
        t0, d0 = samples[0]
        t1, d1 = samples[-1]
        left = self.total - d1
        if left <= 0:
            return EtaEstimate(0.0, 0.0, 0.0)
        if t1 <= t0 or d1 <= d0:
            return None
        average = (d1 - d0) / (t1 - t0)
        rates = [average]
        span = min(self.window, len(samples) - 1)
        for i in range(len(samples) - span):
            (ta, da), (tb, db) = samples[i], samples[i + span]
            if tb > ta and db > da:
                rates.append((db - da) / (tb - ta))
        since = max(0.0, now - t1)
        return EtaEstimate(
            max(0.0, left / average - since),
            max(0.0, left / max(rates) - since),
            max(0.0, left / min(rates) - since),
        )


def _clock(seconds: float) -> str:
    s = math.ceil(seconds)
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


class EtaColumn(ProgressColumn):
    """Renders ``~mid (low-high)`` from the task's :class:`RateTracker` (field ``eta``).

    Once every unit is done it shows the task's ``after`` field (what the command still does,
    with no estimate: nothing in the unit counter predicts it), ``finishing`` by default.
    """

    max_refresh = 0.5

    def render(self, task: Task) -> Text:
        """Show the estimate, ``finishing`` once every unit is done, or ``-:--`` before two updates."""
        tracker = task.fields.get("eta")
        if not isinstance(tracker, RateTracker) or task.total is None:
            return Text("-:--", style="progress.remaining")
        if tracker.total is not None and tracker.samples and tracker.samples[-1][1] >= tracker.total:
            after = task.fields.get("after")
            return Text(after if isinstance(after, str) else "finishing", style="progress.remaining")
        eta = tracker.estimate(time.monotonic())
        if eta is None:
            return Text("-:--", style="progress.remaining")
        return Text(f"~{_clock(eta.mid)} ({_clock(eta.low)}-{_clock(eta.high)})", style="progress.remaining")


def progress_bar(label: str, console: Console, after: str = "finishing") -> tuple[Progress, ProgressUpdate]:
    """Return a transient bar labelled ``label`` and its ``update(done, total)``; start it yourself.

    The bar shows the time elapsed and the ETA of the counted units; ``after`` names what
    follows the last unit (shown instead of an ETA then, while the elapsed time keeps running).
    """
    bar = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        EtaColumn(),
        console=console,
        transient=True,
    )
    tracker = RateTracker(started=time.monotonic())
    task = bar.add_task(label, total=None, eta=tracker, after=after)

    def update(done: int, total: int) -> None:
        tracker.add(time.monotonic(), done, total)
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
