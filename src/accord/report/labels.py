"""Display labels of a case's ids: what a person reads in place of ``freeze_line`` or ``RUS``.

Ids stay in ``title`` attributes and JSON; tables and charts show these labels.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.case import Case

__all__ = ["Labels"]


@dataclass(frozen=True)
class Labels:
    """Labels of the actors, issues and options of one case."""

    actors: dict[str, str]
    issues: dict[str, str]
    options: dict[tuple[str, str], str]

    @classmethod
    def of(cls, case: Case) -> Labels:
        """Collect the labels of ``case``."""
        return cls(
            actors={a.id: a.name for a in case.actors},
            issues={i.id: i.name for i in case.issues},
            options={(i.id, o.id): o.label for i in case.issues for o in i.options},
        )

    def actor(self, actor_id: str) -> str:
        """Return the actor's name (its id when unknown)."""
        return self.actors.get(actor_id, actor_id)

    def issue(self, issue_id: str) -> str:
        """Return the issue's name (its id when unknown)."""
        return self.issues.get(issue_id, issue_id)

    def option(self, issue_id: str, option_id: str) -> str:
        """Return the option's label (its id when unknown)."""
        return self.options.get((issue_id, option_id), option_id)

    def package(self, options: dict[str, str]) -> str:
        """Return a package as ``issue: option`` pairs in labels, one per line."""
        return "\n".join(f"{self.issue(i)}: {self.option(i, o)}" for i, o in options.items())
