"""Load and dump case files: safe YAML, and errors located by file, line, column and field."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.scalarstring import LiteralScalarString

from accord._io import atomic_write_text
from accord.case import hints, parse_cache
from accord.case import limits as _limits
from accord.case._compose import LimitExceeded, compose_tree, has_c_parser
from accord.case.builtin import builtin_case_names, builtin_case_resource
from accord.case.locate import format_field, locate
from accord.case.model import REFERENCE_ERROR, Case
from accord.errors import CaseFormatError, CaseNotFoundError, CaseValidationError, Problem

__all__ = ["MAX_CASE_BYTES", "dump_case", "load_case", "parse_case", "read_text_file", "read_yaml_document"]

MAX_CASE_BYTES = 5_000_000
"""Largest case file accepted, in bytes."""


class _Constructor(RoundTripConstructor):
    """Round-trip constructor that leaves timestamps as text for the schema to check."""


def _timestamp_as_text(constructor: RoundTripConstructor, node: ScalarNode) -> str:
    return str(node.value)


_Constructor.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


_PURE_MESSAGES_BELOW = 200_000
"""Syntax errors in texts up to this many characters are re-read by ruamel's pure-Python parser,
whose messages say what was found as well as what was expected (libyaml's only the latter)."""


def _load_tree(text: str) -> Any:
    """Parse ``text`` within the case limits (libyaml events when available; see ``_compose``)."""
    try:
        return compose_tree(text, _Constructor)
    except YAMLError as exc:
        if isinstance(exc, DuplicateKeyError) or len(text) > _PURE_MESSAGES_BELOW or not has_c_parser():
            raise
    return compose_tree(text, _Constructor, pure=True)


class _Unsupported(Exception):
    """A YAML value that has no place in a case file (tags, non-string keys, ...)."""

    def __init__(self, loc: tuple[str | int, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.message = message


def _to_plain(node: Any, loc: tuple[str | int, ...], budget: list[int]) -> Any:
    """Copy ruamel's round-trip tree into plain dicts, lists and scalars."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _Unsupported(
            (), f"the document expands to more than {_limits.LIMITS.max_values:,} values (limit `max_values`)"
        )
    tag = getattr(getattr(node, "tag", None), "value", None)
    if isinstance(tag, str) and tag.startswith("tag:yaml.org,2002:"):
        tag = "!!" + tag[len("tag:yaml.org,2002:") :]
    if isinstance(node, CommentedMap | CommentedSeq) and tag is not None:
        # ruamel keeps an unknown tag on a collection (``!!python/object/apply:...``) and would
        # otherwise hand it over as a plain mapping or list.
        raise _Unsupported(
            loc, f"unsupported YAML tag {tag!s}: use plain strings, numbers, lists and mappings"
        )
    if isinstance(node, CommentedMap | dict):
        out: dict[str, Any] = {}
        for key, value in node.items():
            if not isinstance(key, str):
                raise _Unsupported(loc, f"mapping keys must be strings (got {_yaml_repr(key)})")
            out[key] = _to_plain(value, (*loc, key), budget)
        return out
    if isinstance(node, CommentedSeq | list):
        return [_to_plain(v, (*loc, i), budget) for i, v in enumerate(node)]
    if node is None or isinstance(node, bool):
        return node
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, str):
        return str(node)
    if isinstance(node, dt.datetime):
        if (node.hour, node.minute, node.second, node.microsecond) != (0, 0, 0, 0):
            raise _Unsupported(loc, f"expected a date (YYYY-MM-DD), not a date and time ({node.isoformat()})")
        return node.date()
    if isinstance(node, dt.date):
        return node
    tag = tag or type(node).__name__
    raise _Unsupported(
        loc,
        f"unsupported YAML value or tag {tag!s}: use plain strings, numbers, lists and mappings",
    )


def _yaml_repr(value: Any) -> str:
    """Show a value the way it was probably written in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    shown = repr(value)
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return f"a {type(value).__name__}"


def _unwrap(annotation: Any) -> Any:
    """Reduce ``Annotated[X, ...]``, ``X | None`` and ``tuple[X, ...]`` to ``X``."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif args and origin is not typing.Literal:
            candidates = [a for a in args if a is not type(None) and a is not Ellipsis]
            if len(candidates) != 1:
                return annotation
            annotation = candidates[0]
        else:
            return annotation


def _model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """Return the model class that owns the mapping at ``loc`` (for listing its fields)."""
    current: Any = Case
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(part)
        if field is None:
            return None
        current = _unwrap(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _message(err: ErrorDetails) -> str:
    kind = err["type"]
    loc = err["loc"]
    value = err.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        owner = _model_at(loc[:-1])
        allowed = ", ".join(owner.model_fields) if owner else "see docs/case-format.md"
        return f"unknown field {loc[-1]!r} (allowed: {allowed})"
    if kind == "string_pattern_mismatch" and loc and loc[-1] == "[key]":
        return f"invalid name {value!r}: use lowercase letters, digits, '_' and '.', starting with a letter"
    if kind == "string_pattern_mismatch":
        return (
            f"invalid id {value!r}: use letters, digits, '_', '.' or '-', "
            "start with a letter or digit, at most 64 characters"
        )
    if kind == "too_short":
        ctx = err.get("ctx") or {}
        least = ctx.get("min_length")
        return f"needs at least {least} item{'' if least == 1 else 's'} (got {ctx.get('actual_length')})"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list (got {_yaml_repr(value)})"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"expected a mapping of fields (got {_yaml_repr(value)})"
    if kind == "string_type" and not isinstance(value, dict | list):
        return f"expected text (got {_yaml_repr(value)}): put it in quotes"
    if kind in {"float_type", "int_type", "bool_type"} and not isinstance(value, dict | list):
        want = {"float_type": "a number", "int_type": "a whole number", "bool_type": "true or false"}[kind]
        return f"expected {want} (got {_yaml_repr(value)})"
    msg = err["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            return msg[len(prefix) :]
    msg = msg[:1].lower() + msg[1:]
    if not isinstance(value, dict | list):
        shown = repr(value)
        if len(shown) > 80:
            shown = shown[:77] + "..."
        return f"{msg} (got {shown})"
    return msg


def _hinted(err: ErrorDetails, tree: Any) -> str | None:
    """A message that names the likely mistake behind ``err`` and its fix, when one is recognised."""
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        return hints.split_value_hint(tree, loc, err.get("input"))
    if err["type"] in {"float_type", "float_parsing", "int_type", "int_parsing"}:
        return hints.ideal_hint(tree, loc, err.get("input"))
    return None


def _problems(exc: ValidationError, tree: Any, filename: str) -> list[Problem]:
    raw: list[tuple[tuple[str | int, ...], str]] = []
    for err in exc.errors(include_url=False):
        if err["type"] == REFERENCE_ERROR:
            ctx = err.get("ctx") or {}
            raw.extend((tuple(loc), msg) for loc, msg in ctx["problems"])
        else:
            loc = tuple(err["loc"])
            raw.append((loc[:-1] if loc and loc[-1] == "[key]" else loc, _hinted(err, tree) or _message(err)))
    out: list[Problem] = []
    for loc, msg in raw:
        line, col, depth = locate(tree, loc)
        # Keep only the parts of the path that name real fields (pydantic may add
        # union-branch names such as 'int' past the last real part).
        shown = loc if depth >= len(loc) - 1 else loc[: depth + 1]
        out.append(Problem(filename, line, col, format_field(shown), msg))
    out.sort(key=lambda p: (p.line, p.column))
    return _capped(out)


def _capped(problems: list[Problem]) -> list[Problem]:
    """Keep the first ``max_problems`` problems and say how many more there are, where the next one is."""
    most = _limits.LIMITS.max_problems
    if len(problems) <= most:
        return problems
    rest = problems[most]
    more = len(problems) - most
    note = (
        f"... and {more:,} more problem{'' if more == 1 else 's'} from here on "
        f"(only the first {most:,} are listed; limit `max_problems`)"
    )
    return [*problems[:most], Problem(rest.file, rest.line, rest.column, "", note)]


def read_yaml_document(text: str, filename: str = "<string>") -> tuple[CommentedMap, dict[str, Any]]:
    """Parse YAML text that must hold one mapping, safely.

    Args:
        text: The YAML document.
        filename: Name used in error locations.

    Returns:
        The round-trip tree (for locating fields) and a plain-Python copy of it.

    Raises:
        CaseFormatError: The text is too large, not YAML, or not a mapping.
        CaseValidationError: The mapping holds values a case file cannot (tags, non-string keys).
    """
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_CASE_BYTES:
        raise CaseFormatError(Problem(filename, 0, 0, "", f"file is larger than {MAX_CASE_BYTES:,} bytes"))
    try:
        tree = _load_tree(text)
    except LimitExceeded as exc:
        raise CaseValidationError(
            [Problem(filename, exc.line, exc.column, format_field(exc.loc), exc.message)]
        ) from None
    except DuplicateKeyError as exc:
        mark = exc.problem_mark
        key = re.search(r'duplicate key "(.*?)"', str(exc.problem))
        name = repr(key.group(1)) if key else "a key"
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        raise CaseFormatError(
            Problem(filename, line, col, "", f"duplicate key {name}: a key may appear only once in a mapping")
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        hint = hints.colon_in_value_hint(exc.problem, text, line - 1, col - 1) if mark is not None else None
        what = f"{what}: {hint}" if hint else what
        raise CaseFormatError(Problem(filename, line, col, "", f"invalid YAML: {what}")) from None
    except (YAMLError, ValueError, TypeError, RecursionError, OverflowError, AttributeError) as exc:
        raise CaseFormatError(Problem(filename, 0, 0, "", f"invalid YAML: {exc}")) from None
    if tree is None:
        raise CaseFormatError(Problem(filename, 1, 1, "", "the file is empty: a case is a YAML mapping"))
    if not isinstance(tree, CommentedMap):
        raise CaseFormatError(
            Problem(filename, 1, 1, "", f"a case must be a YAML mapping, not {_kind_of(tree)}")
        )
    try:
        data = _to_plain(tree, (), [_limits.LIMITS.max_values])
    except _Unsupported as exc:
        line, col, _ = locate(tree, exc.loc)
        raise CaseValidationError(
            [Problem(filename, line, col, format_field(exc.loc), exc.message)]
        ) from None
    except RecursionError:
        raise CaseFormatError(Problem(filename, 0, 0, "", "the document is nested too deeply")) from None
    return tree, data


def parse_case(text: str, filename: str = "<string>") -> Case:
    """Parse and validate a case from YAML text.

    Args:
        text: The YAML document.
        filename: Name used in error locations.

    Returns:
        The validated case.

    Raises:
        CaseFormatError: The text is not a YAML mapping.
        CaseValidationError: The mapping breaks the schema or its references.
    """
    cached = parse_cache.lookup(text)
    if cached is not None:
        with contextlib.suppress(ValidationError, RecursionError):  # the full parse below locates it
            return Case.model_validate(cached)
    tree, data = read_yaml_document(text, filename)
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseValidationError(_problems(exc, tree, filename)) from None
    except RecursionError:
        raise CaseFormatError(Problem(filename, 0, 0, "", "the document is nested too deeply")) from None
    parse_cache.store(text, data)
    return case


def load_case(path_or_name: str | os.PathLike[str]) -> Case:
    """Load a case from a YAML file or by the name of a built-in case.

    Args:
        path_or_name: A path to a ``.yaml`` file, or a built-in name such as ``ukraine-2025``.

    Returns:
        The validated case.

    Raises:
        CaseNotFoundError: Neither a readable file nor a built-in case has that name.
        CaseFormatError: The file is not a readable YAML mapping.
        CaseValidationError: The case breaks the schema or its cross-references.
    """
    name = os.fspath(path_or_name)
    path = Path(name)
    if not isinstance(path_or_name, os.PathLike) and not path.exists():
        resource = builtin_case_resource(name)
        if resource is not None:
            return parse_case(resource.read_text(encoding="utf-8"), f"{name}.yaml")
    if not path.exists():
        builtins = ", ".join(builtin_case_names())
        raise CaseNotFoundError(f"no case file or built-in case named {name!r} (built-in: {builtins})")
    return parse_case(read_text_file(path), name)


def read_text_file(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file of at most :data:`MAX_CASE_BYTES` bytes.

    Raises:
        CaseNotFoundError: The path is missing, a folder, or unreadable.
        CaseFormatError: The file is too large or not UTF-8.
    """
    name = os.fspath(path)
    p = Path(name)
    if p.is_dir():
        raise CaseNotFoundError(f"{name!r} is a folder, not a case file")
    try:
        size = p.stat().st_size
        if size > MAX_CASE_BYTES:
            raise CaseFormatError(Problem(name, 0, 0, "", f"file is larger than {MAX_CASE_BYTES:,} bytes"))
        raw = p.read_bytes()
    except OSError as exc:
        raise CaseNotFoundError(f"cannot read {name!r}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFormatError(
            Problem(name, 0, 0, "", f"not UTF-8 text (byte {exc.start}): save the file as UTF-8")
        ) from None


def _yaml_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _yaml_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_yaml_ready(v) for v in value]
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value)
    return value


def dump_case(case: Case, path: str | os.PathLike[str] | None = None) -> str:
    """Render a case as YAML and, when ``path`` is given, write it there atomically.

    Fields left at their defaults are omitted, except ``format``. Loading the output
    gives back an equal case.

    Args:
        case: The case to dump.
        path: Where to write it, or ``None`` to only return the text.

    Returns:
        The YAML text.
    """
    data = case.model_dump(mode="python", exclude_defaults=True)
    data = {"format": case.format, **data}
    yaml = YAML(typ="rt")
    yaml.default_flow_style = False
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    buf = io.StringIO()
    yaml.dump(_yaml_ready(data), buf)
    text = buf.getvalue()
    if path is not None:
        atomic_write_text(path, text)
    return text
