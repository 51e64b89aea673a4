"""Military weights (COW NMC) and clustered honour rates: shipped JSON, lookups, reproduction."""

from __future__ import annotations

import importlib.util
import json
import sys
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.guarantees.military import load_military, milex, relative_weight

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
needs_data = pytest.mark.skipif(
    not (DATA / "berkemeier-fuhrmann-2018.dta").is_file()
    or not (DATA / "peace-science" / "cow_nmc.csv.gz").is_file(),
    reason="../shared/data (Berkemeier-Fuhrmann .dta and peace-science files) is absent",
)

REQUIRED = {
    "USA": 2, "CAN": 20, "GBR": 200, "NLD": 210, "BEL": 211, "FRA": 220, "ESP": 230, "PRT": 235,
    "DEU": 255, "POL": 290, "AUT": 305, "HUN": 310, "CZE": 316, "SVK": 317, "ITA": 325, "ROU": 360,
    "RUS": 365, "EST": 366, "LVA": 367, "LTU": 368, "UKR": 369, "BLR": 370, "FIN": 375, "SWE": 380,
    "NOR": 385, "DNK": 390, "GEO": 372, "TUR": 640, "CHN": 710, "JPN": 740,
}  # fmt: skip


def _json(name: str) -> dict[str, Any]:
    text = resources.files("accord.guarantees").joinpath(f"data/{name}").read_text(encoding="utf-8")
    doc: dict[str, Any] = json.loads(text)
    return doc


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# --- military table -----------------------------------------------------------------------


@pytest.mark.parametrize("basis", ["latest", "mean5", "year2016"])
def test_nato_outweighs_usa_outweighs_britain(basis: Any) -> None:
    nato, usa, gbr = milex("NATO", basis), milex("USA", basis), milex("GBR", basis)
    assert nato is not None
    assert usa is not None
    assert gbr is not None
    assert nato > usa > gbr > 0


def test_eu_has_no_forces_of_its_own() -> None:
    assert milex("EU") == 0.0
    eu = load_military().organisations["EU"]
    assert eu.own_forces is False
    assert len(eu.members) == 27
    assert "GBR" not in eu.members


def test_unknown_ids_return_none_and_lookups_accept_ccodes_and_any_case() -> None:
    assert milex("XXX") is None
    assert milex("999") is None
    assert milex("369") == milex("UKR") == milex("ukr")
    assert milex("PRK") is None  # coded missing in NMC: the caller decides


def test_required_states_are_present_with_their_ccodes() -> None:
    table = load_military()
    for iso, ccode in REQUIRED.items():
        assert table.states[iso].ccode == ccode
        assert table.states[iso].latest.milex is not None
        assert table.state_by_ccode(ccode) is table.states[iso]


def test_nato_membership_lists() -> None:
    table = load_military()
    now, then = table.organisations["NATO"], table.organisations["NATO2016"]
    assert len(now.members) == 32
    assert len(then.members) == 28
    assert {"FIN", "SWE", "MNE", "MKD"} == set(now.members) - set(then.members)
    for org in (now, then, table.organisations["EU"]):
        assert all(m in table.states for m in org.members)
        assert org.ccodes == tuple(table.states[m].ccode for m in org.members)
    total = sum(table.states[m].latest.milex or 0.0 for m in now.members)
    assert milex("NATO") == pytest.approx(total)


def test_table_exposes_year_source_and_ally_weight() -> None:
    table = load_military()
    assert table.year >= 2016
    assert table.mean_years == tuple(range(table.year - 4, table.year + 1))
    assert "Singer" in table.source
    assert "CINC_A / (CINC_A + CINC_R)" in table.ally_weight_definition
    for era in ("post1945", "all_years"):
        for dist in table.historical_ally_weight[era].values():
            assert dist.n > 0
            assert 0.0 <= dist.p10 <= dist.p25 <= dist.median <= dist.p75 <= dist.p90 <= 1.0
            assert 0.0 <= dist.mean <= 1.0


@given(
    g=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    t=st.floats(min_value=0, max_value=1e12, allow_nan=False),
    dg=st.floats(min_value=0, max_value=1e12, allow_nan=False),
)
def test_relative_weight_is_a_monotone_share(g: float, t: float, dg: float) -> None:
    w = relative_weight(g, t)
    assert 0.0 <= w <= 1.0
    assert relative_weight(g + dg, t) >= w
    assert relative_weight(g, t + dg) <= w


def test_relative_weight_edges() -> None:
    assert relative_weight(0.0, 0.0) == 0.5
    assert relative_weight(3.0, 1.0) == 0.75
    usa, rus = milex("USA"), milex("RUS")
    assert usa is not None
    assert rus is not None
    assert 0.5 < relative_weight(usa, rus) < 1.0
    with pytest.raises(ValueError, match="non-negative"):
        relative_weight(-1.0, 1.0)
    with pytest.raises(ValueError, match="finite"):
        relative_weight(float("nan"), 1.0)


# --- honour rates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "honoured", "n"),
    [
        ("defence.all", 42, 102),
        ("defence.pre1945", 36, 59),
        ("defence.post1945", 6, 43),
        ("all.all", 73, 146),
    ],
)
def test_honour_counts_match_the_published_ones(key: str, honoured: int, n: int) -> None:
    fig = _json("honour_rates.json")["figures"][key]
    assert (fig["honoured"], fig["n"]) == (honoured, n)


def test_post1945_defence_clusters_match_the_brief() -> None:
    fig = _json("honour_rates.json")["figures"]["defence.post1945"]
    assert (fig["wars"], fig["alliances"]) == (20, 34)
    assert fig["largest_alliance_share"] == pytest.approx(7 / 43, abs=1e-6)


def test_clustered_intervals_are_at_least_as_wide_as_wilson_where_cases_cluster() -> None:
    figures = _json("honour_rates.json")["figures"]

    def width(pair: list[float]) -> float:
        return pair[1] - pair[0]

    for key in ("defence.all", "defence.pre1945", "all.all", "nonaggression.all"):
        assert width(figures[key]["cluster_boot95"]) >= width(figures[key]["wilson95"]), key
    for key, fig in figures.items():
        if fig["deff"] is not None and fig["deff"] > 1:
            assert width(fig["wilson95_neff"]) >= width(fig["wilson95"]), key
            assert fig["n_eff"] == pytest.approx(fig["n"] / fig["deff"], rel=1e-6)
        assert fig["n_eff"] <= fig["n"]
        assert fig["beta"][0] + fig["beta"][1] == pytest.approx(fig["n_eff"], abs=1e-5)


def test_intra_alliance_invocations_are_violations_and_can_be_left_out() -> None:
    doc = _json("honour_rates.json")
    counts = doc["intra_alliance_check"]["counts"]["defence.post1945"]
    assert counts["intra_alliance_honoured"] == 0
    fig = doc["figures"]["defence.post1945.excluding_intra_alliance"]
    assert fig["n"] == 43 - counts["intra_alliance"]
    assert fig["honoured"] == 6


# --- reproduction -------------------------------------------------------------------------


@needs_data
@pytest.mark.parametrize(
    ("script", "shipped"),
    [("derive_honour_rates", "honour_rates.json"), ("derive_military", "military.json")],
)
def test_rerunning_the_script_reproduces_the_shipped_json(script: str, shipped: str, tmp_path: Path) -> None:
    out = tmp_path / shipped
    _script(script).main([str(DATA), "--out", str(out)])
    expected = resources.files("accord.guarantees").joinpath(f"data/{shipped}").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == expected
