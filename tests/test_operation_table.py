"""The operation table (``firsthand._operations``) is the one place an endpoint's facts live.

The OpenAPI document and the stand-in's routing read each fact from it; nothing restates one.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from openapi_document import _TAG_DESCRIPTIONS, build_openapi

from firsthand import _operations as ops
from firsthand._operations import OPERATIONS, ROUTED, Operation
from firsthand.testing import FakeFirstHand
from firsthand.testing._routes import Endpoints

TESTING = Path(ops.__file__).parent / "testing"
BASE_URL = "https://api.firsthandapi.com"


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return build_openapi()


def _ids(op: Operation[Any]) -> str:
    return op.name


def test_names_are_unique_and_each_constant_is_its_operation() -> None:
    assert len({op.name for op in ROUTED}) == len(ROUTED)
    assert len({(op.method, op.path) for op in ROUTED}) == len(ROUTED)
    for op in ROUTED:
        assert getattr(ops, op.name.upper()) is op


@pytest.mark.parametrize("op", ROUTED, ids=_ids)
def test_the_facts_are_consistent(op: Operation[Any]) -> None:
    assert (op.status == 204) == (op.result is None)
    assert not op.idempotency_required or op.method == "POST"
    assert op.has_body == (op.body is not None)
    assert op.has_query == (op.query is not None)
    assert op.auth or "401" not in op.error_statuses
    assert set(op.extra_errors) <= set(op.error_statuses)


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids)
def test_the_openapi_document_reads_every_fact_from_the_table(
    doc: dict[str, Any], op: Operation[Any]
) -> None:
    operation = doc["paths"][op.path][op.method.lower()]
    assert operation["tags"] == [op.tag]
    assert op.tag in _TAG_DESCRIPTIONS
    statuses = sorted(operation["responses"])
    assert statuses == sorted([str(op.status), *op.error_statuses])
    refs = {p.get("$ref", "").rpartition("/")[2] for p in operation.get("parameters", [])}
    if op.method == "POST":
        expected = "IdempotencyKeyRequired" if op.idempotency_required else "IdempotencyKey"
        assert expected in refs
    assert ("Prefer" in refs) == op.long_poll
    query = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
    assert sorted(query) == sorted(op.query_parameters)
    assert ("requestBody" in operation) == op.has_body


def test_signup_is_routed_but_not_documented(doc: dict[str, Any]) -> None:
    assert ops.SIGNUP not in OPERATIONS
    assert not ops.SIGNUP.auth
    assert ops.SIGNUP.path not in doc["paths"]


def test_every_routed_operation_has_exactly_one_handler() -> None:
    fake = FakeFirstHand()
    endpoints = Endpoints(fake._world)
    keyed, keyless = endpoints.routes()
    assert [r.operation for r in keyed] + [r.operation for r in keyless] != []
    assert {r.operation for r in keyed} | {r.operation for r in keyless} == set(ROUTED)


def test_an_operation_without_a_handler_stops_the_stand_in(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    renamed = ops.LIST_JOBS.replace(name="list_jobs_again", path="/v1/jobs_again")
    monkeypatch.setattr(ops, "ROUTED", (*ROUTED, renamed))
    with pytest.raises(RuntimeError, match="missing \\['list_jobs_again'\\]"):
        FakeFirstHand()


@pytest.mark.parametrize("name", ["_routes.py", "_app.py"])
def test_the_stand_in_restates_no_path_scope_or_method_of_an_operation(name: str) -> None:
    source = (TESTING / name).read_text(encoding="utf-8")
    assert not re.findall(r"[\"']/v1/", source), "paths come from the operation table"
    scopes = sorted({scope for op in ROUTED for scope in op.scopes})
    assert [s for s in scopes if f'"{s}"' in source] == []
    assert not re.findall(r"Route\(\s*[\"'](GET|POST|PATCH|DELETE)", source)
    assert "endpoints.get_job" not in source, "long polling is a fact of the table"


def test_the_stand_in_answers_each_operation_with_the_tables_status_and_scopes() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with httpx.Client(transport=fake.transport(), base_url=BASE_URL) as http:
        signed_up = http.post("/v1/auth/signup", json={"name": "Acme", "email": "a@example.com"})
        assert signed_up.status_code == ops.SIGNUP.status
        key = signed_up.json()["api_key"]
        http.headers["Authorization"] = f"Bearer {key}"
        created = http.post(
            "/v1/jobs",
            json={
                "type": "feedback",
                "description": "Record a short clip of your street at noon.",
                "files_needed": 1,
                "accepted_formats": ["video/mp4"],
                "price_per_file_cents": 200,
            },
            headers={"Idempotency-Key": "table-1"},
        )
        assert created.status_code == ops.CREATE_JOB.status == 201
        missing_key = http.post(f"/v1/jobs/{created.json()['id']}/cancel")
        assert missing_key.status_code == 400
        assert ops.CANCEL_JOB.idempotency_required


def test_job_submissions_take_the_query_parameters_the_table_lists() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None)
    auth = {"Authorization": f"Bearer {fake.api_key}"}
    with httpx.Client(transport=fake.transport(), base_url=BASE_URL, headers=auth) as http:
        job = http.post(
            "/v1/jobs",
            json={
                "type": "feedback",
                "description": "Record a short clip of your street at noon.",
                "files_needed": 1,
                "accepted_formats": ["video/mp4"],
                "price_per_file_cents": 200,
            },
            headers={"Idempotency-Key": "table-2"},
        ).json()
        path = f"/v1/jobs/{job['id']}/submissions"
        assert http.get(path, params={"status": "approved", "limit": 5}).status_code == 200
        # Not a parameter of get_job_submissions (nor in the OpenAPI document): a 400.
        refused = http.get(path, params={"min_score": 3})
    assert ops.GET_JOB_SUBMISSIONS.query_parameters == ("limit", "cursor", "status")
    assert refused.status_code == 400
    assert refused.json()["error"]["details"][0]["field"] == "min_score"


DOCS = Path(__file__).resolve().parent.parent / "docs"
_DOC_ROW = re.compile(r"^\| `(\w+)\(.*?\)` \| `(GET|POST|PATCH|DELETE) (/v1/[^`]*)` \|", re.M)


def _doc_rows() -> list[tuple[str, str, str, str]]:
    return [
        (page.name, match[1], match[2], match[3])
        for page in sorted(DOCS.glob("*.md"))
        for match in _DOC_ROW.finditer(page.read_text(encoding="utf-8"))
    ]


def test_the_guides_operation_tables_match_the_table() -> None:
    by_name = {op.name: op for op in OPERATIONS}
    rows = _doc_rows()
    for page, name, method, path in rows:
        op = by_name.get(name)
        assert op is not None, f"{page}: {name} is not an operation"
        assert (method, re.sub(r"\{\w+\}", "{id}", op.path)) == (method, path), page
        assert method == op.method, f"{page}: {name} is {op.method} {op.path}"
    assert {name for _, name, _, _ in rows} == set(by_name), "every operation is in a guide"


def test_the_contract_pages_endpoint_table_is_the_table() -> None:
    text = (DOCS / "api-contract.md").read_text(encoding="utf-8")
    rows = re.findall(
        r"^\| `(\w+)` \| `(\w+) (\S+)` \| (\d+) \| ([^|]+) \| ([^|]+) \|$", text, re.M
    )
    expected: list[tuple[str, ...]] = []
    for op in ROUTED:
        if op.scopes:
            scopes = " or ".join(f"`{scope}`" for scope in op.scopes)
        else:
            scopes = "any key" if op.auth else "none (no key)"
        key = (
            "required" if op.idempotency_required else ("optional" if op.method == "POST" else "–")
        )
        expected.append((op.name, op.method, op.path, str(op.status), scopes, key))
    assert [tuple(cell.strip() for cell in row) for row in rows] == expected


def test_the_contributing_checklist_names_files_that_exist() -> None:
    text = (DOCS.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "## Adding an operation" in text
    paths = set(re.findall(r"`((?:src|tests|scripts|docs)/[\w/.]+\.(?:py|md|json))`", text))
    assert "src/firsthand/_operations.py" in paths
    assert [path for path in sorted(paths) if not (DOCS.parent / path).is_file()] == []
