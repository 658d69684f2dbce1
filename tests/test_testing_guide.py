"""docs/testing.md's pytest files run as written, as a user's project would run them.

The guide's untitled ```python blocks run in tests/test_docs_examples.py. Its titled blocks
(``conftest.py``, ``test_photo_orders.py``, ``test_flask_receiver.py``) are files of a user's test
suite: here they are written to a directory, together with the code they test (the guide's
``order_photos`` block as ``photo_orders.py``, and the Flask receiver of docs/webhooks.md with its
shared module), and run by pytest in a subprocess, so fixtures, imports and assertions are real.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "testing.md"
WEBHOOKS_GUIDE = ROOT / "docs" / "webhooks.md"
_BLOCK = re.compile(r"^```python([^\n]*)\n(.*?)^```", re.DOTALL | re.MULTILINE)
_TITLE = re.compile(r'\btitle="([^"]+)"')

#: The guide's titled blocks: each is a file of the user's test suite.
SUITE = ("conftest.py", "test_photo_orders.py", "test_flask_receiver.py")
#: The tests those files hold, by file.
EXPECTED_TESTS = {
    "test_photo_orders.py": 4,
    "test_flask_receiver.py": 1,
}


def blocks(page: Path) -> list[tuple[str | None, str]]:
    """``(title or None, source)`` of every ```python block of ``page``, in order."""
    found: list[tuple[str | None, str]] = []
    for match in _BLOCK.finditer(page.read_text(encoding="utf-8")):
        title = _TITLE.search(match.group(1))
        found.append((title.group(1) if title else None, match.group(2)))
    return found


def titled(page: Path) -> dict[str, str]:
    return {title: source for title, source in blocks(page) if title is not None}


def user_code() -> str:
    """The guide's untitled block defining ``order_photos``: the code the suite tests."""
    [source] = [
        source for title, source in blocks(GUIDE) if title is None and "def order_photos(" in source
    ]
    return source


def test_every_titled_block_is_part_of_the_suite() -> None:
    assert sorted(titled(GUIDE)) == sorted(SUITE)


def test_the_code_under_test_only_defines() -> None:
    # photo_orders.py is imported by the suite: importing it must not do anything.
    kinds = {type(statement) for statement in ast.parse(user_code()).body}
    assert kinds <= {ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef}
    assert ast.FunctionDef in kinds


def test_the_guides_pytest_suite_passes(tmp_path: Path) -> None:
    files = {name: titled(GUIDE)[name] for name in SUITE}
    files["photo_orders.py"] = user_code()
    receiver = titled(WEBHOOKS_GUIDE)
    files["firsthand_events.py"] = receiver["firsthand_events.py"]
    files["flask_app.py"] = receiver["flask_app.py"]
    for name, source in files.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith("FIRSTHAND_")}
    env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # the suite needs no plugin: start fast
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.findall(r"^PASSED (\S+)::", output, re.MULTILINE)
    counts = {name: passed.count(name) for name in EXPECTED_TESTS}
    assert counts == EXPECTED_TESTS, output
