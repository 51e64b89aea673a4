"""Tables of a deal analysis: the solutions, the top of the frontier, the least each side concedes, counts."""

from __future__ import annotations

from typing import Any

from accord.api.labels import Labels
from accord.api.tabular import Cell, Table, Tables, cells
from accord.case import Case
from accord.deals.analysis import DealAnalysis

__all__ = ["deal_tables"]


def _package_rows(
    key_name: str, packages: list[tuple[str, dict[str, Any] | None]], actors: list[str], labels: Labels
) -> Table | None:
    present = [p for _, p in packages if p is not None]
    if not present:
        return None
    issues = labels.issues_of(present[0]["options"])
    columns = (
        key_name,
        "nash_product",
        *(labels.issue(i) for i in issues),
        *(f"utility {labels.actor(a)}" for a in actors),
    )
    rows: list[tuple[Cell, ...]] = []
    for key, pkg in packages:
        if pkg is None:
            rows.append(cells([key, None, *([None] * len(issues)), *([None] * len(actors))]))
            continue
        rows.append(
            cells(
                [
                    key,
                    pkg.get("nash_product"),
                    *(labels.option(i, pkg["options"].get(i)) for i in issues),
                    *(pkg["actors"][a]["utility"] if a in pkg["actors"] else None for a in actors),
                ]
            )
        )
    return Table(key_name, "", columns, tuple(rows))


def deal_tables(result: DealAnalysis, case: Case) -> Tables:
    """The tables of a deal analysis, with option labels from ``case``."""
    data = result.to_dict()
    labels = Labels(case)
    actors = list(data["actors"])
    tables: list[Table] = []
    solutions = _package_rows("solution", list(data["solutions"].items()), actors, labels)
    if solutions is not None:
        tables.append(Table("solutions", "Bargaining solutions", solutions.columns, solutions.rows))
    top = _package_rows("rank", [(str(k + 1), p) for k, p in enumerate(data["top"])], actors, labels)
    if top is not None:
        tables.append(Table("frontier", "Frontier packages ranked by Nash product", top.columns, top.rows))
    least = _package_rows("actor", list(data["least_concession"].items()), actors, labels)
    if least is not None:
        rows = tuple((labels.actor(str(r[0])), *r[1:]) for r in least.rows)
        tables.append(Table("least_concession", "Each side's best acceptable package", least.columns, rows))
    counts = data["counts"]
    count_rows: list[tuple[Cell, ...]] = [
        ("packages", counts["packages"]),
        ("acceptable to all", counts["acceptable"]),
        ("on the Pareto frontier", counts["pareto"]),
        ("distinct frontier points", counts["pareto_points"]),
    ]
    for actor, n in (counts.get("acceptable_to") or {}).items():
        count_rows.append((f"acceptable to {labels.actor(actor)}", n))
    tables.append(Table("counts", "Counts", ("what", "packages"), tuple(cells(r) for r in count_rows)))
    return Tables(f"Deals of {case.title} ({', '.join(actors)})", tables)
