"""Render what the evidence pipeline found: one article's extraction, the timeline and the claims."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord.evidence.store import PersonSummary, StoredClaim, TimelineEntry
from accord.evidence.types import Extraction

__all__ = ["render_claims", "render_conflicts", "render_extraction", "render_people", "render_timeline"]


def _snippet(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def render_extraction(ex: Extraction, console: Console) -> None:
    """Print an extraction as one table per kind of item."""
    actors: dict[str, list[str]] = {}
    for a in ex.actors:
        actors.setdefault(a.actor, []).append(a.text)
    table = Table(title=f"Actors ({len(ex.actors)} mentions)")
    for col in ("actor", "mentions", "as"):
        table.add_column(col)
    for actor, words in sorted(actors.items(), key=lambda kv: -len(kv[1])):
        table.add_row(Text(actor), str(len(words)), Text(", ".join(sorted(set(words)))))
    console.print(table)
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (
            "People",
            ["name", "actor", "mentions", "at"],
            [[p.name, p.actor or "", str(len(p.mentions) or 1), f"{p.start}-{p.end}"] for p in ex.people],
        ),
        (
            "Quotes",
            ["speaker", "quote", "at"],
            [
                [
                    q.speaker or "(unknown)",
                    _snippet(q.text, 90) + (" (partial)" if q.partial else ""),
                    f"{q.start}-{q.end}",
                ]
                for q in ex.quotes
            ],
        ),
        (
            "Numbers",
            ["text", "value", "unit", "at"],
            [
                [
                    n.text,
                    f"{n.value:g}" + (f"-{n.high:g}" if n.high is not None else ""),
                    n.unit,
                    f"{n.start}-{n.end}",
                ]
                for n in ex.numbers
            ],
        ),
        (
            "Dates",
            ["text", "date", "at"],
            [
                [
                    d.text,
                    d.iso + ("" if d.granularity == "day" else f" ({d.granularity})"),
                    f"{d.start}-{d.end}",
                ]
                for d in ex.dates
            ],
        ),
        (
            "Commitments",
            ["actor", "due", "commitment"],
            [[c.actor or "", c.due or "-", _snippet(c.text, 90)] for c in ex.commitments],
        ),
        (
            "Claims",
            ["actor", "issue", "stance", "option", "sentence"],
            [[c.actor, c.issue, c.stance, c.option or "", _snippet(c.text, 80)] for c in ex.claims],
        ),
    ]
    for title, cols, rows in sections:
        table = Table(title=f"{title} ({len(rows)})")
        for col in cols:
            table.add_column(col)
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))
        console.print(table)
    for note in ex.notes:
        console.print(Text(f"note: {note}", style="dim"))


def _source_text(sc: StoredClaim) -> str:
    who = sc.publisher or sc.url or f"document {sc.document_id}"
    return f"{who} ({sc.date or 'undated'}, reliability {sc.reliability})"


def _display_name(entity_id: str | None) -> str:
    """The registry's display name of a canonical person id, else the id itself."""
    if entity_id is None:
        return ""
    from accord.evidence.entities import Registry

    known = Registry.default().get(entity_id)
    return known.name if known is not None else entity_id


def render_timeline(entries: Sequence[TimelineEntry], console: Console) -> None:
    """Print the timeline as one table."""
    table = Table(title=f"Timeline ({len(entries)} entries)")
    for col in ("date", "kind", "actor", "people", "what", "source"):
        table.add_column(col)
    for e in entries:
        what = e.text if e.kind == "published" else f"{e.text}: {_snippet(e.context, 80)}"
        table.add_row(
            e.date,
            e.kind,
            Text(e.actor or ""),
            Text(", ".join(_display_name(p) for p in e.people)),
            Text(_snippet(what, 100)),
            Text(e.url or e.title or f"document {e.document_id}"),
        )
    console.print(table)


def render_conflicts(pairs: Sequence[tuple[StoredClaim, StoredClaim]], console: Console) -> None:
    """Print conflicting claims side by side."""
    table = Table(title=f"Conflicting claims ({len(pairs)} pairs)")
    for col in ("actor", "issue", "one source says", "another says"):
        table.add_column(col)
    for a, b in pairs:
        left = Text(f"{a.claim.stance}: {_snippet(a.claim.text, 70)}\n{_source_text(a)}")
        right = Text(f"{b.claim.stance}: {_snippet(b.claim.text, 70)}\n{_source_text(b)}")
        table.add_row(Text(a.claim.actor), Text(a.claim.issue), left, right)
    console.print(table)


def render_claims(rows: Sequence[StoredClaim], console: Console) -> None:
    """Print claims as one table."""
    table = Table(title=f"Claims ({len(rows)})")
    for col in ("actor", "holder", "issue", "stance", "option", "sentence", "source"):
        table.add_column(col)
    for c in rows:
        table.add_row(
            Text(c.claim.actor),
            Text(_display_name(c.claim.holder_id)),
            Text(c.claim.issue),
            c.claim.stance,
            Text(c.claim.option or ""),
            Text(_snippet(c.claim.text, 70)),
            Text(_source_text(c)),
        )
    console.print(table)


def render_people(people: Sequence[PersonSummary], console: Console) -> None:
    """Print one row per person: id, name, actor, counts and first and last dates."""
    if not people:
        console.print(Text("No people in the store (ingest articles first)."))
        return
    table = Table(title=f"People ({len(people)})")
    for col in ("name", "id", "actor", "documents", "mentions", "quotes", "first", "last"):
        table.add_column(col, justify="right" if col in ("documents", "mentions", "quotes") else "left")
    for p in people:
        table.add_row(
            Text(p.name),
            Text(p.entity_id),
            Text(p.actor or ""),
            str(p.documents),
            str(p.mentions),
            str(p.quotes),
            Text(p.first_date or ""),
            Text(p.last_date or ""),
        )
    console.print(table)
