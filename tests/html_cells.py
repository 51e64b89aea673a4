"""Read the cells of an HTML table the report and the dashboard render (``data-field`` cells)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Cells(HTMLParser):
    """Per row (``data-architecture``/``data-part``, ``data-outcome``, ``data-actor``...), each
    ``data-field`` cell's text (``<br>`` as a newline) and the title of its first span."""

    def __init__(self, table_id: str) -> None:
        super().__init__()
        self.table_id = table_id
        self.inside = False
        self.row: str | None = None
        self.field: str | None = None
        self.rows: dict[str, dict[str, str]] = {}
        self.titles: dict[str, dict[str, str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.inside = a.get("id") == self.table_id
        if not self.inside:
            return
        if tag == "tr":
            rows = ("data-architecture", "data-part", "data-outcome", "data-years", "data-actor")
            keys = [a.get(k) for k in rows]
            self.row = "/".join(k for k in keys if k) or None
        elif tag == "td" and self.row is not None and a.get("data-field"):
            field = a["data-field"] or ""
            self.field = field
            self.rows.setdefault(self.row, {})[field] = ""
        elif tag == "br" and self.field and self.row:
            self.rows[self.row][self.field] += "\n"
        elif tag == "span" and self.field and self.row and a.get("title"):
            self.titles.setdefault(self.row, {}).setdefault(self.field, a["title"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self.field = None
        elif tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self.inside and self.field and self.row:
            self.rows[self.row][self.field] += data.strip()


def cells(text: str, table_id: str) -> _Cells:
    parser = _Cells(table_id)
    parser.feed(re.sub(r'<script id="plotly-js">.*?</script>', "", text, flags=re.S))
    return parser


def check_forecast_section(text: str, name: str) -> None:
    """Assert the rendered forecast section of case ``name`` (report or dashboard page) shows the
    default model's validation figures, the proxy caveat and every rejecting party's shortfall,
    all as the engines compute them."""
    from markupsafe import escape

    from accord.case import load_case
    from accord.forecast.case_forecast import forecast_case
    from accord.forecast.registry import get_model
    from accord.forecast.validated import PROXY_CAVEAT, best_for_cases, figures_line
    from accord.report.labels import Labels
    from accord.report.settlement import settlement_check

    case = load_case(name)
    model = best_for_cases()
    check = settlement_check(case, forecast_case(case, get_model(model)))
    assert str(escape(figures_line(model))) in text
    assert str(escape(PROXY_CAVEAT)) in text
    rows = cells(text, "forecast-settlement").rows
    assert list(rows) == [v.actor for v in check.verdicts]
    for v in check.verdicts:
        row = rows[v.actor]
        assert row["party"].startswith(Labels.of(case).actor(v.actor))
        if v.accepts == "no":
            assert row["verdict"] == "rejects"
            assert row["shortfall"] == f"{v.no_deal - v.low:.3f}"
    for v in check.rejecting:
        assert str(escape(Labels.of(case).actor(v.actor))) in text.split('id="forecast-settles"')[1]
