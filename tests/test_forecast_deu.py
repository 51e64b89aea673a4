"""The DEU reader: the DEU III fixture, malformed files with exact messages, and the pinned baselines."""

from __future__ import annotations

from pathlib import Path
from typing import cast

import numpy as np
import pytest

from accord.errors import AccordError
from accord.forecast.compromise import CompromiseModel, MedianModel
from accord.forecast.deu import Capability, DeuDataset, DeuFormatError, read_deu

FIXTURE = Path(__file__).parent / "data" / "deu3-dev.tsv"

# Measured on the fixture (Commission and Parliament included, actors missing a position or a
# salience dropped). The issue quotes about 23.3 (equal) and 22.9 (GDP) for the compromise model.
COMPROMISE_MAE = {"equal": 23.2714, "gdp": 22.8824}
MEDIAN_MAE = {"equal": 28.8740, "gdp": 28.3610}
STATES_ONLY_EQUAL = {"compromise": 24.4770, "median": 29.4870}


def mae(dataset: DeuDataset, model: CompromiseModel | MedianModel) -> float:
    scored = dataset.scored
    return float(np.mean([abs(model.predict(i.data).outcome - (i.outcome or 0.0)) for i in scored]))


@pytest.fixture(scope="module")
def dev() -> DeuDataset:
    return read_deu(FIXTURE)


# ---- the fixture -----------------------------------------------------------------------------------


def test_fixture_counts(dev: DeuDataset) -> None:
    assert len(dev.issues) == 238
    assert len(dev.scored) == 230
    assert len(dev.proposals) == 96
    assert len(dev.actors) == 30
    assert dev.actors[:3] == ("com", "ep", "at")
    assert dev.actors[-1] == "uk"


def test_first_issue_drops_actors_missing_position_or_salience(dev: DeuDataset) -> None:
    first = dev.issues[0]
    assert (first.issue, first.proposal, first.row) == ("d00060i1", "d00060", 3)
    assert first.outcome == 50.0
    assert first.reference is None
    # Bulgaria has a salience (0) but no position on this issue, so it takes no part
    assert "bu" not in first.data.actors
    assert first.data.actors[:3] == ("com", "ep", "at")
    assert first.data.positions[:3].tolist() == [100.0, 50.0, 100.0]
    assert first.data.saliences[:3].tolist() == [0.8, 0.8, 0.7]
    assert set(first.data.capabilities.tolist()) == {1.0}


def test_gdp_capability_is_row_two_as_given() -> None:
    gdp = read_deu(FIXTURE, capability="gdp")
    assert gdp.weights["com"] == 4.1
    assert gdp.weights["de"] == 4.1
    assert gdp.weights["mt"] == 0.02
    caps = dict(zip(gdp.issues[0].data.actors, gdp.issues[0].data.capabilities.tolist(), strict=True))
    assert caps["com"] == 4.1
    assert caps["uk"] == 2.64


def test_states_only_leaves_out_commission_and_parliament() -> None:
    states = read_deu(FIXTURE, institutions=False)
    assert len(states.actors) == 28
    assert "com" not in states.actors
    assert all("ep" not in i.data.actors for i in states.issues)


def test_issues_without_outcome_are_kept_but_not_scored(dev: DeuDataset) -> None:
    unscored = [i for i in dev.issues if i.outcome is None]
    assert len(unscored) == 8
    assert all(i not in dev.scored for i in unscored)


@pytest.mark.parametrize("capability", ["equal", "gdp"])
def test_compromise_mae_on_the_dev_split(capability: str) -> None:
    data = read_deu(FIXTURE, capability=cast(Capability, capability))
    assert mae(data, CompromiseModel()) == pytest.approx(COMPROMISE_MAE[capability], abs=0.05)
    assert mae(data, MedianModel()) == pytest.approx(MEDIAN_MAE[capability], abs=0.05)


def test_states_only_baselines() -> None:
    data = read_deu(FIXTURE, institutions=False)
    assert mae(data, CompromiseModel()) == pytest.approx(STATES_ONLY_EQUAL["compromise"], abs=0.05)
    assert mae(data, MedianModel()) == pytest.approx(STATES_ONLY_EQUAL["median"], abs=0.05)


# ---- malformed files ---------------------------------------------------------------------------------

HEADER = ["prnr", "isnr", "pcom", "pde", "pfr", "scom", "sde", "sfr", "rp", "out"]
WEIGHTS = ["", "", "4.1", "4.1", "2.8", "", "", "", "", ""]
GOOD = ["p1", "p1i1", "100", "50", "0", "80", "60", "40", "0", "50"]


def write(tmp_path: Path, *rows: list[str], name: str = "deu.tsv") -> Path:
    path = tmp_path / name
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def fails(path: Path, capability: str = "equal") -> str:
    with pytest.raises(DeuFormatError) as info:
        read_deu(path, capability=cast(Capability, capability))
    assert isinstance(info.value, AccordError)
    assert isinstance(info.value, ValueError)
    return str(info.value)


def test_minimal_file_reads(tmp_path: Path) -> None:
    data = read_deu(write(tmp_path, HEADER, WEIGHTS, GOOD))
    assert data.actors == ("com", "de", "fr")
    issue = data.issues[0]
    assert issue.data.positions.tolist() == [100.0, 50.0, 0.0]
    assert issue.reference == 0.0
    assert issue.outcome == 50.0


def test_999_and_out_of_range_values_are_missing(tmp_path: Path) -> None:
    row = ["p1", "p1i1", "999", "50", "-1", "80", "60", "40", "999", "101"]
    issue = read_deu(write(tmp_path, HEADER, WEIGHTS, row)).issues[0]
    assert issue.data.actors == ("de",)
    assert issue.reference is None
    assert issue.outcome is None


def test_missing_salience_drops_the_actor(tmp_path: Path) -> None:
    row = ["p1", "p1i1", "100", "50", "0", "", "60", "999", "0", "50"]
    assert read_deu(write(tmp_path, HEADER, WEIGHTS, row)).issues[0].data.actors == ("de",)


@pytest.mark.parametrize("column", ["prnr", "isnr", "out"])
def test_missing_required_column(tmp_path: Path, column: str) -> None:
    index = HEADER.index(column)
    drop = [[c for n, c in enumerate(r) if n != index] for r in (HEADER, WEIGHTS, GOOD)]
    path = write(tmp_path, *drop)
    assert fails(path) == f"{path}: row 1, column {column!r}: required column is missing from the header"


def test_position_without_salience_column(tmp_path: Path) -> None:
    index = HEADER.index("sfr")
    drop = [[c for n, c in enumerate(r) if n != index] for r in (HEADER, WEIGHTS, GOOD)]
    path = write(tmp_path, *drop)
    assert fails(path) == f"{path}: row 1: position column 'pfr' has no salience column 'sfr'"


def test_repeated_column(tmp_path: Path) -> None:
    path = write(tmp_path, [*HEADER, "pde"], [*WEIGHTS, ""], [*GOOD, "50"])
    assert fails(path) == f"{path}: row 1, column 'pde': column appears more than once in the header"


def test_file_without_weights_row(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, GOOD)
    message = "row 2 must hold the actor weights, not an issue (it names issue 'p1i1')"
    assert fails(path) == f"{path}: row 2, column 'isnr': {message}"


def test_no_actor_columns(tmp_path: Path) -> None:
    path = write(tmp_path, ["prnr", "isnr", "out"], ["", "", ""], ["p1", "p1i1", "50"])
    assert fails(path) == f"{path}: row 1: no actor columns: expected pairs like 'pde' and 'sde'"


def test_bad_number_names_row_and_column(tmp_path: Path) -> None:
    bad = [*GOOD[:3], "fifty", *GOOD[4:]]
    path = write(tmp_path, HEADER, WEIGHTS, GOOD, [*bad[:1], "p1i2", *bad[2:]])
    assert fails(path) == f"{path}: row 4, column 'pde': 'fifty' is not a number"


def test_nan_is_a_bad_number(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, [*GOOD[:-1], "nan"])
    assert fails(path) == f"{path}: row 3, column 'out': 'nan' is not a finite number"


def test_bad_weight(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, ["", "", "4.1", "x", "2.8", "", "", "", "", ""], GOOD)
    assert fails(path) == f"{path}: row 2, column 'pde': weight 'x' is not a number"


def test_negative_weight(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, ["", "", "4.1", "-1", "2.8", "", "", "", "", ""], GOOD)
    assert fails(path) == f"{path}: row 2, column 'pde': weight '-1' must be a finite number >= 0"


def test_missing_weight_only_matters_for_gdp(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, ["", "", "4.1", "", "2.8", "", "", "", "", ""], GOOD)
    assert read_deu(path).weights["de"] is None
    message = fails(path, capability="gdp")
    assert message == f"{path}: row 2, column 'pde': no weight for this actor (needed by capability 'gdp')"


def test_unknown_capability(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, GOOD)
    assert fails(path, capability="power") == "unknown capability 'power' (known: 'equal', 'gdp')"


def test_row_with_wrong_cell_count(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, GOOD[:-1])
    assert fails(path) == f"{path}: row 3: 9 cells, but the header has 10"


def test_no_issue_rows(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS)
    assert fails(path) == f"{path}: no issue rows after the header and the weights row (row 2)"


def test_header_only(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    assert fails(path) == f"{path}: no weights row (row 2) and no issue"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.tsv"
    path.write_text("", encoding="utf-8")
    assert fails(path) == f"{path}: the file is empty: expected a header row"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.tsv"
    assert fails(path) == f"{path}: cannot read the file (No such file or directory)"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin.tsv"
    path.write_bytes(b"prnr\tisnr\tout\n\xff\n")
    assert fails(path).startswith(f"{path}: not UTF-8 text (invalid start byte at byte ")


def test_duplicate_issue(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, GOOD, GOOD)
    assert fails(path) == f"{path}: row 4, column 'isnr': issue 'p1i1' already on row 3"


def test_empty_issue_id(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, ["p1", "", *GOOD[2:]])
    assert fails(path) == f"{path}: row 3, column 'isnr': empty issue id"


def test_issue_without_any_actor(tmp_path: Path) -> None:
    row = ["p1", "p1i1", "", "999", "50", "80", "60", "", "0", "50"]
    path = write(tmp_path, HEADER, WEIGHTS, row)
    assert fails(path) == f"{path}: row 3: issue 'p1i1' has no actor with both a position and a salience"


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER, WEIGHTS, [""], GOOD, [""])
    data = read_deu(path)
    assert len(data.issues) == 1
    assert data.issues[0].row == 4
