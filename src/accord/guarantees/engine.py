"""The guarantee model's Monte Carlo: parameter draws outside, closed-form survival inside.

For every draw of the uncertain parameters (the war-recurrence model's coefficients, the
mechanism priors, the selection model, each guarantor's resolve), the probability of renewed
war by month ``t`` has a closed form:

``P(war by t) = 1 - exp(-H(t))``, ``H(t) = exp(lp) [M min(t, T)^p + t^p - min(t, T)^p]``

where ``exp(lp) t^p`` is the Weibull cumulative hazard of renewed war between former
belligerents with the case's covariates (:mod:`accord.guarantees.recurrence`), ``T`` the
guarantee's duration and ``M`` its hazard multiplier while it lasts:

``M = (1 - k_unit E) prod_m HR_m``

``E`` is the probability that an attack meets an effective response (the guarantors who
honour, weighted by their military capacity against the threat's, and forces on the
ground that deny a fait accompli), ``k_unit`` the share of attacks a certain and fully
effective response deters (fitted through the selection model to the published deterrent
effect of defence pacts), and ``HR_m`` the hazard ratios of the agreement mechanisms
(priors from Fortna). Lesser violations follow the fatal-dispute model with a share of the
deterrent effect. Architectures share every draw (common random numbers), so differences
between them carry no independent sampling noise.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.guarantees.architecture import Architecture
from accord.guarantees.assumptions import Assumptions
from accord.guarantees.selection import SelectionDraws, draw_selection, invoked_rate

__all__ = [
    "CURVE_DRAWS",
    "HORIZONS_YEARS",
    "MAX_FOLLOWERS",
    "Draws",
    "Evaluation",
    "central_draws",
    "draw_common",
    "evaluate",
    "evaluate_all",
    "horizons_for",
    "invoked",
    "mean_resolve",
    "protection",
    "resolve",
    "stream",
]

F64 = NDArray[np.float64]

HORIZONS_YEARS = (1, 2, 5, 10)
"""Years at which P(renewed war) and P(any violation) are reported (those within the horizon)."""

CURVE_DRAWS = 200_000
"""Draws behind the monthly mean curves (their Monte Carlo error is far below a plot's resolution)."""

MAX_FOLLOWERS = 7
"""Followers enumerated one by one; smaller contributors beyond this are pooled into one."""


def stream(seed: int, name: str) -> np.random.Generator:
    """Return the generator of one named stream: the same draws whatever else is simulated."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


@dataclass(frozen=True)
class Draws:
    """Parameter draws shared by every architecture of one run.

    Attributes:
        n: Number of draws.
        war_shape, war_scale: Weibull shape ``p`` and ``exp(lp)`` of renewed war (per year).
        viol_shape, viol_scale: The same for a fatal dispute (any violation).
        mechanism_log_hr: Per mechanism, log hazard ratio draws.
        selection: Selection-model draws (ex-ante resolve of an average defence pact, ...).
        k_unit: Share of attacks a certain, fully effective response deters.
        resolve_z: Per guarantor id, standard-normal draws giving its resolve by quantile.
        profile: The covariate values used.
        profile_source: Per covariate, where its value comes from.
    """

    n: int
    war_shape: F64
    war_scale: F64
    viol_shape: F64
    viol_scale: F64
    mechanism_log_hr: Mapping[str, F64]
    selection: SelectionDraws
    k_unit: F64
    resolve_z: Mapping[str, F64]
    profile: Mapping[str, float]
    profile_source: Mapping[str, str]


def _profile(
    assumptions: Assumptions, names: Sequence[str], means: Mapping[str, float]
) -> tuple[dict[str, float], dict[str, str]]:
    profile: dict[str, float] = {}
    source: dict[str, str] = {}
    for name in names:
        if name == "pact_major":
            profile[name] = 0.0
            source[name] = "0: the guarantee enters through the structural model, not this covariate"
            continue
        value = assumptions.optional(f"dyad.{name}")
        if value is None:
            profile[name] = float(means.get(name, 0.0))
            source[name] = "mean of the fitted data (set guarantees.dyad." + name + " in the case)"
        else:
            profile[name] = value
            source[name] = "the case's assumptions"
    return profile, source


def draw_common(
    n: int,
    seed: int,
    assumptions: Assumptions,
    guarantors: Sequence[str],
    mechanisms: Sequence[str],
) -> Draws:
    """Draw every uncertain parameter once for a run.

    Raises:
        AnalysisError: If ``n`` is below 1.
    """
    from accord.guarantees.mechanisms import draw_log_hr
    from accord.guarantees.recurrence import draw_parameters, linear_predictor, load_model

    if n < 1:
        raise AnalysisError(f"draws must be at least 1 (got {n})")
    widen = assumptions.value("recurrence_widen")
    war = load_model("war")
    viol = load_model("violation")
    profile, source = _profile(assumptions, war.names, war.means)
    shape_w, icpt_w, coef_w = draw_parameters(war, stream(seed, "recurrence.war"), n, widen)
    shape_v, icpt_v, coef_v = draw_parameters(viol, stream(seed, "recurrence.violation"), n, widen)
    scale_w = np.exp(linear_predictor(war, profile, icpt_w, coef_w))
    scale_v = np.exp(linear_predictor(viol, {k: profile[k] for k in viol.names}, icpt_v, coef_v))
    mech = {m: draw_log_hr(m, stream(seed, f"mechanism.{m}"), n) for m in dict.fromkeys(mechanisms)}
    sel = draw_selection(stream(seed, "selection"), n, assumptions)
    k_unit = np.minimum(sel.k / _ally_weight(), 1.0)
    z = {g: stream(seed, f"resolve.{g}").standard_normal(n) for g in dict.fromkeys(guarantors)}
    return Draws(
        n=n,
        war_shape=shape_w,
        war_scale=scale_w,
        viol_shape=shape_v,
        viol_scale=scale_v,
        mechanism_log_hr=mech,
        selection=sel,
        k_unit=k_unit,
        resolve_z=z,
        profile=profile,
        profile_source=source,
    )


def central_draws(assumptions: Assumptions, guarantors: Sequence[str], mechanisms: Sequence[str]) -> Draws:
    """Return one 'draw' holding every parameter's central value: the point estimate.

    The recurrence models at their fitted coefficients, each mechanism at its median hazard
    ratio, the selection model at the honour rate, the deterrent effect and the geometric
    mean of the concentration range, and every guarantor at its mean resolve. Used where
    sampling noise must not enter (pricing guarantees in the deal space).
    """
    from accord.guarantees.mechanisms import MECHANISMS
    from accord.guarantees.recurrence import linear_predictor, load_model
    from accord.guarantees.selection import ex_ante_mean, honour_figure

    war = load_model("war")
    viol = load_model("violation")
    profile, source = _profile(assumptions, war.names, war.means)
    scale_w = np.exp(linear_predictor(war, profile, war.intercept, war.coef))
    scale_v = np.exp(linear_predictor(viol, {k: profile[k] for k in viol.names}, viol.intercept, viol.coef))
    fig = honour_figure(assumptions.value("honour_post1945_only") >= 0.5)
    d = np.array([min(assumptions.value("deterrence_effect"), 0.95)])
    lo = assumptions.value("resolve_concentration_low")
    hi = max(assumptions.value("resolve_concentration_high"), lo)
    conc = np.array([np.sqrt(lo * hi)])
    h = np.array([fig.rate])
    mu = np.clip(ex_ante_mean(h, d, conc), 1e-6, 1.0 - 1e-6)
    k = np.minimum(d / mu, 1.0)
    sel = SelectionDraws(h=h, d=d, n=conc, mu=mu, k=k)
    return Draws(
        n=1,
        war_shape=np.array([war.shape]),
        war_scale=np.asarray(scale_w, dtype=np.float64).reshape(1),
        viol_shape=np.array([viol.shape]),
        viol_scale=np.asarray(scale_v, dtype=np.float64).reshape(1),
        mechanism_log_hr={
            m: np.array([np.log(MECHANISMS[m].hazard_ratio)]) for m in dict.fromkeys(mechanisms)
        },
        selection=sel,
        k_unit=np.minimum(k / _ally_weight(), 1.0),
        resolve_z={g: np.zeros(1) for g in dict.fromkeys(guarantors)},
        profile=profile,
        profile_source=source,
    )


def _ally_weight() -> float:
    from accord.guarantees import capacity

    return capacity.historical_ally_weight()


def trigamma(x: F64) -> F64:
    """Return the trigamma function for ``x > 0`` (recurrence to ``x + 6``, then the asymptotic series).

    Accurate to about 1e-9 relative; much faster than ``scipy.special.polygamma`` on large arrays.
    """
    x = np.asarray(x, dtype=np.float64)
    acc = 1.0 / (x * x)
    for k in range(1, 6):
        y = x + k
        acc += 1.0 / (y * y)
    z = x + 6.0
    iz = 1.0 / z
    iz2 = iz * iz
    series = iz + iz2 / 2.0 + iz2 * iz * (1.0 / 6.0 - iz2 * (1.0 / 30.0 - iz2 * (1.0 / 42.0 - iz2 / 30.0)))
    return np.asarray(acc + series, dtype=np.float64)


def _expit(x: F64) -> F64:
    """Return the logistic function without overflow for any finite ``x``."""
    return np.asarray(0.5 * (1.0 + np.tanh(0.5 * np.asarray(x, dtype=np.float64))), dtype=np.float64)


def _logit(p: F64) -> F64:
    q = np.clip(p, 1e-9, 1.0 - 1e-9)
    return np.asarray(np.log(q) - np.log1p(-q), dtype=np.float64)


def resolve(
    arch: Architecture,
    sel: SelectionDraws,
    z: Mapping[str, F64],
    lo: int = 0,
    hi: int | None = None,
) -> F64:
    """Return each guarantor's resolve per draw, shape ``(draws, guarantors)``.

    Resolve is logit-normal: its spread is that of the average pact's
    ``Beta(mu n, (1 - mu) n)`` on the logit scale (``sd^2 = trigamma(a) + trigamma(b)``), a
    property of the population of pacts; the guarantor's odds ratios move its location,
    which is set so that the mean is the guarantor's ex-ante mean ``m`` (probit
    approximation: location ``logit(m) sqrt(1 + pi sd^2 / 8)``). So, draw by draw, resolve
    rises with every odds ratio. It is then multiplied by the share of the horizon the
    commitment survives turnover. A guarantor that is the threat has resolve 0 here (it adds
    nothing); a what-if value replaces the whole construction.
    """
    stop = sel.mu.size if hi is None else hi
    mu = sel.mu[lo:stop]
    conc = sel.n[lo:stop]
    a = np.maximum(mu * conc, 1e-3)
    b = np.maximum((1.0 - mu) * conc, 1e-3)
    sd = np.sqrt(trigamma(a) + trigamma(b))
    stretch = np.sqrt(1.0 + np.pi * sd * sd / 8.0)
    cols: list[F64] = []
    fixed = arch.fixed if arch.fixed else tuple(None for _ in arch.guarantors)
    for k, g in enumerate(arch.guarantors):
        if arch.is_threat[k]:
            cols.append(np.zeros(stop - lo))
            continue
        if fixed[k] is not None:
            cols.append(np.full(stop - lo, float(fixed[k] or 0.0)))
            continue
        m = _expit(_logit(mu) + arch.log_odds[k])
        theta = _expit(_logit(m) * stretch + sd * z[g][lo:stop])
        cols.append(theta * arch.turnover[k])
    if not cols:
        return np.zeros((stop - lo, 0))
    return np.column_stack(cols)


def mean_resolve(arch: Architecture, sel: SelectionDraws, k: int) -> F64:
    """Return guarantor ``k``'s mean resolve per draw (before the spread across pacts)."""
    fixed = arch.fixed[k] if arch.fixed else None
    if fixed is not None:
        return np.full(sel.mu.size, float(fixed))
    m = _expit(_logit(sel.mu) + arch.log_odds[k])
    return np.asarray(m * arch.turnover[k], dtype=np.float64)


def invoked(arch: Architecture, sel: SelectionDraws, k_unit: F64, k: int) -> F64:
    """Return guarantor ``k``'s honour rate in the cases where it would be invoked, per draw.

    The selection model's ``invoked_rate`` with the guarantor's own mean resolve, the
    spread of resolve and the share of attacks its own response would deter
    (``k_unit`` times its capacity against the threat's).
    """
    own = sum(u.capacity for u in arch.units if u.guarantor == k)
    weight = own / (own + arch.threat_capacity) if own > 0 else 0.0
    return invoked_rate(mean_resolve(arch, sel, k), sel.n, k_unit * weight)


def _subsets(f: int) -> NDArray[np.float64]:
    return ((np.arange(2**f)[:, None] >> np.arange(f)[None, :]) & 1).astype(np.float64)


def _pool(arch: Architecture) -> tuple[int, list[int], NDArray[np.float64], NDArray[np.float64]]:
    """Return (leader unit, follower guarantor index per follower, follower capacities, weights)."""
    units = sorted(arch.units, key=lambda u: -u.capacity)
    leader = units[0]
    rest = units[1:]
    if len(rest) > MAX_FOLLOWERS:
        kept = rest[: MAX_FOLLOWERS - 1]
        pooled = rest[MAX_FOLLOWERS - 1 :]
        # pooled contributors act for the guarantor contributing most of them
        owner = max(
            {u.guarantor for u in pooled}, key=lambda g: sum(u.capacity for u in pooled if u.guarantor == g)
        )
        rest = [*kept, type(leader)("pooled", owner, sum(u.capacity for u in pooled))]
    gidx = [u.guarantor for u in rest]
    caps = np.array([u.capacity for u in rest], dtype=np.float64)
    return leader.guarantor, gidx, caps, np.array([leader.capacity])


def protection(arch: Architecture, theta: F64, follow: float, denial: float, threat_forces: float) -> F64:
    """Return the probability that an attack meets an effective response, per draw.

    The largest contributor leads; each other contributor follows the leader's decision with
    probability ``follow`` and otherwise decides alone with its guarantor's resolve. A
    response by the set ``S`` of contributors that honour is effective with probability
    ``C_S / (C_S + C_threat)`` (capacity committed against the threat's). The expectation
    over ``S`` is exact (enumerated). Forces on the ground deny a fait accompli with
    probability ``denial * N / (N + N_threat)``; the two combine as independent chances.

    Args:
        arch: The architecture.
        theta: Resolve per draw and guarantor, shape ``(draws, guarantors)``.
        follow: Probability a follower copies the leader.
        denial: Share of the local balance that forces turn into denial.
        threat_forces: Troops the threat can bring.
    """
    from accord.guarantees._kernels import expect_subsets  # here: numba loads only when needed

    n = theta.shape[0]
    e = np.zeros(n)
    if arch.units:
        lead_g, gidx, caps, lead_cap = _pool(arch)
        t = arch.threat_capacity
        th_lead = theta[:, lead_g]
        if caps.size == 0:
            e = th_lead * (lead_cap[0] / (lead_cap[0] + t))
        else:
            sub = _subsets(caps.size)
            cap_s = sub @ caps
            w1 = (lead_cap[0] + cap_s) / (lead_cap[0] + cap_s + t)
            w0 = np.where(cap_s > 0, cap_s / (cap_s + t), 0.0)
            th_f = theta[:, gidx]
            q1 = follow + (1.0 - follow) * th_f
            q0 = (1.0 - follow) * th_f
            e1 = expect_subsets(q1, w1)
            e0 = expect_subsets(q0, w0)
            e = th_lead * e1 + (1.0 - th_lead) * e0
    if arch.forces > 0:
        f = denial * arch.forces / (arch.forces + threat_forces)
        e = 1.0 - (1.0 - f) * (1.0 - e)
    return np.asarray(np.clip(e, 0.0, 1.0), dtype=np.float64)


@dataclass(frozen=True)
class Evaluation:
    """Per-draw outputs of one architecture.

    Attributes:
        war: P(renewed war) by each horizon, shape ``(draws, horizons)``.
        violation: P(any violation) by each horizon, same shape.
        war_curve: Mean P(renewed war) by month 0..horizon.
        survival: Mean P(no violation) by month 0..horizon.
        theta: Resolve per draw and guarantor.
        protection: P(effective response) per draw.
        multiplier: Hazard multiplier on renewed war while the guarantee lasts, per draw.
    """

    war: F64
    violation: F64
    war_curve: F64
    survival: F64
    theta: F64
    protection: F64
    multiplier: F64


def multipliers(
    arch: Architecture, draws: Draws, assumptions: Assumptions, lo: int = 0, hi: int | None = None
) -> tuple[F64, F64, F64, F64]:
    """Return ``(theta, protection, war multiplier, violation multiplier)`` for draws ``lo:hi``."""
    stop = draws.n if hi is None else hi
    theta = resolve(arch, draws.selection, draws.resolve_z, lo, stop)
    e = protection(
        arch,
        theta,
        assumptions.value("coalition_follow"),
        assumptions.value("forces_denial_effect"),
        assumptions.value("threat_local_forces"),
    )
    k = draws.k_unit[lo:stop]
    mech = np.zeros(stop - lo)
    for m in arch.mechanisms:
        mech = mech + draws.mechanism_log_hr[m][lo:stop]
    hr = np.exp(mech)
    share = assumptions.value("violation_deterrence_share")
    m_war = np.maximum(1.0 - k * e, 0.0) * hr
    m_viol = np.maximum(1.0 - share * k * e, 0.0) * hr
    return theta, e, m_war, m_viol


def evaluate_all(
    archs: Sequence[Architecture],
    draws: Draws,
    assumptions: Assumptions,
    horizon_months: int,
    *,
    chunk: int = 131072,
    progress: Callable[[int, int], None] | None = None,
    use_numba: bool | None = None,
    curve_draws: int | None = CURVE_DRAWS,
) -> list[Evaluation]:
    """Evaluate architectures on the shared draws: closed-form survival per draw and month.

    Args:
        archs: The architectures.
        draws: The shared parameter draws.
        assumptions: The case's numbers.
        horizon_months: Months to cover (the curves have ``horizon_months + 1`` points).
        chunk: Draws evaluated at once (bounds memory).
        progress: Called with (draws done, draws) after each chunk.
        use_numba: Force the compiled (True) or numpy (False) survival kernel.
        curve_draws: The monthly mean curves are averaged over the first this many draws
            (``None``: all); every draw gives the probabilities at the reporting horizons.
    """
    from accord.guarantees._kernels import survival_pass

    horizons = horizons_for(horizon_months)
    h_idx = np.array(horizons, dtype=np.int64)
    n = draws.n
    k = len(archs)
    war = np.empty((k, n, len(horizons)))
    viol = np.empty((k, n, len(horizons)))
    war_sum = np.zeros((k, horizon_months + 1))
    surv_sum = np.zeros((k, horizon_months + 1))
    parts: list[list[tuple[F64, F64, F64]]] = [[] for _ in range(k)]
    active = np.array([-1.0 if a.active_months is None else a.active_months / 12.0 for a in archs])
    n_curve = n if curve_draws is None else max(1, min(n, curve_draws))
    bounds = sorted({*range(0, n, chunk), n_curve, n})
    for lo, hi in itertools.pairwise(bounds):
        m_w = np.empty((k, hi - lo))
        m_v = np.empty((k, hi - lo))
        for j, arch in enumerate(archs):
            theta, e, m_war, m_viol = multipliers(arch, draws, assumptions, lo, hi)
            m_w[j] = m_war
            m_v[j] = m_viol
            parts[j].append((theta, e, m_war))
        w, v, ws, ss = survival_pass(
            draws.war_scale[lo:hi],
            draws.war_shape[lo:hi],
            draws.viol_scale[lo:hi],
            draws.viol_shape[lo:hi],
            m_w,
            m_v,
            active,
            horizon_months,
            h_idx,
            curves=lo < n_curve,
            use_numba=use_numba,
        )
        war[:, lo:hi] = w
        viol[:, lo:hi] = v
        war_sum += ws
        surv_sum += ss
        if progress is not None:
            progress(hi, n)
    return [
        Evaluation(
            war=war[j],
            violation=viol[j],
            war_curve=war_sum[j] / n_curve,
            survival=surv_sum[j] / n_curve,
            theta=np.concatenate([p[0] for p in parts[j]]),
            protection=np.concatenate([p[1] for p in parts[j]]),
            multiplier=np.concatenate([p[2] for p in parts[j]]),
        )
        for j in range(k)
    ]


def evaluate(
    arch: Architecture, draws: Draws, assumptions: Assumptions, horizon_months: int, *, chunk: int = 32768
) -> Evaluation:
    """Evaluate one architecture (see :func:`evaluate_all`)."""
    return evaluate_all([arch], draws, assumptions, horizon_months, chunk=chunk)[0]


def horizons_for(horizon_months: int) -> list[int]:
    """Return the months at which :func:`evaluate` reports, in its column order."""
    horizons = [y * 12 for y in HORIZONS_YEARS if y * 12 <= horizon_months]
    if horizon_months not in horizons:
        horizons.append(horizon_months)
    return horizons
