"""Map a field path (``("positions", 3, "actor")``) to a line and column in the YAML source."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

__all__ = ["format_field", "locate"]


def format_field(loc: Sequence[str | int]) -> str:
    """Render a path as ``positions[3].red_line[0]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def locate(root: Any, loc: Sequence[str | int]) -> tuple[int, int, int]:
    """Find where the field at ``loc`` is written.

    Args:
        root: The round-trip tree ruamel.yaml loaded.
        loc: The path of the field.

    Returns:
        ``(line, column, depth)``: the 1-based position of the deepest part of the path
        found in the file (the key for a mapping entry, the item for a list entry) and
        how many parts of ``loc`` were matched. ``(0, 0, 0)`` if none.
    """
    node = root
    line = col = 0
    if isinstance(node, CommentedMap | CommentedSeq):
        line, col = node.lc.line + 1, node.lc.col + 1
    depth = 0
    for part in loc:
        if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
            pos = node.lc.key(part)
            child = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and 0 <= part < len(node):
            pos = node.lc.item(part)
            child = node[part]
        else:
            break
        if pos is not None:
            line, col = pos[0] + 1, pos[1] + 1
        node = child
        depth += 1
    return line, col, depth
