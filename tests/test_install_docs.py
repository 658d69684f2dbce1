"""The install story is honest: firsthand is not on PyPI yet, so no page presents ``pip install
firsthand`` as a command that works; the README says how to install from a clone, from a built wheel
(``python -m build``, ``nox -s build``) and, once published, from PyPI; its two set-up commands stay
as they are; and the command line guide covers every command."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import cast

import pytest

from firsthand import __version__
from firsthand.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("**/*.md")])
_SHELL_BLOCK = re.compile(r"^```(?:bash|sh|shell|console)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def shell_lines(page: Path) -> list[str]:
    text = page.read_text("utf-8")
    return [
        line.split("#", 1)[0].strip()
        for block in _SHELL_BLOCK.findall(text)
        for line in block.splitlines()
    ]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_tells_users_to_install_from_pypi(page: Path) -> None:
    # Not published yet: a shell block with `pip install firsthand` (or an extra of it) would fail.
    pypi = re.compile(r"\bpip install\s+[\"']?firsthand(\[[^\]]*\])?[\"']?\s*$")
    assert [line for line in shell_lines(page) if pypi.search(line)] == []


def test_the_readme_tells_the_three_ways_to_install() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("\n## Install\n", 1)[1].split("\n## ", 1)[0]
    for expected in (
        "not published on PyPI yet",
        "`python -m pip install -e .`",
        "`python -m pip install .`",
        "`python -m pip install build && python -m build`",
        "`nox -s build`",
        "once it is published**: `python -m pip install firsthand`",
    ):
        assert expected in section
    wheels = re.findall(r"dist/firsthand-([^-]+)-py3-none-any\.whl", readme)
    assert wheels
    assert set(wheels) == {__version__}


def test_the_readme_keeps_its_two_set_up_commands() -> None:
    lines = shell_lines(ROOT / "README.md")
    assert "python -m pip install -e . && python -m firsthand demo" in lines
    assert 'python -m pip install -e ".[test]" && python -m pytest' in lines


def test_getting_started_installs_from_a_clone_or_a_wheel() -> None:
    lines = shell_lines(ROOT / "docs" / "getting-started.md")
    assert "python -m pip install -e ." in lines
    assert "python -m build" in " ".join(lines)
    assert f"python -m pip install dist/firsthand-{__version__}-py3-none-any.whl" in lines


def test_the_build_session_exists() -> None:
    noxfile = (ROOT / "noxfile.py").read_text("utf-8")
    assert "def build(session: nox.Session) -> None:" in noxfile
    assert '"python", "-m", "build"' in noxfile


def leaf_commands(parser: argparse.ArgumentParser, prefix: str = "") -> list[str]:
    """Every command a user can run (``jobs get``, ``demo``, ...), from the parser itself."""
    found: list[str] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            choices = cast("dict[str, argparse.ArgumentParser]", vars(action)["choices"])
            for name, sub in choices.items():
                found += leaf_commands(sub, f"{prefix}{name} ") or [f"{prefix}{name}"]
    return found


def test_the_cli_guide_is_in_the_nav_and_covers_every_command() -> None:
    assert "  - Command line: cli.md\n" in (ROOT / "mkdocs.yml").read_text("utf-8")
    guide = (ROOT / "docs" / "cli.md").read_text("utf-8")
    commands = leaf_commands(build_parser())
    assert len(commands) == 7
    for command in commands:
        assert f"### `firsthand {command}" in guide
    for option in ("--api-key", "--base-url", "--json", "--output", "--wait", "--secret"):
        assert f"`{option}" in guide
