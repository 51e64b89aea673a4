"""The evidence commands of the CLI: extract, ingest, timeline, claims, suggest (CLI layer only)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from accord._progress import showing_progress
from accord.case import Case, load_case
from accord.case.builtin import builtin_case_resource
from accord.case.yaml_io import read_text_file
from accord.errors import AnalysisError
from accord.evidence.extract import EXTRACTOR_VERSION, extract_text, extraction_to_dict
from accord.evidence.store import RELIABILITY_GRADES, EvidenceStore, StoredClaim
from accord.evidence.suggest import suggest
from accord.evidence.text import ArticleError, read_article
from accord.evidence.types import Extraction

__all__ = ["ARTICLE_SUFFIXES", "register"]

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
"""Files ``accord ingest DIR`` picks up inside a folder."""

DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Evidence database (default: evidence.sqlite3 in the user's data folder)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON instead of tables.")]


def _iter_files(paths: list[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield p


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


def _open_case_text(case: str) -> tuple[Case, str, str]:
    loaded = load_case(case)
    resource = builtin_case_resource(case)
    if resource is not None:
        return loaded, resource.read_text(encoding="utf-8"), f"{case}.yaml"
    return loaded, read_text_file(case), os.path.basename(case)


def register(
    app: typer.Typer,
    handle_errors: Callable[[Callable[..., None]], Callable[..., None]],
    print_json: Callable[[Any], None],
    out: Callable[[], Console],
    err: Callable[[], Console],
) -> None:
    """Add the evidence commands to ``app``."""

    @app.command("extract")
    @handle_errors
    def extract_cmd(
        file: Annotated[
            Path, typer.Argument(help="An article: plain text or HTML (a URL:/DATE: header is read).")
        ],
        date: Annotated[str | None, typer.Option("--date", help="The article's date, YYYY-MM-DD.")] = None,
        case: Annotated[
            str | None,
            typer.Option("--case", help="A case: its aliases extend the gazetteer; claims need it."),
        ] = None,
        json_out: JsonOpt = False,
    ) -> None:
        """Extract actors, people, quotes, numbers, dates, commitments and claims from one article."""
        loaded = load_case(case) if case else None
        try:
            doc, notes = read_article(file, date=date)
        except ArticleError as exc:
            raise AnalysisError(str(exc)) from None
        ex = extract_text(doc.text, doc.date, loaded)
        ex = dataclasses.replace(ex, notes=(*notes, *ex.notes))
        if json_out:
            data = extraction_to_dict(ex)
            data = {"url": doc.url, "date": doc.date, "title": doc.title, **data}
            print_json(data)
        else:
            render_extraction(ex, out())

    @app.command("ingest")
    @handle_errors
    def ingest_cmd(
        paths: Annotated[
            list[Path], typer.Argument(help="Article files or folders (searched for .txt/.md/.html).")
        ],
        db: DbOpt = None,
        case: Annotated[
            str, typer.Option("--case", help="Case whose actors and issues claims are about.")
        ] = "ukraine-2025",
        reliability: Annotated[
            str, typer.Option("--reliability", help="Admiralty reliability of these sources, A-F.")
        ] = "F",
        publisher: Annotated[
            str | None, typer.Option("--publisher", help="Who published these articles.")
        ] = None,
        date: Annotated[
            str | None, typer.Option("--date", help="Date of the articles when they carry none.")
        ] = None,
    ) -> None:
        """Extract articles into the evidence database (each text once; each article in one transaction)."""
        if reliability not in RELIABILITY_GRADES:
            raise AnalysisError(
                f"reliability must be one of {', '.join(RELIABILITY_GRADES)} (got {reliability!r})"
            )
        loaded = load_case(case)
        files = list(_iter_files(paths))
        if not files:
            raise AnalysisError("no article files found in the paths given")
        added = present = failed = 0
        console = err()
        show = console.is_terminal and len(files) > 1
        with EvidenceStore.open(db) as store, showing_progress("ingesting", console, show) as update:
            for k, f in enumerate(files):
                try:
                    doc, _notes = read_article(f)
                    if doc.date is None and date is not None:
                        doc, _notes = read_article(f, date=date)
                    ex = extract_text(doc.text, doc.date, loaded)
                    if store.ingest(doc, ex, EXTRACTOR_VERSION, reliability=reliability, publisher=publisher):
                        added += 1
                    else:
                        present += 1
                except ArticleError as exc:
                    failed += 1
                    console.print(Text(f"skipped: {exc}"))
                if update is not None:
                    update(k + 1, len(files))
            where = store.path
        out().print(Text(f"{added} ingested, {present} already present, {failed} skipped -> {where}"))
        if failed:
            raise typer.Exit(2)

    @app.command("timeline")
    @handle_errors
    def timeline_cmd(db: DbOpt = None, json_out: JsonOpt = False) -> None:
        """Everything dated in the ingested articles: publication dates, dates mentioned, deadlines."""
        with EvidenceStore.open(db) as store:
            entries = store.timeline()
        if json_out:
            print_json([dataclasses.asdict(e) for e in entries])
            return
        table = Table(title=f"Timeline ({len(entries)} entries)")
        for col in ("date", "kind", "actor", "what", "source"):
            table.add_column(col)
        for e in entries:
            what = e.text if e.kind == "published" else f"{e.text}: {_snippet(e.context, 80)}"
            table.add_row(
                e.date,
                e.kind,
                Text(e.actor or ""),
                Text(_snippet(what, 100)),
                Text(e.url or e.title or f"document {e.document_id}"),
            )
        out().print(table)

    @app.command("claims")
    @handle_errors
    def claims_cmd(
        db: DbOpt = None,
        actor: Annotated[str | None, typer.Option("--actor", help="Only this actor's claims.")] = None,
        issue: Annotated[str | None, typer.Option("--issue", help="Only claims on this issue.")] = None,
        conflicts: Annotated[
            bool, typer.Option("--conflicts", help="Show claims that disagree across sources, side by side.")
        ] = False,
        json_out: JsonOpt = False,
    ) -> None:
        """Claims found in the ingested articles, or the conflicting ones side by side."""
        with EvidenceStore.open(db) as store:
            if conflicts:
                pairs = [
                    (a, b)
                    for a, b in store.conflicts()
                    if (actor is None or a.claim.actor == actor) and (issue is None or a.claim.issue == issue)
                ]
            else:
                rows = store.claims(actor=actor, issue=issue)
        if conflicts:
            if json_out:
                print_json([[a.to_dict(), b.to_dict()] for a, b in pairs])
                return
            table = Table(title=f"Conflicting claims ({len(pairs)} pairs)")
            for col in ("actor", "issue", "one source says", "another says"):
                table.add_column(col)
            for a, b in pairs:
                left = Text(f"{a.claim.stance}: {_snippet(a.claim.text, 70)}\n{_source_text(a)}")
                right = Text(f"{b.claim.stance}: {_snippet(b.claim.text, 70)}\n{_source_text(b)}")
                table.add_row(Text(a.claim.actor), Text(a.claim.issue), left, right)
            out().print(table)
            return
        if json_out:
            print_json([c.to_dict() for c in rows])
            return
        table = Table(title=f"Claims ({len(rows)})")
        for col in ("actor", "issue", "stance", "option", "sentence", "source"):
            table.add_column(col)
        for c in rows:
            table.add_row(
                Text(c.claim.actor),
                Text(c.claim.issue),
                c.claim.stance,
                Text(c.claim.option or ""),
                Text(_snippet(c.claim.text, 70)),
                Text(_source_text(c)),
            )
        out().print(table)

    @app.command("suggest")
    @handle_errors
    def suggest_cmd(
        case: Annotated[str, typer.Argument(help="A built-in case name or a case YAML file.")],
        db: DbOpt = None,
        write: Annotated[
            Path | None,
            typer.Option(
                "--write", help="Also write the proposed case to this NEW file (never the case itself)."
            ),
        ] = None,
    ) -> None:
        """Propose changes to a case from the evidence (new sources, claims, shifted positions) as a diff."""
        loaded, text, name = _open_case_text(case)
        with EvidenceStore.open(db) as store:
            stored = store.claims()
        result = suggest(loaded, text, stored, filename=name)
        console = err()
        if not result.diff:
            console.print(Text("no changes to suggest"))
        else:
            typer.echo(result.diff, nl=False)
            console.print(
                Text(
                    f"suggested: {len(result.sources)} sources, {len(result.claims)} claims, "
                    f"{len(result.shifts)} shifted positions (nothing was changed; review the diff)"
                )
            )
        for actor, issue, old, new, ids in result.shifts:
            console.print(Text(f"shift {actor}/{issue}: ideal {old:g} -> {new:g} (claims {', '.join(ids)})"))
        for note in result.notes:
            console.print(Text(f"note: {note}"))
        if write is not None and result.diff:
            if Path(case).exists() and write.resolve() == Path(case).resolve():
                raise AnalysisError(
                    "--write must name a new file, not the case itself: review first, then replace it"
                )
            if write.exists():
                raise AnalysisError(f"{write} exists; --write never overwrites a file")
            from accord._io import atomic_write_text

            atomic_write_text(write, result.text)
            console.print(Text(f"proposed case written to {write}"))
