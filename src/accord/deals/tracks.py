"""Deal analysis for each negotiating track of a case (who is at the table)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from accord.case import Case, Track
from accord.deals.analysis import DealAnalysis, analyse_deals
from accord.deals.scan import ProgressFn
from accord.deals.space import DealSpace
from accord.deals.utility import Shape
from accord.errors import AnalysisError

__all__ = ["analyse_tracks", "default_track"]


def default_track(case: Case) -> Track:
    """Return the track the demo analyses: ``trilateral`` if the case has it, else the first.

    Raises:
        AnalysisError: If the case defines no tracks.
    """
    if not case.tracks:
        raise AnalysisError(f"case {case.id!r} defines no tracks")
    for track in case.tracks:
        if track.id == "trilateral":
            return track
    return case.tracks[0]


def analyse_tracks(
    case: Case,
    tracks: Sequence[str] | None = None,
    *,
    shape: Shape = "linear",
    top: int = 0,
    progress: Callable[[Track], ProgressFn | None] | None = None,
) -> dict[str, DealAnalysis]:
    """Run the deal analysis once per track.

    Args:
        case: The case.
        tracks: Track ids (default: every track of the case).
        shape: Utility shape.
        top: Frontier packages to list per track.
        progress: Given a track, returns the progress callback for its scan.

    Returns:
        ``{track id: analysis}`` in the order asked.

    Raises:
        AnalysisError: For an unknown track id.
    """
    known = {t.id: t for t in case.tracks}
    chosen = list(tracks) if tracks is not None else list(known)
    out: dict[str, DealAnalysis] = {}
    for track_id in chosen:
        if track_id not in known:
            raise AnalysisError(f"unknown track {track_id!r} (known: {', '.join(known) or 'none defined'})")
        track = known[track_id]
        space = DealSpace.from_case(case, actors=track.actors, shape=shape)
        out[track_id] = analyse_deals(space, top=top, progress=progress(track) if progress else None)
    return out
