"""Hints that fix the commonest mistakes of a hand-written case file.

Each function looks at one kind of error and, when it recognises the mistake behind it,
returns a message that says what went wrong and how to write it instead; otherwise ``None``
and the generic message stands.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["colon_in_value_hint", "ideal_hint", "split_value_hint"]


def _at(tree: Any, loc: Sequence[str | int]) -> Any:
    node = tree
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def split_value_hint(tree: Any, loc: Sequence[str | int], value: Any) -> str | None:
    """An unknown field that is the tail of a text value cut at an unquoted comma.

    In a flow mapping (``{id: a, label: One, two, position: 0}``) a comma ends a value, so
    ``two`` becomes a field of its own with no value.
    """
    if value is not None or not loc or not isinstance(loc[-1], str):
        return None
    key = loc[-1]
    parent = _at(tree, loc[:-1])
    if not isinstance(parent, Mapping):
        return None
    keys = list(parent)
    if key not in keys or keys.index(key) == 0:
        return None
    before = keys[keys.index(key) - 1]
    head = parent[before]
    if not isinstance(head, str):
        return None
    # gather every value-less key after the text: all of them are pieces of the same value
    pieces = [head]
    for k in keys[keys.index(before) + 1 :]:
        if parent[k] is not None:
            break
        pieces.append(str(k))
    whole = ", ".join(pieces)
    return (
        f"unknown field {key!r}: it looks like the rest of {before!r}, cut at a comma "
        f"(inside {{...}} a comma ends a value); put the whole value in quotes: {before}: {_quoted(whole)}"
    )


def colon_in_value_hint(problem: str | None, text: str, line: int, column: int) -> str | None:
    """``mapping values are not allowed here`` at a colon inside an unquoted value.

    ``line`` and ``column`` (0-based) mark the offending colon. The hint applies only when that
    colon comes after the line's own ``key: `` (a colon in the value); a colon at the key itself
    is an indentation problem and keeps the parser's message.
    """
    if not problem or "mapping values are not allowed" not in problem:
        return None
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    source = lines[line]
    indent = len(source) - len(source.lstrip(" -"))
    key, sep, rest = source[indent:].partition(": ")
    first_colon = indent + len(key)
    if not sep or not key.strip() or " " in key.strip() or not rest.strip() or column <= first_colon:
        return None
    return (
        "a colon followed by a space inside an unquoted value starts a new mapping in YAML: "
        f"put the whole text in quotes: {key.strip()}: {_quoted(rest.strip())}"
    )


def ideal_hint(tree: Any, loc: Sequence[str | int], value: Any) -> str | None:
    """``ideal`` given as text (often an option id) where a point on the 0-100 scale is expected."""
    if len(loc) < 3 or loc[0] != "positions" or loc[-1] != "ideal" or not isinstance(value, str):
        return None
    position = _at(tree, loc[:-1])
    issue_id = position.get("issue") if isinstance(position, Mapping) else None
    options: list[tuple[str, Any]] = []
    for issue in _at(tree, ("issues",)) or []:
        if isinstance(issue, Mapping) and issue.get("id") == issue_id:
            for option in issue.get("options") or []:
                if isinstance(option, Mapping):
                    options.append((str(option.get("id")), option.get("position")))
    scale = "an ideal is a point on the issue's 0-100 scale, not an option id"
    for option_id, point in options:
        if option_id == value.strip() and isinstance(point, int | float) and not isinstance(point, bool):
            return (
                f"expected a number (got {value!r}): {scale}; "
                f"option {value!r} sits at {point:g}, so write ideal: {point:g}"
            )
    if options:
        shown = ", ".join(f"{o} at {p}" for o, p in options[:6])
        return f"expected a number (got {value!r}): {scale} (the options of {issue_id!r}: {shown})"
    return f"expected a number (got {value!r}): {scale}"
