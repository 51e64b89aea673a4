"""The evidence commands of the CLI: extract, ingest, timeline, people, claims, suggest (CLI layer only)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.text import Text

from accord.case import load_case
from accord.case.builtin import builtin_case_resource
from accord.case.yaml_io import read_text_file
from accord.cli.app import JsonOpt, app, err_console, handle_errors, out_console, print_json
from accord.errors import AnalysisError

if TYPE_CHECKING:
    from accord.case import Case

__all__ = [
    "ARTICLE_SUFFIXES",
    "claims_cmd",
    "extract_cmd",
    "ingest_cmd",
    "people_cmd",
    "suggest_cmd",
    "timeline_cmd",
]

RELIABILITY_GRADES = ("A", "B", "C", "D", "E", "F")
"""``accord.evidence.store.RELIABILITY_GRADES`` (a test checks they agree)."""

ARTICLE_SUFFIXES = (".txt", ".text", ".md", ".html", ".htm")
"""Files ``accord ingest DIR`` picks up inside a folder."""

DbOpt = Annotated[
    Path | None,
    typer.Option("--db", help="Evidence database (default: evidence.sqlite3 in the user's data folder)."),
]


def _iter_files(paths: list[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():
            yield from sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in ARTICLE_SUFFIXES)
        else:
            yield p


def _open_case_text(case: str) -> tuple[Case, str, str]:
    loaded = load_case(case)
    resource = builtin_case_resource(case)
    if resource is not None:
        return loaded, resource.read_text(encoding="utf-8"), f"{case}.yaml"
    return loaded, read_text_file(case), os.path.basename(case)


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
    from accord.cli.render.evidence import render_extraction
    from accord.evidence.extract import extract_text, extraction_to_dict
    from accord.evidence.text import ArticleError, read_article

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
        render_extraction(ex, out_console())


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
    from accord.cli.progress import showing_progress
    from accord.evidence.ingest import ingest_files
    from accord.evidence.store import EvidenceStore

    if reliability not in RELIABILITY_GRADES:
        raise AnalysisError(
            f"reliability must be one of {', '.join(RELIABILITY_GRADES)} (got {reliability!r})"
        )
    loaded = load_case(case)
    files = list(_iter_files(paths))
    if not files:
        raise AnalysisError("no article files found in the paths given")
    console = err_console()
    show = console.is_terminal and len(files) > 1
    with EvidenceStore.open(db) as store, showing_progress("ingesting", console, show) as update:
        report = ingest_files(
            store, files, loaded, reliability=reliability, publisher=publisher, date=date, progress=update
        )
        where = store.path
    for _f, reason in report.skipped:
        console.print(Text(f"skipped: {reason}"))
    summary = (
        f"{report.added} ingested, {report.present} already present, {len(report.skipped)} skipped -> {where}"
    )
    if report.interrupted:
        console.print(
            Text(
                f"interrupted after {report.done} of {len(files)} files: {summary}; every stored article "
                "is complete, run the same command again to ingest the rest"
            )
        )
        raise typer.Exit(130)
    out_console().print(Text(summary))
    if report.skipped:
        raise typer.Exit(2)


PersonOpt = Annotated[
    str | None,
    typer.Option(
        "--person",
        help="Only entries about this person: a canonical id (`accord people`) or any spelling of the name.",
    ),
]


def _person_id(person: str | None) -> str | None:
    """Return the canonical id of ``--person``: an id as given, else the id its name resolves to."""
    if person is None:
        return None
    from accord.evidence.entities import Registry

    registry = Registry.default()
    if registry.get(person) is not None or person.startswith("person:"):
        return person
    return registry.id_for(person)


@app.command("timeline")
@handle_errors
def timeline_cmd(db: DbOpt = None, person: PersonOpt = None, json_out: JsonOpt = False) -> None:
    """Everything dated in the ingested articles: publication dates, dates mentioned, deadlines."""
    from accord.cli.render.evidence import render_timeline
    from accord.evidence.store import EvidenceStore

    with EvidenceStore.open(db) as store:
        entries = store.timeline(person=_person_id(person))
    if json_out:
        print_json([dataclasses.asdict(e) for e in entries])
        return
    render_timeline(entries, out_console())


@app.command("people")
@handle_errors
def people_cmd(db: DbOpt = None, json_out: JsonOpt = False) -> None:
    """The people named in the ingested articles: one row per person, whatever the spelling."""
    from accord.cli.render.evidence import render_people
    from accord.evidence.store import EvidenceStore

    with EvidenceStore.open(db) as store:
        people = store.people()
    if json_out:
        print_json([dataclasses.asdict(p) for p in people])
        return
    render_people(people, out_console())


@app.command("claims")
@handle_errors
def claims_cmd(
    db: DbOpt = None,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this actor's claims.")] = None,
    issue: Annotated[str | None, typer.Option("--issue", help="Only claims on this issue.")] = None,
    person: PersonOpt = None,
    conflicts: Annotated[
        bool, typer.Option("--conflicts", help="Show claims that disagree across sources, side by side.")
    ] = False,
    json_out: JsonOpt = False,
) -> None:
    """Claims found in the ingested articles, or the conflicting ones side by side."""
    from accord.cli.render.evidence import render_claims, render_conflicts
    from accord.evidence.store import EvidenceStore

    holder = _person_id(person)
    with EvidenceStore.open(db) as store:
        if conflicts:
            pairs = [
                (a, b)
                for a, b in store.conflicts()
                if (actor is None or a.claim.actor == actor)
                and (issue is None or a.claim.issue == issue)
                and (holder is None or holder in (a.claim.holder_id, b.claim.holder_id))
            ]
        else:
            rows = store.claims(actor=actor, issue=issue, person=holder)
    if conflicts:
        if json_out:
            print_json([[a.to_dict(), b.to_dict()] for a, b in pairs])
            return
        render_conflicts(pairs, out_console())
        return
    if json_out:
        print_json([c.to_dict() for c in rows])
        return
    render_claims(rows, out_console())


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
    from accord.evidence.store import EvidenceStore
    from accord.evidence.suggest import suggest

    loaded, text, name = _open_case_text(case)
    with EvidenceStore.open(db) as store:
        stored = store.claims()
    result = suggest(loaded, text, stored, filename=name)
    console = err_console()
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
