"""The one interface every forecasting model implements.

A model sees one issue at a time: arrays of positions, saliences and capabilities (one entry
per actor with a position on the issue) and predicts where the parties settle. Dynamic models
also return their round-by-round trace.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, Self, runtime_checkable

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError

__all__ = [
    "FittableModel",
    "Forecast",
    "ForecastModel",
    "IssueContext",
    "IssueData",
    "Procedure",
    "Round",
    "Voting",
    "checked_arrays",
]

Procedure = Literal["codecision", "consultation"]
"""EU legislative procedure: co-decision (Council and Parliament) or consultation."""

Voting = Literal["qmv", "unanimity"]
"""Council voting rule: qualified majority or unanimity."""


@dataclass(frozen=True)
class IssueContext:
    """What a data set records about an issue beyond positions (DEU; empty for a case).

    Models that use a field fall back to a context-free rule when it is missing.

    Attributes:
        procedure: The legislative procedure, if known.
        voting: The Council voting rule, if known.
        reference: The reference point: the policy if no law is adopted (on the issue's scale).
        date: When the proposal was introduced (sets the Council rule in force).
        gdp: Per actor (parallel to ``IssueData.actors``), the data set's GDP weight (0 if none).
        group: The proposal the issue belongs to; learned models never split one across
            inner cross-validation folds.
    """

    procedure: Procedure | None = None
    voting: Voting | None = None
    reference: float | None = None
    date: dt.date | None = None
    gdp: tuple[float, ...] = ()
    group: str = ""


@dataclass(frozen=True)
class IssueData:
    """The inputs of one issue.

    Attributes:
        positions: Each actor's position (on ``scale``).
        saliences: Each actor's salience, 0 to 1.
        capabilities: Each actor's capability (any non-negative scale; models normalise).
        scale: The ends of the policy scale, ``(low, high)``.
        actors: Optional actor labels, for traces.
        key: Optional issue id, for reports.
        context: Procedure, voting rule, reference point and date, where a data set has them.
    """

    positions: NDArray[np.float64]
    saliences: NDArray[np.float64]
    capabilities: NDArray[np.float64]
    scale: tuple[float, float] = (0.0, 100.0)
    actors: tuple[str, ...] = ()
    key: str = ""
    context: IssueContext = field(default_factory=IssueContext)

    @classmethod
    def of(
        cls,
        positions: Sequence[float] | NDArray[np.float64],
        saliences: Sequence[float] | NDArray[np.float64],
        capabilities: Sequence[float] | NDArray[np.float64],
        scale: tuple[float, float] = (0.0, 100.0),
        actors: Sequence[str] = (),
        key: str = "",
        context: IssueContext | None = None,
    ) -> IssueData:
        """Build and check an issue.

        Raises:
            AnalysisError: Arrays of different lengths, no actor, NaN, negative
                capabilities or saliences outside 0-1, or an empty scale.
        """
        x = np.asarray(positions, dtype=np.float64)
        s = np.asarray(saliences, dtype=np.float64)
        c = np.asarray(capabilities, dtype=np.float64)
        if not (x.ndim == s.ndim == c.ndim == 1) or not (x.size == s.size == c.size):
            raise AnalysisError(
                f"positions, saliences and capabilities must be 1-D and of equal length "
                f"(got {x.shape}, {s.shape}, {c.shape})"
            )
        if x.size == 0:
            raise AnalysisError(f"issue {key or '?'!s} has no actor with a position")
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(s)) and np.all(np.isfinite(c))):
            raise AnalysisError(f"issue {key or '?'!s}: positions, saliences and capabilities must be finite")
        if np.any(c < 0) or np.any(s < 0) or np.any(s > 1):
            raise AnalysisError(f"issue {key or '?'!s}: capabilities must be >= 0 and saliences in [0, 1]")
        if not scale[1] > scale[0]:
            raise AnalysisError(f"scale must run from low to high (got {scale!r})")
        if actors and len(actors) != x.size:
            raise AnalysisError(f"{len(actors)} actor labels for {x.size} actors")
        for arr in (x, s, c):
            arr.setflags(write=False)
        ctx = context or IssueContext()
        if ctx.gdp and len(ctx.gdp) != x.size:
            raise AnalysisError(f"{len(ctx.gdp)} GDP weights for {x.size} actors")
        return cls(x, s, c, (float(scale[0]), float(scale[1])), tuple(actors), key, ctx)

    @property
    def weights(self) -> NDArray[np.float64]:
        """Capability times salience."""
        return self.capabilities * self.saliences


@dataclass(frozen=True)
class Round:
    """One round of a dynamic model.

    Attributes:
        positions: Every actor's position after the round.
        median: The (capability x salience) weighted median of those positions.
        mean: The (capability x salience) weighted mean.
    """

    positions: NDArray[np.float64]
    median: float
    mean: float


@dataclass(frozen=True)
class Forecast:
    """A model's prediction for one issue.

    Attributes:
        model: The model's name.
        outcome: The predicted settlement on the issue's scale.
        trace: Rounds of a dynamic model, first to last (empty for static models).
        notes: Anything the model wants to report (convergence, iterations).
    """

    model: str
    outcome: float
    trace: tuple[Round, ...] = ()
    notes: dict[str, float | int | str] = field(default_factory=dict)


@runtime_checkable
class ForecastModel(Protocol):
    """A collective-outcome model."""

    @property
    def name(self) -> str:
        """The model's name, as used by ``--model``."""
        ...

    def predict(self, issue: IssueData) -> Forecast:
        """Predict the outcome of one issue."""
        ...


@runtime_checkable
class FittableModel(ForecastModel, Protocol):
    """A model with parameters learned from issues with known outcomes."""

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        """Return a copy fitted on these issues (the receiver is not changed)."""
        ...


def checked_arrays(
    issue: IssueData,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], float, float]:
    """Return ``(positions, saliences, capabilities, low, high)`` of an issue, checked.

    ``IssueData`` can be built without :meth:`IssueData.of`, so models that depend on valid
    input check it again here.

    Raises:
        AnalysisError: Arrays of different lengths or empty, non-finite values, negative
            capabilities, saliences outside 0-1, or an empty scale.
    """
    x = np.asarray(issue.positions, dtype=np.float64)
    s = np.asarray(issue.saliences, dtype=np.float64)
    c = np.asarray(issue.capabilities, dtype=np.float64)
    label = issue.key or "?"
    if not (x.ndim == s.ndim == c.ndim == 1) or not (x.size == s.size == c.size) or x.size == 0:
        raise AnalysisError(
            f"issue {label}: positions, saliences and capabilities must be non-empty 1-D arrays "
            f"of equal length (got {x.shape}, {s.shape}, {c.shape})"
        )
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(s)) and np.all(np.isfinite(c))):
        raise AnalysisError(f"issue {label}: positions, saliences and capabilities must be finite")
    if np.any(c < 0) or np.any(s < 0) or np.any(s > 1):
        raise AnalysisError(f"issue {label}: capabilities must be >= 0 and saliences in [0, 1]")
    low, high = float(issue.scale[0]), float(issue.scale[1])
    if not (np.isfinite(low) and np.isfinite(high) and high > low):
        raise AnalysisError(f"issue {label}: scale must run from low to high (got {issue.scale!r})")
    return x, s, c, low, high
