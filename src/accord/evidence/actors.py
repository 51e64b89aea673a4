"""Find mentions of states and organisations in an article.

Method: one compiled regex (a character trie of every gazetteer term, so alternatives share
prefixes and the longest term at a position wins: "European Union" over "European", "U.S."
over "U") scans the text once.  Terms must stand alone as words: "US" does not match inside
"USA", "UN" not inside "UNESCO"; matching is case-sensitive so "us" is not the United
States.  A possessive ("Russia's") yields the mention "Russia".  Leaders' names and
(unambiguous) surnames are mentions of their actor ("Putin" -> ``RUS``).

Limits: no disambiguation by context ("Turkey" the bird, "Georgia" the US state,
"Washington" a person's surname are all reported); headlines in capitals ("RUSSIA") are
not matched.
"""

from __future__ import annotations

from accord.evidence.gazetteer import Gazetteer
from accord.evidence.types import ActorMention

__all__ = ["find_actors"]


def find_actors(text: str, gazetteer: Gazetteer) -> list[ActorMention]:
    """Return every actor mention in ``text``, in text order, longest match first.

    Args:
        text: The article text.
        gazetteer: Terms to look for (:meth:`Gazetteer.default` or :meth:`Gazetteer.extended`).

    Returns:
        Non-overlapping mentions with offsets into ``text``.
    """
    terms = gazetteer.terms
    out: list[ActorMention] = []
    for m in gazetteer.regex().finditer(text):
        surface = m.group()
        actor = terms.get(surface)
        if actor is not None:
            out.append(ActorMention(actor, surface, m.start(), m.end()))
    return out
