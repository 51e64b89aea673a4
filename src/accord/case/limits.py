"""Limits on the size and shape of a case file, checked while the YAML is read.

A case file of at most 5 MB could still hold millions of values, nest thousands of levels deep
or expand an alias into billions of strings. Each limit below is checked as the document is
composed, before any value is built or validated, so hostile input is refused early with one
located message that names the limit. The values leave at least 10x headroom over the largest
real case (ukraine-2026: 11 actors, 16 issues, 5 options, 130 positions, 42 sources, 237
claims, 6 levels, about 7,700 values); docs/security.md lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "CaseLimits", "section_limit"]


@dataclass(frozen=True)
class CaseLimits:
    """Largest counts a case file may hold (each named in the message that refuses a file).

    Attributes:
        max_depth: Levels of nested lists and mappings.
        max_values: Values in the document (scalars, lists and mappings), counting each alias
            as the values it stands for.
        max_keys: Keys in one mapping (top level included).
        max_key_chars: Characters in one mapping key.
        max_list_items: Items in any list without a limit of its own.
        max_actors: Entries of ``actors``.
        max_issues: Entries of ``issues``.
        max_options: Options of one issue.
        max_positions: Entries of ``positions``.
        max_sources: Entries of ``sources``.
        max_claims: Entries of ``claims``.
        max_entries: Entries of each other section (guarantees, tracks, red_lines, uncertain, proposals).
        max_problems: Problems listed in one error; the rest are counted.
    """

    max_depth: int = 64
    max_values: int = 200_000
    max_keys: int = 1_000
    max_key_chars: int = 200
    max_list_items: int = 10_000
    max_actors: int = 1_000
    max_issues: int = 1_000
    max_options: int = 200
    max_positions: int = 10_000
    max_sources: int = 5_000
    max_claims: int = 10_000
    max_entries: int = 1_000
    max_problems: int = 100


LIMITS = CaseLimits()
"""The limits in force."""

_SECTIONS = {
    "actors": "max_actors",
    "issues": "max_issues",
    "positions": "max_positions",
    "sources": "max_sources",
    "claims": "max_claims",
    "guarantees": "max_entries",
    "tracks": "max_entries",
    "red_lines": "max_entries",
    "uncertain": "max_entries",
    "proposals": "max_entries",
}


def section_limit(path: tuple[str | int, ...], limits: CaseLimits) -> tuple[int, str, str]:
    """Return ``(limit, limit name, what an item is)`` for the list at ``path``."""
    if len(path) == 1 and isinstance(path[0], str) and path[0] in _SECTIONS:
        name = _SECTIONS[path[0]]
        what = path[0].replace("_", " ")
        return int(getattr(limits, name)), name, what
    if len(path) == 3 and path[0] == "issues" and path[2] == "options":
        return limits.max_options, "max_options", "options in one issue"
    return limits.max_list_items, "max_list_items", "items in one list"
