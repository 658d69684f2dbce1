"""The API reference's griffe extension (tools/docs/firsthand_griffe.py), without building the site.

``mkdocs build`` (the ``docs`` session) and ``nox -s docs-shots`` render it; this checks what it
hands the templates: the field rows of models and TypedDicts, literal defaults, public bases.
"""

from __future__ import annotations

import runpy
from pathlib import Path
from typing import Any

import pytest

griffe = pytest.importorskip("griffe", reason="the docs extra (mkdocstrings) brings griffe")

ROOT = Path(__file__).resolve().parents[1]


def _extension() -> Any:
    namespace = runpy.run_path(str(ROOT / "tools" / "docs" / "firsthand_griffe.py"))
    return namespace["FirstHandReference"]()


@pytest.fixture(scope="module")
def package() -> Any:
    extension = _extension()
    loader = griffe.GriffeLoader(
        search_paths=[str(ROOT / "src")], extensions=griffe.load_extensions(extension)
    )
    pkg = loader.load("firsthand")
    loader.resolve_aliases(implicit=True)
    return pkg


def _rows(package: Any, path: str) -> dict[str, dict[str, Any]]:
    return {row["name"]: row for row in package[path].extra["firsthand"]["fields"]}


def test_a_response_model_lists_every_field(package: Any) -> None:
    from firsthand.models import Job

    rows = _rows(package, "_models.jobs.Job")
    assert list(rows) == list(Job.model_fields)  # inherited from the private bases too
    assert rows["id"]["required"] is True
    assert rows["files_pending"]["required"] is False
    assert rows["id"]["description"] == Job.model_fields["id"].description
    assert rows["id"]["examples"] == ['"job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"']
    assert str(rows["status"]["annotation"]) == "Union[JobStatus, str]"


def test_a_request_model_shows_plain_types_and_limits(package: Any) -> None:
    rows = _rows(package, "_models.job_requests.JobCreateParams")
    # Annotated[StrictInt, Field(...)] and the private alias _Cents read as int.
    assert str(rows["price_per_file_cents"]["annotation"]) == "int"
    assert str(rows["title"]["annotation"]) == "Optional[str]"
    assert rows["price_per_file_cents"]["limits"] == ["10–50,000"]
    assert rows["description"]["limits"] == ["10–5,000 characters"]


def test_a_typeddict_twin_reuses_its_models_descriptions(package: Any) -> None:
    from firsthand.models import JobCreateParams

    rows = _rows(package, "_models.job_requests.JobCreateParamsDict")
    assert rows["files_needed"]["required"] is True
    assert rows["title"]["required"] is False
    assert str(rows["title"]["annotation"]) == "str"  # NotRequired[...] unwrapped
    assert (
        rows["files_needed"]["description"]
        == JobCreateParams.model_fields["files_needed"].description
    )


def test_defaults_are_literal_values(package: Any) -> None:
    init = package["_client_base.BaseClient"].members["__init__"]
    defaults = {p.name: str(p.default) for p in init.parameters}
    assert defaults["max_retry_wait"] == "60.0"
    assert defaults["max_retries"] == "3"
    # Not given: 30 s, or the timeout of the user's http_client (docs/configuration.md).
    assert defaults["timeout"] == "NOT_GIVEN"


def test_private_bases_are_not_shown(package: Any) -> None:
    def shown(path: str) -> list[str]:
        return [str(base) for base in package[path].extra["firsthand"]["bases"]]

    assert shown("_sync_client.FirstHandClient") == []  # BaseClient[httpx.Client, ...]
    assert shown("_pagination.Page") == []  # _BasePage[ItemT]
    assert shown("_models.jobs.Job") == ["FirstHandModel"]  # via _JobSettledFields
    assert shown("_exceptions.FirstHandNotFoundError") == ["FirstHandError"]
    # The real bases stay, so inherited members still resolve.
    assert [str(b) for b in package["_sync_client.FirstHandClient"].bases] == [
        "BaseClient[httpx.Client, httpx.BaseTransport, Sleep]"
    ]


def test_a_default_computed_from_numbers_and_overloads_show_values(package: Any) -> None:
    """``max_response_bytes=DEFAULT_MAX_RESPONSE_BYTES`` (``32 * 1024 * 1024``) showed the
    constant's name, and so did ``poll=DEFAULT_POLL`` in ``create_job_and_wait``'s overloads."""
    init = package["_client_base.BaseClient.__init__"]
    assert str(init.parameters["max_response_bytes"].default) == "32 * 1024 * 1024"
    method = package["_sync_client.FirstHandClient.create_job_and_wait"]
    assert method.overloads, "create_job_and_wait has overloads"
    for overload in method.overloads:
        assert str(overload.parameters["poll"].default) == "30.0"
