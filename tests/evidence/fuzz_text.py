"""Random text for robustness tests of the extractors: ASCII, other scripts, emoji and control characters."""

from __future__ import annotations

import random

POOLS = ((0, 0x7F), (0x80, 0x2FFF), (0x1F300, 0x1F6FF), (0, 0x1F))


def random_text(seed: int, size: int = 10_000) -> str:
    """Return ``size`` characters drawn from :data:`POOLS` (surrogates replaced by ``?``), reproducibly."""
    rng = random.Random(seed)
    chars = []
    for _ in range(size):
        low, high = rng.choice(POOLS)
        code = rng.randint(low, high)
        chars.append(chr(code) if not 0xD800 <= code <= 0xDFFF else "?")
    return "".join(chars)
