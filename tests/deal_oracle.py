"""A brute-force oracle for the deal engine, written independently of accord.deals."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from accord.case import Case


def utility(case: Case, actor: str, package: dict[str, str]) -> float:
    total = sum(p.salience for p in case.positions if p.actor == actor)
    value = 0.0
    for p in case.positions:
        if p.actor != actor:
            continue
        option = case.issue(p.issue).option(package[p.issue])
        value += p.salience * (1 - abs(option.position - p.ideal) / 100)
    return value / total


def accepts(case: Case, actor: str, package: dict[str, str]) -> bool:
    for p in case.positions:
        if p.actor == actor and package[p.issue] in p.red_line:
            return False
    return utility(case, actor, package) >= case.actor(actor).no_deal_utility - 1e-9


def packages(case: Case) -> list[dict[str, str]]:
    ids = [i.id for i in case.issues]
    return [
        dict(zip(ids, combo, strict=True))
        for combo in itertools.product(*(i.option_ids for i in case.issues))
    ]


def acceptable(case: Case, actors: list[str]) -> list[dict[str, str]]:
    return [p for p in packages(case) if all(accepts(case, a, p) for a in actors)]


def dominated(u: tuple[float, ...], v: tuple[float, ...]) -> bool:
    """True if v dominates u."""
    return all(b >= a - 1e-9 for a, b in zip(u, v, strict=True)) and any(
        b > a + 1e-9 for a, b in zip(u, v, strict=True)
    )


@st.composite
def small_cases(draw: Any, max_actors: int = 4, max_issues: int = 4, max_options: int = 4) -> Case:
    n_actors = draw(st.integers(2, max_actors))
    n_issues = draw(st.integers(1, max_issues))
    actors = [f"A{i}" for i in range(n_actors)]
    issues = []
    for k in range(n_issues):
        n_opt = draw(st.integers(2, max_options))
        pos = sorted(draw(st.lists(st.integers(0, 100), min_size=n_opt, max_size=n_opt, unique=True)))
        issues.append(
            {
                "id": f"i{k}",
                "name": f"Issue {k}",
                "description": "generated",
                "security": draw(st.booleans()),
                "options": [{"id": f"o{j}", "label": f"opt {j}", "position": p} for j, p in enumerate(pos)],
            }
        )
    positions = []
    for a in actors:
        chosen = draw(st.lists(st.integers(0, n_issues - 1), min_size=1, max_size=n_issues, unique=True))
        for k in sorted(chosen):
            n_opt = len(issues[k]["options"])
            red = draw(st.lists(st.integers(0, n_opt - 1), max_size=1, unique=True))
            positions.append(
                {
                    "actor": a,
                    "issue": f"i{k}",
                    "ideal": draw(st.integers(0, 100)),
                    "salience": draw(st.sampled_from([0.1, 0.3, 0.5, 0.8, 1.0])),
                    "red_line": [f"o{j}" for j in red],
                }
            )
    return Case.model_validate(
        {
            "id": "gen",
            "title": "generated",
            "as_of": "2025-01-01",
            "description": "generated",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "generated",
                    "no_deal_utility": draw(st.sampled_from([0.0, 0.2, 0.4, 0.5, 0.6, 0.7])),
                }
                for a in actors
            ],
            "issues": issues,
            "positions": positions,
        }
    )
