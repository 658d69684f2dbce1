"""Every ```python block in README.md and docs/ runs, as written, against the in-memory Jobs API.

Blocks of one page share a namespace and run in order, so a page reads like one session. A block with a
``title="…"`` (```python title="flask_app.py"``) is a module of an example app, not part of the session: it is
run by its own test (docs/webhooks.md's receivers: test_webhook_recipes.py).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
_BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)


def python_blocks(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [m.group(2) for m in _BLOCK.finditer(text) if "title=" not in m.group(1)]


ALL_PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("**/*.md")])
PAGES = [page for page in ALL_PAGES if python_blocks(page)]


def test_there_are_examples_to_run() -> None:
    assert ROOT / "README.md" in PAGES
    assert sum(len(python_blocks(p)) for p in PAGES) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_examples_run(page: Path, fake_api: Any) -> None:
    blocks = python_blocks(page)
    namespace: dict[str, Any] = {"__name__": f"docs_example_{page.stem}"}
    for number, source in enumerate(blocks, start=1):
        code = compile(source, f"{page.relative_to(ROOT)}[block {number}]", "exec")
        exec(code, namespace)
