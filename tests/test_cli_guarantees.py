"""Tests of ``accord guarantees`` and ``accord deals --price-guarantees``."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from accord.case import load_case
from accord.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_json_shape() -> None:
    code, out, _ = run(
        "guarantees", "ukraine-2025", "--draws", "500", "--horizon", "2", "--seed", "4", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["case"] == "ukraine-2025"
    assert (data["draws"], data["horizon_years"], data["seed"]) == (500, 2.0, 4)
    ids = [a["id"] for a in data["architectures"]]
    # by default: the guarantees protecting the main beneficiary (UKR), then no guarantee;
    # Russia's 2021 draft protects Russia and is left out of the comparison
    case = load_case("ukraine-2025")
    assert ids == [*(g.id for g in case.guarantees if g.beneficiary == "UKR"), "none"]
    assert "rus-draft-2021" not in ids
    for a in data["architectures"]:
        assert {"war", "violation", "diff_none", "guarantors", "contributions", "pax_durability"} <= set(a)
        assert set(a["war"]) == {"1", "2"}  # horizons within the 2-year horizon
        for est in (*a["war"].values(), *a["violation"].values()):
            assert 0 <= est["low95"] <= est["low80"] <= est["mean"] <= est["high80"] <= est["high95"] <= 1
        assert a["war"]["2"]["mean"] == a["p_major_war"]
        assert a["war"]["1"]["mean"] <= a["war"]["2"]["mean"]
        assert "association" in a["pax_durability"]["label"]
        assert (
            0 < a["pax_durability"]["low"] <= a["pax_durability"]["p_hold"] <= a["pax_durability"]["high"] < 1
        )
        assert len(a["survival"]) == len(a["war_curve"]) == 25
        assert a["survival"][0] == 1.0
        assert a["war_curve"][0] == 0.0
        assert all(0 <= p <= 1 for p in a["p_honour"].values())
        for g in a["guarantors"]:
            # the threat itself is never shown with a probability of honouring
            assert (g["ex_ante"] is None) == g["is_threat"] == (g["id"] == "RUS")
    none = next(a for a in data["architectures"] if a["id"] == "none")
    assert all(e["mean"] == 0.0 for e in none["diff_none"].values())


def test_architecture_filter_and_reproducible() -> None:
    args = (
        "guarantees",
        "ukraine-2025",
        "--architecture",
        "nato-art5",
        "--architecture",
        "none",
        "--draws",
        "300",
    )
    code, out, _ = run(*args, "--json")
    code2, out2, _ = run(*args, "--json")
    assert code == code2 == 0
    assert out == out2
    assert [a["id"] for a in json.loads(out)["architectures"]] == ["nato-art5", "none"]


def test_table_output() -> None:
    code, out, _ = run("guarantees", "ukraine-2025", "--draws", "200", "--architecture", "none")
    assert code == 0
    assert "P(war) 10y" in out
    assert "vs none" in out
    assert "none" in out


def test_target_and_break_even() -> None:
    code, out, _ = run(
        "guarantees", "ukraine-2025", "--target", "war10<0.09", "--versus", "nato-art5", "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["target"] == {"metric": "war", "years": 10.0, "below": 0.09}
    by_id = {a["id"]: a for a in data["answers"]}
    assert by_id["nato-art5"]["meets"] is (by_id["nato-art5"]["current"] < 0.09)
    # the threat alone can never respond, whatever its credibility
    assert by_id["budapest-1994"]["credibility_needed"] is None
    assert {b["versus"] for b in data["break_even"]} == {"nato-art5"}
    code, out, _ = run("guarantees", "ukraine-2025", "--target", "war10<0.09")
    assert code == 0
    assert "credibility needed" in out


def test_bad_target_exits_2_and_shows_the_form() -> None:
    code, _, err = run("guarantees", "ukraine-2025", "--target", "peace forever")
    assert code == 2
    assert "war10<0.2" in err
    code, _, err = run("guarantees", "ukraine-2025", "--versus", "nato-art5")
    assert code == 2
    assert "--target" in err


def test_validate_model_reproduces_the_shipped_figures() -> None:
    code, out, _ = run("validate-model", "guarantees", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["matches_shipped"] is True
    war = data["report"]["backtest"]["war"]["brier"]
    assert all(b["weibull"] < b["constant_rate"] for b in war.values())
    assert run("validate-model", "forecasts")[0] == 2


def test_unknown_architecture_exits_2_listing_known_ids() -> None:
    code, _, err = run("guarantees", "ukraine-2025", "--architecture", "martian-pact")
    assert code == 2
    assert "martian-pact" in err
    assert "nato-art5" in err
    assert "none" in err


def test_bad_options_exit_2() -> None:
    assert run("guarantees", "ukraine-2025", "--draws", "0")[0] == 2
    assert run("guarantees", "no-such-case")[0] == 2


def test_deals_price_guarantees() -> None:
    code, out, _ = run(
        "deals", "ukraine-2025", "--price-guarantees", "--solution", "nash", "--top", "0", "--json"
    )
    assert code == 0
    assert "counts" in json.loads(out)
