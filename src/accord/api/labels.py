"""Labels people read, looked up from a case by id (ids stay in the JSON and in id columns)."""

from __future__ import annotations

from accord.case import Case

__all__ = ["Labels"]


class Labels:
    """Option, issue and actor labels of one case."""

    def __init__(self, case: Case) -> None:
        self._issue = {i.id: i.name for i in case.issues}
        self._option = {(i.id, o.id): o.label for i in case.issues for o in i.options}
        self._actor = {a.id: a.name for a in case.actors}
        self.issue_order = [i.id for i in case.issues]

    def issue(self, issue_id: str) -> str:
        """The issue's name (its id when unknown)."""
        return self._issue.get(issue_id, issue_id)

    def option(self, issue_id: str, option_id: str | None) -> str | None:
        """The option's label (its id when unknown; ``None`` stays ``None``)."""
        if option_id is None:
            return None
        return self._option.get((issue_id, option_id), option_id)

    def actor(self, actor_id: str) -> str:
        """The actor's name (its id when unknown)."""
        return self._actor.get(actor_id, actor_id)

    def issues_of(self, options: dict[str, str]) -> list[str]:
        """The issue ids of a package, in the case's order."""
        return [i for i in self.issue_order if i in options] + [i for i in options if i not in self._issue]
