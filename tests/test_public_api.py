"""The public surface: names, laziness, docstrings, and the import-time budget."""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

import pytest

import firsthand
import firsthand.models
import firsthand.webhooks

SRC = Path(firsthand.__file__).parent


def _type_checking_imports(filename: str = "__init__.py") -> dict[str, str]:
    """Name -> relative module of every import under ``if TYPE_CHECKING:`` in ``filename``."""
    tree = ast.parse((SRC / filename).read_text())
    names: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom)
                module = "." * stmt.level + (stmt.module or "")
                names.update((alias.name, module) for alias in stmt.names)
    return names


def test_lazy_table_all_and_type_checking_imports_agree() -> None:
    lazy = set(firsthand._LAZY)
    assert set(firsthand.__all__) == lazy | {"__version__"}
    assert set(_type_checking_imports()) == lazy


def test_models_lazy_table_all_and_type_checking_imports_agree() -> None:
    lazy = firsthand.models._LAZY
    assert set(firsthand.models.__all__) == set(lazy)
    assert _type_checking_imports("models.py") == lazy


@pytest.mark.parametrize("name", sorted(firsthand.models._LAZY))
def test_every_model_name_resolves_from_its_module(name: str) -> None:
    module = importlib.import_module(firsthand.models._LAZY[name], "firsthand")
    assert getattr(firsthand.models, name) is getattr(module, name)
    assert name in dir(firsthand.models)


def test_importing_one_model_loads_only_its_module() -> None:
    code = (
        "import sys; from firsthand.models import Job; "
        "print(sorted(m for m in sys.modules if m.startswith('firsthand._models.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    # Not the request shapes (``job_requests``), their validators (``_checks``) nor the list
    # envelope (``_list``): importing ``Job`` defines ``Job``.
    assert out.stdout.split() == ["['firsthand._models._base',", "'firsthand._models.jobs']"]


@pytest.mark.parametrize("name", sorted(firsthand._LAZY))
def test_every_lazy_name_resolves_from_its_module(name: str) -> None:
    module = importlib.import_module(firsthand._LAZY[name], "firsthand")
    assert getattr(firsthand, name) is getattr(module, name)
    assert name in dir(firsthand)


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        _ = firsthand.Nope


def test_models_module_exports_resolve() -> None:
    for name in firsthand.models.__all__:
        assert getattr(firsthand.models, name) is not None


def test_version_is_single_sourced() -> None:
    pyproject = (SRC.parents[1] / "pyproject.toml").read_text()
    assert 'path = "src/firsthand/_version.py"' in pyproject
    assert re.fullmatch(r"\d+\.\d+\.\d+(\w+\d*)?", firsthand.__version__)


def _public_objects() -> list[tuple[str, object]]:
    objects: list[tuple[str, object]] = [
        (name, getattr(firsthand, name)) for name in sorted(firsthand._LAZY)
    ]
    objects += [(f"models.{n}", getattr(firsthand.models, n)) for n in firsthand.models.__all__]
    objects += [
        (f"webhooks.{n}", getattr(firsthand.webhooks, n)) for n in firsthand.webhooks.__all__
    ]
    # Type aliases (Literal unions, Annotated) carry no docstring of their own.
    return [(n, o) for n, o in objects if inspect.isclass(o) or inspect.isfunction(o)]


@pytest.mark.parametrize(("name", "obj"), _public_objects())
def test_every_public_name_has_a_docstring_with_an_example(name: str, obj: object) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc, f"{name} has no docstring"
    assert ">>>" in doc, f"{name}'s docstring has no example"


_CLIENT_METHODS = tuple(
    name
    for name, member in vars(firsthand.FirstHandClient).items()
    if not name.startswith("_") and inspect.isfunction(member) and name != "close"
)  # every public method (close/aclose differ by name and are documented on their own)


@pytest.mark.parametrize("method", _CLIENT_METHODS)
def test_client_methods_are_documented_with_examples(method: str) -> None:
    for cls in (firsthand.FirstHandClient, firsthand.AsyncFirstHandClient):
        doc = inspect.getdoc(getattr(cls, method)) or ""
        assert ">>>" in doc, f"{cls.__name__}.{method} has no example"


def test_sync_and_async_clients_have_the_same_public_surface() -> None:
    def surface(cls: type) -> set[str]:
        return {n for n in dir(cls) if not n.startswith("_")}

    sync = surface(firsthand.FirstHandClient) - {"close"}
    async_ = surface(firsthand.AsyncFirstHandClient) - {"aclose"}
    assert sync == async_
    for name in sync:
        s, a = (
            getattr(firsthand.FirstHandClient, name),
            getattr(firsthand.AsyncFirstHandClient, name),
        )
        if inspect.isfunction(s):
            assert inspect.signature(s).parameters.keys() == inspect.signature(a).parameters.keys()
            assert inspect.iscoroutinefunction(a) != inspect.iscoroutinefunction(s) or name in {
                "with_options"
            }


def _importtime(code: str) -> dict[str, tuple[int, int]]:
    """Module -> (self µs, cumulative µs) from ``python -X importtime``."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, tuple[int, int]] = {}
    for line in proc.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if match:
            result[match.group(4)] = (int(match.group(1)), int(match.group(2)))
    return result


def test_import_firsthand_loads_nothing_heavy() -> None:
    """``import firsthand`` is lazy: no httpx, pydantic, tenacity or client code until first use."""
    times = _importtime("import firsthand")
    assert "firsthand" in times
    loaded = set(times)
    for heavy in ("httpx", "pydantic", "tenacity", "firsthand._sync_client", "firsthand._core"):
        assert heavy not in loaded, f"import firsthand pulled in {heavy}"
    own = sum(self_us for mod, (self_us, _) in times.items() if mod.startswith("firsthand"))
    # A generous budget (the real number is ~1 ms): catches an accidental eager import, not jitter.
    assert own < 50_000, f"firsthand's own modules took {own} µs to import"


def test_a_client_is_importable_and_constructible_without_pydantic_or_tenacity() -> None:
    """Models and the retry machinery load with the first call that needs them, not before."""
    code = (
        "import sys\n"
        "from firsthand import FirstHandClient, AsyncFirstHandClient, FirstHandError\n"
        "FirstHandClient(api_key='fh_test_x').close()\n"
        "AsyncFirstHandClient(api_key='fh_test_x')\n"
        "print(' '.join(m for m in ('pydantic', 'pydantic_core', 'tenacity') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_importing_the_client_defers_model_schema_building() -> None:
    """Models use ``defer_build``: importing the client builds no pydantic schema."""
    code = (
        "import firsthand, sys\n"
        "from firsthand import FirstHandClient\n"
        "from firsthand.models import Job\n"
        "print(Job.__pydantic_complete__)\n"
        "print('email.utils' in sys.modules and 'firsthand' or 'ok')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out[0] == "False"


def test_importing_the_client_and_job_loads_only_what_a_call_needs() -> None:
    """``from firsthand import FirstHandClient, Job`` (the benchmark's import row) leaves downloads,
    progress bars, error mapping, retries, the page models and the request models for their
    first use."""
    code = (
        "import sys\n"
        "from firsthand import FirstHandClient, AsyncFirstHandClient, Job\n"
        "from firsthand._models import jobs\n"
        "print(' '.join(sorted(m for m in sys.modules if m in {\n"
        "    'firsthand._downloads', 'firsthand._progress', 'firsthand._error_mapping',\n"
        "    'firsthand._retrying', 'tenacity', 'firsthand._raw_views', 'firsthand._webhooks',\n"
        "    'firsthand._models.job_requests', 'firsthand._models._list',\n"
        "    'firsthand._models._checks', 'firsthand._models.events', 'firsthand._retry'})))\n"
        "print('JobList' in vars(jobs))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out == ["", "False"]


def test_page_aliases_are_made_once_on_first_use() -> None:
    from firsthand._models import jobs, webhooks
    from firsthand._models._list import ListEnvelope

    assert jobs.JobList is ListEnvelope[jobs.Job]
    assert jobs.JobList is jobs.JobList
    assert webhooks.WebhookEventList is ListEnvelope[webhooks.WebhookEvent]
    with pytest.raises(AttributeError, match="no attribute 'NoSuchList'"):
        getattr(jobs, "NoSuchList")  # noqa: B009


def test_names_moved_out_of_the_jobs_module_are_still_found_there() -> None:
    """The request shapes (``job_requests``) and ``JobEventData`` (``events``) left
    ``firsthand._models.jobs`` so importing ``Job`` does not define them; the old path (and a
    pickle written under it) still finds them."""
    import pickle

    from firsthand._models import jobs

    for name in jobs._REQUESTS:
        assert getattr(jobs, name) is getattr(firsthand.models, name)
    assert getattr(jobs, "JobEventData") is firsthand.webhooks.JobEventData  # noqa: B009
    params = firsthand.models.JobRateParams(rating=5)
    old = pickle.dumps(params, protocol=0).replace(b"_models.job_requests", b"_models.jobs")
    assert b"firsthand._models.jobs" in old
    assert pickle.loads(old) == params  # our own pickle
