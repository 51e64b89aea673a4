"""What an actor gives up in a package, issue by issue."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.deals.space import DealSpace

__all__ = ["Concession", "concessions"]


@dataclass(frozen=True)
class Concession:
    """An issue where a package gives an actor less than its preferred option.

    Attributes:
        issue: Issue id.
        option: The option the package picks.
        preferred: The actor's preferred option (the one it values most).
        cost: Utility the actor loses on this issue, on the 0-1 scale.
    """

    issue: str
    option: str
    preferred: str
    cost: float

    def to_dict(self) -> dict[str, str | float]:
        """Return a JSON-ready dict."""
        return {"issue": self.issue, "option": self.option, "preferred": self.preferred, "cost": self.cost}


def concessions(space: DealSpace, actor: int, choices: NDArray[np.int64]) -> list[Concession]:
    """Return the issues on which ``choices`` gives actor ``actor`` less than its best option.

    Args:
        space: The deal space.
        actor: Row of the actor in ``space.actors``.
        choices: ``(issues,)`` option indices of one package.

    Returns:
        Concessions in issue order, largest cost first within ties of order kept stable.
    """
    out: list[Concession] = []
    for k, issue in enumerate(space.case.issues):
        if space.salience[actor, k] <= 0:
            continue
        row = space.weights[k][actor]
        best = int(np.argmax(row))
        chosen = int(choices[k])
        cost = float(row[best] - row[chosen])
        if cost > 1e-12:
            out.append(Concession(issue.id, issue.options[chosen].id, issue.options[best].id, round(cost, 6)))
    return out
