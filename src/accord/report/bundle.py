"""The plotly.js the report inlines, and figures without a copy of the template each.

The report inlines plotly.js's *basic* bundle (scatter, bar and pie traces: every chart the
report draws), shipped in ``accord/report/vendor/`` from the ``plotly.js-basic-dist-min`` npm
package of the same version as the plotly.js inside the Python package (MIT licence beside it).
The full bundle is 4.8 MB; the basic one 1.2 MB, which keeps the report under 2 MB.
``scripts/vendor_plotly.sh`` refreshes it when plotly is upgraded.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import Any

__all__ = ["BUNDLE", "bundle_version", "plotly_bundle", "split_template"]

BUNDLE = "plotly-basic.min.js"
"""File name of the vendored bundle inside ``accord.report/vendor``."""

_VERSION = re.compile(r"plotly\.js(?: \([^)]*\))? v(\d+\.\d+\.\d+)")


@cache
def plotly_bundle() -> str:
    """Return the vendored plotly.js bundle, with every ``</script`` escaped for inlining."""
    text = files("accord.report").joinpath("vendor", BUNDLE).read_text(encoding="utf-8")
    return re.sub(r"</(?=script)", lambda _m: "<\\/", text, flags=re.IGNORECASE)


def bundle_version(text: str) -> str | None:
    """Return the plotly.js version a bundle's banner states (``None`` if it states none)."""
    found = _VERSION.search(text[:500])
    return found.group(1) if found else None


def split_template(figures: dict[str, dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Take the layout template out of every figure; return the figures and the one template.

    Every plotly figure carries its template (about 7 kB); the page ships it once and the
    script puts it back before drawing. Figures with a template of their own keep it.
    """
    shared: dict[str, Any] = {}
    out: dict[str, dict[str, Any]] = {}
    for key, fig in figures.items():
        layout = dict(fig.get("layout") or {})
        template = layout.get("template")
        if template is not None and (not shared or template == shared):
            shared = template
            del layout["template"]
        out[key] = {**fig, "layout": layout}
    return out, shared
