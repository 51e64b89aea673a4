"""Monte Carlo sweeps over a case's uncertain inputs, locally or on a Dask cluster (docs/sweep.md)."""

from accord.sweep.backends import Backend, run_chunks
from accord.sweep.draw import DrawContext, apply_values, run_draw
from accord.sweep.run import SweepResult, prepare, run_sweep
from accord.sweep.spec import WIDEN_RULE, Input, SweepSpec, build_spec, widening
from accord.sweep.store import read_results
from accord.sweep.summary import spearman, summarise, wilson

__all__ = [
    "WIDEN_RULE",
    "Backend",
    "DrawContext",
    "Input",
    "SweepResult",
    "SweepSpec",
    "apply_values",
    "build_spec",
    "prepare",
    "read_results",
    "run_chunks",
    "run_draw",
    "run_sweep",
    "spearman",
    "summarise",
    "widening",
    "wilson",
]
