"""pyproject.toml's dependency bounds admit the newest release of every dependency known today.

An upper bound (``rich<15``) that excludes a released major makes pip quietly *downgrade* a user's
newer copy when they install firsthand (rich 15.0.0 became 14.3.4). :data:`NEWEST_KNOWN` records
the newest release of each bounded dependency as the index reported it when the list was last
updated; the test fails when a bound leaves one out. Refresh the list with
``python -m pip index versions NAME --python-version 3.13`` (the newest release on the newest
supported Python) and raise a bound when a new major ships, after running the suite against it.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

# tomllib from Python 3.11; tomli before (pytest itself depends on it there).
_toml: Any = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"

#: The newest release of each dependency, from ``pip index versions NAME --python-version 3.13``
#: on 2026-12-03. Every requirement with an upper bound must be listed here.
NEWEST_KNOWN = {
    "pydantic": "2.14.4",
    "httpx": "0.29.0",
    "tenacity": "9.2.1",
    "typing-extensions": "4.16.0",
    "rich": "15.0.0",
    "httpx-aiohttp": "0.2.0",
    "hypothesis": "6.170.17",
    "openapi-spec-validator": "0.9.0",
    "flask": "3.1.3",
    "fastapi": "0.165.0",
    "django": "6.1.3",
    "hatchling": "1.33.0",
    "pytest": "9.2.0",
    "pytest-asyncio": "1.5.0",
    "respx": "0.23.1",
    "pytest-xdist": "3.8.0",
    "build": "1.6.1",
    "mkdocs-material": "9.8.2",
    "mkdocstrings": "1.0.8",
    "mkdocstrings-python": "2.0.11",
    "schemathesis": "4.32.5",
    "openapi-core": "0.23.1",
    "griffe-pydantic": "1.3.2",
    "ruff": "0.17.6",
    "mypy": "2.4.1",
    "pyright": "1.1.414",
    "nox": "2026.10.20",
}


def _normalize(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def requirements(pyproject: dict[str, Any]) -> list[tuple[str, Requirement]]:
    """Every requirement in ``pyproject`` with where it is: ``dependencies``, ``extra NAME``, or
    ``build-system`` (an extra naming ``firsthand[...]`` itself is skipped)."""
    found: list[tuple[str, Requirement]] = []
    project = pyproject["project"]
    found += [("dependencies", Requirement(text)) for text in project["dependencies"]]
    for extra, texts in project.get("optional-dependencies", {}).items():
        found += [(f"extra {extra!r}", Requirement(text)) for text in texts]
    found += [("build-system", Requirement(text)) for text in pyproject["build-system"]["requires"]]
    return [(where, req) for where, req in found if _normalize(req.name) != "firsthand"]


def has_upper_bound(requirement: Requirement) -> bool:
    """Whether some release above every current one could be excluded (``<``, ``<=``, ``==``, ``~=``)."""
    return any(spec.operator in ("<", "<=", "==", "===", "~=") for spec in requirement.specifier)


#: Extras whose exact pins (``==``) are deliberate: the checkers' versions, pinned so CI and every
#: developer get the same verdicts; raised by hand. Nothing a user installs is pinned this way.
DELIBERATE_PIN_EXTRAS = ("dev",)


def is_deliberate_pin(where: str, requirement: Requirement) -> bool:
    """An exact ``==`` pin in an extra of :data:`DELIBERATE_PIN_EXTRAS`.

    Examples:
        >>> is_deliberate_pin("extra 'dev'", Requirement("ruff==0.17.6"))
        True
        >>> is_deliberate_pin("extra 'progress'", Requirement("rich==14.3.4"))
        False
    """
    exact = [spec for spec in requirement.specifier if spec.operator in ("==", "===")]
    extras = {f"extra {extra!r}" for extra in DELIBERATE_PIN_EXTRAS}
    return bool(exact) and where in extras


def excluded_newest(pyproject: dict[str, Any], newest: dict[str, str]) -> list[str]:
    """One line for each bound that excludes the newest known release (or has none recorded).

    Examples:
        >>> doc = {"project": {"dependencies": ["rich>=13,<15"]}, "build-system": {"requires": []}}
        >>> excluded_newest(doc, {"rich": "15.0.0"})
        ['dependencies: rich<15,>=13 excludes rich 15.0.0, the newest release known']
        >>> excluded_newest(doc, {})
        ['dependencies: rich<15,>=13 has an upper bound but no newest release in NEWEST_KNOWN']
    """
    problems: list[str] = []
    for where, requirement in requirements(pyproject):
        name = _normalize(requirement.name)
        if not has_upper_bound(requirement) or is_deliberate_pin(where, requirement):
            continue
        if name not in newest:
            problems.append(
                f"{where}: {requirement} has an upper bound but no newest release in NEWEST_KNOWN"
            )
        elif not requirement.specifier.contains(Version(newest[name]), prereleases=True):
            problems.append(
                f"{where}: {requirement} excludes {name} {newest[name]}, the newest release known"
            )
    return problems


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    with PYPROJECT.open("rb") as file:
        loaded: dict[str, Any] = _toml.load(file)
        return loaded


def test_every_bound_admits_the_newest_known_release(pyproject: dict[str, Any]) -> None:
    assert excluded_newest(pyproject, NEWEST_KNOWN) == []


def test_the_progress_extra_admits_rich_15(pyproject: dict[str, Any]) -> None:
    rich = [req for _, req in requirements(pyproject) if _normalize(req.name) == "rich"]
    assert len(rich) >= 2  # the `progress` extra, and the `test` extra that tests the bar
    for requirement in rich:
        assert requirement.specifier.contains("15.0.0")
        assert not requirement.specifier.contains("16.0.0")


def test_the_checker_sees_every_kind_of_bound() -> None:
    doc: dict[str, Any] = {
        "project": {
            "dependencies": ["pydantic>=2.6,<3", "httpx"],
            "optional-dependencies": {"x": ["django~=5.2", "firsthand[test]"], "y": ["ruff==0.6"]},
        },
        "build-system": {"requires": ["hatchling<1.20"]},
    }
    newest = {"pydantic": "3.0.0", "django": "6.1.3", "ruff": "0.17.6", "hatchling": "1.33.0"}
    problems = excluded_newest(doc, newest)
    assert [line.split(":")[0] for line in problems] == [
        "dependencies",
        "extra 'x'",
        "extra 'y'",
        "build-system",
    ]
    assert (
        excluded_newest(
            doc, {"pydantic": "2.14.4", "django": "5.2.19", "ruff": "0.6", "hatchling": "1.19"}
        )
        == []
    )
    # The dev extra's exact pins of the checkers are deliberate; its ranges are checked as any.
    dev: dict[str, Any] = {
        "project": {
            "dependencies": [],
            "optional-dependencies": {"dev": ["ruff==0.6", "nox<2024"]},
        },
        "build-system": {"requires": []},
    }
    assert excluded_newest(dev, {"ruff": "0.17.6", "nox": "2026.10.20"}) == [
        "extra 'dev': nox<2024 excludes nox 2026.10.20, the newest release known"
    ]
