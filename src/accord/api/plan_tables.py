"""Tables of the plans comparison: each plan's verdict per party, and its points."""

from __future__ import annotations

from accord.api.labels import Labels
from accord.api.tabular import Cell, Table, Tables, cells
from accord.case import Case
from accord.deals.plans import PlansResult

__all__ = ["plan_tables"]


def plan_tables(result: PlansResult, case: Case) -> Tables:
    """The verdict of every party on every plan, and every plan's points, with labels."""
    data = result.to_dict()
    labels = Labels(case)
    verdict_rows: list[tuple[Cell, ...]] = []
    point_rows: list[tuple[Cell, ...]] = []
    for plan in data["plans"]:
        for v in plan["verdicts"]:
            verdict_rows.append(
                cells(
                    [
                        plan["name"],
                        labels.actor(v["actor"]),
                        v["accepts"],
                        v["utility"]["low"],
                        v["utility"]["high"],
                        v["no_deal"],
                        v["margin"]["low"],
                        v["margin"]["high"],
                        "; ".join(
                            f"{labels.issue(r['issue'])}: {labels.option(r['issue'], r['option'])}"
                            for r in v["red_lines"]
                        ),
                    ]
                )
            )
        for point in plan["points"]:
            point_rows.append(
                cells(
                    [
                        plan["name"],
                        labels.issue(point["issue"]),
                        labels.option(point["issue"], point["option"]) if point["option"] else "open",
                        point.get("note"),
                    ]
                )
            )
    return Tables(
        f"Plans of {case.title}",
        [
            Table(
                "verdicts",
                "Who accepts each plan (utility and margin over no deal, low and high)",
                (
                    "plan",
                    "party",
                    "accepts",
                    "utility_low",
                    "utility_high",
                    "no_deal",
                    "margin_low",
                    "margin_high",
                    "red lines crossed",
                ),
                tuple(verdict_rows),
            ),
            Table("points", "Each plan's points", ("plan", "issue", "option", "note"), tuple(point_rows)),
        ],
    )
