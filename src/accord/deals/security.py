"""Indivisible security: is one actor's security gain another's security loss?

For each package, an actor's security utility is its salience-weighted value over the
security issues only (normalised by its salience on them); its security gain is that
utility minus its no-deal utility, the same reference point as every other gain. A package
is flagged when some actor gains at least ``threshold`` while another loses at least as much.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.deals.space import DealSpace

__all__ = ["security_flags", "security_gains"]


def security_gains(space: DealSpace, choices: NDArray[np.int64]) -> NDArray[np.float64]:
    """Return each actor's security gain for packages given as option indices per issue.

    Actors with no position on any security issue get a gain of 0.

    Args:
        space: The deal space.
        choices: ``(issues,)`` or ``(issues, n)`` option indices.

    Returns:
        ``(actors,)`` or ``(actors, n)`` security gains.
    """
    c = np.asarray(choices, dtype=np.int64)
    sec = [k for k, is_sec in enumerate(space.security) if is_sec]
    shape = (-1,) + (1,) * (c.ndim - 1)
    value = np.zeros((len(space.actors), *c.shape[1:]))
    for k in sec:
        value += space.weights[k][:, c[k]]
    total = space.salience.sum(axis=1)
    mass = space.salience[:, sec].sum(axis=1) if sec else np.zeros(len(space.actors))
    has = mass > 0
    scale = np.where(has, total / np.where(has, mass, 1.0), 0.0)
    gains = value * scale.reshape(shape) - space.no_deal.reshape(shape)
    return np.where(has.reshape(shape), gains, 0.0)


def security_flags(gains: NDArray[np.float64], threshold: float) -> NDArray[np.bool_]:
    """Flag packages where one actor gains at least ``threshold`` in security and another loses as much.

    Args:
        gains: ``(actors, n)`` security gains from :func:`security_gains`.
        threshold: A positive number on the utility scale.

    Returns:
        ``(n,)`` flags.
    """
    if threshold <= 0:
        raise ValueError(f"security threshold must be positive (got {threshold!r})")
    flags: NDArray[np.bool_] = (gains.max(axis=0) >= threshold) & (gains.min(axis=0) <= -threshold)
    return flags
