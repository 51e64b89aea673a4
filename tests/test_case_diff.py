"""`accord diff`: what changed between two snapshots, and how the acceptable set moved."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from accord import load_case, parse_case
from accord.case.diff import diff_cases
from accord.cli import app
from accord.deals import DealSpace
from accord.deals.moves import red_line_share, track_moves

EditTutorial = Callable[..., str]

MOVED = (
    "  - {actor: UP, issue: funding, ideal: 80, salience: 0.5, claims: [c-up-funding]}\n",
    "  - {actor: UP, issue: funding, ideal: 60, salience: 0.7, claims: [c-up-funding, c-bank]}\n",
)
RED = (
    "tracks:\n",
    "red_lines:\n  - {actor: BANK, issue: funding, options: [bank], claims: [c-bank]}\ntracks:\n",
)


def test_a_case_against_itself_has_no_differences() -> None:
    case = load_case("ukraine-2026")
    d = diff_cases(case, case)
    assert not d.moved
    assert not d.red_lines
    assert not d.issues_added
    assert d.claims_added == 0


def test_moved_position_and_new_red_line_are_reported_with_their_claims(edit_tutorial: EditTutorial) -> None:
    before = load_case("tutorial")
    after = parse_case(edit_tutorial(MOVED, RED))
    d = diff_cases(before, after)
    assert len(d.moved) == 1
    m = d.moved[0]
    assert (m.actor, m.issue, m.ideal, m.salience) == ("UP", "funding", (80, 60), (0.5, 0.7))
    assert m.ideal_shift == -20
    assert m.new_claims == ("c-bank",)
    assert [(r.actor, r.issue, r.added, r.claims) for r in d.red_lines] == [
        ("BANK", "funding", ("bank",), ("c-bank",))
    ]


def test_red_line_on_a_dropped_option_is_gone_not_dropped(edit_tutorial: EditTutorial) -> None:
    before = load_case("tutorial")
    after = parse_case(
        edit_tutorial(
            ("      - {id: half, label: Half the flow, position: 100}\n", ""),
            ("red_line: [half], ", ""),
        )
    )
    d = diff_cases(before, after)
    assert d.options_removed == {"share": ["half"]}
    change = next(r for r in d.red_lines if r.actor == "UP")
    assert change.gone == ("half",)
    assert change.dropped == ()


@pytest.mark.parametrize("actor", ["UP", "DOWN", "BANK"])
def test_red_line_share_matches_enumeration(edit_tutorial: EditTutorial, actor: str) -> None:
    case = parse_case(edit_tutorial(RED))
    space = DealSpace.from_case(case, actors=["UP", "DOWN", "BANK"])
    a = space.actors.index(actor)
    choices = np.array(
        list(itertools.product(*(range(len(i.options)) for i in case.issues))), dtype=np.int64
    ).T
    crossed = space.red_lines_crossed(choices)[a]
    assert red_line_share(space, a) == pytest.approx(crossed.mean())


def test_track_moves_count_the_acceptable_set_in_both_snapshots(edit_tutorial: EditTutorial) -> None:
    before = load_case("tutorial")
    after = parse_case(edit_tutorial(RED))
    (move,) = track_moves(before, after, ["full"])
    assert move.a.packages == move.b.packages
    assert move.a.acceptable is not None
    assert move.b.acceptable is not None
    # a new red line can only shrink the set of packages everyone accepts
    assert move.b.acceptable <= move.a.acceptable
    assert move.b.red_share["BANK"] > move.a.red_share["BANK"]


def test_diff_command(tmp_path: Path, edit_tutorial: EditTutorial) -> None:
    later = tmp_path / "later.yaml"
    later.write_text(edit_tutorial(MOVED, RED), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(app, ["diff", "tutorial", str(later), "--track", "full", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["positions"]["moved"][0]["ideal"]["shift"] == -20
    assert data["tracks_compared"][0]["track"] == "full"
    text = runner.invoke(app, ["diff", "ukraine-2025", "ukraine-2026", "--no-deals"])
    assert text.exit_code == 0, text.output
    assert "RUS on donetsk: added freeze_line" in text.stdout
    assert "znpp" in text.stdout
    bad = runner.invoke(app, ["diff", "tutorial", "ukraine-2026", "--track", "riparian"])
    assert bad.exit_code == 2
    assert "not in both" in bad.output
