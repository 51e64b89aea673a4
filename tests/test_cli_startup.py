"""Start-up: the light commands never load the engines, and the CLI's copies of engine defaults agree."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = (
    "numba",
    "scipy",
    "dask",
    "plotly",
    "accord.deals",
    "accord.sweep",
    "accord.report",
    "accord.forecast",
)


def _loaded_after(code: str) -> list[str]:
    script = textwrap.dedent(
        f"""
        import json, sys
        {code}
        print(json.dumps(sorted(sys.modules)))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.strip().splitlines()
    loaded: list[str] = json.loads(lines[-1])
    return loaded


def _heavy(loaded: list[str]) -> list[str]:
    return [m for m in loaded if any(m == h or m.startswith(h + ".") for h in HEAVY)]


def test_import_accord_loads_no_engine() -> None:
    assert _heavy(_loaded_after("import accord")) == []


@pytest.mark.parametrize(
    "args",
    [["--help"], ["cases"], ["validate", "tutorial"], ["show", "tutorial"], ["sources", "tutorial"]],
    ids=lambda a: " ".join(a),
)
def test_light_commands_load_no_engine(args: list[str]) -> None:
    code = f"""
        import io, contextlib
        from typer.testing import CliRunner
        from accord.cli import app
        result = CliRunner().invoke(app, {args!r})
        assert result.exit_code == 0, result.output
        """
    assert _heavy(_loaded_after(code)) == []


def test_heavy_command_does_load_its_engine() -> None:
    # the check above could pass vacuously if the module list were wrong
    code = """
        from typer.testing import CliRunner
        from accord.cli import app
        result = CliRunner().invoke(app, ["deals", "tutorial", "--top", "1"])
        assert result.exit_code == 0, result.output
        """
    assert "accord.deals" in _loaded_after(code)


def test_cli_defaults_agree_with_the_engines() -> None:
    from accord.cli import defaults, evidence
    from accord.deals.solutions import SOLUTIONS
    from accord.evidence.store import RELIABILITY_GRADES
    from accord.forecast.registry import model_names
    from accord.guarantees.architecture import NONE
    from accord.guarantees.simulation import DEFAULT_DRAWS
    from accord.report.sections import REPORT_DRAWS

    assert defaults.GUARANTEE_DRAWS == DEFAULT_DRAWS
    assert defaults.REPORT_DRAWS == REPORT_DRAWS
    assert defaults.NO_GUARANTEE == NONE
    assert defaults.SOLUTION_NAMES == SOLUTIONS
    assert model_names() == defaults.MODEL_NAMES
    assert tuple(evidence.RELIABILITY_GRADES) == tuple(RELIABILITY_GRADES)
