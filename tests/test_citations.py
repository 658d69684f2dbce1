"""The repository cites only itself: no reference to a document a maintainer does not have.

The facts the code and tests rely on are written in ``docs/`` (``docs/api-contract.md``,
``docs/decisions.md``); a reference to a document outside the repository (its spec files by name,
their ``T6``-style row ids or ``§`` section numbers) fails here with the file and line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: Where references are looked for (the generated OpenAPI document included).
SCANNED = ["src", "tests", "docs", "scripts", "benchmarks", "tools", ".ci"]
SCANNED_FILES = [
    "noxfile.py",
    "conftest.py",
    "README.md",
    "CONTRIBUTING.md",
    "CHANGELOG.md",
    "mkdocs.yml",
    "pyproject.toml",
]
SUFFIXES = {".py", ".md", ".json", ".yml", ".yaml", ".toml", ".txt", ".cfg", ".ini", ""}

OUTSIDE = re.compile(
    r"\b(?:DECISIONS|SURFACE|CONTRACT|ANCHORS)\b"  # the outside documents, by name
    r"|§"  # their section numbers
    r"|(?<![\w-])T\d{1,2}(?![\w-])"  # their row ids (T1 … T11)
)


def _files() -> list[Path]:
    found = [ROOT / name for name in SCANNED_FILES if (ROOT / name).is_file()]
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts:
                found.append(path)
    return [path for path in found if path != Path(__file__).resolve()]


def _references(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return []
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), 1)
        if OUTSIDE.search(line)
    ]


def test_the_scan_sees_the_repository() -> None:
    names = {str(path.relative_to(ROOT)) for path in _files()}
    assert {"src/firsthand/_operations.py", "docs/api-contract.md", "noxfile.py"} <= names


def test_no_reference_to_a_document_outside_the_repository() -> None:
    found = [reference for path in _files() for reference in _references(path)]
    assert found == [], "cite a docs/ page instead:\n" + "\n".join(found)


@pytest.mark.parametrize(
    "line",
    [
        "(DECISIONS T6)",
        "see SURFACE.md",
        "CONTRACT §3.2",
        "ANCHORS.md",
        "rule T5 says",
    ],
)
def test_the_pattern_catches_each_kind_of_reference(line: str) -> None:
    assert OUTSIDE.search(line)


@pytest.mark.parametrize(
    "line",
    ["FIRSTHAND_CONTRACT_KEY_ID", "2026-03-20T19:03:27Z", "TypeVar T", "api-contract.md"],
)
def test_the_pattern_spares_what_is_not_a_reference(line: str) -> None:
    assert not OUTSIDE.search(line)
