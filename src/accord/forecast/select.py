"""``learned-select``: learned capability multipliers, their base and penalty chosen by inner CV.

:class:`~accord.forecast.learned.LearnedCapabilityModel` learns one multiplier per actor on top
of a base capability. Which base, and how strongly to shrink the multipliers towards it, are
structural choices; this model makes them on its training issues only, by a grouped (by
proposal) cross-validation inside them, then refits the winner (or, for ``learned-mix``, the
best three) on all of them:

* bases: ``equal`` (every actor 1), ``gdp-sqrt`` (the square root of the data set's GDP
  weight) and ``power`` (Council voting power for the proposal's date and rule, the Commission
  and Parliament weighing as much as the average member; see :mod:`accord.forecast.institutional`);
* ridge penalties: :data:`RIDGES`.

Inside an outer cross-validation this is a nested cross-validation: nothing is tuned on the
issues it is scored on. The inner out-of-fold errors of the chosen structure are kept
(``oof_errors``), so prediction intervals can be calibrated on them without a further fit.
Without the context a base needs (a case file), a base falls back to the issue's capabilities.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData
from accord.forecast.institutional import power_capabilities
from accord.forecast.learned import LearnedCapabilityModel

__all__ = ["BASES", "RIDGES", "Base", "LearnedSelectModel", "inner_folds", "learned_mix", "rebase"]

Base = Literal["equal", "gdp-sqrt", "power"]
BASES: tuple[Base, ...] = ("equal", "gdp-sqrt", "power")
RIDGES = (0.001, 0.003)
"""Ridge penalties tried (0-1 scale); the learned model's Huber threshold stays at 0.05."""


def rebase(issue: IssueData, base: Base) -> IssueData:
    """The issue with capabilities replaced by a base (unchanged when its context is missing)."""
    caps: NDArray[np.float64] | None
    if base == "equal":
        caps = np.ones(issue.positions.size)
    elif base == "gdp-sqrt":
        caps = np.sqrt(np.asarray(issue.context.gdp, dtype=np.float64)) if issue.context.gdp else None
    else:
        caps = power_capabilities(issue, 1.0, 1.0)
    if caps is None:
        return issue
    return dataclasses.replace(issue, capabilities=caps)


def inner_folds(issues: Sequence[IssueData], k: int) -> NDArray[np.int64]:
    """Deal the proposals (``context.group``, else the issue key) into ``k`` folds, deterministically.

    Groups are sorted and dealt round-robin in the order of a fixed-seed shuffle, so the
    folds depend only on the set of groups.
    """
    groups = [i.context.group or i.key or str(n) for n, i in enumerate(issues)]
    distinct = sorted(set(groups))
    order = np.random.default_rng(12345).permutation(len(distinct))
    fold_of = {distinct[int(j)]: n % k for n, j in enumerate(order)}
    return np.asarray([fold_of[g] for g in groups], dtype=np.int64)


@dataclass(frozen=True)
class LearnedSelectModel:
    """Learned multipliers on the bases and ridges that score best in an inner CV by proposal.

    With ``top = 1`` (``learned-select``) the single best candidate is refitted on every
    training issue; with ``top > 1`` (``learned-mix``) the ``top`` best are, and the forecast is
    the plain average of theirs (a learned mixture: which members enter is decided on the
    training issues only).

    Attributes:
        name: The model's name.
        top: How many of the best candidates to average.
        inner: Inner folds (by proposal), fewer when there are fewer proposals.
        members: The fitted candidates, ``(base, model)``, best first (empty until fitted).
        inner_mae: Inner-CV MAE of every candidate, as ``(base, ridge, mae)``.
        oof_errors: Inner out-of-fold errors (predicted - outcome) of the chosen mixture.
        fitted: Whether :meth:`fit` produced this model.
    """

    name: str = "learned-select"
    top: int = 1
    inner: int = 5
    members: tuple[tuple[Base, LearnedCapabilityModel], ...] = ()
    inner_mae: tuple[tuple[Base, float, float], ...] = ()
    oof_errors: tuple[float, ...] = ()
    fitted: bool = False

    def predict(self, issue: IssueData) -> Forecast:
        """Return the average of the members' learned weighted means (the compromise model unfitted)."""
        members = self.members or (("equal", LearnedCapabilityModel()),)
        values = [m.predict(rebase(issue, b)).outcome for b, m in members]
        return Forecast(self.name, float(np.mean(values)), notes={"bases": ",".join(b for b, _ in members)})

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        """Rank the candidates by inner CV on these issues, refit the best ``top`` on all of them.

        Raises:
            AnalysisError: No issue, a count mismatch, ``top`` out of range, or fewer than two
                proposals.
        """
        if len(issues) != len(outcomes) or not issues:
            raise AnalysisError(
                f"model {self.name!r} needs issues with outcomes ({len(issues)}, {len(outcomes)})"
            )
        if not 1 <= self.top <= len(BASES) * len(RIDGES):
            raise AnalysisError(f"top must be 1 to {len(BASES) * len(RIDGES)} (got {self.top})")
        y = np.asarray(outcomes, dtype=np.float64)
        k = min(self.inner, len({i.context.group or i.key for i in issues}))
        if k < 2:
            raise AnalysisError(f"model {self.name!r} needs issues of at least two proposals to choose")
        folds = inner_folds(issues, k)
        scores: list[tuple[Base, float, float]] = []
        preds: dict[tuple[Base, float], NDArray[np.float64]] = {}
        for base in BASES:
            data = [rebase(i, base) for i in issues]
            for ridge in RIDGES:
                pred = np.empty(y.size)
                for f in range(k):
                    train = np.flatnonzero(folds != f)
                    model = LearnedCapabilityModel(ridge=ridge).fit(
                        [data[j] for j in train], y[train].tolist()
                    )
                    for j in np.flatnonzero(folds == f):
                        pred[j] = model.predict(data[j]).outcome
                preds[(base, ridge)] = pred
                scores.append((base, ridge, float(np.abs(pred - y).mean())))
        ranked = sorted(scores, key=lambda t: (round(t[2], 9), BASES.index(t[0]), t[1]))[: self.top]
        members = tuple(
            (b, LearnedCapabilityModel(ridge=r).fit([rebase(i, b) for i in issues], y.tolist()))
            for b, r, _ in ranked
        )
        mix = np.mean([preds[(b, r)] for b, r, _ in ranked], axis=0)
        return dataclasses.replace(
            self,
            members=members,
            inner_mae=tuple(scores),
            oof_errors=tuple(float(e) for e in mix - y),
            fitted=True,
        )


def learned_mix() -> LearnedSelectModel:
    """``learned-mix``: the average of the three candidates best in the inner CV."""
    return LearnedSelectModel(name="learned-mix", top=3)
