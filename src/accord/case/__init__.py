"""The case model: actors, issues, positions, guarantees, sources and claims, and its YAML files."""

from accord.case.actor import Actor
from accord.case.builtin import builtin_case_names
from accord.case.claim import Claim
from accord.case.guarantee import Forces, Guarantee
from accord.case.issue import Issue, Option
from accord.case.model import Case
from accord.case.plan import Plan, PlanPoint
from accord.case.position import Position
from accord.case.red_line import RedLine
from accord.case.source import Source
from accord.case.track import Affected, Track
from accord.case.uncertainty import Uncertain
from accord.case.yaml_io import dump_case, load_case, parse_case

__all__ = [
    "Actor",
    "Affected",
    "Case",
    "Claim",
    "Forces",
    "Guarantee",
    "Issue",
    "Option",
    "Plan",
    "PlanPoint",
    "Position",
    "RedLine",
    "Source",
    "Track",
    "Uncertain",
    "builtin_case_names",
    "dump_case",
    "load_case",
    "parse_case",
]
