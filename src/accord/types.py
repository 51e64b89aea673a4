"""Option sets used across accord, as ``Literal`` aliases in one place."""

from __future__ import annotations

from typing import Literal

__all__ = [
    "ActorKind",
    "Credibility",
    "GuaranteeStatus",
    "LegalForm",
    "Mechanism",
    "Obligation",
    "Reliability",
    "SourceKind",
]

SourceKind = Literal["news", "commentary", "official", "dataset", "analyst_estimate"]
"""What kind of document a source is."""

Reliability = Literal["A", "B", "C", "D", "E", "F"]
"""Admiralty source reliability: A completely reliable ... E unreliable, F cannot be judged."""

Credibility = Literal[1, 2, 3, 4, 5, 6]
"""Admiralty information credibility: 1 confirmed ... 5 improbable, 6 cannot be judged."""

ActorKind = Literal["state", "organisation", "person"]
"""What kind of party an actor is."""

Obligation = Literal[
    "defence",
    "consultation",
    "assistance_without_combat",
    "arms_supply",
    "monitoring",
    "assurance",
]
"""The strongest obligation a guarantee places on its guarantors."""

LegalForm = Literal["ratified_treaty", "executive_agreement", "political_declaration", "unilateral_law"]
"""The legal form a guarantee takes."""

GuaranteeStatus = Literal[
    "proposed",
    "endorsed_not_signed",
    "signed_awaiting_ratification",
    "in_force",
    "ended",
]
"""Where a guarantee stands: proposed, endorsed by a party that did not sign it, signed and awaiting
ratification, in force, or a historical arrangement that ended."""

Mechanism = Literal["dmz", "monitoring", "peacekeeping", "joint_commission", "third_party_guarantee"]
"""An agreement mechanism that may make a ceasefire last (Fortna 2003, 2004)."""
