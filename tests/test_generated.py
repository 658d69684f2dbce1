"""Generated files are current: ``scripts/generate.py`` would write exactly what is committed.

A stale file fails here with the command that refreshes it (``nox -s generate``)."""

from __future__ import annotations

import importlib.util
import sys
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    name = "firsthand_generate"
    loader = SourceFileLoader(name, str(ROOT / "scripts" / "generate.py"))
    spec = importlib.util.spec_from_loader(name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up by name
    loader.exec_module(module)
    return module


GENERATOR = _generator()
EXPECTED: dict[Path, str] = GENERATOR.expected()


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_file_is_current(path: Path) -> None:
    assert GENERATOR.is_current(path, EXPECTED[path]), (
        f"{path.relative_to(ROOT)} is stale: run `nox -s generate` (python scripts/generate.py)"
    )


@pytest.mark.parametrize("path", sorted(EXPECTED), ids=lambda p: str(p.relative_to(ROOT)))
def test_generated_file_says_so_in_its_first_line(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0].lower()
    assert "generated" in first
    assert "do not edit" in first


def test_check_mode_names_a_stale_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (target,) = [p for p in EXPECTED if p.name == "_raw_views.py"]
    original = target.read_text(encoding="utf-8")
    try:
        target.write_text(original + "\nEDITED_BY_HAND = True\n", encoding="utf-8")
        assert GENERATOR.main(["--check"]) == 1
        assert "_raw_views.py" in capsys.readouterr().out
    finally:
        target.write_text(original, encoding="utf-8")
    assert GENERATOR.main(["--check"]) == 0


def test_raw_views_cover_every_operation_with_its_overloads() -> None:
    text = EXPECTED[ROOT / "src" / "firsthand" / "_raw_views.py"]
    # 7 operations take a body: each has a model overload and a TypedDict overload, per client.
    assert text.count("@overload") == 2 * 7 * 2
    assert text.count("\n    def ") == 2 + 30 + 7 * 2  # two __init__, 30 methods, 14 overloads
    assert text.count("\n    async def ") == 30 + 7 * 2
