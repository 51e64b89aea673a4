"""accord: a workbench for multi-party peace negotiations and the guarantees meant to make them hold."""

from accord.case import (
    Actor,
    Case,
    Claim,
    Forces,
    Guarantee,
    Issue,
    Option,
    Position,
    Source,
    Track,
    builtin_case_names,
    dump_case,
    load_case,
    parse_case,
)
from accord.errors import (
    AccordError,
    AnalysisError,
    CaseError,
    CaseFormatError,
    CaseNotFoundError,
    CaseValidationError,
    Problem,
)

__version__ = "0.1.0"

__all__ = [
    "AccordError",
    "Actor",
    "AnalysisError",
    "Case",
    "CaseError",
    "CaseFormatError",
    "CaseNotFoundError",
    "CaseValidationError",
    "Claim",
    "Forces",
    "Guarantee",
    "Issue",
    "Option",
    "Position",
    "Problem",
    "Source",
    "Track",
    "__version__",
    "builtin_case_names",
    "dump_case",
    "load_case",
    "parse_case",
]
