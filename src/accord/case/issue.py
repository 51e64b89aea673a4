"""Issues: the questions a settlement must answer, each with ordered options."""

from __future__ import annotations

from pydantic import Field

from accord.case._base import Flag, Id, Record, ScalePoint, Text

__all__ = ["Issue", "Option"]


class Option(Record):
    """One answer to an issue, placed on the issue's 0-100 scale.

    Attributes:
        id: Id, unique within the issue.
        label: Short display label.
        position: Where the option lies on the 0-100 scale.
        description: Longer explanation.
        guarantee: Id of a guarantee architecture this option puts in place, if any.
    """

    id: Id
    label: Text
    position: ScalePoint
    description: Text | None = None
    guarantee: Id | None = None


class Issue(Record):
    """An issue with at least two options in increasing order on a 0-100 scale.

    Option ids must be unique within the issue and positions strictly increasing; the
    case checks both (so the error points at the option at fault).

    Attributes:
        id: Unique id.
        name: Display name.
        description: What the scale means: what 0 and 100 stand for.
        options: The options, ordered by strictly increasing position.
        security: True when the issue bears on a party's security (used by indivisible-security checks).
        keywords: Words and phrases that signal the issue in news text (the evidence extractor
            matches them, with the issue's name and option labels, to map sentences to issues).
    """

    id: Id
    name: Text
    description: Text
    options: tuple[Option, ...] = Field(min_length=2)
    security: Flag = False
    keywords: tuple[Text, ...] = ()

    def option(self, option_id: str) -> Option:
        """Return the option with this id.

        Raises:
            KeyError: If the issue has no such option.
        """
        for opt in self.options:
            if opt.id == option_id:
                return opt
        raise KeyError(option_id)

    @property
    def option_ids(self) -> tuple[str, ...]:
        """The option ids in scale order."""
        return tuple(o.id for o in self.options)
