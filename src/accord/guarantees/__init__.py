"""Guarantees: credibility, deterrence and durability of security arrangements (docs/guarantees.md)."""
