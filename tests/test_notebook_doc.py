"""docs/notebook.md runs as written: every python block, in order, as one script."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "notebook.md"


def _blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_the_page_has_code() -> None:
    assert len(_blocks()) >= 5


def test_notebook_walkthrough_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "__notebook__"}
    for k, block in enumerate(_blocks()):
        code = compile(block, f"{DOC.name}[block {k + 1}]", "exec")
        exec(code, namespace)
    # the walk-through's own results are real tables with labels
    solutions = namespace["solutions"]
    case = namespace["case"]
    labels = {o.label for i in case.issues for o in i.options}  # type: ignore[attr-defined]
    option_cells = {
        v for col in solutions.columns[2:] if not col.startswith("utility") for v in solutions[col]
    }  # type: ignore[attr-defined]
    assert option_cells
    assert option_cells <= labels
    assert namespace["workbook"].exists()  # type: ignore[attr-defined]
