"""A case whose every string carries script payloads that set ``window.__xss`` if they ever run."""

from __future__ import annotations

from typing import Any

from accord import load_case
from accord.case import Case

MARK = "window.__xss"
SCRIPT = f"<script>{MARK}=1</script>"
IMG = f'<img src=x onerror="{MARK}=2">'
SVG = f"<svg onload={MARK}=3>"
ATTR = f'" onmouseover="{MARK}=4" x="'
JS_URL = f"javascript:{MARK}=5"
PAYLOAD = f"{SCRIPT} {IMG} {SVG} {ATTR} {JS_URL} </script><script>{MARK}=6</script>"


def poisoned_data(base: str = "tutorial") -> dict[str, Any]:
    """Return the case data of ``base`` with the payload in every free-text field."""
    data: dict[str, Any] = load_case(base).model_dump(mode="json")
    data["title"] = PAYLOAD
    data["description"] = PAYLOAD
    for actor in data["actors"]:
        actor["name"] = PAYLOAD
    for issue in data["issues"]:
        issue["name"] = PAYLOAD
        issue["description"] = PAYLOAD
        for option in issue["options"]:
            option["label"] = PAYLOAD
    for source in data["sources"]:
        source["title"] = PAYLOAD
        source["publisher"] = PAYLOAD
        source["notes"] = PAYLOAD
    for claim in data["claims"]:
        claim["text"] = PAYLOAD
    for guarantee in data["guarantees"]:
        guarantee["name"] = PAYLOAD
        guarantee["description"] = PAYLOAD
    for track in data.get("tracks", []):
        track["name"] = PAYLOAD
    if base == "tutorial":
        data["proposals"] = [
            {
                "id": "poisoned-plan",
                "name": PAYLOAD,
                "description": PAYLOAD,
                "points": [
                    {"issue": "share", "option": "quarter", "claims": ["c-up-share"], "note": PAYLOAD}
                ],
            }
        ]
    return data


def poisoned_case(base: str = "tutorial") -> Case:
    """The poisoned case; its sources' urls are ``javascript:`` (bypassing validation on purpose)."""
    case = Case.model_validate(poisoned_data(base))
    bad_sources = tuple(s.model_copy(update={"url": JS_URL}) for s in case.sources)
    return case.model_copy(update={"sources": bad_sources})
