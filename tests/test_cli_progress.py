"""The deal scan's progress and the CLI's ETA (issue 16, item 5).

The scan's callback is monotone and ends at the package count (compiled and numpy paths);
``accord deals`` feeds it to the bar; the ETA is the average rate's estimate with the range
of the fastest and slowest recent rates, counts down between updates and says
``finishing`` once every package is scored.
"""

import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from rich.console import Console
from rich.progress import Progress
from typer.testing import CliRunner

from accord.case import Case
from accord.cli import app
from accord.cli import deals as deals_cli
from accord.cli import progress as progress_module
from accord.cli.progress import EtaColumn, RateTracker, progress_bar
from accord.deals import DealSpace, _kernels, analyse_deals, scan


def _case(n_issues: int = 6, n_options: int = 4, n_actors: int = 3) -> Case:
    rng = np.random.default_rng(7)
    actors = [f"A{i}" for i in range(n_actors)]
    return Case.model_validate(
        {
            "id": "p",
            "title": "t",
            "as_of": "2025-01-01",
            "description": "d",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": 0.4,
                }
                for a in actors
            ],
            "issues": [
                {
                    "id": f"i{k}",
                    "name": f"i{k}",
                    "description": "d",
                    "options": [
                        {"id": f"o{j}", "label": str(j), "position": j * 100 / (n_options - 1)}
                        for j in range(n_options)
                    ],
                }
                for k in range(n_issues)
            ],
            "positions": [
                {"actor": a, "issue": f"i{k}", "ideal": float(rng.integers(0, 101)), "salience": 1.0}
                for a in actors
                for k in range(n_issues)
            ],
        }
    )


def _assert_monotone_to_total(calls: list[tuple[int, int]], total: int) -> None:
    assert calls, "no progress reported"
    assert all(t == total for _, t in calls)
    done = [d for d, _ in calls]
    assert all(b > a for a, b in itertools.pairwise(done))
    assert done[0] > 0
    assert done[-1] == total


@pytest.mark.parametrize("compiled", [True, False])
def test_scan_progress_is_monotone_and_ends_at_the_total(
    compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not compiled:
        monkeypatch.setattr(_kernels, "score_blocks", None)
    space = DealSpace.from_case(_case(n_issues=8))  # 65,536 packages
    calls: list[tuple[int, int]] = []
    scan(space, chunk=3000, progress=lambda d, t: calls.append((d, t)))
    _assert_monotone_to_total(calls, space.size)
    assert len(calls) > 3
    calls.clear()
    analyse_deals(space, progress=lambda d, t: calls.append((d, t)))
    _assert_monotone_to_total(calls, space.size)


def test_deals_command_feeds_the_bar_over_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    updates: list[tuple[int, int]] = []
    real: Callable[..., Any] = progress_module.progress_bar

    def recording(
        label: str, console: Console, after: str = "finishing"
    ) -> tuple[Progress, Callable[[int, int], None]]:
        assert after == deals_cli.SCAN_AFTER
        bar, update = real(label, console, after=after)

        def rec(done: int, total: int) -> None:
            updates.append((done, total))
            update(done, total)

        return bar, rec

    monkeypatch.setattr(progress_module, "progress_bar", recording)
    monkeypatch.setattr(deals_cli, "PROGRESS_THRESHOLD", 10)
    result = CliRunner().invoke(app, ["deals", "tutorial", "--json"])
    assert result.exit_code == 0, result.stdout
    _assert_monotone_to_total(updates, 54)


def test_eta_follows_the_average_and_brackets_the_recent_rates() -> None:
    tracker = RateTracker()
    assert tracker.estimate(0.0) is None
    for i in range(11):  # 10 units/s for 10 s
        tracker.add(float(i), 10 * i, 1000)
    eta = tracker.estimate(10.0)
    assert eta is not None
    assert eta.mid == pytest.approx(90.0)
    assert eta.low == pytest.approx(90.0)
    assert eta.high == pytest.approx(90.0)
    # counts down between updates
    later = tracker.estimate(13.0)
    assert later is not None
    assert later.mid == pytest.approx(87.0)
    # the work gets four times dearer: the range's slow end says so at once
    for i in range(1, 5):
        tracker.add(10.0 + 4 * i, 100 + 10 * i, 1000)
    eta = tracker.estimate(26.0)
    assert eta is not None
    left = 1000 - 140
    assert eta.high == pytest.approx(left / 2.5)
    assert eta.low == pytest.approx(left / 10.0)
    assert eta.low < eta.mid < eta.high
    # a new total starts over
    tracker.add(30.0, 5, 50)
    assert tracker.estimate(30.0) is None


def test_eta_column_says_finishing_once_every_unit_is_done() -> None:
    bar, update = progress_bar("scoring packages", Console(file=None, width=100))
    task = bar.tasks[0]
    column = EtaColumn()
    assert column.render(task).plain == "-:--"
    update(10, 100)
    update(20, 100)
    assert column.render(task).plain.startswith("~")
    assert "(" in column.render(task).plain
    update(100, 100)
    column = EtaColumn()  # rendering is cached for half a second
    assert column.render(task).plain == "finishing"


def test_eta_column_names_what_follows_the_last_unit() -> None:
    bar, update = progress_bar(
        "scoring packages", Console(file=None, width=100), after="merging frontiers, solving"
    )
    update(50, 100)
    update(100, 100)
    assert EtaColumn().render(bar.tasks[0]).plain == "merging frontiers, solving"


def test_eta_leaves_out_the_set_up_before_the_first_update() -> None:
    tracker = RateTracker(started=0.0)
    tracker.add(10.0, 10, 1000)  # 10 s of set-up (loading kernels) and the first 10 units
    assert tracker.estimate(10.0) is not None  # with one update, the set-up is all there is to go by
    for i in range(1, 6):  # then 10 units/s
        tracker.add(10.0 + i, 10 + 10 * i, 1000)
    eta = tracker.estimate(15.0)
    assert eta is not None
    assert eta.mid == pytest.approx(940 / 10.0)
    assert eta.high == pytest.approx(940 / 10.0)
