"""Check a forecast against the deal engine: would every party accept the forecast settlement?

A forecast names, per issue, the option nearest the predicted point. Taken together those
options form a package; :func:`accord.deals.verdict.verdict_for` scores it for every actor
with the same utilities, no-deal values and red lines as ``accord deals``. Issues the forecast
skipped stay open, so a verdict may be ``depends``. A settlement a party with a veto rejects
is not a settlement: the forecast then describes where the *others'* weights pull, not a
deal.

(This lives in the report layer because the forecasting core may not import the deal engine;
see docs/architecture.md. The CLI and the dashboard use it too.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.case import Case
from accord.deals.space import DealSpace
from accord.deals.verdict import Verdict, allowed_options, verdict_for
from accord.forecast.case_forecast import CaseForecast

__all__ = ["SettlementCheck", "settlement_check"]


@dataclass(frozen=True)
class SettlementCheck:
    """Every party's verdict on the package of options nearest a forecast.

    Attributes:
        model: The forecasting model.
        package: Issue id -> option id, for the issues forecast.
        verdicts: One verdict per actor with a position, in case order.
    """

    model: str
    package: dict[str, str]
    verdicts: tuple[Verdict, ...]

    @property
    def rejecting(self) -> tuple[Verdict, ...]:
        """The parties that reject the package under every completion of its open issues."""
        return tuple(v for v in self.verdicts if v.accepts == "no")

    @property
    def settles(self) -> bool:
        """Whether every party accepts the package under every completion."""
        return all(v.accepts == "yes" for v in self.verdicts)

    def lines(self) -> list[str]:
        """Plain-text lines: who rejects, by how much, and why."""
        if self.settles:
            return [f"Every party accepts the package of the {self.model} forecast's nearest options."]
        out = []
        for v in self.verdicts:
            if v.accepts == "yes":
                continue
            why = []
            if v.low < v.no_deal - 1e-9:
                short = v.no_deal - v.low
                why.append(
                    f"utility {v.low:.3f} below its no-deal value {v.no_deal:.3f} (short by {short:.3f})"
                )
            sure = [f"{r.issue}={r.option}" for r in v.red_lines if r.sure]
            if sure:
                why.append("crosses its red line " + ", ".join(sure))
            verdict = "rejects" if v.accepts == "no" else "may reject"
            out.append(f"{v.actor} {verdict} the forecast settlement: {'; '.join(why) or 'an open issue'}")
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"model", "package", "settles", "verdicts": [...]}``."""
        return {
            "model": self.model,
            "package": dict(self.package),
            "settles": self.settles,
            "verdicts": [v.to_dict() for v in self.verdicts],
        }


def settlement_check(case: Case, forecast: CaseForecast) -> SettlementCheck:
    """Score the package of options nearest the forecast for every actor of the case.

    Raises:
        AnalysisError: The deal engine rejects the case (as ``accord deals`` would).
    """
    space = DealSpace.from_case(case)
    package = {f.issue: f.option for f in forecast.issues if f.issue in {i.id for i in case.issues}}
    allowed = allowed_options(space, package, {})
    verdicts = tuple(verdict_for(space, a, allowed) for a in range(len(space.actors)))
    return SettlementCheck(forecast.model, package, verdicts)
