"""The ``accord`` command line: output, exit codes, and messages instead of tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from accord import __version__, builtin_case_names, load_case
from accord.case.lint import case_warnings
from accord.cli import app

# The installed Typer's CliRunner always keeps stderr apart from stdout (it has no
# mix_stderr switch): result.stdout and result.stderr are separate, result.output mixes them.
ENV = {"COLUMNS": "240", "NO_COLOR": "1", "FORCE_COLOR": None, "TERM": "dumb"}


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.fixture
def broken_case(case_path: Path, edit_tutorial: Callable[..., str]) -> Path:
    case_path.write_text(
        edit_tutorial(("{actor: DOWN, issue: monitoring", "{actor: RUSS, issue: monitoring")),
        encoding="utf-8",
    )
    return case_path


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"accord {__version__}\n"


def test_no_arguments_shows_help() -> None:
    result = run()
    assert "Usage: accord" in result.output
    assert "validate" in result.output


def test_cases_lists_builtins() -> None:
    result = run("cases")
    assert result.exit_code == 0, result.output
    assert "tutorial" in result.stdout
    assert "River accord (tutorial)" in result.stdout
    assert result.stderr == ""


def test_cases_json() -> None:
    result = run("cases", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [r["name"] for r in rows] == builtin_case_names()
    tutorial = next(r for r in rows if r["name"] == "tutorial")
    assert tutorial == {
        "name": "tutorial",
        "title": "River accord (tutorial)",
        "as_of": "2026-01-15",
        "actors": 3,
        "issues": 4,
    }


def test_validate_ok() -> None:
    result = run("validate", "tutorial")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "ok: tutorial: 3 actors, 4 issues, 7 positions, 1 guarantees, 1 sources, 5 claims\n"
    )
    assert result.stderr == ""


def test_validate_ok_file(case_path: Path, tutorial_text: str) -> None:
    case_path.write_text(tutorial_text, encoding="utf-8")
    result = run("validate", str(case_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {case_path}: 3 actors")


def test_validate_broken_file_prints_one_located_line(broken_case: Path) -> None:
    result = run("validate", str(broken_case))
    assert result.exit_code == 2
    assert result.stdout == ""
    # One line, however long the path: stderr is never wrapped.
    assert result.stderr == (
        f"{broken_case}:64:6: positions[3].actor: unknown actor 'RUSS' (known: BANK, DOWN, UP)\n"
    )
    assert len(result.stderr) > 80
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_validate_reports_every_problem(case_path: Path, edit_tutorial: Callable[..., str]) -> None:
    case_path.write_text(
        edit_tutorial(("salience: 0.9", "salience: 9"), ("capability: 0.5", "capability: 5")),
        encoding="utf-8",
    )
    result = run("validate", str(case_path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{case_path}:14:5: actors[0].capability: input should be less than or equal to 1 (got 5)",
        f"{case_path}:61:42: positions[0].salience: input should be less than or equal to 1 (got 9)",
    ]


def test_validate_format_error(case_path: Path) -> None:
    case_path.write_text("- just\n- a list\n", encoding="utf-8")
    result = run("validate", str(case_path))
    assert result.exit_code == 2
    assert result.stderr == f"{case_path}:1:1: a case must be a YAML mapping, not a list\n"


def test_validate_markup_like_message_is_printed_literally(case_path: Path, tutorial_text: str) -> None:
    case_path.write_text(tutorial_text.replace("{actor: UP, issue: share", "{actor: '[bold]', issue: share"))
    result = run("validate", str(case_path))
    assert result.exit_code == 2
    assert "invalid id '[bold]'" in result.stderr


@pytest.fixture
def warned_case(case_path: Path, edit_tutorial: Callable[..., str]) -> Path:
    case_path.write_text(
        edit_tutorial(
            (
                "  - {actor: BANK, issue: funding, ideal: 30, salience: 0.8, claims: [c-bank]}\n",
                "  - {actor: BANK, issue: funding, ideal: 30, salience: 0.8}\n",
            )
        ),
        encoding="utf-8",
    )
    return case_path


def test_validate_warnings_do_not_fail_without_strict(warned_case: Path) -> None:
    result = run("validate", str(warned_case))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"ok: {warned_case}:")
    (warning,) = case_warnings(load_case(warned_case))
    assert result.stderr == f"warning: {warning}\n"


def test_validate_strict_fails_on_warnings(warned_case: Path) -> None:
    result = run("validate", "--strict", str(warned_case))
    assert result.exit_code == 2
    assert result.stderr.startswith("warning: positions[6] (BANK on funding) rests on no claim")
    assert "Traceback" not in result.output


def test_validate_strict_passes_clean_case() -> None:
    result = run("validate", "--strict", "tutorial")
    assert result.exit_code == 0, result.output


def test_show_tutorial() -> None:
    result = run("show", "tutorial")
    assert result.exit_code == 0, result.output
    for actor in ("UP", "DOWN", "BANK"):
        assert f"│ {actor} " in result.stdout
    for issue in ("share", "monitoring", "funding", "guarantee"):
        assert issue in result.stdout
    assert "10 .90*" in result.stdout  # UP's position on share has a red line
    assert "1 guarantees, 1 sources, 5 claims, 0 conflicting claim pairs" in result.stdout
    # stderr carries nothing but the age note of a case more than 90 days old
    assert all("days before today" in line for line in result.stderr.splitlines())


def test_show_json_equals_model_dump() -> None:
    result = run("show", "tutorial", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == load_case("tutorial").model_dump(mode="json")


def test_sources() -> None:
    result = run("sources", "tutorial")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "tutorial-notes [analyst_estimate, reliability F, undated] Invented notes for the accord tutorial"
    )
    assert lines[1].startswith("  - c-up-share [UP/share, credibility 6] The upstream minister")
    assert lines[3].startswith("  - c-up-funding [UP/funding, credibility 6] The upstream minister")
    assert lines[4].startswith("  - c-down-monitoring [DOWN/monitoring, credibility 6] The downstream king")
    assert lines[5].startswith("  - c-bank [BANK, credibility 6] The bank will fund")
    assert len(lines) == 6
    assert "Conflicting claims" not in result.stdout


def test_sources_json() -> None:
    result = run("sources", "tutorial", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    case = load_case("tutorial")
    assert data["conflicts"] == []
    (source,) = data["sources"]
    assert {k: v for k, v in source.items() if k != "claims"} == case.sources[0].model_dump(mode="json")
    assert [c["id"] for c in source["claims"]] == [
        "c-up-share",
        "c-down-share",
        "c-up-funding",
        "c-down-monitoring",
        "c-bank",
    ]


def test_sources_with_conflicts(case_path: Path, edit_tutorial: Callable[..., str]) -> None:
    case_path.write_text(
        edit_tutorial(
            ("site.\n    credibility: 6\n", "site.\n    credibility: 6\n    contradicts: [c-up-share]\n"),
            ("    reliability: F\n", "    reliability: F\n    url: https://example.org/notes\n"),
        ),
        encoding="utf-8",
    )
    result = run("sources", str(case_path))
    assert result.exit_code == 0, result.output
    assert "  https://example.org/notes" in result.stdout.splitlines()
    assert result.stdout.endswith(
        "Conflicting claims\n  c-bank (tutorial-notes) <-> c-up-share (tutorial-notes)\n"
    )
    data = json.loads(run("sources", str(case_path), "--json").stdout)
    assert data["conflicts"] == [["c-bank", "c-up-share"]]


def test_demo_on_tutorial() -> None:
    result = run("demo", "tutorial")
    assert result.exit_code == 0, result.output
    assert "River accord (tutorial)" in result.stdout


@pytest.mark.parametrize("command", ["show", "sources", "validate", "demo"])
def test_unknown_case_exits_2_with_message(command: str) -> None:
    result = run(command, "no-such-case")
    assert result.exit_code == 2
    names = ", ".join(builtin_case_names())
    assert result.stderr == f"error: no case file or built-in case named 'no-such-case' (built-in: {names})\n"
    assert result.stdout == ""


def test_folder_exits_2(tmp_path: Path) -> None:
    result = run("show", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"error: {str(tmp_path)!r} is a folder, not a case file\n"


# ---- strings with markup are shown as written -------------------------------------------------

MARKUP = {
    "title": "[bold red]x[/] River",
    "actor": "[link=https://evil.example]Up[/link]",
    "issue": "<script>alert(1)</script>",
    "source": "[i]notes[/i] :thumbs_up:",
    "claim": "[red on white]said[/] <b>so</b>",
}


@pytest.fixture
def markup_case(case_path: Path, edit_tutorial: Callable[..., str]) -> Path:
    def q(s: str) -> str:
        return json.dumps(s)  # a JSON string is a valid double-quoted YAML scalar

    case_path.write_text(
        edit_tutorial(
            ("title: River accord (tutorial)", f"title: {q(MARKUP['title'])}"),
            ("name: Upstream Republic", f"name: {q(MARKUP['actor'])}"),
            ("name: Flow monitoring", f"name: {q(MARKUP['issue'])}"),
            ("title: Invented notes for the accord tutorial", f"title: {q(MARKUP['source'])}"),
            (
                "text: The bank will fund at most half the upgrade and wants its engineers on site.",
                f"text: {q(MARKUP['claim'])}",
            ),
        ),
        encoding="utf-8",
    )
    return case_path


def test_show_prints_markup_literally(markup_case: Path) -> None:
    result = run("show", str(markup_case))
    assert result.exit_code == 0, result.output
    for key in ("title", "actor", "issue"):
        assert MARKUP[key] in result.stdout, key
    assert "\x1b[" not in result.stdout


def test_sources_prints_markup_literally(markup_case: Path) -> None:
    result = run("sources", str(markup_case))
    assert result.exit_code == 0, result.output
    assert MARKUP["source"] in result.stdout
    assert MARKUP["claim"] in result.stdout
    assert "\x1b[" not in result.stdout


def test_cases_json_and_show_json_keep_markup(markup_case: Path) -> None:
    data = json.loads(run("show", str(markup_case), "--json").stdout)
    assert data["title"] == MARKUP["title"]
    assert data["actors"][0]["name"] == MARKUP["actor"]


# ---- the real console script ------------------------------------------------------------------


def _console_command() -> list[str]:
    script = Path(sys.executable).with_name("accord")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "accord.cli"]


def test_console_script_exits_2_without_traceback(broken_case: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}
    proc = subprocess.run(
        [*_console_command(), "validate", str(broken_case)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""
    assert proc.stderr == (
        f"{broken_case}:64:6: positions[3].actor: unknown actor 'RUSS' (known: BANK, DOWN, UP)\n"
    )


def test_module_entry_point_version() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "accord.cli", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"accord {__version__}\n"
