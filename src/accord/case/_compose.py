"""Read YAML into ruamel's round-trip tree with bounded work: limits checked while composing.

The events come from libyaml (through PyYAML's binding) when it is installed, which is about ten
times faster than the pure-Python scanner, or from ruamel's own parser otherwise. The composer
below counts values (an alias counts as every value it stands for), nesting depth, keys per
mapping and items per list as each event arrives, so a hostile document is refused after reading
no more than the limit, and nesting never reaches Python's recursion limit.
"""

from __future__ import annotations

import importlib
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.composer import Composer, ComposerError
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.tag import Tag

from accord.case import limits as _limits
from accord.case.limits import CaseLimits, section_limit

_CParser: Any = None
_LibError: Any = None
try:  # libyaml's event parser, as PyYAML ships it; ruamel's pure-Python parser is the fallback
    _CParser = importlib.import_module("yaml._yaml").CParser
    _LibError = importlib.import_module("yaml").YAMLError
except (ImportError, AttributeError):  # pragma: no cover - depends on the installation
    _CParser = None

__all__ = ["LimitExceeded", "compose_tree", "has_c_parser"]


class LimitExceeded(Exception):
    """A document breaks one of the :class:`~accord.case.limits.CaseLimits`."""

    def __init__(self, loc: tuple[str | int, ...], line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.loc = loc
        self.line = line
        self.column = column
        self.message = message


def has_c_parser() -> bool:
    """Return whether libyaml's event parser is available."""
    return _CParser is not None


def _scalar_event(e: Any) -> Event:
    return ScalarEvent(e.anchor, e.tag, e.implicit, e.value, e.start_mark, e.end_mark, style=e.style or None)


def _sequence_event(e: Any) -> Event:
    return SequenceStartEvent(e.anchor, e.tag, e.implicit, e.start_mark, e.end_mark, flow_style=e.flow_style)


def _mapping_event(e: Any) -> Event:
    return MappingStartEvent(e.anchor, e.tag, e.implicit, e.start_mark, e.end_mark, flow_style=e.flow_style)


_CONVERT: dict[str, Any] = {
    "ScalarEvent": _scalar_event,
    "SequenceStartEvent": _sequence_event,
    "MappingStartEvent": _mapping_event,
    "AliasEvent": lambda e: AliasEvent(e.anchor, e.start_mark, e.end_mark),
    "SequenceEndEvent": lambda e: SequenceEndEvent(e.start_mark, e.end_mark),
    "MappingEndEvent": lambda e: MappingEndEvent(e.start_mark, e.end_mark),
    "StreamStartEvent": lambda e: StreamStartEvent(e.start_mark, e.end_mark),
    "StreamEndEvent": lambda e: StreamEndEvent(e.start_mark, e.end_mark),
    "DocumentStartEvent": lambda e: DocumentStartEvent(e.start_mark, e.end_mark, explicit=e.explicit),
    "DocumentEndEvent": lambda e: DocumentEndEvent(e.start_mark, e.end_mark, explicit=e.explicit),
}


class _Events:
    """Adapt libyaml's event parser (PyYAML's binding) to the events ruamel's composer expects."""

    def __init__(self, text: str) -> None:
        self._parser = _CParser(text)
        self._next: Event | None = None

    def peek_event(self) -> Event:
        if self._next is None:
            try:
                raw = self._parser.get_event()
            except _LibError as exc:
                if not hasattr(exc, "problem_mark"):  # a reader error: a character YAML does not allow
                    raise YAMLError(str(exc)) from None
                if "maximum nesting depth" in str(exc.problem):
                    mark = exc.problem_mark
                    raise LimitExceeded(
                        (),
                        mark.line + 1,
                        mark.column + 1,
                        f"nested more than {_limits.LIMITS.max_depth} levels deep (limit `max_depth`)",
                    ) from None
                raise _converted(exc) from None
            self._next = _CONVERT[type(raw).__name__](raw)
        return self._next

    def check_event(self, *choices: type[Event]) -> bool:
        event = self.peek_event()
        return not choices or isinstance(event, choices)

    def get_event(self) -> Event:
        event = self.peek_event()
        self._next = None
        return event

    def dispose(self) -> None:
        """Nothing to release (the interface of ruamel's parser asks for it)."""


def _converted(exc: Any) -> MarkedYAMLError:
    """Return libyaml's syntax error as ruamel's (same marks, same wording)."""
    return MarkedYAMLError(exc.context, exc.context_mark, exc.problem, exc.problem_mark)


class _LimitedComposer(Composer):
    """ruamel's composer rewritten for speed, refusing a document as soon as it breaks a limit.

    It builds the same nodes as ruamel's (tags resolved by the loader's resolver, marks kept
    for line and column), without comments (the tree is read, never written back).
    """

    def __init__(self, loader: Any = None) -> None:
        super().__init__(loader)
        self.limits: CaseLimits = _limits.LIMITS
        self._path: list[str | int] = []
        self._values = 0
        self._sizes: dict[int, int] = {}
        self._events: Any = None
        self._implicit: dict[Any, list[tuple[Any, Any]]] = {}
        self._tags: dict[Any, Tag] = {}

    def compose_document(self) -> Any:
        self._events = self.parser
        resolver = self.resolver
        self._implicit = resolver.versioned_resolver
        self._scalar_tag: Tag = resolver.DEFAULT_SCALAR_TAG
        self._seq_tag = resolver.DEFAULT_SEQUENCE_TAG
        self._map_tag = resolver.DEFAULT_MAPPING_TAG
        return super().compose_document()

    def _fail(self, event: Event, loc: tuple[str | int, ...], message: str) -> LimitExceeded:
        mark = event.start_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        return LimitExceeded(loc, line, col, message)

    def _count(self, n: int, event: Event) -> None:
        self._values += n
        if self._values > self.limits.max_values:
            raise self._fail(
                event,
                tuple(self._path),
                f"the document expands to more than {self.limits.max_values:,} values "
                "(limit `max_values`; an alias counts as every value it stands for)",
            )

    def _tag(self, tag: Any) -> Tag:
        found = self._tags.get(tag)
        if found is None:
            found = self._tags[tag] = tag if isinstance(tag, Tag) else Tag(suffix=tag)
        assert isinstance(found, Tag)
        return found

    def _scalar(self, event: ScalarEvent) -> Tag:
        tag = event.ctag
        if tag is not None and str(tag) != "!":
            return self._tag(tag)
        value = event.value
        if event.implicit[0]:
            for suffix, regexp in (*self._implicit.get(value[:1], ()), *self._implicit.get(None, ())):
                if regexp.match(value):
                    return self._tag(suffix)
        return self._scalar_tag

    def compose_node(self, parent: Any, index: Any) -> Any:
        events = self._events
        event = events.get_event()
        if isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
            target = self.anchors[event.anchor]
            self._count(self._sizes.get(id(target), 1), event)
            return target
        path = self._path
        if parent is not None:
            path.append(self._part(parent, index, event))
        if len(path) > self.limits.max_depth:
            raise self._fail(
                event,
                tuple(path[:3]),
                f"nested more than {self.limits.max_depth} levels deep (limit `max_depth`)",
            )
        before = self._values
        self._count(1, event)
        anchor = event.anchor
        node: Any
        if isinstance(event, ScalarEvent):
            node = ScalarNode(
                self._scalar(event),
                event.value,
                event.start_mark,
                event.end_mark,
                style=event.style or None,
                anchor=anchor,
            )
        elif isinstance(event, SequenceStartEvent):
            tag = event.ctag
            node = SequenceNode(
                self._seq_tag if tag is None or str(tag) == "!" else self._tag(tag),
                [],
                event.start_mark,
                None,
                flow_style=event.flow_style,
                anchor=anchor,
            )
            if anchor is not None:
                self.anchors[anchor] = node
            items = node.value
            while not events.check_event(SequenceEndEvent):
                items.append(self.compose_node(node, len(items)))
            node.end_mark = events.get_event().end_mark
        elif isinstance(event, MappingStartEvent):
            tag = event.ctag
            node = MappingNode(
                self._map_tag if tag is None or str(tag) == "!" else self._tag(tag),
                [],
                event.start_mark,
                None,
                flow_style=event.flow_style,
                anchor=anchor,
            )
            if anchor is not None:
                self.anchors[anchor] = node
            pairs = node.value
            while not events.check_event(MappingEndEvent):
                key = self.compose_node(node, None)
                pairs.append((key, self.compose_node(node, key)))
            node.end_mark = events.get_event().end_mark
        else:  # pragma: no cover - the parser never yields another event here
            raise ComposerError(None, None, f"unexpected {type(event).__name__}", event.start_mark)
        if anchor is not None:
            self.anchors[anchor] = node
            self._sizes[id(node)] = self._values - before
        if parent is not None:
            path.pop()
        return node

    def _part(self, parent: Any, index: Any, event: Event) -> str | int:
        """Check the limits of the collection ``parent``; return the path part of its new child."""
        if isinstance(parent, SequenceNode):
            limit, name, what = section_limit(tuple(self._path), self.limits)
            if index >= limit:
                raise self._fail(event, tuple(self._path), f"more than {limit:,} {what} (limit `{name}`)")
            return int(index)
        if index is None:  # a key of the mapping ``parent``
            if len(parent.value) >= self.limits.max_keys:
                raise self._fail(
                    event,
                    tuple(self._path),
                    f"more than {self.limits.max_keys:,} keys in one mapping (limit `max_keys`)",
                )
            if isinstance(event, ScalarEvent) and len(event.value) > self.limits.max_key_chars:
                raise self._fail(
                    event,
                    tuple(self._path),
                    f"a key of {len(event.value):,} characters, more than the limit of "
                    f"{self.limits.max_key_chars:,} (limit `max_key_chars`)",
                )
            return "[key]"
        return str(index.value) if isinstance(index, ScalarNode) else "[key]"


def compose_tree(text: str, constructor: type[RoundTripConstructor], *, pure: bool = False) -> Any:
    """Parse one YAML document into ruamel's round-trip tree, within :data:`accord.case.limits.LIMITS`.

    Args:
        text: The YAML text.
        constructor: The round-trip constructor class to build values with.
        pure: Use ruamel's pure-Python parser even when libyaml is available (its error messages
            show what was found, not only what was expected).

    Returns:
        The constructed tree (``None`` for an empty document).

    Raises:
        LimitExceeded: The document breaks a limit.
        ruamel.yaml.error.YAMLError: The text is not YAML.
    """
    yaml = YAML(typ="rt")
    yaml.Constructor = constructor
    yaml.Composer = _LimitedComposer
    if pure or _CParser is None:
        return yaml.load(text)
    yaml._parser = _Events(text)  # type: ignore[attr-defined]  # the composer pulls events from ``loader._parser``
    composer = yaml.composer
    node = composer.get_single_node()
    if node is None:
        return None
    return yaml.constructor.construct_document(node)
