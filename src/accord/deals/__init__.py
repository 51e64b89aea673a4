"""Deals: score every package of options for every party; acceptable set, frontier, solutions.

See docs/deals.md for the utility model and the solution concepts.
"""

from accord.deals.analysis import DealAnalysis, PackageReport, analyse_deals, package_report
from accord.deals.closest import Blocker, ClosestDeal, closest_acceptable, diagnose_blockers
from accord.deals.concessions import Concession, concessions
from accord.deals.exact import ExactSolution, solve_exact
from accord.deals.pareto import pareto_indices
from accord.deals.proposal import load_proposal
from accord.deals.scan import ScanResult, scan
from accord.deals.security import security_flags, security_gains
from accord.deals.solutions import SOLUTIONS, egalitarian, kalai_smorodinsky, nash, utilitarian
from accord.deals.space import DealSpace, Package
from accord.deals.tracks import analyse_tracks, default_track

__all__ = [
    "SOLUTIONS",
    "Blocker",
    "ClosestDeal",
    "Concession",
    "DealAnalysis",
    "DealSpace",
    "ExactSolution",
    "Package",
    "PackageReport",
    "ScanResult",
    "analyse_deals",
    "analyse_tracks",
    "closest_acceptable",
    "concessions",
    "default_track",
    "diagnose_blockers",
    "egalitarian",
    "kalai_smorodinsky",
    "load_proposal",
    "nash",
    "package_report",
    "pareto_indices",
    "scan",
    "security_flags",
    "security_gains",
    "solve_exact",
    "utilitarian",
]
