"""Read DEU-format data (Decision-making in the European Union) into forecast issues.

The layout is that of DEU III (Arregui & Perarnaud 2021, doi:10.34810/data53, CC BY 4.0),
a tab-separated file:

* row 1, the header. Each actor ``a`` has a position column ``p<a>`` and a salience column
  ``s<a>`` (both 0-100); ``prnr`` is the proposal, ``isnr`` the issue, ``rp`` the reference
  point (optional column) and ``out`` the outcome. The optional ``proc`` (COD, CNS), ``counvte``
  (QMV, Unan) and ``intro`` (date) columns give each issue its :class:`IssueContext`; other
  columns are ignored.
* row 2, one weight per actor under its position column (GDP shares in DEU III).
* row 3 on, one row per issue.

A value outside 0-100 (DEU codes 999 and the like) or an empty cell means "missing": an actor
missing its position or its salience takes no part in that issue. An issue without a valid
outcome is kept (it can still be predicted) but is not scored.

Conventions (each documented in ``docs/forecast.md``):

* The Commission (``com``) and the Parliament (``ep``) take part like any other actor when
  their columns are present (``institutions=True``, the default); ``institutions=False``
  keeps the member states only.
* Capability is ``"equal"`` (1 for every actor; the default) or ``"gdp"`` (row 2 as given,
  which gives Commission and Parliament 4.1 each, as much as Germany). The DEU books use the
  Shapley-Shubik index of Council voting power instead; the file does not carry it.
* Saliences are divided by 100 to fit the 0-1 salience of :class:`IssueData`.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from accord.errors import AccordError
from accord.forecast.base import IssueContext, IssueData, Procedure, Voting

__all__ = [
    "INSTITUTIONS",
    "Capability",
    "DeuDataset",
    "DeuFormatError",
    "DeuIssue",
    "read_deu",
]

Capability = Literal["equal", "gdp"]
"""Where an actor's capability comes from: 1 for all, or row 2 of the file."""

INSTITUTIONS = ("com", "ep")
"""Actor codes of the Commission and the European Parliament in DEU files."""

REQUIRED_COLUMNS = ("prnr", "isnr", "out")
MAX_BYTES = 50_000_000
"""Largest DEU file read (DEU III in full is well under 1 MB)."""


class DeuFormatError(AccordError, ValueError):
    """A DEU file cannot be read: a missing column, a bad number, no issue.

    The message names the file and, where it applies, the row (1-based, the header is row 1)
    and the column.
    """


@dataclass(frozen=True)
class DeuIssue:
    """One issue of a DEU file.

    Attributes:
        issue: The issue id (``isnr``).
        proposal: The proposal id (``prnr``); cross-validation never splits one.
        data: Positions, saliences and capabilities of the actors taking part.
        reference: The reference point ``rp`` (the policy without a new law), if valid.
        outcome: The outcome ``out``, or ``None`` when it is missing (not scored).
        row: The issue's 1-based row in the file.
    """

    issue: str
    proposal: str
    data: IssueData
    reference: float | None
    outcome: float | None
    row: int


@dataclass(frozen=True)
class DeuDataset:
    """The issues of one DEU file.

    Attributes:
        path: The file read.
        actors: Actor codes, in column order (``com``, ``ep``, ``at``, ...).
        weights: Row 2's weight per actor (``None`` where the cell is empty).
        capability: Which capability the issues carry.
        institutions: Whether Commission and Parliament take part.
        issues: Every issue, in file order.
    """

    path: str
    actors: tuple[str, ...]
    weights: dict[str, float | None]
    capability: Capability
    institutions: bool
    issues: tuple[DeuIssue, ...]

    @property
    def scored(self) -> tuple[DeuIssue, ...]:
        """The issues with a valid outcome."""
        return tuple(i for i in self.issues if i.outcome is not None)

    @property
    def proposals(self) -> tuple[str, ...]:
        """The distinct proposals, in file order."""
        return tuple(dict.fromkeys(i.proposal for i in self.issues))


def _fail(path: str, message: str, row: int = 0, column: str = "") -> DeuFormatError:
    where = path
    if row:
        where += f": row {row}"
    if column:
        where += f", column {column!r}" if row else f": column {column!r}"
    return DeuFormatError(f"{where}: {message}")


def _cell(value: str, path: str, row: int, column: str) -> float | None:
    """Parse one 0-100 cell: ``None`` when empty or outside 0-100; an error when not a number."""
    text = value.strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise _fail(path, f"{text!r} is not a number", row, column) from None
    if not math.isfinite(number):
        raise _fail(path, f"{text!r} is not a finite number", row, column)
    return number if 0.0 <= number <= 100.0 else None


def _rows(path: Path) -> list[list[str]]:
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(name, f"file is {size} bytes, more than the {MAX_BYTES} a DEU file may have")
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    except UnicodeDecodeError as exc:
        raise _fail(name, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise _fail(name, f"not a tab-separated file ({exc})") from None
    except OSError as exc:
        raise _fail(name, f"cannot read the file ({exc.strerror or exc})") from None


def _actors(header: Sequence[str], path: str, weights_row: Sequence[str]) -> tuple[str, ...]:
    """Actor codes: every ``p<a>`` with a matching ``s<a>``, in header order."""
    names = set(header)
    actors: list[str] = []
    for index, col in enumerate(header):
        if not col.startswith("p") or len(col) < 2:
            continue
        code = col[1:]
        if f"s{code}" in names:
            actors.append(code)
        elif index < len(weights_row) and weights_row[index].strip():
            # row 2 weights this column, so it is an actor whose salience column is missing
            raise _fail(path, f"position column {col!r} has no salience column 's{code}'", 1)
    if not actors:
        raise _fail(path, "no actor columns: expected pairs like 'pde' and 'sde'", 1)
    return tuple(actors)


def _weights(
    header: Sequence[str], row: Sequence[str], actors: Sequence[str], path: str
) -> dict[str, float | None]:
    weights: dict[str, float | None] = {}
    for code in actors:
        col = f"p{code}"
        text = row[header.index(col)].strip() if header.index(col) < len(row) else ""
        if not text:
            weights[code] = None
            continue
        try:
            value = float(text)
        except ValueError:
            raise _fail(path, f"weight {text!r} is not a number", 2, col) from None
        if not (math.isfinite(value) and value >= 0):
            raise _fail(path, f"weight {text!r} must be a finite number >= 0", 2, col)
        weights[code] = value
    return weights


def _capabilities(
    weights: dict[str, float | None], actors: Sequence[str], capability: Capability, path: str
) -> dict[str, float]:
    if capability == "equal":
        return dict.fromkeys(actors, 1.0)
    caps: dict[str, float] = {}
    for code in actors:
        w = weights[code]
        if w is None:
            raise _fail(path, "no weight for this actor (needed by capability 'gdp')", 2, f"p{code}")
        caps[code] = w
    return caps


def read_deu(
    path: str | os.PathLike[str],
    *,
    capability: Capability = "equal",
    institutions: bool = True,
) -> DeuDataset:
    """Read a DEU-format TSV file.

    Args:
        path: The file.
        capability: ``"equal"`` (every actor 1) or ``"gdp"`` (row 2's weight as given).
        institutions: Whether the Commission (``com``) and Parliament (``ep``) take part.

    Returns:
        The dataset, issues in file order.

    Raises:
        DeuFormatError: The file cannot be read, a required column (``prnr``, ``isnr``,
            ``out``) or an actor's salience column is missing, a column repeats, row 2 is an
            issue rather than the weights, a cell is not a number, a row
            has more or fewer cells than the header, an issue id repeats, an issue has no
            actor with both a position and a salience, or there is no issue at all.
    """
    if capability not in ("equal", "gdp"):
        raise DeuFormatError(f"unknown capability {capability!r} (known: 'equal', 'gdp')")
    file = Path(path)
    name = str(path)
    rows = iter(_rows(file))
    header = [c.strip() for c in next(rows, [])]
    if not any(header):
        raise _fail(name, "the file is empty: expected a header row")
    for col in REQUIRED_COLUMNS:
        if col not in header:
            raise _fail(name, "required column is missing from the header", 1, col)
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        raise _fail(name, "column appears more than once in the header", 1, twice[0])
    weights_row = next(rows, None)
    if weights_row is None:
        raise _fail(name, "no weights row (row 2) and no issue")
    isnr = header.index("isnr")
    if isnr < len(weights_row) and weights_row[isnr].strip():
        raise _fail(
            name,
            f"row 2 must hold the actor weights, not an issue (it names issue {weights_row[isnr].strip()!r})",
            2,
            "isnr",
        )
    actors = _actors(header, name, weights_row)
    weights = _weights(header, weights_row, actors, name)
    present = tuple(a for a in actors if institutions or a not in INSTITUTIONS)
    if not present:
        raise _fail(name, "no member-state actor columns", 1)
    caps = _capabilities(weights, present, capability, name)
    columns = {col: i for i, col in enumerate(header)}
    issues: list[DeuIssue] = []
    seen: dict[str, int] = {}
    for row_no, row in enumerate(rows, start=3):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise _fail(name, f"{len(row)} cells, but the header has {len(header)}", row_no)
        issue = _issue(row, columns, present, caps, name, row_no, weights)
        if issue.issue in seen:
            raise _fail(name, f"issue {issue.issue!r} already on row {seen[issue.issue]}", row_no, "isnr")
        seen[issue.issue] = row_no
        issues.append(issue)
    if not issues:
        raise _fail(name, "no issue rows after the header and the weights row (row 2)")
    return DeuDataset(
        name, present, {a: weights[a] for a in present}, capability, institutions, tuple(issues)
    )


def _issue(
    row: Sequence[str],
    columns: dict[str, int],
    actors: Sequence[str],
    caps: dict[str, float],
    path: str,
    row_no: int,
    gdp: dict[str, float | None],
) -> DeuIssue:
    ident = row[columns["isnr"]].strip()
    proposal = row[columns["prnr"]].strip()
    if not ident:
        raise _fail(path, "empty issue id", row_no, "isnr")
    if not proposal:
        raise _fail(path, "empty proposal id", row_no, "prnr")
    xs: list[float] = []
    ss: list[float] = []
    cs: list[float] = []
    labels: list[str] = []
    for code in actors:
        p = _cell(row[columns[f"p{code}"]], path, row_no, f"p{code}")
        s = _cell(row[columns[f"s{code}"]], path, row_no, f"s{code}")
        if p is None or s is None:
            continue
        xs.append(p)
        ss.append(s / 100.0)
        cs.append(caps[code])
        labels.append(code)
    if not xs:
        raise _fail(path, f"issue {ident!r} has no actor with both a position and a salience", row_no)
    outcome = _cell(row[columns["out"]], path, row_no, "out")
    reference = _cell(row[columns["rp"]], path, row_no, "rp") if "rp" in columns else None
    context = IssueContext(
        procedure=_procedure(row, columns),
        voting=_voting(row, columns),
        reference=reference,
        date=_date(row, columns),
        gdp=tuple(gdp.get(a) or 0.0 for a in labels),
        group=proposal,
    )
    data = IssueData.of(xs, ss, cs, actors=labels, key=ident, context=context)
    return DeuIssue(ident, proposal, data, reference, outcome, row_no)


def _text(row: Sequence[str], columns: dict[str, int], name: str) -> str:
    return row[columns[name]].strip() if name in columns else ""


def _procedure(row: Sequence[str], columns: dict[str, int]) -> Procedure | None:
    """``proc``: COD is co-decision, CNS consultation; anything else unknown."""
    code = _text(row, columns, "proc").upper()
    return "codecision" if code == "COD" else "consultation" if code == "CNS" else None


def _voting(row: Sequence[str], columns: dict[str, int]) -> Voting | None:
    """``counvte``: QMV (also ``QMV(10)``) or Unan(imity); anything else unknown."""
    code = _text(row, columns, "counvte").lower()
    return "qmv" if code.startswith("qmv") else "unanimity" if code.startswith("unan") else None


def _date(row: Sequence[str], columns: dict[str, int]) -> dt.date | None:
    """``intro``: the proposal's date, or ``None`` when it cannot be read.

    DEU III writes ``dd-mm-yy`` (years 90-99 are the 1990s) and ``dd-mm-yyyy``; its 2004-2008
    proposals appear as ``19dd-mm-yy`` or ``20dd-mm-yy`` (a spreadsheet read ``dd-mm-yy`` as a
    date and prefixed the century to the day: ``1930-05-05`` is 30 May 2005), so a four-digit
    first field is read that way.
    """
    parts = _text(row, columns, "intro").split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    day, month, year = (int(parts[0][-2:]), int(parts[1]), parts[2])
    full = int(year) if len(year) == 4 else int(year) + (1900 if int(year) >= 90 else 2000)
    try:
        return dt.date(full, month, day)
    except ValueError:
        return None
