import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_deals_json_has_counts_and_every_solution() -> None:
    code, out, _ = run("deals", "tutorial", "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data["counts"]) >= {"packages", "acceptable", "pareto"}
    assert data["counts"]["packages"] == 54
    assert 0 < data["counts"]["acceptable"] <= 54
    assert set(data["solutions"]) == {"nash", "ks", "egalitarian", "utilitarian"}
    nash = data["solutions"]["nash"]
    assert set(nash["options"]) == {"share", "monitoring", "funding", "guarantee"}
    no_deal = {"UP": 0.45, "DOWN": 0.3, "BANK": 0.4}
    for actor, outcome in nash["actors"].items():
        assert {"utility", "gain", "concessions"} <= set(outcome)
        assert outcome["gain"] == pytest.approx(outcome["utility"] - no_deal[actor], abs=1e-6)


def test_deals_actors_fix_and_solution_filter() -> None:
    code, out, _ = run(
        "deals", "tutorial", "--actors", "UP,DOWN", "--fix", "funding=bank", "--solution", "nash", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["actors"] == ["UP", "DOWN"]
    assert data["fixed"] == {"funding": "bank"}
    assert data["counts"]["packages"] == 18
    assert list(data["solutions"]) == ["nash"]
    assert data["solutions"]["nash"]["options"]["funding"] == "bank"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actors", "UP,NOPE"], "unknown actor 'NOPE'"),
        (["--fix", "share"], "--fix takes ISSUE=OPTION"),
        (["--fix", "share=all"], "cannot fix issue 'share' to unknown option 'all'"),
        (["--solution", "best"], "unknown --solution 'best'"),
        (["--method", "magic"], "unknown --method 'magic'"),
        (["--security-threshold", "2"], "security threshold must be in (0, 1]"),
    ],
)
def test_deals_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    code, out, err = run("deals", "tutorial", *args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err + out


def test_deals_proposal_closest_deal(tmp_path: Path) -> None:
    proposal = tmp_path / "plan.yaml"
    proposal.write_text("name: Upstream plan\noptions:\n  share: none\n  monitoring: none\n")
    code, out, _ = run("deals", "tutorial", "--proposal", str(proposal), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["proposal"]["name"] == "Upstream plan"
    # 'none' on share crosses DOWN's red line, so the share must change
    assert {"actor": "DOWN", "kind": "red_line", "issue": "share", "option": "none"} in data["crosses"]
    assert "share" in data["closest"]["changes"]
    assert data["closest"]["n_changes"] == len(data["closest"]["changes"])
    code, out, _ = run("deals", "tutorial", "--proposal", str(proposal))
    assert code == 0
    assert "Closest acceptable deal" in out


def test_deals_proposal_errors_are_located(tmp_path: Path) -> None:
    proposal = tmp_path / "plan.yaml"
    proposal.write_text("name: Bad plan\noptions:\n  share: none\n  rivers: all\n")
    code, _, err = run("deals", "tutorial", "--proposal", str(proposal))
    assert code == 2
    assert f"{proposal}:4:3: options.rivers: unknown issue 'rivers'" in err


def test_deals_reports_blockers_when_nothing_is_acceptable() -> None:
    code, out, _ = run("deals", "tutorial", "--fix", "share=half", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["counts"]["acceptable"] == 0
    assert all(v is None for v in data["solutions"].values())
    assert {"actor": "UP", "kind": "red_line", "issue": "share", "option": "half"} in data["blockers"]


def test_deals_exact_method_agrees_with_enumeration() -> None:
    _, out_e, _ = run("deals", "tutorial", "--json")
    _, out_x, _ = run("deals", "tutorial", "--method", "exact", "--json")
    enum, exact = json.loads(out_e), json.loads(out_x)
    assert exact["method"] == "exact"
    assert exact["counts"]["acceptable"] is None
    for name in ("nash", "egalitarian", "utilitarian", "ks"):
        assert exact["solutions"][name]["options"] == enum["solutions"][name]["options"]


def test_deals_track_puts_its_actors_at_the_table() -> None:
    code, out, _ = run("deals", "tutorial", "--track", "riparian", "--json")
    assert code == 0
    assert json.loads(out)["actors"] == ["UP", "DOWN"]
    code, _, err = run("deals", "tutorial", "--track", "nope")
    assert code == 2
    assert "unknown track 'nope' (known: riparian, full)" in err
    code, _, err = run("deals", "tutorial", "--track", "full", "--actors", "UP")
    assert code == 2
    assert "give --actors or --track, not both" in err


def test_track_analysis_matches_single_runs() -> None:
    from accord import load_case
    from accord.deals import DealSpace, analyse_deals, analyse_tracks

    case = load_case("tutorial")
    results = analyse_tracks(case)
    assert list(results) == ["riparian", "full"]
    alone = analyse_deals(DealSpace.from_case(case, actors=["UP", "DOWN"]))
    assert results["riparian"].acceptable == alone.acceptable
    # a third party at the table can only shrink the acceptable set
    assert results["full"].acceptable <= results["riparian"].acceptable


def test_demo_runs_the_tracks_and_the_main_analysis() -> None:
    code, out, _ = run("demo", "tutorial")
    assert code == 0
    assert "Negotiating tracks" in out
    assert "The states and the bank" in out
    assert "Bargaining solutions" in out
    assert "Forecasts: predicted settlement" in out
    assert "Guarantee architectures for tutorial" in out
    for model in ("compromise", "eu", "smp"):
        assert model in out
