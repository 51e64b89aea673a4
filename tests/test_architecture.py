"""Layering and public API: the library core never pulls in the command line or the web layer."""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import pytest

import accord
import accord.case

SRC = Path(accord.__file__).resolve().parent
CORE_PACKAGES = ["case", "deals", "forecast", "guarantees", "evidence", "sweep"]
PRESENT_CORE = [name for name in CORE_PACKAGES if importlib.util.find_spec(f"accord.{name}") is not None]
UPPER_LAYERS = ("accord.cli", "accord.web", "accord.report")
FORBIDDEN_THIRD_PARTY = ("typer", "rich", "click")


def test_case_package_is_present() -> None:
    assert "case" in PRESENT_CORE


@pytest.mark.parametrize("package", PRESENT_CORE)
def test_importing_core_package_does_not_import_ui_layers(package: str) -> None:
    code = textwrap.dedent(
        f"""
        import json, sys
        import accord.{package}
        print(json.dumps(sorted(sys.modules)))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    loaded = json.loads(proc.stdout)
    assert f"accord.{package}" in loaded
    offenders = [
        m
        for m in loaded
        if any(m == bad or m.startswith(bad + ".") for bad in (*UPPER_LAYERS, *FORBIDDEN_THIRD_PARTY))
    ]
    assert offenders == []


def _imported_modules(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = ".".join(path.relative_to(SRC.parent).with_suffix("").parts)
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            out.append((node.lineno, module))
            out.extend((node.lineno, f"{module}.{alias.name}") for alias in node.names)
    return out


def _core_files() -> list[Path]:
    files: list[Path] = []
    for name in CORE_PACKAGES:
        folder = SRC / name
        if folder.is_dir():
            files.extend(sorted(folder.rglob("*.py")))
    return files


def test_static_scan_covers_the_case_package() -> None:
    files = _core_files()
    assert SRC / "case" / "yaml_io.py" in files
    assert any(m == "accord.case.model" for _, m in _imported_modules(SRC / "case" / "yaml_io.py"))


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_core_modules_do_not_import_ui_layers(path: Path) -> None:
    bad = [
        f"{path.relative_to(SRC)}:{line}: imports {module}"
        for line, module in _imported_modules(path)
        if any(
            module == layer or module.startswith(layer + ".")
            for layer in (*UPPER_LAYERS, *FORBIDDEN_THIRD_PARTY)
        )
    ]
    assert bad == []


def test_relative_import_of_cli_is_detected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_src = tmp_path / "accord"
    (fake_src / "case").mkdir(parents=True)
    bad = fake_src / "case" / "bad.py"
    bad.write_text("from ..cli import app\nfrom .. import web\nimport rich.console\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", fake_src)
    modules = [m for _, m in _imported_modules(bad)]
    assert "accord.cli" in modules
    assert "accord.web" in modules
    assert "rich.console" in modules


# ---- public names ---------------------------------------------------------------------------------


def _public_members(module: types.ModuleType, extra: tuple[str, ...] = ()) -> list[str]:
    return [
        name
        for name, value in vars(module).items()
        if (not name.startswith("_") or name in extra)
        and not isinstance(value, types.ModuleType)
        and name not in {"annotations"}
    ]


def test_accord_exports_exactly_its_public_names() -> None:
    assert accord.__all__ == sorted(accord.__all__)
    assert len(set(accord.__all__)) == len(accord.__all__)
    assert sorted(_public_members(accord, extra=("__version__",))) == accord.__all__


def test_accord_case_exports_exactly_its_public_names() -> None:
    assert accord.case.__all__ == sorted(accord.case.__all__)
    assert sorted(_public_members(accord.case)) == accord.case.__all__


@pytest.mark.parametrize("module", [accord, accord.case], ids=lambda m: m.__name__)
def test_exported_names_exist_and_are_defined_in_accord(module: types.ModuleType) -> None:
    for name in module.__all__:
        value = getattr(module, name)
        if name == "__version__":
            assert isinstance(value, str)
            continue
        assert getattr(value, "__module__", "").startswith("accord."), name


def test_top_level_reexports_are_the_same_objects() -> None:
    for name in accord.__all__:
        if hasattr(accord.case, name):
            assert getattr(accord, name) is getattr(accord.case, name)


def test_version_matches_package_metadata() -> None:
    from importlib.metadata import version

    assert accord.__version__ == version("accord")


# ---- the package map of docs/architecture.md ----------------------------------------------------

ARCHITECTURE_DOC = SRC.parents[1] / "docs" / "architecture.md"
_BASE = ("types", "errors", "_io")


def _doc_rules() -> dict[str, set[str]]:
    """Read the 'may import' column of the package table in docs/architecture.md."""
    rules: dict[str, set[str]] = {}
    for line in ARCHITECTURE_DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`accord"):
            continue
        allowed_text = cells[2]
        if allowed_text == "nothing of accord":
            allowed: set[str] = set()
        elif allowed_text == "everything above":
            allowed = {"*"}
        else:
            allowed = {a.strip("` ") for a in allowed_text.split(",")}
        for name in re.findall(r"`(accord[\w.]*)`", cells[0]):
            rules["accord" if name == "accord" else name.removeprefix("accord.")] = allowed
    return rules


def _owner(path: Path) -> str:
    rel = path.relative_to(SRC).with_suffix("").parts
    if len(rel) == 1:
        return "accord" if rel[0] == "__init__" else rel[0]
    return rel[0]


def _target(module: str) -> tuple[str, str] | None:
    """('deals', 'deals.utility') for 'accord.deals.utility'; None outside accord."""
    parts = module.split(".")
    if parts[0] != "accord":
        return None
    if len(parts) == 1 or not ((SRC / parts[1]).is_dir() or (SRC / f"{parts[1]}.py").exists()):
        return ("accord", "accord")  # the package itself, or a name it exports (``__version__``)
    return (parts[1], ".".join(parts[1:3]))


def test_architecture_doc_names_every_package() -> None:
    rules = _doc_rules()
    packages = {p.name for p in SRC.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    modules = {p.stem for p in SRC.glob("*.py") if p.stem != "__init__"}
    assert packages | modules | {"accord"} <= set(rules), sorted(packages | modules - set(rules))


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_imports_follow_the_architecture_doc(path: Path) -> None:
    rules = _doc_rules()
    owner = _owner(path)
    allowed = rules[owner]
    if "*" in allowed:
        return
    bad = []
    for line, module in _imported_modules(path):
        target = _target(module)
        if target is None or target[0] == owner:
            continue
        package, submodule = target
        if package in allowed or submodule in allowed:
            continue
        if package == "accord" and "accord" in allowed:
            continue
        bad.append(f"{path.relative_to(SRC)}:{line}: imports {module}")
    assert sorted(set(bad)) == []


def test_the_doc_check_catches_a_forbidden_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rules = _doc_rules()
    assert "deals" not in rules["forecast"]
    assert "guarantees.coupling" in rules["deals"]
    assert "guarantees" not in rules["deals"]
    fake = tmp_path / "accord" / "forecast"
    fake.mkdir(parents=True)
    bad = fake / "bad.py"
    bad.write_text("from accord.deals.analysis import analyse_deals\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path / "accord")
    with pytest.raises(AssertionError):
        test_imports_follow_the_architecture_doc(bad)
