"""The results file of a sweep: JSON lines, a header then one line per finished draw.

The header records what the draws depend on (the case's content hash, the seed, the
options, the inputs and the candidate packages). Each draw is appended as one line and
flushed, so a crash or Ctrl-C leaves only complete lines, except perhaps a torn last line,
which reading drops (and appending first cuts off). ``--resume FILE`` reads the file,
refuses it if its header differs from the new run's, and computes only the missing draws.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from accord.case import Case
from accord.errors import AnalysisError
from accord.sweep.draw import Record

__all__ = ["FORMAT", "ResultsFile", "case_hash", "read_results"]

FORMAT = "accord-sweep/1"
"""The ``format`` field of a results file's header."""

_COMPARED = ("case_hash", "seed", "options", "inputs", "candidates")
"""Header fields that must match for a resume."""


def case_hash(case: Case) -> str:
    """Return the SHA-256 of the case's content (canonical JSON of every field)."""
    text = json.dumps(case.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def read_results(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[int, Record], int]:
    """Read a results file.

    Returns:
        ``(header, {draw index: record}, offset)``: ``offset`` is the byte length of the
        complete lines (a torn last line is dropped; the first record of an index wins).

    Raises:
        AnalysisError: The file is missing, unreadable or not a sweep results file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AnalysisError(f"cannot read sweep results {str(p)!r}: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    complete = lines[:-1]  # the part after the last newline is empty or torn
    offset = sum(len(line) + 1 for line in complete)
    if not complete:
        raise AnalysisError(f"{str(p)!r} is not a sweep results file: it has no header line")
    try:
        header = json.loads(complete[0])
    except (ValueError, UnicodeDecodeError):
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise AnalysisError(
            f"{str(p)!r} is not a sweep results file (its first line is not a {FORMAT} header)"
        )
    records: dict[int, Record] = {}
    for n, line in enumerate(complete[1:], start=2):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            index = int(rec["i"])
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise AnalysisError(f"{p}:{n}: not a draw record; the results file is damaged") from None
        records.setdefault(index, rec)
    return header, records, offset


def check_header(path: str | os.PathLike[str], found: dict[str, Any], wanted: dict[str, Any]) -> None:
    """Refuse to resume a file whose header differs from the new run's.

    Raises:
        AnalysisError: Naming the first field that differs.
    """
    reasons = {
        "case_hash": "the case has changed since the run started",
        "seed": f"it used seed {found.get('seed')!r}, not {wanted.get('seed')!r}",
        "options": f"it used options {found.get('options')!r}, not {wanted.get('options')!r}",
        "inputs": "its uncertain inputs differ (uncertain entries or the widening changed)",
        "candidates": "its candidate packages differ",
    }
    for key in _COMPARED:
        if found.get(key) != wanted.get(key):
            raise AnalysisError(
                f"cannot resume {str(path)!r}: {reasons[key]}; start a new results file or rerun with the "
                "same case and options"
            )


class ResultsFile:
    """An open results file that draw records are appended to, one flushed line each."""

    def __init__(self, handle: IO[str], path: Path) -> None:
        """Wrap an open text handle (use :meth:`create` or :meth:`append_to`)."""
        self._handle = handle
        self.path = path

    @classmethod
    def create(cls, path: str | os.PathLike[str], header: dict[str, Any]) -> ResultsFile:
        """Start a new results file (replacing any) with ``header``.

        Raises:
            AnalysisError: The file cannot be written.
        """
        p = Path(path)
        try:
            handle = p.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise AnalysisError(f"cannot write sweep results {str(p)!r}: {exc.strerror or exc}") from None
        out = cls(handle, p)
        out._line({"format": FORMAT, **header})
        return out

    @classmethod
    def append_to(cls, path: str | os.PathLike[str], offset: int) -> ResultsFile:
        """Reopen a results file for appending, first cutting off a torn last line at ``offset``."""
        p = Path(path)
        try:
            with p.open("r+b") as raw:
                raw.truncate(offset)
            handle = p.open("a", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise AnalysisError(f"cannot append to sweep results {str(p)!r}: {exc.strerror or exc}") from None
        return cls(handle, p)

    def _line(self, obj: Any) -> None:
        self._handle.write(_dumps(obj) + "\n")
        self._handle.flush()

    def append(self, records: Iterable[Record]) -> None:
        """Append draw records, one line each, and flush."""
        text = "".join(_dumps(r) + "\n" for r in records)
        self._handle.write(text)
        self._handle.flush()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()
