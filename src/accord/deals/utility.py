"""Per-issue value functions: how much an actor values each option of an issue.

An actor with ideal point ``x*`` values option ``o`` at position ``x_o`` by

* linear (default): ``v = 1 - |x_o - x*| / 100``
* quadratic: ``v = 1 - (|x_o - x*| / 100) ** 2``
* table: a value per option given in the case file (``Position.values``), used as is.

Values lie in [0, 1]. See docs/deals.md.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["Shape", "option_values"]

Shape = Literal["linear", "quadratic"]


def option_values(
    positions: NDArray[np.float64], ideal: float, shape: Shape = "linear"
) -> NDArray[np.float64]:
    """Return an actor's value for each option of one issue.

    Args:
        positions: Option positions on the 0-100 scale.
        ideal: The actor's ideal point on the same scale.
        shape: ``"linear"`` or ``"quadratic"`` loss in distance.

    Returns:
        One value in [0, 1] per option.

    Raises:
        ValueError: If ``shape`` is not a known shape.
    """
    distance = np.abs(np.asarray(positions, dtype=np.float64) - ideal) / 100.0
    if shape == "linear":
        return 1.0 - distance
    if shape == "quadratic":
        return 1.0 - distance**2
    raise ValueError(f"unknown utility shape {shape!r} (known: linear, quadratic)")
