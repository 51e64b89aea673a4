"""The survival kernel of the guarantee model: every draw, month and architecture in one pass.

For draw ``i``, month ``t`` and architecture ``a`` the cumulative hazards are

``H_w = s_w (m_w t_a^p + t^p - t_a^p)`` and ``H_v`` likewise, with ``t_a = min(t, T_a)``,

and the kernel accumulates the mean P(war) and mean P(no violation) curves and stores both
probabilities at the reporting horizons. A numba version (parallel over blocks of draws) is
used when numba imports and ``ACCORD_NO_NUMBA`` is unset; the numpy version gives the same
numbers (tested) and is the reference.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["HAVE_NUMBA", "expect_subsets", "survival_pass"]

F64 = NDArray[np.float64]

HAVE_NUMBA = False
_compiled: Any = None
_compiled_expect: Any = None

if os.environ.get("ACCORD_NO_NUMBA", "") in ("", "0"):
    try:
        import numba

        HAVE_NUMBA = True
    except ImportError:  # pragma: no cover - numba is a dependency; this keeps accord usable without it
        HAVE_NUMBA = False
    if HAVE_NUMBA:

        @numba.njit(cache=True, parallel=True, fastmath=True)
        def _pass(  # pragma: no cover - compiled
            scale_w: Any,
            shape_w: Any,
            scale_v: Any,
            shape_v: Any,
            m_w: Any,
            m_v: Any,
            logta: Any,
            posa: Any,
            logt: Any,
            pos: Any,
            h_idx: Any,
            out_war: Any,
            out_viol: Any,
            part_war: Any,
            part_surv: Any,
            curves: bool,
        ) -> None:
            n = scale_w.size
            n_arch = m_w.shape[0]
            n_t = logt.size
            n_h = h_idx.size
            blocks = part_war.shape[0]
            step = (n + blocks - 1) // blocks
            for b in numba.prange(blocks):
                lo = b * step
                hi = min(n, lo + step)
                tpw = np.empty(n_t)
                tpv = np.empty(n_t)
                taw = np.empty(n_t)
                tav = np.empty(n_t)
                accw = np.zeros((n_arch, n_t))
                accs = np.zeros((n_arch, n_t))
                for i in range(lo, hi):
                    pw = shape_w[i]
                    pv = shape_v[i]
                    if curves:
                        for t in range(n_t):
                            tpw[t] = np.exp(pw * logt[t]) * pos[t]
                            tpv[t] = np.exp(pv * logt[t]) * pos[t]
                    else:
                        for k in range(n_h):
                            t = h_idx[k]
                            tpw[t] = np.exp(pw * logt[t]) * pos[t]
                            tpv[t] = np.exp(pv * logt[t]) * pos[t]
                    for a in range(n_arch):
                        cw = scale_w[i] * m_w[a, i]
                        cv = scale_v[i] * m_v[a, i]
                        if posa[a, 0] < 0.0:  # lasts the whole horizon
                            for t in range(n_t if curves else 0):
                                # single precision for the curves (means of many draws); the
                                # horizons below are computed in double precision
                                hw32 = np.float32(cw * tpw[t])
                                hv32 = np.float32(cv * tpv[t])
                                sw32 = np.exp(-hw32)
                                sv32 = min(np.exp(-hv32), sw32)
                                accw[a, t] += 1.0 - sw32
                                accs[a, t] += sv32
                            for k in range(n_h):
                                t = h_idx[k]
                                hw = cw * tpw[t]
                                hv = cv * tpv[t]
                                out_war[a, i, k] = 1.0 - np.exp(-hw)
                                out_viol[a, i, k] = 1.0 - np.exp(-max(hv, hw))
                        else:
                            sw_i = scale_w[i]
                            sv_i = scale_v[i]
                            mw = m_w[a, i]
                            mv = m_v[a, i]
                            if curves:
                                for t in range(n_t):
                                    taw[t] = np.exp(pw * logta[a, t]) * posa[a, t]
                                    tav[t] = np.exp(pv * logta[a, t]) * posa[a, t]
                            else:
                                for k in range(n_h):
                                    t = h_idx[k]
                                    taw[t] = np.exp(pw * logta[a, t]) * posa[a, t]
                                    tav[t] = np.exp(pv * logta[a, t]) * posa[a, t]
                            for t in range(n_t if curves else 0):
                                hw32 = np.float32(sw_i * (mw * taw[t] + tpw[t] - taw[t]))
                                hv32 = np.float32(sv_i * (mv * tav[t] + tpv[t] - tav[t]))
                                sw32 = np.exp(-hw32)
                                sv32 = min(np.exp(-hv32), sw32)
                                accw[a, t] += 1.0 - sw32
                                accs[a, t] += sv32
                            for k in range(n_h):
                                t = h_idx[k]
                                hw = sw_i * (mw * taw[t] + tpw[t] - taw[t])
                                hv = sv_i * (mv * tav[t] + tpv[t] - tav[t])
                                out_war[a, i, k] = 1.0 - np.exp(-hw)
                                out_viol[a, i, k] = 1.0 - np.exp(-max(hv, hw))
                part_war[b] = accw
                part_surv[b] = accs

        @numba.njit(cache=True, parallel=True, fastmath=True)
        def _expect_rows(q: Any, w: Any, out: Any) -> None:  # pragma: no cover - compiled
            n, f = q.shape
            size = 1 << f
            for i in numba.prange(n):
                table = np.empty(size)
                table[0] = 1.0
                filled = 1
                for j in range(f):
                    qj = q[i, j]
                    for r in range(filled):
                        table[r + filled] = table[r] * qj
                        table[r] = table[r] * (1.0 - qj)
                    filled *= 2
                acc = 0.0
                for r in range(size):
                    acc += table[r] * w[r]
                out[i] = acc

        _compiled = _pass
        _compiled_expect = _expect_rows


def _numpy_pass(
    scale_w: F64,
    shape_w: F64,
    scale_v: F64,
    shape_v: F64,
    m_w: F64,
    m_v: F64,
    active: F64,
    years: F64,
    h_idx: NDArray[np.int64],
) -> tuple[F64, F64, F64, F64]:
    logt = np.log(np.maximum(years, 1e-300))

    def powers(p: F64, lt: F64, positive: NDArray[np.bool_]) -> F64:
        out = np.exp(p[:, None] * lt[None, :])
        out[:, ~positive] = 0.0
        return np.asarray(out, dtype=np.float64)

    tp_w = powers(shape_w, logt, years > 0)
    tp_v = powers(shape_v, logt, years > 0)
    n_arch = m_w.shape[0]
    war = np.empty((n_arch, scale_w.size, h_idx.size))
    viol = np.empty_like(war)
    war_sum = np.zeros((n_arch, years.size))
    surv_sum = np.zeros((n_arch, years.size))
    for a in range(n_arch):
        if active[a] < 0:
            hw = (scale_w * m_w[a])[:, None] * tp_w
            hv = (scale_v * m_v[a])[:, None] * tp_v
        else:
            ta = np.minimum(years, active[a])
            lta = np.log(np.maximum(ta, 1e-300))
            taw = powers(shape_w, lta, ta > 0)
            tav = powers(shape_v, lta, ta > 0)
            hw = scale_w[:, None] * (m_w[a][:, None] * taw + tp_w - taw)
            hv = scale_v[:, None] * (m_v[a][:, None] * tav + tp_v - tav)
        sw = np.exp(-hw)
        sv = np.exp(-np.maximum(hv, hw))
        war[a] = 1.0 - sw[:, h_idx]
        viol[a] = 1.0 - sv[:, h_idx]
        war_sum[a] = (1.0 - sw).sum(axis=0)
        surv_sum[a] = sv.sum(axis=0)
    return war, viol, war_sum, surv_sum


def survival_pass(
    scale_w: F64,
    shape_w: F64,
    scale_v: F64,
    shape_v: F64,
    m_w: F64,
    m_v: F64,
    active_years: F64,
    horizon_months: int,
    h_idx: NDArray[np.int64],
    *,
    curves: bool = True,
    use_numba: bool | None = None,
) -> tuple[F64, F64, F64, F64]:
    """Return P(war) and P(any violation) at the horizons, and the summed curves, per architecture.

    Args:
        scale_w: Per draw, ``exp(lp)`` of renewed war.
        shape_w: Per draw, the Weibull shape of renewed war.
        scale_v: Per draw, ``exp(lp)`` of any violation.
        shape_v: Per draw, the Weibull shape of any violation.
        m_w: Per architecture and draw, the hazard multiplier on war, shape ``(arch, draws)``.
        m_v: The same on any violation.
        active_years: Per architecture, years the guarantee lasts (negative: the whole horizon).
        horizon_months: Months covered (curves have ``horizon_months + 1`` points).
        h_idx: Months at which to store the probabilities (increasing).
        curves: Also sum the monthly curves (otherwise the sums are zeros).
        use_numba: Force the numba (True) or numpy (False) path; default: numba when available.

    Returns:
        ``(war, violation, war_sum, survival_sum)``: the first two of shape
        ``(arch, draws, horizons)``, the sums over draws of shape ``(arch, horizon_months + 1)``.
    """
    years = np.arange(horizon_months + 1, dtype=np.float64) / 12.0
    numba_ok = HAVE_NUMBA and _compiled is not None
    if use_numba is None:
        use_numba = numba_ok
    if use_numba and numba_ok:
        n_arch, n = m_w.shape
        war = np.zeros((n_arch, n, h_idx.size))
        viol = np.zeros_like(war)
        blocks = max(1, min(64, n))
        part_war = np.zeros((blocks, n_arch, years.size))
        part_surv = np.zeros_like(part_war)
        pos = (years > 0).astype(np.float64)
        logt = np.log(np.where(years > 0, years, 1.0))
        ta = np.minimum(years[None, :], np.where(active_years < 0, np.inf, active_years)[:, None])
        posa = (ta > 0).astype(np.float64)
        posa[active_years < 0, 0] = -1.0  # marks "lasts the whole horizon"
        logta = np.log(np.where(ta > 0, np.minimum(ta, 1e300), 1.0))
        _compiled(
            scale_w,
            shape_w,
            scale_v,
            shape_v,
            m_w,
            m_v,
            logta,
            posa,
            logt,
            pos,
            h_idx,
            war,
            viol,
            part_war,
            part_surv,
            curves,
        )
        return war, viol, part_war.sum(axis=0), part_surv.sum(axis=0)
    war, viol, war_sum, surv_sum = _numpy_pass(
        scale_w, shape_w, scale_v, shape_v, m_w, m_v, active_years, years, h_idx
    )
    if not curves:
        war_sum[:] = 0.0
        surv_sum[:] = 0.0
    return war, viol, war_sum, surv_sum


def expect_subsets(q: F64, w: F64, *, use_numba: bool | None = None) -> F64:
    """Return ``sum_S P(S) w_S`` per row, for independent members honouring with probabilities ``q``.

    ``w`` is indexed by subset in bit order (bit ``j`` of the index: member ``j`` is in ``S``).
    """
    numba_ok = HAVE_NUMBA and _compiled_expect is not None
    if use_numba is None:
        use_numba = numba_ok
    q = np.ascontiguousarray(q, dtype=np.float64)
    if use_numba and numba_ok:
        out = np.empty(q.shape[0])
        _compiled_expect(q, np.ascontiguousarray(w, dtype=np.float64), out)
        return out
    n, f = q.shape
    table = np.ones((n, 1))
    for j in range(f):
        qj = q[:, j : j + 1]
        table = np.concatenate([table * (1.0 - qj), table * qj], axis=1)
    return np.asarray(table @ w, dtype=np.float64)
