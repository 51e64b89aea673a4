"""A gazetteer of states, organisations, their seats, institutions and leaders, shipped as data.

Method: ``data/gazetteer.json`` maps each actor id (ISO 3166 alpha-3 for states; ``EU``,
``NATO``, ``UN``, ``OSCE``, ``G7``, ``IAEA``, ``ICC``... for organisations) to its names,
adjectives/demonyms, capitals/seats, institutions ("Kremlin", "White House", "Bankova") and
its 2025 leaders and key officials.  Every term maps to one actor id.  Leaders' full names
and (unless ambiguous, e.g. "Kim", "Costa", "Leo") their surnames are terms too, so
"Putin" is a mention of ``RUS``.  The file also lists ``places`` that are not actors
("Donbas", "Crimea", "Geneva") and ``non_person`` terms (news agencies, weapons, parties)
so that :mod:`accord.evidence.people` never reports them as people.

Names and capitals also match in capitals ("KYIV", "BOGOTA" in datelines).  Matching is
case-sensitive: proper nouns are capitalised in news text, and case
sensitivity keeps "US" from matching "us" and "UN" from matching "un-".  :meth:`lookup`
also accepts a possessive ("Russia's").

Limits: accepted ambiguities are "Turkey" (the bird, when capitalised at a sentence
start), "Georgia" (the country vs the US state: always ``GEO``), "Jordan" (a first name),
"Washington" (the city, the state and surnames: always ``USA``) and generic institution
words ("Congress", "Senate", "Commission").  Leaders are those of 2025; older names are
present only where they still appear in coverage.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accord.case.model import Case

__all__ = ["Gazetteer", "Leader"]

_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True)
class Leader:
    """A leader or official the gazetteer knows.

    Attributes:
        name: Full name ("Vladimir Putin").
        surnames: Surname forms used alone in text ("Putin"; "Zelensky", "Zelenskyy").
        actor: Actor id the person speaks for.
    """

    name: str
    surnames: tuple[str, ...]
    actor: str


def _strip_possessive(term: str) -> str:
    return _POSSESSIVE.sub("", term) if term.endswith(("'s", "\u2019s", "'", "\u2019")) else term


def _trie_regex(terms: Iterable[str]) -> str:
    """Return a regex source matching any of ``terms``, longest first at each position."""
    trie: dict[str, Any] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict[str, Any]) -> str:
        end = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if end else body

    return build(trie)


class Gazetteer:
    """Term -> actor id, plus the leaders list and terms that are never people.

    Build one with :meth:`default` or :meth:`extended`; instances are immutable in use.
    """

    def __init__(
        self,
        terms: Mapping[str, str],
        leaders: Iterable[Leader],
        places: Iterable[str],
        non_person: Iterable[str],
        ambiguous_surnames: Iterable[str] = (),
        institutions: Iterable[str] = (),
    ) -> None:
        """Create a gazetteer.

        Args:
            terms: Term as written -> actor id.
            leaders: Known leaders and officials.
            places: Place names that are not actors (never people).
            non_person: Other terms that are never people (media, weapons, parties...).
            ambiguous_surnames: Surnames too common to identify a leader alone.
            institutions: Terms naming institutions ("Kremlin"), which can speak.
        """
        self._terms: dict[str, str] = dict(terms)
        self._folded: dict[str, str] = {}
        for term, actor in self._terms.items():
            if not _is_acronym(term):
                self._folded.setdefault(term.casefold(), actor)
        self.leaders: tuple[Leader, ...] = tuple(leaders)
        self._ambiguous = frozenset(ambiguous_surnames)
        self._by_full: dict[str, Leader] = {}
        self._by_surname: dict[str, Leader] = {}
        for leader in self.leaders:
            self._by_full.setdefault(leader.name, leader)
            for surname in leader.surnames:
                if surname not in self._ambiguous:
                    self._by_surname.setdefault(surname, leader)
        self._by_last_word: dict[str, list[Leader]] = {}
        for leader in self.leaders:
            for surname in leader.surnames:
                self._by_last_word.setdefault(surname.rsplit(" ", 1)[-1], []).append(leader)
        self._leader_cache: dict[str, Leader | None] = {}
        self._non_person_cache: dict[str, bool] = {}
        self._places = frozenset(places)
        self._non_person = frozenset(non_person)
        self.institutions: frozenset[str] = frozenset(institutions)
        self.phrase_heads: frozenset[str] = frozenset(
            t.split()[0] for t in (*self._terms, *self._places, *self._non_person) if " " in t
        )
        """First words of multi-word terms (to skip phrase look-ups for other words)."""
        self._regex: re.Pattern[str] | None = None

    # ------------------------------------------------------------------ construction
    @classmethod
    def default(cls) -> Gazetteer:
        """Return the gazetteer shipped with accord (cached; treat it as read-only)."""
        return _default()

    @classmethod
    def extended(cls, case: Case) -> Gazetteer:
        """Return the default gazetteer with the case's actors' names and aliases added.

        Each case actor's ``name`` and ``aliases`` map to the case's actor id.  When a case
        id differs from the gazetteer's id for an actor sharing a name or alias with it
        (the case's ``EU`` vs a gazetteer ``EU``; a case ``US`` vs gazetteer ``USA``),
        every gazetteer term of that actor (and its leaders) maps to the case id instead.

        Args:
            case: The case whose actors are added.

        Returns:
            A new gazetteer.
        """
        base = cls.default()
        remap: dict[str, str] = {}
        for actor in case.actors:
            for term in (actor.name, *actor.aliases):
                gid = base.lookup(term)
                if gid is not None and gid != actor.id and gid not in remap:
                    remap[gid] = actor.id
        terms = {term: remap.get(gid, gid) for term, gid in base._terms.items()}
        for actor in case.actors:
            for term in (actor.name, *actor.aliases):
                term = term.strip()
                if term:
                    terms[term] = actor.id
        leaders = [
            Leader(lead.name, lead.surnames, remap.get(lead.actor, lead.actor)) for lead in base.leaders
        ]
        return cls(terms, leaders, base._places, base._non_person, base._ambiguous, base.institutions)

    # ------------------------------------------------------------------ queries
    def lookup(self, term: str) -> str | None:
        """Return the actor id of ``term`` ("Russia", "Russia's", "Kremlin", "Putin"), or ``None``.

        Exact match first (a trailing possessive is ignored), then a case-insensitive match
        for terms that are not acronyms ("RUSSIA" in a headline); acronyms ("US", "EU")
        only match as written.
        """
        term = term.strip()
        if not term:
            return None
        for cand in (term, _strip_possessive(term)):
            hit = self._terms.get(cand)
            if hit is not None:
                return hit
        cand = _strip_possessive(term)
        if _is_acronym(cand):
            return None
        return self._folded.get(cand.casefold())

    def leader(self, name: str) -> Leader | None:
        """Return the known leader called ``name`` (full name or, unless ambiguous, surname).

        A full name whose surname is known but whose first name differs ("Melania Trump")
        is not the leader.
        """
        name = _strip_possessive(name.strip())
        hit = self._by_full.get(name)
        if hit is not None:
            return hit
        hit = self._by_surname.get(name)
        if hit is not None or " " not in name:
            return hit
        if name in self._leader_cache:
            return self._leader_cache[name]
        found: Leader | None = None
        for leader in self._by_last_word.get(name.rsplit(" ", 1)[1], ()):
            for surname in leader.surnames:
                if name.endswith(" " + surname):
                    given = name[: -len(surname)].split()
                    lead_given = leader.name.split()
                    if given and lead_given and _same_given(given[0], lead_given[0]):
                        found = leader
                        break
            if found is not None:
                break
        if len(self._leader_cache) > 100_000:
            self._leader_cache.clear()
        self._leader_cache[name] = found
        return found

    def is_place(self, term: str) -> bool:
        """Return True when ``term`` names a place or an actor (never a person)."""
        term = _strip_possessive(term.strip())
        return term in self._places or (self.lookup(term) is not None and self.leader(term) is None)

    def is_non_person(self, term: str) -> bool:
        """Return True when ``term`` is an actor, a place or another never-a-person term."""
        hit = self._non_person_cache.get(term)
        if hit is None:
            bare = _strip_possessive(term.strip())
            hit = bare in self._non_person or self.is_place(bare)
            if len(self._non_person_cache) > 100_000:
                self._non_person_cache.clear()
            self._non_person_cache[term] = hit
        return hit

    def is_institution(self, term: str) -> bool:
        """Return True when ``term`` names an institution that can speak ("Kremlin")."""
        return _strip_possessive(term.strip()) in self.institutions

    @property
    def ambiguous_surnames(self) -> frozenset[str]:
        """Surnames too common to identify a leader alone ("Kim", "Costa")."""
        return self._ambiguous

    @property
    def terms(self) -> Mapping[str, str]:
        """Every actor term -> actor id."""
        return self._terms

    def regex(self) -> re.Pattern[str]:
        """Return one compiled regex matching every term (longest first), cached."""
        if self._regex is None:
            body = _trie_regex(self._terms)
            self._regex = re.compile(r"(?<![\w.])(?:" + body + r")(?!\w|\.\w)")
        return self._regex


def _unaccent(term: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and len(letters) <= 5 and all(c.isupper() for c in letters)


def _same_given(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if a == b:
        return True
    # Initials ("J.D." vs "JD") and transliteration variants sharing a 3-letter stem.
    a_n, b_n = a.replace(".", ""), b.replace(".", "")
    return a_n == b_n or (len(a_n) >= 3 and len(b_n) >= 3 and a_n[:3] == b_n[:3])


@lru_cache(maxsize=1)
def _default() -> Gazetteer:
    raw = resources.files("accord.evidence").joinpath("data/gazetteer.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    ambiguous = set(data.get("ambiguous_surnames", ()))
    terms: dict[str, str] = {}
    leaders: list[Leader] = []
    institutions: set[str] = set()
    for actor_id, entry in data["actors"].items():
        for key in ("names", "adjectives", "capitals", "institutions"):
            for term in entry.get(key, ()):
                terms.setdefault(term, actor_id)
                if key in ("names", "capitals") and len(term) > 3:
                    # Datelines: "KYIV, Ukraine (AP)", "BOGOTA, Nov 4".
                    terms.setdefault(term.upper(), actor_id)
                    terms.setdefault(_unaccent(term).upper(), actor_id)
        institutions.update(entry.get("institutions", ()))
        for lead in entry.get("leaders", ()):
            name = lead["name"]
            surnames = tuple(lead.get("surnames") or (name.split()[-1],))
            leaders.append(Leader(name, surnames, actor_id))
            terms.setdefault(name, actor_id)
            for surname in surnames:
                if surname not in ambiguous and len(surname) >= 2:
                    terms.setdefault(surname, actor_id)
    return Gazetteer(
        terms, leaders, data.get("places", ()), data.get("non_person", ()), ambiguous, institutions
    )
