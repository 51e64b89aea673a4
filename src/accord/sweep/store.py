"""The results file of a sweep: JSON lines, a sealed header then one sealed line per finished draw.

The header records what the draws depend on (the case's content hash, the seed, the
options, the inputs and the candidate packages) and its own ``digest``; each draw record
carries a ``sum`` chained to that digest (:mod:`accord.sweep.seal`). Each draw is appended
as one line and flushed, so a crash or Ctrl-C leaves only complete lines, except perhaps an
incomplete last line.

Reading (:func:`read_contents`) never trusts a line: every record is parsed strictly (no
NaN, no repeated keys), checked against the schema (:mod:`accord.sweep.record`) and its
checksum. A damaged record is reported with its line number and dropped, so its draw runs
again; a damaged header, a header of another run or an older format refuses the file with
a way to recover. docs/sweep.md, section 5, describes the format.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from accord._io import atomic_write_bytes, atomic_write_text
from accord.case import Case
from accord.errors import AnalysisError
from accord.sweep.draw import Record
from accord.sweep.record import record_problem
from accord.sweep.seal import DIGEST, SUM, header_digest, record_sum, seal_header, seal_record

__all__ = [
    "FORMAT",
    "MAX_RECORD_BYTES",
    "Contents",
    "Damage",
    "ResultsFile",
    "case_hash",
    "check_header",
    "damage_notices",
    "read_contents",
    "read_results",
]

FORMAT = "accord-sweep/2"
"""The ``format`` field of a results file's header."""

OLD_FORMATS = ("accord-sweep/1",)
"""Earlier formats, without checksums: refused (their records cannot be checked)."""

MAX_RECORD_BYTES = 1 << 20
"""A longer record line is damaged without being parsed (a record is a few kB at most)."""

SHOWN = 10
"""Damaged lines reported one by one; the rest are grouped in one line."""

_COMPARED = ("case_hash", "seed", "options", "inputs", "candidates")
"""Header fields that must match for a resume."""


def case_hash(case: Case) -> str:
    """Return the SHA-256 of the case's content (canonical JSON of every field)."""
    text = json.dumps(case.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def _recovery(path: Path) -> str:
    return f"delete {path} or pass --out NEW instead of --resume to start a new results file"


def _refuse(path: Path, reason: str) -> AnalysisError:
    return AnalysisError(f"cannot resume {str(path)!r}: {reason}; {_recovery(path)}")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("an object repeats a key")
    return out


def _strict_loads(raw: bytes) -> Any:
    """Parse one line as strict JSON (UTF-8, no NaN or Infinity, no repeated keys).

    Raises:
        ValueError: It is not such JSON.
    """
    try:
        return json.loads(
            raw.decode("utf-8"), parse_constant=_no_constants, object_pairs_hook=_no_repeated_keys
        )
    except RecursionError:
        raise ValueError("nested too deeply") from None


@dataclass(frozen=True)
class Damage:
    """A line of a results file that is not used.

    Attributes:
        line: Its line number (1 is the header).
        reason: What is wrong with it.
        rerun: True when the draw it held (if any) runs again; False for an exact repeat.
    """

    line: int
    reason: str
    rerun: bool = True


@dataclass(frozen=True)
class Contents:
    """What :func:`read_contents` found in a results file.

    Attributes:
        path: The file.
        header: The header (checked against its digest).
        records: The valid records by draw index, without their ``sum``.
        damaged: The lines not used, by line number.
        torn: The line number of an incomplete last line (``None``: the file ends with a newline).
        offset: The byte length of the complete lines.
        header_line: The header's line, as written.
        kept: The valid record lines, as written, in file order.
    """

    path: Path
    header: dict[str, Any]
    records: dict[int, Record]
    damaged: tuple[Damage, ...]
    torn: int | None
    offset: int
    header_line: bytes = field(repr=False)
    kept: tuple[bytes, ...] = field(repr=False)


def _read_header(p: Path, complete: list[bytes], torn: bytes) -> dict[str, Any]:
    if not complete:
        if not torn.strip():
            raise _refuse(p, "it is empty, not a sweep results file")
        raise _refuse(p, "its header line is incomplete (the run stopped while writing it)")
    try:
        header = _strict_loads(complete[0])
    except ValueError:
        header = None
    if not isinstance(header, dict) or not isinstance(header.get("format"), str):
        raise _refuse(p, f"it is not a sweep results file (its first line is not a {FORMAT} header)")
    fmt = header["format"]
    if fmt in OLD_FORMATS:
        raise _refuse(
            p,
            f"it was written by an older accord (format {fmt}, without checksums), so its records "
            "cannot be checked and the run must be redone",
        )
    if fmt != FORMAT:
        raise _refuse(p, f"it is not a sweep results file (its first line is not a {FORMAT} header)")
    try:
        intact = header.get(DIGEST) == header_digest(header)
    except ValueError:  # a number too large for a float (1e999) reads as infinity
        intact = False
    if not intact:
        raise _refuse(p, "its header (line 1) is damaged: it does not match its checksum")
    return header


def _check_line(raw: bytes, digest: str, wanted: Mapping[str, Any] | None) -> tuple[str | None, Record]:
    """Return ``(problem, record without its sum)``; ``problem`` is ``None`` for a valid record."""
    if len(raw) > MAX_RECORD_BYTES:
        return f"a line of {len(raw):,} bytes, longer than any draw record", {}
    if not raw.strip():
        return "an empty line", {}
    try:
        rec = _strict_loads(raw)
    except ValueError as exc:
        return f"not valid JSON: {str(exc)[:60]}", {}
    if not isinstance(rec, dict):
        return "not a JSON object", {}
    stated = rec.pop(SUM, None)
    if not isinstance(stated, str):
        return "its checksum 'sum' is missing", {}
    problem = record_problem(rec, wanted) if wanted is not None else None
    if problem is None and not (isinstance(rec.get("i"), int) and not isinstance(rec.get("i"), bool)):
        problem = "the draw index is not an integer"
    if problem is not None:
        return problem, {}
    try:
        actual = record_sum(rec, digest)
    except (ValueError, TypeError):
        return "it holds a value that is not valid JSON (NaN or infinity)", {}
    if actual != stated:
        return "its content does not match its checksum (changed, or copied from another run's file)", {}
    return None, rec


def read_contents(path: str | os.PathLike[str], wanted: Mapping[str, Any] | None = None) -> Contents:
    """Read and check a results file.

    Args:
        path: The file.
        wanted: The header of the run that will use the records; when given, each record
            must also fit the schema it fixes (:func:`accord.sweep.record.record_problem`).

    Returns:
        The checked contents; damaged records are listed, never returned as records.

    Raises:
        AnalysisError: The file is missing or unreadable, or its header is missing, damaged
            or of an older format (the message says how to recover).
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AnalysisError(f"cannot read sweep results {str(p)!r}: {exc.strerror or exc}") from None
    lines = data.split(b"\n")
    complete, rest = lines[:-1], lines[-1]  # the part after the last newline is empty or torn
    header = _read_header(p, complete, rest)
    digest = str(header[DIGEST])
    damaged: list[Damage] = []
    good: dict[int, tuple[int, bytes, Record]] = {}
    conflicted: set[int] = set()
    for n, raw in enumerate(complete[1:], start=2):
        problem, rec = _check_line(raw, digest, wanted)
        if problem is not None:
            damaged.append(Damage(n, problem))
            continue
        index = int(rec["i"])
        if index in conflicted:
            damaged.append(Damage(n, f"draw {index} is also on other lines, with different content"))
        elif index in good:
            first_line, _, first = good[index]
            if first == rec:
                damaged.append(Damage(n, f"a repeat of line {first_line} (draw {index})", rerun=False))
                continue
            conflicted.add(index)
            del good[index]
            reason = f"draw {index} is on lines {first_line} and {n} with different content"
            damaged.extend([Damage(first_line, reason), Damage(n, reason)])
        else:
            good[index] = (n, raw, rec)
    kept = sorted(good.values(), key=lambda t: t[0])
    return Contents(
        path=p,
        header=header,
        records={int(rec["i"]): rec for _, _, rec in kept},
        damaged=tuple(sorted(damaged, key=lambda d: d.line)),
        torn=len(complete) + 1 if rest else None,
        offset=sum(len(line) + 1 for line in complete),
        header_line=complete[0],
        kept=tuple(raw for _, raw, _ in kept),
    )


def read_results(path: str | os.PathLike[str]) -> tuple[dict[str, Any], dict[int, Record], int]:
    """Read a results file, keeping only records that match their checksums.

    Returns:
        ``(header, {draw index: record}, offset)``: ``offset`` is the byte length of the
        complete lines (an incomplete last line is dropped).

    Raises:
        AnalysisError: The file is missing, unreadable or its header is missing or damaged.
    """
    found = read_contents(path)
    return found.header, found.records, found.offset


def check_header(path: str | os.PathLike[str], found: Mapping[str, Any], wanted: Mapping[str, Any]) -> None:
    """Refuse to resume a file whose header belongs to another run.

    Raises:
        AnalysisError: Naming the first field that differs, and how to recover.
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
                f"cannot resume {str(path)!r}: {reasons[key]}; rerun with the same case and options, "
                f"or {_recovery(Path(path))}"
            )


def _ranges(numbers: Iterable[int]) -> str:
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def damage_notices(contents: Contents, kept_as: Path | None) -> list[str]:
    """Return one line per damaged record (the first :data:`SHOWN`; the rest grouped).

    Args:
        contents: What :func:`read_contents` found.
        kept_as: Where the original file was kept, if it was rewritten.
    """
    p = contents.path
    out = [
        f"{p}:{d.line}: damaged draw record: {d.reason}; dropped, "
        + ("its draw runs again" if d.rerun else "nothing to rerun")
        for d in contents.damaged[:SHOWN]
    ]
    rest = contents.damaged[SHOWN:]
    if rest:
        out.append(
            f"{p}: {len(rest)} more damaged draw records on lines {_ranges(d.line for d in rest)}; "
            "dropped, their draws run again"
        )
    if contents.torn is not None:
        out.append(
            f"{p}:{contents.torn}: incomplete last line (the run stopped while writing it); "
            "dropped, its draw runs again"
        )
    if kept_as is not None:
        out.append(f"{p}: rewritten without the damaged lines; the original is kept as {kept_as}")
    return out


class ResultsFile:
    """An open results file that draw records are appended to, one sealed, flushed line each."""

    def __init__(self, handle: IO[str], path: Path, digest: str) -> None:
        """Wrap an open text handle (use :meth:`create` or :meth:`resume`)."""
        self._handle = handle
        self.path = path
        self.digest = digest

    @staticmethod
    def _open(path: Path, mode: str) -> IO[str]:
        try:
            return path.open(mode, encoding="utf-8", newline="\n")
        except OSError as exc:
            raise AnalysisError(f"cannot write sweep results {str(path)!r}: {exc.strerror or exc}") from None

    @classmethod
    def create(cls, path: str | os.PathLike[str], header: Mapping[str, Any]) -> ResultsFile:
        """Start a new results file (replacing any) with ``header``, sealed.

        Raises:
            AnalysisError: The file cannot be written.
        """
        p = Path(path)
        sealed = seal_header({"format": FORMAT, **header})
        try:
            atomic_write_text(p, _dumps(sealed) + "\n")
        except OSError as exc:
            raise AnalysisError(f"cannot write sweep results {str(p)!r}: {exc.strerror or exc}") from None
        return cls(cls._open(p, "a"), p, str(sealed[DIGEST]))

    @classmethod
    def resume(cls, contents: Contents) -> tuple[ResultsFile, Path | None]:
        """Reopen a checked results file for appending.

        With damaged lines, the original is first kept as ``FILE.damaged`` and the file
        rewritten (atomically) with its header and valid records only; otherwise an
        incomplete last line is cut off.

        Returns:
            ``(the open file, where the original was kept or None)``.

        Raises:
            AnalysisError: The file cannot be rewritten or reopened.
        """
        p = contents.path
        kept_as: Path | None = None
        try:
            if contents.damaged:
                kept_as = p.with_name(p.name + ".damaged")
                atomic_write_bytes(kept_as, p.read_bytes())
                atomic_write_bytes(
                    p, b"".join(line + b"\n" for line in (contents.header_line, *contents.kept))
                )
            elif contents.torn is not None:
                with p.open("r+b") as raw:
                    raw.truncate(contents.offset)
        except OSError as exc:
            raise AnalysisError(f"cannot repair sweep results {str(p)!r}: {exc.strerror or exc}") from None
        return cls(cls._open(p, "a"), p, str(contents.header[DIGEST])), kept_as

    def append(self, records: Iterable[Record]) -> None:
        """Append draw records, sealed, one line each, and flush."""
        text = "".join(_dumps(seal_record(r, self.digest)) + "\n" for r in records)
        self._handle.write(text)
        self._handle.flush()

    def close(self) -> None:
        """Close the file."""
        self._handle.close()
