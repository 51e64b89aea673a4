"""The report's and dashboard's view of the published plans: the data ``_plans.html.j2`` renders."""

from __future__ import annotations

from typing import Any

from accord.case import Case
from accord.case.age import age_note
from accord.deals.plans import plan_counts, score_plans
from accord.report.labels import Labels

__all__ = ["age_section", "plans_section"]

_WORDS = {"yes": "accepts", "no": "rejects", "depends": "depends on open points"}


def _utility(v: dict[str, Any]) -> str:
    low, high = v["utility"]["low"], v["utility"]["high"]
    m_low, m_high = v["margin"]["low"], v["margin"]["high"]
    if abs(high - low) < 5e-4:
        return f"{low:.3f} ({m_low:+.3f})"
    return f"{low:.3f}-{high:.3f} ({m_low:+.3f} to {m_high:+.3f})"


def plans_section(case: Case, track_id: str | None = None) -> dict[str, Any] | None:
    """Return the plans table of ``case`` as plain data, or ``None`` when the case has no plans.

    Every cell keeps the claims it rests on: each plan's points cite claims, and each red line
    crossed cites the claims that state it.
    """
    if not case.proposals or not case.tracks:
        return None
    result = score_plans(case, track_id)
    data = result.to_dict()
    labels = Labels.of(case)
    data["actor_names"] = {a: labels.actor(a) for a in (*data["actors"], *data["affected"])}
    for plan in data["plans"]:
        for v in plan["verdicts"]:
            v["shown"] = _utility(v)
            v["word"] = _WORDS[v["accepts"]]
            v["name"] = labels.actor(v["actor"])
            for h in v["red_lines"]:
                h["issue_name"] = labels.issue(h["issue"])
                h["label"] = labels.option(h["issue"], h["option"])
        for b in plan["blockers"]:
            if b.get("issue"):
                b["issue_name"] = labels.issue(b["issue"])
                b["label"] = labels.option(b["issue"], b.get("option") or "")
        if plan["closest"] is not None:
            plan["closest"]["shown"] = [
                {
                    "issue": issue,
                    "issue_name": labels.issue(issue),
                    "from": labels.option(issue, ch["from"]) if ch["from"] else "open",
                    "to": labels.option(issue, ch["to"]),
                }
                for issue, ch in plan["closest"]["changes"].items()
            ]
        plan["word"] = _WORDS[plan["accepted_by_all"]]
        plan["point_claims"] = sorted({c for p in plan["points"] for c in p["claims"]})
    data["counts"] = plan_counts(result)
    return data


def age_section(case: Case) -> str | None:
    """Return the sentence saying how old the case is, when it is more than 90 days old."""
    return age_note(case)
