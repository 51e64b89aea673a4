"""The ``accord sweep`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from accord.cli import app as accord_app

runner = CliRunner()


@pytest.fixture(scope="module")
def app() -> typer.Typer:
    return accord_app


def test_tables(app: typer.Typer) -> None:
    result = runner.invoke(app, ["sweep", "tutorial", "--draws", "12", "--seed", "4"])
    assert result.exit_code == 0, result.output
    for title in (
        "P(acceptable to everyone",
        "Nash solution per draw",
        "Forecast per issue",
        "P(honour)",
        "Inputs that matter most",
    ):
        assert title in result.stdout
    assert "Sweep of tutorial: 12 of 12 draws, seed 4" in result.stdout


def test_json_out_and_resume(app: typer.Typer, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    first = runner.invoke(app, ["sweep", "tutorial", "--draws", "6", "--out", str(path), "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["draws"]["done"] == 6
    again = runner.invoke(
        app,
        [
            "sweep",
            "tutorial",
            "--draws",
            "10",
            "--resume",
            str(path),
            "--json",
            "--models",
            "compromise,median",
        ],
    )
    assert again.exit_code == 2
    assert "cannot resume" in again.stderr
    assert "Traceback" not in again.output
    ok = runner.invoke(app, ["sweep", "tutorial", "--draws", "10", "--resume", str(path), "--json"])
    assert ok.exit_code == 0, ok.output
    summary = json.loads(ok.stdout)
    assert summary["draws"]["done"] == 10
    straight = runner.invoke(app, ["sweep", "tutorial", "--draws", "10", "--json"])
    assert json.loads(straight.stdout) == summary


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--backend", "spark"], "unknown backend 'spark' (known: local, dask)"),
        (["--models", "nope"], "unknown model 'nope'"),
        (["--track", "nope"], "unknown track 'nope'"),
        (["--address", "tcp://127.0.0.1:1"], "--address needs --backend dask"),
    ],
)
def test_clear_errors(app: typer.Typer, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["sweep", "tutorial", "--draws", "3", *args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_dask_is_explained(app: typer.Typer, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    result = runner.invoke(app, ["sweep", "tutorial", "--draws", "3", "--backend", "dask"])
    assert result.exit_code == 2
    assert "pip install 'accord[cluster]'" in result.stderr


def test_ctrl_c_reports_what_was_saved(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import accord.sweep.run as run_module

    real = run_module.run_chunks

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        stream = real(*args, **kwargs)  # type: ignore[arg-type]
        yield next(stream)
        stream.close()
        raise KeyboardInterrupt

    monkeypatch.setattr(run_module, "run_chunks", interrupted)
    path = tmp_path / "r.jsonl"
    result = runner.invoke(app, ["sweep", "tutorial", "--draws", "20", "--out", str(path)])
    assert result.exit_code == 130
    assert "interrupted: 3 of 20 draws finished, saved in" in result.stderr
    assert f"--resume {path}" in result.stderr
    assert len(path.read_text().splitlines()) == 4
