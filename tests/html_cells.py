"""Read the cells of an HTML table the report and the dashboard render (``data-field`` cells)."""

from __future__ import annotations

import re
from html.parser import HTMLParser


class _Cells(HTMLParser):
    """Per row (``data-architecture``/``data-part`` or ``data-outcome``...), each ``data-field`` cell's text
    (``<br>`` as a newline) and the title of its first span."""

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
            keys = [a.get(k) for k in ("data-architecture", "data-part", "data-outcome", "data-years")]
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
