"""Credibility: how likely each guarantor is to honour a guarantee, before and after selection.

Two numbers per guarantor (docs/guarantees.md, "Credibility with selection"):

- **ex-ante credibility**: its resolve before any attack, the probability that it would
  honour if attacked. It starts from the ex-ante resolve of an average defence pact, which
  the selection model (:mod:`accord.guarantees.selection`) fits to the honour rate of
  invoked defence pacts (Berkemeier and Fuhrmann 2018) and to their published deterrent
  effect (Benson 2011); the guarantee's legal form, forces on the ground and response lag
  shift its odds (:mod:`accord.guarantees.architecture`), and political turnover removes the
  share of the horizon during which a new government may have walked it back.
- **P(honour | attacked)**: the rate at which it would honour in the cases where the
  guarantee is actually invoked, which is lower because resolute guarantors deter and are
  rarely tested.

A guarantor that is itself the threat (Russia in the Budapest Memorandum) gets neither: it
cannot protect against itself, and showing a probability of it "honouring" would mislead.
Every obligation type shares the defence-pact resolve: a weaker promise is never more
credible than a stronger one from the same guarantor; what differs is the military capacity
it commits (:mod:`accord.guarantees.assumptions`, ``obligation.*``). Military capability
never enters resolve: it enters once, as the weight of a response.
"""

from __future__ import annotations

import numpy as np

from accord.case.model import Case
from accord.guarantees.architecture import architecture_of
from accord.guarantees.assumptions import DEFAULTS, Assumptions
from accord.guarantees.engine import invoked, resolve, stream
from accord.guarantees.selection import draw_selection, honour_figure
from accord.guarantees.types import Credibility, Estimate, GuarantorCredibility

__all__ = ["DEFAULTS", "assess", "assess_all", "honour_probabilities"]

CREDIBILITY_DRAWS = 4000
"""Parameter draws behind a credibility assessment on its own."""


def assess(case: Case, guarantee_id: str, *, draws: int = CREDIBILITY_DRAWS, seed: int = 0) -> Credibility:
    """Assess each guarantor of one guarantee: ex-ante credibility and P(honour | attacked).

    Args:
        case: The case; its ``assumptions`` (``guarantees.<name>``) override the defaults.
        guarantee_id: Id of the guarantee.
        draws: Parameter draws behind the intervals.
        seed: Seed of the draws (the same streams as :func:`accord.guarantees.simulate`).

    Returns:
        One entry per guarantor, in the guarantee's order.

    Raises:
        AnalysisError: If the case has no such guarantee (the message lists the known ids),
            ``draws`` is below 1, or an assumption is out of range.
    """
    from accord.errors import AnalysisError
    from accord.guarantees import capacity as military

    if draws < 1:
        raise AnalysisError(f"draws must be at least 1 (got {draws})")
    a = Assumptions(case.assumptions)
    arch = architecture_of(case, guarantee_id, a)
    sel = draw_selection(stream(seed, "selection"), draws, a)
    z = {g: stream(seed, f"resolve.{g}").standard_normal(draws) for g in arch.guarantors}
    theta = resolve(arch, sel, z)
    k_unit = (sel.k / military.historical_ally_weight()).clip(max=1.0)
    fig = honour_figure(a.value("honour_post1945_only") >= 0.5)
    rows: list[GuarantorCredibility] = []
    for k, guarantor in enumerate(arch.guarantors):
        if arch.is_threat[k]:
            rows.append(
                GuarantorCredibility(
                    guarantor, fig.rate, fig.source, arch.modifiers[k], 0.0, None, None, True, 1.0
                )
            )
            continue
        ex = Estimate.of(theta[:, k])
        inv = Estimate.of(invoked(arch, sel, k_unit, k))
        rows.append(
            GuarantorCredibility(
                guarantor,
                fig.rate,
                f"{fig.source} ({fig.honoured}/{fig.n}, {fig.key})",
                arch.modifiers[k],
                ex.mean,
                ex,
                inv,
                False,
                arch.turnover[k],
            )
        )
    return Credibility(arch.id, tuple(rows))


def assess_all(case: Case, *, draws: int = CREDIBILITY_DRAWS, seed: int = 0) -> tuple[Credibility, ...]:
    """Assess every guarantee of a case, in file order."""
    return tuple(assess(case, g.id, draws=draws, seed=seed) for g in case.guarantees)


def honour_probabilities(case: Case, *, draws: int = CREDIBILITY_DRAWS, seed: int = 0) -> list[list[float]]:
    """Return every guarantor's ex-ante credibility, per guarantee in file order.

    The same numbers as ``[[g.probability for g in c.guarantors] for c in assess_all(...)]``
    (the same draws, the same mean), without the intervals and P(honour | attacked) that a
    sweep draw does not use.

    Raises:
        AnalysisError: As :func:`assess`.
    """
    from accord.errors import AnalysisError

    if draws < 1:
        raise AnalysisError(f"draws must be at least 1 (got {draws})")
    a = Assumptions(case.assumptions)
    out: list[list[float]] = []
    sel = None
    for g in case.guarantees:
        arch = architecture_of(case, g.id, a)
        if sel is None:
            sel = draw_selection(stream(seed, "selection"), draws, a)
        z = {name: stream(seed, f"resolve.{name}").standard_normal(draws) for name in arch.guarantors}
        theta = resolve(arch, sel, z)
        out.append(
            [
                0.0 if arch.is_threat[k] else float(np.asarray(theta[:, k], dtype=np.float64).mean())
                for k in range(len(arch.guarantors))
            ]
        )
    return out
