"""Generators of hostile case files and articles (shared by the tests and ``benchmarks/bench_hostile.py``).

Each generator takes a size (a count, a depth or a number of bytes) so a test can build a small
instance and the benchmark one close to the size limit. Nothing here is stored on disk.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

__all__ = ["ARTICLES", "CASES", "TUTORIAL", "with_section"]

TUTORIAL = resources.files("accord.cases").joinpath("tutorial.yaml").read_text(encoding="utf-8")

_HEAD = (
    "format: 1\nid: hostile\ntitle: Hostile\nas_of: 2026-01-15\ndescription: Generated.\n"
    "actors:\n  - {id: A, name: A, kind: state, capability: 0.5, capability_basis: x, no_deal_utility: 0.5}\n"
    "issues:\n  - id: i\n    name: i\n    description: d\n    options:\n"
    "      - {id: a, label: a, position: 0}\n      - {id: b, label: b, position: 100}\n"
)


def with_section(body: str) -> str:
    """Return a minimal valid case followed by ``body`` (more top-level sections)."""
    return _HEAD + body


# ---- case files -----------------------------------------------------------------------------


def unknown_keys(n: int) -> str:
    """A case with ``n`` unknown top-level keys."""
    return with_section("".join(f"k{i:07d}: 0\n" for i in range(n)))


def unknown_nested_keys(n: int) -> str:
    """One actor with ``n`` unknown fields (errors located deep in the tree)."""
    fields = "".join(f"    x{i:07d}: 0\n" for i in range(n))
    return with_section("sources:\n  - id: s\n    title: t\n    kind: news\n    reliability: B\n" + fields)


def flow_list(n: int) -> str:
    """One flow list of ``n`` zeros: ``actors: [0,0,0,...]``."""
    return "format: 1\nactors: [" + ",".join("0" * n) + "]\n"


def block_list(n: int) -> str:
    """One block list of ``n`` items."""
    return "format: 1\nactors:\n" + "- 0\n" * n


def sources(n: int) -> str:
    """``n`` valid sources that support no claim."""
    rows = "".join(f"  - {{id: s{i}, title: Source {i}, kind: news, reliability: B}}\n" for i in range(n))
    return with_section("sources:\n" + rows)


def claims(n: int) -> str:
    """``n`` claims, each citing a source that does not exist (a broken reference each)."""
    rows = "".join(
        f"  - {{id: c{i}, source: nowhere{i}, actor: A, text: Claim {i}., credibility: 3}}\n"
        for i in range(n)
    )
    return with_section("sources:\n  - {id: s, title: t, kind: news, reliability: B}\nclaims:\n" + rows)


def valid_claims(n: int) -> str:
    """``n`` valid claims on one source."""
    rows = "".join(
        f"  - {{id: c{i}, source: s, actor: A, text: Claim {i}., credibility: 3}}\n" for i in range(n)
    )
    return with_section("sources:\n  - {id: s, title: t, kind: news, reliability: B}\nclaims:\n" + rows)


def actors(n: int) -> str:
    """``n`` actors (none with a position: one grouped warning)."""
    rows = "".join(
        f"  - {{id: A{i}, name: A{i}, kind: state, capability: 0.5, capability_basis: x, "
        f"no_deal_utility: 0.5}}\n"
        for i in range(n)
    )
    return _HEAD.replace("actors:\n", "actors:\n" + rows, 1)


def issues(n: int) -> str:
    """``n`` issues of two options each."""
    rows = "".join(
        f"  - {{id: i{i}, name: i, description: d, options: [{{id: a, label: a, position: 0}}, "
        f"{{id: b, label: b, position: 100}}]}}\n"
        for i in range(n)
    )
    return _HEAD.replace("issues:\n", "issues:\n" + rows, 1)


def options(n: int) -> str:
    """One issue with ``n`` options."""
    rows = "".join(f"      - {{id: o{i}, label: o, position: {i * 100 / max(n, 1):.6f}}}\n" for i in range(n))
    return (
        with_section("")
        .replace("    options:\n", "    options:\n" + rows, 1)
        .replace("      - {id: a, label: a, position: 0}\n      - {id: b, label: b, position: 100}\n", "")
    )


def positions(n: int) -> str:
    """``n`` positions, all of one actor on one issue (duplicates: one error each)."""
    rows = "".join(f"  - {{actor: A, issue: i, ideal: {i % 100}, salience: 0.5}}\n" for i in range(n))
    return with_section("positions:\n" + rows)


def deep_flow(depth: int) -> str:
    """A flow list nested ``depth`` levels: ``[[[[...]]]]``."""
    return "format: 1\nactors: " + "[" * depth + "]" * depth + "\n"


def deep_flow_unclosed(depth: int) -> str:
    """``depth`` opening brackets and nothing else (the parser never sees the end)."""
    return "actors: " + "[" * depth


def deep_flow_maps(depth: int) -> str:
    """Flow mappings nested ``depth`` levels: ``{a: {a: {a: ...}}}``."""
    return "format: 1\nactors: " + "{a: " * depth + "0" + "}" * depth + "\n"


def deep_block(depth: int) -> str:
    """Block sequences nested ``depth`` levels on one line: ``- - - - 0``."""
    return "format: 1\nactors:\n" + "- " * depth + "0\n"


def deep_block_maps(depth: int) -> str:
    """Block mappings nested ``depth`` levels by indentation (each level one space deeper)."""
    return (
        "format: 1\nactors:\n"
        + "".join(" " * (i + 1) + "a:\n" for i in range(depth))
        + " " * (depth + 1)
        + "0\n"
    )


def alias_bomb(levels: int) -> str:
    """Billion laughs: each level a list of ten aliases of the one before."""
    lines = ['a0: &a0 ["lol"]']
    for k in range(1, levels + 1):
        lines.append(f"a{k}: &a{k} [" + ", ".join([f"*a{k - 1}"] * 10) + "]")
    return "format: 1\n" + "\n".join(lines) + "\n"


def long_string(n: int) -> str:
    """A description of ``n`` characters."""
    return _HEAD.replace("description: Generated.", "description: " + "x" * n, 1)


def long_key(n: int) -> str:
    """An unknown top-level key of ``n`` characters."""
    return with_section("k" * n + ": 0\n")


def many_anchors(n: int) -> str:
    """``n`` anchored scalars, each aliased once (linear, not a bomb)."""
    rows = "".join(f"  - &x{i} {{id: s{i}, title: t, kind: news, reliability: B}}\n" for i in range(n))
    return with_section("sources:\n" + rows + "claims:\n" + "".join(f"  - *x{i}\n" for i in range(n)))


def python_tag(_n: int = 0) -> str:
    """A ``!!python/object/apply`` tag that would run code under an unsafe loader."""
    return with_section('sources: !!python/object/apply:os.system ["echo pwned"]\n')


CASES: dict[str, Callable[[int], str]] = {
    "unknown_keys": unknown_keys,
    "unknown_nested_keys": unknown_nested_keys,
    "flow_list": flow_list,
    "block_list": block_list,
    "sources": sources,
    "claims": claims,
    "valid_claims": valid_claims,
    "actors": actors,
    "issues": issues,
    "options": options,
    "positions": positions,
    "deep_flow": deep_flow,
    "deep_flow_unclosed": deep_flow_unclosed,
    "deep_flow_maps": deep_flow_maps,
    "deep_block": deep_block,
    "deep_block_maps": deep_block_maps,
    "alias_bomb": alias_bomb,
    "long_string": long_string,
    "long_key": long_key,
    "many_anchors": many_anchors,
}
"""Every case generator by name (the benchmark picks a size near the limit for each)."""


# ---- articles -------------------------------------------------------------------------------

_PROSE = (
    "Ukraine and Russia agreed on 12 March 2025 to a 30-day ceasefire, Zelensky said. "
    '"We will not give up Crimea," Putin told reporters on Tuesday, adding that 40% of the '
    "territory was contested. The United States promised to deliver $500 million by next week. "
)


def attributes(n: int) -> bytes:
    """One ``<p>`` with ``n`` attributes inside an HTML page."""
    attrs = " ".join(f"a{i}=x" for i in range(n))
    return f"<!doctype html><html><body><p {attrs}>Ukraine and Russia met.</p></body></html>".encode()


def prose(n_bytes: int) -> bytes:
    """Plain-text news prose repeated to ``n_bytes``."""
    reps = n_bytes // len(_PROSE) + 1
    return (_PROSE * reps)[:n_bytes].encode()


def one_line(n_bytes: int) -> bytes:
    """One line of words with no sentence break."""
    return (("word Ukraine " * (n_bytes // 13 + 1))[:n_bytes]).encode()


def nested_tags(depth: int) -> bytes:
    """HTML with ``depth`` nested ``<div>`` tags."""
    return (
        "<!doctype html><html><body>" + "<div>" * depth + "Ukraine." + "</div>" * depth + "</body></html>"
    ).encode()


def unclosed_tags(n: int) -> bytes:
    """HTML with ``n`` ``<b>`` tags never closed."""
    return ("<!doctype html><html><body><p>" + "<b>x " * n + "</p></body></html>").encode()


def numbers(n_bytes: int) -> bytes:
    """Numbers, dates and quotes packed together."""
    unit = '12 March 2025, $4.5 billion, 30%, "yes," he said. 1,000 troops by 2026-01-01. '
    return ((unit * (n_bytes // len(unit) + 1))[:n_bytes]).encode()


def quotes(n_bytes: int) -> bytes:
    """Unbalanced quotation marks and nothing else to hold on to."""
    return (('"' + "a " * 20) * (n_bytes // 42 + 1))[:n_bytes].encode()


ARTICLES: dict[str, Callable[[int], bytes]] = {
    "attributes": attributes,
    "prose": prose,
    "one_line": one_line,
    "nested_tags": nested_tags,
    "unclosed_tags": unclosed_tags,
    "numbers": numbers,
    "quotes": quotes,
}
"""Every article generator by name."""
