"""How the acceptable set and the bargaining solutions of one track moved between two snapshots of a case.

For each snapshot the track's deal space is analysed as ``accord deals`` does (enumeration up to
:data:`~accord.deals.analysis.MAX_ENUMERATE` packages). The explanation is in shares, since the
two snapshots may not have the same issues: the share of packages every party accepts, the share
each party accepts on its own, and the share each party's red lines alone rule out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.case import Case
from accord.deals.analysis import analyse_deals
from accord.deals.scan import ProgressFn
from accord.deals.space import DealSpace, Package
from accord.errors import AnalysisError

__all__ = ["TrackMove", "TrackSide", "red_line_share", "track_moves"]


def red_line_share(space: DealSpace, a: int) -> float:
    """Return the share of all packages that cross at least one of actor ``a``'s red lines.

    Exact: a package avoids the actor's red lines when it avoids them on every issue, and
    issues vary independently.
    """
    free = set(space.free)
    fixed = space.fixed_choices()
    keep = 1.0
    for k, red in enumerate(space.red):
        row = red[a]
        keep *= float((~row).mean()) if k in free else float(not row[int(fixed[k])])
    return 1.0 - keep


@dataclass(frozen=True)
class TrackSide:
    """One snapshot's deal space on the track.

    Attributes:
        packages: Number of packages.
        acceptable: Packages every party at the table accepts (``None`` when not enumerated).
        acceptable_to: Per party, packages it accepts on its own (``None`` when not enumerated).
        red_share: Per party, share of packages its red lines alone rule out.
        nash: The Nash bargaining package, or ``None`` when nothing is acceptable.
        nash_gains: Per party, its gain over no deal in the Nash package.
    """

    packages: int
    acceptable: int | None
    acceptable_to: dict[str, int] | None
    red_share: dict[str, float]
    nash: Package | None
    nash_gains: dict[str, float]

    @property
    def acceptable_share(self) -> float | None:
        """Share of packages every party accepts."""
        return None if self.acceptable is None else self.acceptable / self.packages

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        share = self.acceptable_share
        return {
            "packages": self.packages,
            "acceptable": self.acceptable,
            "acceptable_share": None if share is None else share,
            "acceptable_to": self.acceptable_to,
            "acceptable_to_share": None
            if self.acceptable_to is None
            else {k: v / self.packages for k, v in self.acceptable_to.items()},
            "red_line_share": self.red_share,
            "nash": self.nash,
            "nash_gains": {k: round(v, 6) for k, v in self.nash_gains.items()},
        }


@dataclass(frozen=True)
class TrackMove:
    """One track in two snapshots.

    Attributes:
        track: Track id.
        actors: Parties at the table in the later snapshot.
        a: The earlier snapshot's side.
        b: The later snapshot's side.
        nash_changed: Common issues whose Nash option changed, ``{issue: (before, after)}``.
    """

    track: str
    actors: tuple[str, ...]
    a: TrackSide
    b: TrackSide
    nash_changed: dict[str, tuple[str, str]]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "track": self.track,
            "actors": list(self.actors),
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "nash_changed": {k: {"before": x, "after": y} for k, (x, y) in self.nash_changed.items()},
        }


def _side(case: Case, actors: tuple[str, ...], progress: ProgressFn | None) -> TrackSide:
    space = DealSpace.from_case(case, actors=actors)
    result = analyse_deals(space, solutions=("nash",), top=0, progress=progress)
    nash = result.solutions.get("nash")
    return TrackSide(
        packages=space.size,
        acceptable=result.acceptable,
        acceptable_to=result.acceptable_to,
        red_share={actor: red_line_share(space, a) for a, actor in enumerate(space.actors)},
        nash=None if nash is None else nash.options,
        nash_gains={} if nash is None else {k: v.gain for k, v in nash.actors.items()},
    )


def track_moves(a: Case, b: Case, tracks: list[str], progress: ProgressFn | None = None) -> list[TrackMove]:
    """Analyse each track in both snapshots.

    Args:
        a: The earlier snapshot.
        b: The later snapshot.
        tracks: Track ids present in both, with the same parties at the table.
        progress: Called during enumeration.

    Returns:
        One move per track.

    Raises:
        AnalysisError: A track missing from a snapshot or seating other parties there.
    """
    out: list[TrackMove] = []
    for track_id in tracks:
        try:
            ta, tb = a.track(track_id), b.track(track_id)
        except KeyError:
            raise AnalysisError(f"track {track_id!r} is not in both snapshots") from None
        if set(ta.actors) != set(tb.actors):
            raise AnalysisError(f"track {track_id!r} seats different parties in the two snapshots")
        side_a = _side(a, tb.actors, progress)
        side_b = _side(b, tb.actors, progress)
        changed: dict[str, tuple[str, str]] = {}
        if side_a.nash is not None and side_b.nash is not None:
            for issue, option in side_b.nash.items():
                if issue in side_a.nash and side_a.nash[issue] != option:
                    changed[issue] = (side_a.nash[issue], option)
        out.append(TrackMove(track_id, tb.actors, side_a, side_b, changed))
    return out
