"""Named tables of results, and what a notebook or a spreadsheet user does with them.

A :class:`Table` is a title, column names and rows of plain cells (text, numbers, booleans or
empty). A :class:`Tables` holds the tables of one result and writes them as CSV files (one per
table), as one Excel workbook (one sheet per table, with openpyxl), as pandas DataFrames, or as
escaped HTML for a notebook's rich display. pandas and openpyxl are imported only when asked for
(the ``export`` extra installs both).
"""

from __future__ import annotations

import csv
import html
import io
import math
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord._io import atomic_write_bytes, atomic_write_text
from accord.errors import AnalysisError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Cell", "Table", "Tables"]

Cell = str | int | float | bool | None
"""One value of a table."""

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _needs(module: str) -> AnalysisError:
    return AnalysisError(f"this export needs {module}: pip install 'accord[export]' (pandas and openpyxl)")


def _shown(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.4g}"
    return str(value)


@dataclass(frozen=True)
class Table:
    """One table of a result.

    Attributes:
        name: Short name, used for the CSV file name and the sheet name (``frontier``).
        title: What the table shows, for people.
        columns: Column names.
        rows: Rows of cells, each as long as ``columns``.
    """

    name: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def __post_init__(self) -> None:
        for k, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.name!r}: row {k} has {len(row)} cells for {len(self.columns)} columns"
                )

    def to_frame(self) -> pd.DataFrame:
        """Return the table as a pandas DataFrame (needs pandas)."""
        try:
            import pandas as pd
        except ImportError:
            raise _needs("pandas") from None
        return pd.DataFrame(list(self.rows), columns=list(self.columns))

    def to_csv_text(self) -> str:
        """Return the table as CSV text (a header row, then the rows; empty cells for missing values)."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if c is None or (isinstance(c, float) and math.isnan(c)) else c for c in row])
        return buf.getvalue()

    def to_html(self) -> str:
        """Return the table as an escaped HTML ``<table>`` with its title as caption."""
        head = "".join(f"<th>{html.escape(c)}</th>" for c in self.columns)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(_shown(c))}</td>" for c in row) + "</tr>" for row in self.rows
        )
        return (
            f'<table class="accord-table"><caption>{html.escape(self.title)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


class Tables(Mapping[str, Table]):
    """The tables of one result, in display order, by name."""

    def __init__(self, title: str, tables: Sequence[Table], notes: Sequence[str] = ()) -> None:
        names = [t.name for t in tables]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate table names: {names}")
        self.title = title
        self.notes = tuple(notes)
        self._tables = {t.name: t for t in tables}

    def __getitem__(self, name: str) -> Table:
        try:
            return self._tables[name]
        except KeyError:
            raise KeyError(f"no table {name!r} (tables: {', '.join(self._tables)})") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._tables)

    def __len__(self) -> int:
        return len(self._tables)

    def __repr__(self) -> str:
        return f"Tables({self.title!r}: {', '.join(self._tables)})"

    def to_frame(self, name: str | None = None) -> pd.DataFrame:
        """Return one table as a DataFrame: ``name``, or the first (main) table."""
        if not self._tables:
            raise AnalysisError("this result has no tables")
        return self[name if name is not None else next(iter(self._tables))].to_frame()

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Return every table as a DataFrame, by name."""
        return {name: t.to_frame() for name, t in self._tables.items()}

    def write_csv(self, folder: str | os.PathLike[str], prefix: str = "") -> list[Path]:
        """Write one CSV file per table into ``folder`` (created if missing); return the paths."""
        out = Path(folder)
        if out.exists() and not out.is_dir():
            raise AnalysisError(f"--csv needs a folder, and {str(out)!r} is a file")
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AnalysisError(f"cannot create {str(out)!r}: {exc.strerror or exc}") from None
        written = []
        for name, table in self._tables.items():
            path = out / f"{prefix}{name}.csv"
            atomic_write_text(path, table.to_csv_text())
            written.append(path)
        return written

    def write_xlsx(self, path: str | os.PathLike[str]) -> Path:
        """Write one workbook with a sheet per table (needs openpyxl); return its path."""
        try:
            from openpyxl import Workbook
        except ImportError:
            raise _needs("openpyxl") from None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            raise AnalysisError(f"--xlsx needs a file name ending in .xlsx (got {str(target)!r})")
        book = Workbook()
        book.remove(book.active)
        used: set[str] = set()
        for name, table in self._tables.items():
            sheet_name = _SHEET_BAD.sub("_", name)[:31] or "table"
            while sheet_name in used:
                sheet_name = sheet_name[:28] + f"_{len(used)}"
            used.add(sheet_name)
            sheet = book.create_sheet(sheet_name)
            sheet.append(list(table.columns))
            for row in table.rows:
                sheet.append([None if isinstance(c, float) and math.isnan(c) else c for c in row])
        buf = io.BytesIO()
        book.save(buf)
        atomic_write_bytes(target, buf.getvalue())
        return target

    def _repr_html_(self) -> str:
        notes = "".join(f"<p>{html.escape(n)}</p>" for n in self.notes)
        body = "".join(t.to_html() for t in self._tables.values())
        return f'<div class="accord-result"><h3>{html.escape(self.title)}</h3>{notes}{body}</div>'


def cells(values: Sequence[Any]) -> tuple[Cell, ...]:
    """Coerce values to table cells (anything else becomes its text)."""
    out: list[Cell] = []
    for v in values:
        out.append(v if v is None or isinstance(v, str | int | float | bool) else str(v))
    return tuple(out)
