"""`accord forecast` and `accord backtest deu`: output shapes, case forecasts, exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from accord import load_case
from accord.cli import app
from accord.errors import AnalysisError
from accord.forecast.case_forecast import case_issues, forecast_case, nearest_option
from accord.forecast.compromise import CompromiseModel
from accord.forecast.learned import LearnedCapabilityModel
from accord.forecast.registry import MODELS

FIXTURE = Path(__file__).parent / "data" / "deu3-dev.tsv"
ENV = {"COLUMNS": "240", "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


# ---- the library under `accord forecast` -------------------------------------------------------------


def test_case_issues_of_the_tutorial() -> None:
    case = load_case("tutorial")
    data = case_issues(case)
    assert list(data) == ["share", "monitoring", "funding", "guarantee"]
    share = data["share"]
    assert share.actors == ("UP", "DOWN")
    assert share.positions.tolist() == [10.0, 95.0]
    assert share.saliences.tolist() == [0.9, 1.0]
    assert share.capabilities.tolist() == [0.5, 0.35]
    assert share.key == "share"


def test_forecast_case_compromise_on_the_tutorial() -> None:
    result = forecast_case(load_case("tutorial"), CompromiseModel())
    share = result.issues[0]
    # (0.5*0.9*10 + 0.35*1.0*95) / (0.5*0.9 + 0.35*1.0)
    assert share.predicted == pytest.approx(47.1875)
    assert (share.option, share.option_label) == ("quarter", "A quarter of the flow")
    assert share.trajectory == ()
    assert result.skipped == ()


def test_nearest_option_prefers_the_lower_on_a_tie() -> None:
    share = load_case("tutorial").issue("share")
    assert nearest_option(share, 25.0).id == "none"
    assert nearest_option(share, 25.1).id == "quarter"
    assert nearest_option(share, 1000.0).id == "half"


def test_issue_without_positions_is_skipped() -> None:
    case = load_case("tutorial")
    case = case.model_copy(update={"positions": tuple(p for p in case.positions if p.issue != "guarantee")})
    result = forecast_case(case, CompromiseModel())
    assert result.skipped == ("guarantee",)
    assert [i.issue for i in result.issues] == ["share", "monitoring", "funding"]


def test_unfitted_learned_model_is_refused() -> None:
    with pytest.raises(AnalysisError, match="model 'learned' learns from past outcomes and is not fitted"):
        forecast_case(load_case("tutorial"), LearnedCapabilityModel())


# ---- accord forecast ----------------------------------------------------------------------------------


def test_forecast_json_shape() -> None:
    result = run("forecast", "tutorial", "--model", "compromise", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"case", "model", "validation", "issues", "skipped", "settlement"}
    assert (data["case"], data["model"], data["skipped"]) == ("tutorial", "compromise", [])
    assert data["validation"].startswith("compromise on the DEU III development split")
    assert "MAE 23.27" in data["validation"]
    assert [i["issue"] for i in data["issues"]] == ["share", "monitoring", "funding", "guarantee"]
    for entry in data["issues"]:
        assert set(entry) == {
            "issue", "name", "actors", "predicted", "option", "option_label", "trajectory", "intervals"
        }  # fmt: skip
        assert 0.0 <= entry["predicted"] <= 100.0
        assert entry["trajectory"] == []
        (lo80, hi80), (lo95, hi95) = entry["intervals"]["80"], entry["intervals"]["95"]
        assert 0.0 <= lo95 <= lo80 <= entry["predicted"] <= hi80 <= hi95 <= 100.0
    assert [(v["actor"], v["accepts"]) for v in data["settlement"]["verdicts"]] == [
        ("UP", "yes"), ("DOWN", "yes"), ("BANK", "yes")
    ]  # fmt: skip
    assert data["settlement"]["settles"] is True
    assert data["issues"][0]["predicted"] == pytest.approx(47.1875)
    assert data["issues"][0]["option_label"] == "A quarter of the flow"


@pytest.mark.parametrize("model", [m for m in MODELS if not m.startswith("learned")])
def test_forecast_every_model(model: str) -> None:
    result = run("forecast", "tutorial", "--model", model, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["model"] == model
    for entry in data["issues"]:
        if entry["trajectory"]:
            assert all(0.0 <= v <= 100.0 for v in entry["trajectory"])


def test_forecast_table() -> None:
    result = run("forecast", "tutorial")
    assert result.exit_code == 0, result.output
    # the default is the best validated model that suits a case: the weighted mean
    assert "Forecast of River accord (tutorial) (weighted-mean model)" in result.stdout
    assert "MAE 22.88" in result.stdout
    assert "weak proxy" in result.stdout
    assert "Settlement check" in result.stdout
    assert "A quarter of the flow (quarter)" in result.stdout
    assert "47.2" in result.stdout


@pytest.mark.parametrize("name", ["ukraine-2025", "ukraine-2026"])
def test_forecast_of_the_ukraine_cases_prints_figures_caveat_and_check(name: str) -> None:
    from accord.forecast.registry import get_model
    from accord.forecast.validated import PROXY_CAVEAT, best_for_cases, figures_line
    from accord.report.settlement import settlement_check

    result = run("forecast", name)
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())  # undo the console's line wrapping
    case = load_case(name)
    check = settlement_check(case, forecast_case(case, get_model(best_for_cases())))
    assert f"({best_for_cases()} model)" in text
    assert figures_line(best_for_cases()) in text
    assert " ".join(PROXY_CAVEAT.split()) in text
    assert [v.actor for v in check.rejecting][:1] == ["RUS"]
    for line in check.lines():
        assert line in text
    for v in check.rejecting:
        assert f"{v.actor} rejects the forecast settlement" in text
        assert f"short by {v.no_deal - v.low:.3f}" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("forecast", "tutorial", "--model", "oracle"), "error: unknown model 'oracle' (known: "),
        (("forecast", "no-such-case"), "no-such-case"),
        (("forecast", "tutorial", "--model", "learned"), "error: model 'learned' learns from past outcomes"),
    ],
)
def test_forecast_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


# ---- accord backtest deu --------------------------------------------------------------------------------


def test_backtest_compromise_json() -> None:
    result = run("backtest", "deu", str(FIXTURE), "--model", "compromise", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data) == ["results"]
    (entry,) = data["results"]
    assert entry["model"] == "compromise"
    assert entry["issues"] == 230
    assert entry["mae"] == pytest.approx(23.2714, abs=0.05)
    assert entry["validation"] == {"method": "direct"}
    assert len(entry["predictions"]) == 238
    first = entry["predictions"][0]
    assert {k: first[k] for k in ("issue", "predicted", "outcome")} == {
        "issue": "d00060i1",
        "predicted": pytest.approx(68.26087),
        "outcome": 50.0,
    }
    # measured against the weighted-mean baseline in the same run: the paired difference is
    # the difference of the two MAEs on the same issues
    assert entry["versus_baseline"]["baseline"] == "weighted-mean"
    assert entry["versus_baseline"]["value"] == pytest.approx(23.2714 - 22.8819, abs=0.01)


def test_backtest_gdp_and_states_only() -> None:
    gdp = json.loads(
        run("backtest", "deu", str(FIXTURE), "--model", "compromise", "--capability", "gdp", "--json").stdout
    )
    assert gdp["results"][0]["mae"] == pytest.approx(22.8824, abs=0.05)
    states = run("backtest", "deu", str(FIXTURE), "--model", "compromise", "--states-only", "--json")
    assert json.loads(states.stdout)["results"][0]["mae"] == pytest.approx(24.477, abs=0.05)


def test_backtest_learned_with_folds_and_seed() -> None:
    args = (
        "backtest",
        "deu",
        str(FIXTURE),
        "--model",
        "compromise,learned",
        "--folds",
        "5",
        "--seed",
        "2",
        "--json",
    )
    result = run(*args)
    assert result.exit_code == 0, result.output
    compromise, learned = json.loads(result.stdout)["results"]
    assert learned["validation"] == {
        "method": "cross-validation",
        "folds": 5,
        "seed": 2,
        "groups": "proposal",
    }
    assert learned["mae"] < compromise["mae"]
    assert run(*args).stdout == result.stdout  # seeded: the same folds every run


def test_backtest_fit_on_the_same_file_warns() -> None:
    result = run("backtest", "deu", str(FIXTURE), "--model", "learned", "--fit", str(FIXTURE), "--json")
    assert result.exit_code == 0, result.output
    entry = json.loads(result.stdout)["results"][0]
    assert entry["validation"] == {"method": "train-set", "train": str(FIXTURE)}
    assert "warning: 96 of the 96 proposals scored are also in" in result.stderr
    assert "not out of sample" in result.stderr


def test_backtest_table() -> None:
    result = run("backtest", "deu", str(FIXTURE), "--model", "compromise,median")
    assert result.exit_code == 0, result.output
    assert "Backtest on" in result.stdout
    assert "23.27" in result.stdout
    assert "28.87" in result.stdout
    assert "direct (nothing learned)" in result.stdout


def test_backtest_help_lists_models() -> None:
    result = run("backtest", "deu", "--help")
    assert result.exit_code == 0
    assert "compromise" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--model", "oracle"), "error: unknown model 'oracle'"),
        (("--model", ","), "error: --model names no model"),
        (("--capability", "power"), "error: unknown --capability 'power' (known: equal, gdp)"),
        (("--model", "learned", "--fit", "absent.tsv"), "error: absent.tsv: cannot read the file"),
        (("--folds", "1"), "Invalid value for '--folds'"),
        (
            ("--model", "learned", "--folds", "500"),
            "error: folds must be between 2 and the number of proposals (96)",
        ),
    ],
)
def test_backtest_errors_exit_2(args: tuple[str, ...], message: str) -> None:
    result = run("backtest", "deu", str(FIXTURE), *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_backtest_malformed_file_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("prnr\tisnr\tpde\tsde\tout\n\t\t1\t\t\np1\tp1i1\tx\t50\t50\n", encoding="utf-8")
    result = run("backtest", "deu", str(path), "--model", "compromise")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {path}: row 3, column 'pde': 'x' is not a number"


def test_backtest_without_subcommand_shows_help() -> None:
    result = run("backtest")
    assert "deu" in result.output


def test_backtest_fit_on_other_proposals(tmp_path: Path) -> None:
    lines = FIXTURE.read_text(encoding="utf-8").splitlines(keepends=True)
    column = lines[0].split("\t").index("prnr")
    first = set(list(dict.fromkeys(r.split("\t")[column] for r in lines[2:]))[:48])
    train, target = tmp_path / "train.tsv", tmp_path / "target.tsv"
    ours = [r for r in lines[2:] if r.split("\t")[column] in first]
    train.write_text("".join(lines[:2] + ours), "utf-8")
    target.write_text("".join(lines[:2] + [r for r in lines[2:] if r not in ours]), "utf-8")
    args = ("--model", "compromise,learned", "--fit", str(train), "--json")
    result = run("backtest", "deu", str(target), *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    compromise, learned = json.loads(result.stdout)["results"]
    assert learned["validation"] == {"method": "train-set", "train": str(train)}
    assert learned["issues"] == compromise["issues"]
    assert {p["issue"] for p in learned["predictions"]} == {p["issue"] for p in compromise["predictions"]}
