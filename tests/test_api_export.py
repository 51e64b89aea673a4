"""The notebook API and exports: tables with labels, CSV and Excel with the same rows, escaped HTML."""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from accord import api, parse_case
from accord.api.tabular import Table, Tables
from accord.cli import app
from accord.errors import AnalysisError

runner = CliRunner()


@pytest.fixture(scope="module")
def deals() -> api.Result:
    return api.deals("tutorial", top=3)


def _labels(case_name: str) -> set[str]:
    from accord import load_case

    return {o.label for i in load_case(case_name).issues for o in i.options}


def test_deal_tables_show_labels_not_ids(deals: api.Result) -> None:
    assert list(deals) == ["solutions", "frontier", "least_concession", "counts"]
    frame = deals.to_frame("solutions")
    assert list(frame["solution"]) == ["nash", "ks", "egalitarian", "utilitarian"]
    option_cols = [c for c in frame.columns[2:] if not c.startswith("utility")]
    assert option_cols
    assert {v for c in option_cols for v in frame[c]} <= _labels("tutorial")


def test_frames_match_the_engine_answer(deals: api.Result) -> None:
    nash = deals.raw.to_dict()["solutions"]["nash"]
    row = deals.to_frame("solutions").iloc[0]
    assert row["nash_product"] == pytest.approx(nash["nash_product"])
    for actor, v in nash["actors"].items():
        name = next(a.name for a in parse_case_tutorial().actors if a.id == actor)
        assert row[f"utility {name}"] == pytest.approx(v["utility"])


def parse_case_tutorial() -> Any:
    from accord import load_case

    return load_case("tutorial")


def test_csv_and_xlsx_hold_the_same_rows(deals: api.Result, tmp_path: Path) -> None:
    written = deals.write_csv(tmp_path / "out")
    assert [p.name for p in written] == [f"{n}.csv" for n in deals]
    book = load_workbook(deals.write_xlsx(tmp_path / "d.xlsx"))
    assert book.sheetnames == list(deals)
    for path in written:
        table = deals[path.stem]
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        assert tuple(rows[0]) == table.columns
        assert len(rows) == len(table.rows) + 1
        sheet = [tuple(r) for r in book[path.stem].iter_rows(values_only=True)]
        assert sheet[0] == table.columns
        for got, want in zip(sheet[1:], table.rows, strict=True):
            assert list(got) == list(want)


def test_html_display_escapes_case_text(tutorial_text: str) -> None:
    hostile = tutorial_text.replace("title: ", 'title: "<script>alert(1)</script> ', 1)
    hostile = hostile.replace(
        'title: "<script>alert(1)</script> ', 'title: "<script>alert(1)</script>"\n#', 1
    )
    case = parse_case(hostile)
    assert "<script>" in case.title
    html = api.deals(case, top=3)._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    cell = Tables("t", [Table("t", "<b>", ("<i>",), (("<img src=x onerror=alert(1)>",),))])._repr_html_()
    assert "<img" not in cell
    assert "<b>" not in cell


def test_bad_table_rows_are_refused() -> None:
    with pytest.raises(ValueError, match="row 0 has 1 cells for 2 columns"):
        Table("t", "T", ("a", "b"), (("x",),))


def test_unknown_table_name_lists_the_known(deals: api.Result) -> None:
    with pytest.raises(KeyError, match="tables: solutions, frontier"):
        deals.to_frame("nope")


def test_missing_pandas_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(AnalysisError, match=r"pip install 'accord\[export\]'"):
        Tables("x", [Table("t", "T", ("a",), ((1,),))]).to_frame()


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["deals", "tutorial", "--top", "2"],
            {"solutions.csv", "frontier.csv", "least_concession.csv", "counts.csv"},
        ),
        (["plans", "ukraine-2026"], {"verdicts.csv", "points.csv"}),
        (["forecast", "tutorial"], {"forecast.csv"}),
        (["guarantees", "tutorial", "--draws", "300"], {"war.csv", "violation.csv", "honour.csv"}),
        (
            ["sweep", "tutorial", "--draws", "6"],
            {"acceptability.csv", "nash.csv", "forecasts.csv", "honour.csv", "sensitivity.csv"},
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, list) else "",
)
def test_cli_csv_and_xlsx(args: list[str], expected: set[str], tmp_path: Path) -> None:
    out = tmp_path / "csv"
    book = tmp_path / "all.xlsx"
    result = runner.invoke(app, [*args, "--csv", str(out), "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == expected
    assert set(load_workbook(book).sheetnames) == {n.removesuffix(".csv") for n in expected}


def test_cli_refuses_bad_export_paths_before_computing(tmp_path: Path) -> None:
    afile = tmp_path / "f.txt"
    afile.write_text("x", encoding="utf-8")
    bad_csv = runner.invoke(app, ["forecast", "tutorial", "--csv", str(afile)])
    assert bad_csv.exit_code == 2
    assert "--csv needs a folder" in bad_csv.output
    bad_xlsx = runner.invoke(app, ["forecast", "tutorial", "--xlsx", str(tmp_path / "x.csv")])
    assert bad_xlsx.exit_code == 2
    assert "ending in .xlsx" in bad_xlsx.output
