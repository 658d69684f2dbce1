"""Generated files are current: ``scripts/generate.py`` would write exactly what is committed.

A stale file fails here with the command that refreshes it (``nox -s generate``)."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import tokenize
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
    from firsthand._operations import OPERATIONS

    text = EXPECTED[ROOT / "src" / "firsthand" / "_raw_views.py"]
    operations = len(OPERATIONS)
    # Each operation that takes a body has a model overload and a TypedDict overload, per client.
    bodies = sum(1 for op in OPERATIONS if op.load_body is not None)
    assert bodies > 0
    assert text.count("@overload") == 2 * bodies * 2
    assert text.count("\n    def ") == 2 + operations + bodies * 2  # two __init__
    assert text.count("\n    async def ") == operations + bodies * 2


SYNC_CLIENT = ROOT / "src" / "firsthand" / "_sync_client.py"


def test_the_sync_client_is_the_async_client_made_sync() -> None:
    """``_sync_client.py`` is exactly what the generator makes of ``_async_client.py``."""
    assert GENERATOR.is_current(SYNC_CLIENT, GENERATOR.sync_client()), (
        "src/firsthand/_sync_client.py is stale: edit _async_client.py, then run `nox -s generate`"
    )
    first = SYNC_CLIENT.read_text(encoding="utf-8").splitlines()[0]
    assert "src/firsthand/_async_client.py" in first
    assert "nox -s generate" in first


def test_the_sync_client_has_nothing_async_left() -> None:
    """No ``async``/``await``/anyio in its code and docstrings (comments may name the async
    client), no ``run(...)`` or ``asyncio.run`` in its examples."""
    source = EXPECTED[SYNC_CLIENT]
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    text = " ".join(t.string for t in tokens if t.type != tokenize.COMMENT).split("\n", 1)[1]
    for word in (r"\basync\b", r"\bawait\b", "anyio", "Async", "asyncio", r"(?<![\w.])run\("):
        assert re.search(word, text) is None, word


def test_check_mode_names_a_stale_sync_client(capsys: pytest.CaptureFixture[str]) -> None:
    original = SYNC_CLIENT.read_text(encoding="utf-8")
    try:
        SYNC_CLIENT.write_text(original.replace("time.sleep(seconds)", "pass"), encoding="utf-8")
        assert GENERATOR.main(["--check"]) == 1
        out = capsys.readouterr().out
        assert "_sync_client.py" in out
        assert "_raw_views.py" not in out
    finally:
        SYNC_CLIENT.write_text(original, encoding="utf-8")
    assert GENERATOR.main(["--check"]) == 0


def test_a_changed_comment_makes_a_generated_file_stale() -> None:
    text = EXPECTED[SYNC_CLIENT]
    assert "# loaded by the first retry only" in text
    changed = text.replace("# loaded by the first retry only", "# loaded late")
    current = GENERATOR.formatted(SYNC_CLIENT, text)
    assert GENERATOR.is_current(SYNC_CLIENT, text)  # the file on disk is current
    assert GENERATOR._normal(current) != GENERATOR._normal(changed)


ASYNC_SNIPPET = '''
class AsyncThing(AsyncBase):
    """An asynchronous thing.

    Examples:
        >>> import asyncio
        >>> async def main() -> None:
        ...     async with AsyncThing() as thing:
        ...         print(await thing.get(1))
        >>> asyncio.run(main())
        1
        >>> run(async_client.get_job(
        ...     "job_1")).id, run(async_client.cancel_job("job_2")).status
        ('job_1', 'cancelled')
    """

    async def __aenter__(self) -> AsyncThing:
        return self

    async def _sleep(self, seconds: float) -> None:
        import anyio  # only the async flavour needs it

        await anyio.sleep(seconds)

    async def get(self, n: int) -> int:
        import anyio.to_thread

        with anyio.CancelScope(shield=True):  # closed even when cancelled
            await self._http.aclose()
        items = [item async for item in await self.page()]
        await async_notify_retry(self.hook, n)
        return await anyio.to_thread.run_sync(self.read, n)
'''

SYNC_SNIPPET = '''
class Thing(Base):
    """An synchronous thing.

    Examples:
        >>> with Thing() as thing:
        ...     print(thing.get(1))
        1
        >>> client.get_job(
        ...     "job_1").id, client.cancel_job("job_2").status
        ('job_1', 'cancelled')
    """

    def __enter__(self) -> Thing:
        return self

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def get(self, n: int) -> int:
        self._http.close()  # closed even when cancelled
        items = list(self.page())
        notify_retry(self.hook, n)
        return self.read(n)
'''


def test_the_rules_turn_async_code_and_examples_into_sync_ones() -> None:
    assert GENERATOR.unasync(ASYNC_SNIPPET) == SYNC_SNIPPET


def test_an_explicit_replacement_that_no_longer_matches_fails_naming_it() -> None:
    stale = GENERATOR.Replacement("It belongs to no event loop at all.", "Thread-safe.")
    with pytest.raises(SystemExit, match="It belongs to no event loop at all"):
        GENERATOR.unasync(ASYNC_SNIPPET, (stale,), source="src/firsthand/_async_client.py")


def test_an_explicit_replacement_matches_across_reflowed_lines() -> None:
    reflowed = GENERATOR.Replacement("An asynchronous\n   thing.", "A sync thing.")
    assert '"""A sync thing.' in GENERATOR.unasync(ASYNC_SNIPPET, (reflowed,))


def test_async_code_no_rule_covers_fails_naming_its_line() -> None:
    snippet = "async def f() -> None:\n    await anyio.fail_after(1)\n"
    with pytest.raises(SystemExit, match=r"line 2: anyio\.fail_after\(1\)"):
        GENERATOR.unasync(snippet, source="src/firsthand/_async_client.py")


def test_an_async_example_no_rule_covers_fails_naming_its_line() -> None:
    snippet = 'def f() -> None:\n    """Examples:\n        >>> asyncio.gather(run(x), y)\n    """\n'
    with pytest.raises(SystemExit, match=r"line 3: >>> asyncio\.gather"):
        GENERATOR.unasync(snippet)


def test_the_sync_typing_checks_are_the_async_ones_made_sync() -> None:
    path = ROOT / "tests" / "typing" / "check_sync_client.py"
    assert GENERATOR.is_current(path, GENERATOR.sync_typing_checks())
    text = EXPECTED[path]
    assert "tests/typing/check_async_client.py" in text.splitlines()[0]
    # every operation is checked, as in the async file
    for name in GENERATOR.operation_names():
        assert f"client.{name}(" in text, name
    assert "await" not in text


def test_check_diff_shows_what_regenerating_would_change(
    capsys: pytest.CaptureFixture[str],
) -> None:
    original = SYNC_CLIENT.read_text(encoding="utf-8")
    try:
        SYNC_CLIENT.write_text(original.replace("time.sleep(seconds)", "pass"), encoding="utf-8")
        assert GENERATOR.main(["--check", "--diff"]) == 1
        out = capsys.readouterr().out
        assert re.search(r"^-\s+pass$", out, re.MULTILINE)
        assert re.search(r"^\+\s+time\.sleep\(seconds\)$", out, re.MULTILINE)
    finally:
        SYNC_CLIENT.write_text(original, encoding="utf-8")
