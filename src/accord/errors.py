"""The exception tree of accord.

Every error accord raises on purpose derives from :class:`AccordError`, so a caller
(the CLI above all) can catch one type and show a clear message instead of a traceback::

    AccordError
    ├── CaseError (ValueError)            a case file or case object is invalid
    │   ├── CaseFormatError               unreadable YAML, too large, not a mapping
    │   └── CaseValidationError           schema or cross-reference problems, located
    ├── CaseNotFoundError (LookupError)   no built-in case or file by that name
    └── AnalysisError (ValueError)        an analysis was asked something impossible
        └── ExactSearchError              the integer programming solver failed for good

Leaves also subclass the matching builtin (``ValueError`` or ``LookupError``) so code
that already catches those keeps working.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AccordError",
    "AnalysisError",
    "CaseError",
    "CaseFormatError",
    "CaseNotFoundError",
    "CaseValidationError",
    "ExactSearchError",
    "Problem",
]


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""


class CaseError(AccordError, ValueError):
    """A case file or case object is invalid."""


@dataclass(frozen=True)
class Problem:
    """One located problem in a case file.

    Attributes:
        file: The file the problem is in (``"<string>"`` when loaded from text).
        line: 1-based line, or 0 when unknown.
        column: 1-based column, or 0 when unknown.
        field: Dotted path of the field, for example ``positions[3].actor``.
        message: What is wrong and, where possible, how to fix it.
    """

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class CaseFormatError(CaseError):
    """The case file cannot be read as a YAML mapping (syntax, size, encoding)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class CaseValidationError(CaseError):
    """The case file parsed but breaks the schema or its cross-references.

    Attributes:
        problems: Every problem found, in file order.
    """

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class CaseNotFoundError(AccordError, LookupError):
    """No built-in case or readable file has the given name."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else "case not found"


class AnalysisError(AccordError, ValueError):
    """An analysis was asked for something the case cannot support."""


class ExactSearchError(AnalysisError):
    """The exact (integer programming) search failed even after retrying with safer solver settings."""
