"""Render a case's sources with the claims resting on each, and the conflicting claims."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from accord.case import Case

__all__ = ["render_sources", "sources_to_dict"]


def sources_to_dict(case: Case) -> dict[str, Any]:
    """The sources, each with its claims, and the pairs of conflicting claims, as JSON-ready data."""
    return {
        "sources": [
            {
                **s.model_dump(mode="json"),
                "claims": [c.model_dump(mode="json") for c in case.claims_for_source(s.id)],
            }
            for s in case.sources
        ],
        "conflicts": [[a.id, b.id] for a, b in case.conflicts()],
    }


def render_sources(case: Case, console: Console) -> None:
    """Print each source, the claims resting on it, and the claims that conflict."""
    for s in case.sources:
        head = Text(f"{s.id} ", style="bold")
        head.append(
            f"[{s.kind}, reliability {s.reliability}, {s.date.isoformat() if s.date else 'undated'}] "
        )
        head.append(s.title)
        if s.publisher:
            head.append(f" — {s.publisher}")
        console.print(head)
        if s.url:
            console.print(Text(f"  {s.url}"), soft_wrap=True)
        claims = case.claims_for_source(s.id)
        if not claims:
            console.print(Text("  (no claims)"))
        for c in claims:
            line = Text(
                f"  - {c.id} [{c.actor}{'/' + c.issue if c.issue else ''}, credibility {c.credibility}] "
            )
            line.append(f"\u201c{c.text}\u201d" if c.quote else c.text)
            console.print(line)
    conflicts = case.conflicts()
    if conflicts:
        console.print(Text("Conflicting claims", style="bold"))
        for a, b in conflicts:
            console.print(Text(f"  {a.id} ({a.source}) <-> {b.id} ({b.source})"))
