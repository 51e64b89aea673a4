"""Proposals: a published plan written as a package, loaded from YAML with located errors.

A proposal file::

    name: Example plan
    source: some-source-id      # optional: a source id of the case
    options:
      donetsk: ceded            # issue id: option id; issues left out stay open
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from accord.case import Case
from accord.case.locate import format_field, locate
from accord.case.yaml_io import read_text_file, read_yaml_document
from accord.errors import CaseValidationError, Problem

__all__ = ["Proposal", "load_proposal", "parse_proposal"]

_FIELDS = ("name", "source", "options")


@dataclass(frozen=True)
class Proposal:
    """A proposed package.

    Attributes:
        name: Display name.
        source: Source id of the case it comes from, if any.
        options: ``{issue id: option id}``; issues not listed are open.
    """

    name: str
    source: str | None
    options: dict[str, str]


def parse_proposal(text: str, case: Case, filename: str = "<string>") -> Proposal:
    """Parse a proposal and check its ids against ``case``.

    Raises:
        CaseFormatError: Not a YAML mapping.
        CaseValidationError: Unknown fields, issues, options or source, located by line.
    """
    tree, data = read_yaml_document(text, filename)
    problems: list[Problem] = []

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        line, col, _ = locate(tree, loc)
        problems.append(Problem(filename, line, col, format_field(loc), message))

    for key in data:
        if key not in _FIELDS:
            problem((key,), f"unknown field {key!r} (allowed: {', '.join(_FIELDS)})")
    name = data.get("name", os.path.basename(filename))
    if not isinstance(name, str) or not name.strip():
        problem(("name",), f"name must be a non-empty string (got {name!r})")
    source = data.get("source")
    known_sources = [s.id for s in case.sources]
    if source is not None and source not in known_sources:
        problem(
            ("source",), f"unknown source {source!r} (known: {', '.join(known_sources) or 'none defined'})"
        )
    options = data.get("options")
    issues = {i.id: i for i in case.issues}
    picked: dict[str, str] = {}
    if not isinstance(options, dict) or not options:
        problem(("options",), "options must be a non-empty mapping of issue id to option id")
    else:
        for issue_id, option_id in options.items():
            if issue_id not in issues:
                problem(("options", issue_id), f"unknown issue {issue_id!r} (known: {', '.join(issues)})")
                continue
            valid = issues[issue_id].option_ids
            if not isinstance(option_id, str) or option_id not in valid:
                problem(
                    ("options", issue_id),
                    f"unknown option {option_id!r} for issue {issue_id!r} (known: {', '.join(valid)})",
                )
                continue
            picked[issue_id] = option_id
    if problems:
        problems.sort(key=lambda p: (p.line, p.column))
        raise CaseValidationError(problems)
    return Proposal(str(name), source if isinstance(source, str) else None, picked)


def load_proposal(path: str | os.PathLike[str], case: Case) -> Proposal:
    """Load a proposal file and check it against ``case``."""
    return parse_proposal(read_text_file(path), case, os.fspath(path))
