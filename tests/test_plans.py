"""Published plans: exact worst and best cases over open points, verdicts, red lines, and `accord plans`."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord import load_case
from accord.case.age import age_note
from accord.cli import app
from accord.deals import DealSpace
from accord.deals.plans import score_plans
from accord.deals.verdict import verdict_for

TUTORIAL = load_case("tutorial")
SPACE = DealSpace.from_case(TUTORIAL)
CASE26 = load_case("ukraine-2026")


@st.composite
def partial_packages(draw: st.DrawFn) -> list[list[int]]:
    allowed: list[list[int]] = []
    for issue in TUTORIAL.issues:
        n = len(issue.options)
        subset = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        allowed.append(sorted(subset))
    return allowed


@settings(max_examples=60, deadline=None)
@given(partial_packages())
def test_verdict_matches_brute_force_over_every_completion(allowed: list[list[int]]) -> None:
    for a in range(len(SPACE.actors)):
        v = verdict_for(SPACE, a, allowed)
        completions = np.array(list(itertools.product(*allowed)), dtype=np.int64).T
        utils = SPACE.utilities(completions)[a]
        ok = SPACE.acceptable(completions)[a]
        assert np.isclose(v.low, utils.min())
        assert np.isclose(v.high, utils.max())
        expected = "yes" if ok.all() else ("no" if not ok.any() else "depends")
        assert v.accepts == expected
        assert np.isclose(v.margin_low, v.low - SPACE.no_deal[a])


def test_five_plans_are_scored_with_every_point_cited() -> None:
    result = score_plans(CASE26)
    ids = [s.plan.id for s in result.plans]
    assert ids == ["us-28", "geneva-19", "e3-counter", "europe-24", "ukraine-20"]
    claims = {c.id for c in CASE26.claims}
    for score in result.plans:
        for point in score.plan.points:
            assert point.claims
            assert set(point.claims) <= claims
        assert [v.actor for v in score.verdicts][:3] == ["USA", "RUS", "UKR"]


def test_red_lines_decide_the_verdicts_they_should() -> None:
    result = score_plans(CASE26)
    by_id = {s.plan.id: s for s in result.plans}
    ukr_on_28 = next(v for v in by_id["us-28"].verdicts if v.actor == "UKR")
    assert ukr_on_28.accepts == "no"
    assert any(
        h.sure and h.issue == "donetsk" and h.option == "withdraw_recognised" for h in ukr_on_28.red_lines
    )
    rus_on_e3 = next(v for v in by_id["e3-counter"].verdicts if v.actor == "RUS")
    assert rus_on_e3.accepts == "no"
    hit = next(h for h in rus_on_e3.red_lines if h.issue == "donetsk")
    assert hit.sure
    assert "rus-abudhabi-donetsk" in hit.claims
    # The smallest change to the E3 text only moves Donetsk off Russia's red line.
    assert by_id["e3-counter"].closest.changes == {"donetsk": ("freeze_line", "withdraw_dmz")}


def test_a_party_not_at_the_table_is_flagged_when_decided_over_its_head() -> None:
    result = score_plans(CASE26, "trilateral")
    assert result.affected == ("NATO", "POL", "EU")
    eu = next(v for v in result.plans[0].verdicts if v.actor == "EU")
    assert not eu.at_table
    assert eu.accepts != "yes"
    assert eu.over_its_head  # the 28-point plan settles sanctions, assets and accession, which bind the EU
    geneva_eu = next(v for v in result.plans[1].verdicts if v.actor == "EU")
    assert not geneva_eu.over_its_head  # the Geneva text settles none of them


def test_plans_command_json_and_errors() -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["plans", "ukraine-2026", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert len(data["plans"]) == 5
    us28 = data["plans"][0]
    ukr = next(v for v in us28["verdicts"] if v["actor"] == "UKR")
    assert ukr["accepts"] == "no"
    assert ukr["margin"]["high"] < 0
    assert data["age_note"] is None or "days before today" in data["age_note"]
    bad = runner.invoke(app, ["plans", "ukraine-2026", "--track", "nope"])
    assert bad.exit_code == 2
    assert "unknown track 'nope'" in bad.output
    none = runner.invoke(app, ["plans", "ukraine-2025"])
    assert none.exit_code == 2
    assert "has no proposals" in none.output


def test_open_proposal_gets_verdicts_with_threshold_and_margin(tmp_path: Path) -> None:
    prop = tmp_path / "p.yaml"
    prop.write_text(
        "name: Partial\noptions:\n  donetsk: freeze_line\n  army_size: cap_800k\n", encoding="utf-8"
    )
    res = CliRunner().invoke(
        app, ["deals", "ukraine-2026", "--track", "trilateral", "--proposal", str(prop), "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["proposal_utilities"] is None  # a point utility needs every issue settled
    rus = data["verdicts"]["RUS"]
    assert rus["accepts"] == "no"  # freeze_line is on Russia's stated red line
    assert rus["red_lines"][0]["option"] == "freeze_line"
    usa = data["verdicts"]["USA"]
    assert usa["utility"]["low"] < usa["utility"]["high"]
    assert usa["margin"]["low"] == pytest.approx(usa["utility"]["low"] - usa["no_deal"], abs=1e-6)


@pytest.mark.parametrize(("days", "stale"), [(0, False), (90, False), (91, True), (400, True)])
def test_age_note_after_90_days(days: int, stale: bool) -> None:
    today = CASE26.as_of + dt.timedelta(days=days)
    note = age_note(CASE26, today)
    assert (note is not None) == stale
    if note is not None:
        assert f"{days} days before today" in note
        assert "2026-03-10" in note


def test_proposal_on_a_track_reports_the_parties_it_binds(tmp_path: Path) -> None:
    prop = tmp_path / "p.yaml"
    prop.write_text(
        "name: Lift\noptions:\n  sanctions: lifted\n  frozen_assets: joint_vehicle\n", encoding="utf-8"
    )
    res = CliRunner().invoke(
        app, ["deals", "ukraine-2026", "--track", "trilateral", "--proposal", str(prop), "--json"]
    )
    assert res.exit_code == 0, res.output
    eu = json.loads(res.stdout)["affected"]["EU"]
    assert not eu["at_table"]
    assert eu["accepts"] != "yes"
    assert eu["over_its_head"]  # sanctions and assets bind the EU, which is not at the trilateral table
