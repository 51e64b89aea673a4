"""Canonical people: one id and one display name per person, across spellings and articles.

Method: ``data/people.json`` lists the people of the 2025-26 Russia-Ukraine process, each with
a stable id, a display name, the spellings of their given name and surname seen in English
coverage (``Zelensky``/``Zelenskyy``/``Zelenskiy``/``Zelenskyj``; ``Witkoff``/``Whitkoff``)
and their roles with date ranges (``president`` of ``UKR`` from 2019-05-20; ``spokesman`` of
``RUS``...).  Every leader of the gazetteer (:mod:`accord.evidence.gazetteer`) not in that file
becomes an entity too, so all known people resolve.  A name resolves to an entity when it is a
known full form (any given-name spelling + any surname spelling, accents ignored) or, alone, a
surname only one known person has.  Names that resolve to nobody get an id made from the name
itself (``person:jean-noel-barraud``), so the same spelling merges across articles.

Roles: :meth:`Registry.role_holders` answers "who was the Kremlin spokesman on 2026-02-09":
a role phrase is normalised to a title ("press secretary", "spokeswoman" -> ``spokesman``;
"head of state" -> ``president``; "top diplomat" -> ``foreign minister``) and an actor (a
gazetteer term in the phrase: "Kremlin", "Ukrainian", "U.S.").

Limits: role data are for the people listed; a role phrase without an actor ("the
spokesman") resolves only against people already named in the article (see
:mod:`accord.evidence.quotes`); two people with the same spelling are one id unless the file
lists them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from accord.evidence.gazetteer import Gazetteer

__all__ = ["Entity", "Registry", "Role", "fold", "normalise_title", "person_id"]


@dataclass(frozen=True)
class Role:
    """A role held by a person.

    Attributes:
        title: Normalised title ("president", "spokesman", "foreign minister").
        actor: Actor id the role is held for.
        start: First day held (YYYY-MM-DD), or ``None`` when unknown.
        end: Last day held, or ``None`` when still held.
    """

    title: str
    actor: str
    start: str | None = None
    end: str | None = None

    def held_on(self, date: str | None) -> bool:
        """True when the role was held on ``date`` (any date when ``date`` is ``None``)."""
        if date is None:
            return self.end is None
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class Entity:
    """A known person.

    Attributes:
        id: Stable id ("volodymyr-zelensky").
        name: Display name ("Volodymyr Zelensky").
        actor: Actor id the person speaks for.
        given: Given-name spellings.
        surnames: Surname spellings.
        roles: Roles with date ranges.
    """

    id: str
    name: str
    actor: str | None
    given: tuple[str, ...]
    surnames: tuple[str, ...]
    roles: tuple[Role, ...] = ()


_LETTERS = str.maketrans(
    {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "\u0131": "i", "đ": "d", "Đ": "D"}
)


def fold(text: str) -> str:
    """Return ``text`` case-folded, without accents and with single spaces ("Orbán" -> "orban")."""
    bare = "".join(
        c for c in unicodedata.normalize("NFKD", text.translate(_LETTERS)) if not unicodedata.combining(c)
    )
    return " ".join(bare.casefold().replace("\u2019", "'").split())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def person_id(name: str) -> str:
    """Return the id of a person nobody knows: ``person:`` plus the folded name."""
    return "person:" + (_slug(name) or "unknown")


_TITLE_SYNONYMS: tuple[tuple[str, str], ...] = (
    ("foreign ministry spokeswoman", "foreign ministry spokesman"),
    ("foreign ministry spokesperson", "foreign ministry spokesman"),
    ("foreign ministry spokesman", "foreign ministry spokesman"),
    ("presidential press secretary", "spokesman"),
    ("press secretary", "spokesman"),
    ("spokesperson", "spokesman"),
    ("spokeswoman", "spokesman"),
    ("spokesman", "spokesman"),
    ("head of state", "president"),
    ("vice president", "vice president"),
    ("vice-president", "vice president"),
    ("prime minister", "prime minister"),
    ("premier", "prime minister"),
    ("pm", "prime minister"),
    ("chancellor", "chancellor"),
    ("foreign secretary", "foreign minister"),
    ("foreign minister", "foreign minister"),
    ("top diplomat", "foreign minister"),
    ("minister of foreign affairs", "foreign minister"),
    ("secretary of state", "secretary of state"),
    ("defence minister", "defence minister"),
    ("defense minister", "defence minister"),
    ("defence secretary", "defence minister"),
    ("defense secretary", "defence minister"),
    ("secretary of defense", "defence minister"),
    ("secretary of war", "defence minister"),
    ("war secretary", "defence minister"),
    ("secretary general", "secretary general"),
    ("secretary-general", "secretary general"),
    ("chief negotiator", "chief negotiator"),
    ("special envoy", "special envoy"),
    ("envoy", "special envoy"),
    ("army secretary", "army secretary"),
    ("secretary of the army", "army secretary"),
    ("chief of staff", "chief of staff"),
    ("head of the presidential office", "chief of staff"),
    ("foreign policy aide", "foreign policy aide"),
    ("foreign policy adviser", "foreign policy aide"),
    ("foreign policy advisor", "foreign policy aide"),
    ("foreign policy chief", "foreign policy chief"),
    ("high representative", "high representative"),
    ("president", "president"),
    ("leader", "leader"),
    ("aide", "aide"),
)
_TITLE_RE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k, _ in sorted(_TITLE_SYNONYMS, key=lambda kv: -len(kv[0]))) + r")\s*$"
)
_TITLE_MAP = dict(_TITLE_SYNONYMS)


_HEAD_OF = re.compile(
    r"\bhead of (?:the )?(?:[\w\-]+(?:'s)? ){0,2}(?P<body>foreign ministry|ministry of foreign affairs|"
    r"foreign affairs ministry|defen[cs]e ministry|ministry of defen[cs]e|delegation|negotiating team|"
    r"presidential office|office of the president|main intelligence directorate|military intelligence|"
    r"intelligence directorate|defen[cs]e intelligence|gur|hur)\s*$"
)
_HEAD_TITLES = {
    "foreign ministry": "foreign minister",
    "ministry of foreign affairs": "foreign minister",
    "foreign affairs ministry": "foreign minister",
    "defence ministry": "defence minister",
    "defense ministry": "defence minister",
    "ministry of defence": "defence minister",
    "ministry of defense": "defence minister",
    "delegation": "chief negotiator",
    "negotiating team": "chief negotiator",
    "presidential office": "chief of staff",
    "office of the president": "chief of staff",
    "main intelligence directorate": "intelligence chief",
    "military intelligence": "intelligence chief",
    "intelligence directorate": "intelligence chief",
    "defence intelligence": "intelligence chief",
    "defense intelligence": "intelligence chief",
    "gur": "intelligence chief",
    "hur": "intelligence chief",
}


def normalise_title(phrase: str) -> str | None:
    """Return the normalised title a role phrase ends with ("the Kremlin's spokesman" -> ``spokesman``).

    "The head of" a ministry, a delegation or the presidential office holds its title ("the head
    of Ukraine's Foreign Ministry" -> ``foreign minister``); the ministry alone is an institution.
    """
    folded = fold(phrase)
    head = _HEAD_OF.search(folded)
    if head is not None:
        return _HEAD_TITLES[head.group("body")]
    m = _TITLE_RE.search(folded)
    return _TITLE_MAP[m.group(1)] if m else None


class Registry:
    """Known people, looked up by any spelling of their name or by a role at a date."""

    def __init__(self, entities: Iterable[Entity], ambiguous: Iterable[str] = ()) -> None:
        """Index ``entities`` (earlier entries win when two share a spelling).

        Args:
            entities: The known people.
            ambiguous: Surnames that never identify a person alone ("Costa", "Kim").
        """
        self.entities: tuple[Entity, ...] = tuple(entities)
        self._by_id: dict[str, Entity] = {}
        self._full: dict[str, Entity] = {}
        surname_owners: dict[str, set[str]] = {}
        skip = {fold(a) for a in ambiguous}
        for ent in self.entities:
            self._by_id.setdefault(ent.id, ent)
            self._full.setdefault(fold(ent.name), ent)
            for surname in ent.surnames:
                surname_owners.setdefault(fold(surname), set()).add(ent.id)
                for given in ent.given:
                    self._full.setdefault(fold(f"{given} {surname}"), ent)
        self._surname: dict[str, Entity] = {
            key: self._by_id[next(iter(ids))]
            for key, ids in surname_owners.items()
            if len(ids) == 1 and key not in skip
        }

    @classmethod
    def default(cls) -> Registry:
        """Return the registry shipped with accord (cached; read-only)."""
        return _default()

    def get(self, entity_id: str) -> Entity | None:
        """Return the entity with ``entity_id``."""
        return self._by_id.get(entity_id)

    def resolve(self, name: str) -> Entity | None:
        """Return the entity a name (full, or a surname only one entity has) refers to."""
        key = fold(re.sub(r"['\u2019]s?$", "", name.strip()))
        if not key:
            return None
        hit = self._full.get(key)
        if hit is not None:
            return hit
        if " " not in key:
            return self._surname.get(key)
        words = key.split()
        for k in range(len(words) - 1, 0, -1):  # "President Volodymyr Zelenskyy", "V. Zelensky"
            tail = " ".join(words[-k:])
            ent = self._full.get(tail) if k > 1 else None
            if ent is not None:
                return ent
        ent = self._surname.get(words[-1])
        if ent is not None and _given_fits(words[-2], ent):
            return ent
        return None

    def id_for(self, name: str) -> str:
        """Return the canonical id of ``name``: the known entity's, else :func:`person_id`."""
        ent = self.resolve(name)
        return ent.id if ent is not None else person_id(name)

    def role_holders(self, title: str, actor: str | None, date: str | None) -> list[Entity]:
        """Return the entities holding ``title`` (for ``actor`` when given) on ``date``."""
        out = []
        for ent in self.entities:
            for role in ent.roles:
                if role.title == title and (actor is None or role.actor == actor) and role.held_on(date):
                    out.append(ent)
                    break
        return out


def _given_fits(given: str, ent: Entity) -> bool:
    g = given.rstrip(".")
    return any(fold(x).rstrip(".").startswith(g) or g.startswith(fold(x).rstrip(".")) for x in ent.given)


def _entities_from(data: dict[str, object], gazetteer: Gazetteer) -> list[Entity]:
    out: list[Entity] = []
    people = data.get("people", [])
    assert isinstance(people, list)
    for p in people:
        roles = tuple(Role(r["title"], r["actor"], r.get("from"), r.get("to")) for r in p.get("roles", ()))
        out.append(Entity(p["id"], p["name"], p.get("actor"), tuple(p["given"]), tuple(p["surnames"]), roles))
    known = Registry(out)
    added: set[str] = set()
    for lead in gazetteer.leaders:
        if known.resolve(lead.name) is not None or _slug(lead.name) in added:
            continue  # "Kim Jong-un" after "Kim Jong Un": one person
        added.add(_slug(lead.name))
        parts = lead.name.split()
        given: Sequence[str] = parts[:1] if len(parts) > 1 else ()
        out.append(Entity(_slug(lead.name), lead.name, lead.actor, tuple(given), lead.surnames))
    return out


@lru_cache(maxsize=1)
def _default() -> Registry:
    raw = resources.files("accord.evidence").joinpath("data/people.json").read_text(encoding="utf-8")
    gazetteer = Gazetteer.default()
    return Registry(_entities_from(json.loads(raw), gazetteer), gazetteer.ambiguous_surnames)
