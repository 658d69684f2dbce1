"""docs/reference.md documents every public name, once, and every page is in the site's nav."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import firsthand
import firsthand.models
import firsthand.testing
import firsthand.webhooks

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "docs" / "reference.md"
_DIRECTIVE = re.compile(
    r"^::: (firsthand(?:\.models|\.webhooks|\.testing)?)\.(\w+)\s*$", re.MULTILINE
)

TOP = set(firsthand.__all__)
MODELS = set(firsthand.models.__all__)
WEBHOOKS = set(firsthand.webhooks.__all__)
TESTING = {*firsthand.testing.__all__, "strategies"}  # the strategies module is documented whole
EXPORTS = {
    "firsthand": TOP,
    "firsthand.models": MODELS,
    "firsthand.webhooks": WEBHOOKS,
    "firsthand.testing": TESTING,
}


def documented() -> list[tuple[str, str]]:
    """(module, name) of every ``::: module.name`` directive of the reference page."""
    return [(m.group(1), m.group(2)) for m in _DIRECTIVE.finditer(REFERENCE.read_text("utf-8"))]


def test_directives_are_found() -> None:
    assert len(documented()) >= 50


@pytest.mark.parametrize("name", sorted(TOP | MODELS | WEBHOOKS | TESTING))
def test_every_public_name_is_in_the_reference(name: str) -> None:
    # A name exported by both modules may be documented under either.
    homes = {module for module, names in EXPORTS.items() if name in names}
    places = [module for module, documented_name in documented() if documented_name == name]
    assert places, f"{name} is missing from docs/reference.md: add `::: {min(homes)}.{name}`"
    assert len(places) == 1, f"{name} is documented {len(places)} times in docs/reference.md"
    assert places[0] in homes, f"{name} is documented under {places[0]}, which does not export it"


def test_reference_documents_only_public_names() -> None:
    for module, name in documented():
        assert name in EXPORTS[module], (
            f"docs/reference.md documents {module}.{name}, not in __all__"
        )


def test_every_page_is_in_the_nav() -> None:
    nav = (ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:\n", 1)[1].split("\n\n", 1)[0]
    listed = set(re.findall(r":\s*(\S+\.md)\s*$", nav, re.MULTILINE))
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").glob("**/*.md")}
    assert pages == listed
