"""Returned models carry the request id of the response they came from (``_request_id``, as in
openai-python): not a field, not in ``to_dict()``/``model_dump``, not part of equality."""

from __future__ import annotations

import inspect
import json
import pickle
from collections.abc import Iterator
from typing import Any, Callable

import httpx
import pytest
import respx

from firsthand import AsyncFirstHandClient, FirstHandClient, Page
from firsthand.models import Job

BASE_URL = "https://api.firsthandapi.com"
KEY = "fh_test_sk_requestid00000000000000"
KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


def _job(job_id: str) -> dict[str, Any]:
    return {
        "object": "job",
        "id": job_id,
        "type": "feedback",
        "status": "open",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "files_approved": 0,
        "price_per_file_cents": 200,
        "created_at": "2026-03-20T19:03:27.971Z",
    }


def _answer(request: httpx.Request) -> httpx.Response:
    """Request ids ``req_<n>`` in order; ``/v1/jobs`` lists two pages of one job each."""
    _answer.count += 1  # type: ignore[attr-defined]
    headers = {"X-Request-Id": f"req_{_answer.count}"}  # type: ignore[attr-defined]
    if request.url.path == "/v1/jobs" and request.method == "GET":
        second = "cursor" in request.url.params
        body = {
            "object": "list",
            "data": [_job("job_2" if second else "job_1")],
            "has_more": not second,
            "next_cursor": None if second else "job_1",
        }
        return httpx.Response(200, json=body, headers=headers)
    if request.url.path == "/v1/jobs/job_noid":
        return httpx.Response(200, json=_job("job_noid"))
    return httpx.Response(200, json=_job("job_1"), headers=headers)


@pytest.fixture(autouse=True)
def api() -> Iterator[None]:
    _answer.count = 0  # type: ignore[attr-defined]
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        router.route().mock(side_effect=_answer)
        yield


async def run(kind: str, action: Callable[[Any], Any]) -> Any:
    if kind == "sync":
        with FirstHandClient(api_key=KEY) as client:
            return action(client)
    async with AsyncFirstHandClient(api_key=KEY) as client:
        result = action(client)
        return await result if inspect.isawaitable(result) else result


@KINDS
async def test_a_returned_object_carries_its_request_id(kind: str) -> None:
    job = await run(kind, lambda c: c.get_job("job_1"))
    assert job._request_id == "req_1"
    # Not a field, not on the wire shape, not in any dump, not part of equality.
    assert "_request_id" not in Job.model_fields
    assert "req_1" not in json.dumps(job.to_dict())
    assert "req_1" not in job.model_dump_json()
    assert "req_1" not in repr(job.model_dump())
    assert job == Job.model_validate(_job("job_1"))
    assert pickle.loads(pickle.dumps(job))._request_id == "req_1"


@KINDS
async def test_a_response_without_the_header_gives_none(kind: str) -> None:
    job = await run(kind, lambda c: c.get_job("job_noid"))
    assert job._request_id is None
    assert Job.model_validate(_job("job_1"))._request_id is None  # built by hand


def test_every_page_and_item_carries_the_id_of_its_own_request() -> None:
    with FirstHandClient(api_key=KEY) as client:
        page = client.list_jobs()
        assert page._request_id == "req_1"
        assert [j._request_id for j in page.data] == ["req_1"]
        items = list(page)  # walks to the second page (request 2)
        assert [(j.id, j._request_id) for j in items] == [("job_1", "req_1"), ("job_2", "req_2")]
        second = page.next_page()
        assert isinstance(second, Page)
        assert second._request_id == "req_3"


async def test_async_pages_and_items_carry_their_request_ids() -> None:
    async with AsyncFirstHandClient(api_key=KEY) as client:
        page = await client.list_jobs()
        assert page._request_id == "req_1"
        items = [j async for j in page]
        assert [(j.id, j._request_id) for j in items] == [("job_1", "req_1"), ("job_2", "req_2")]


@KINDS
async def test_the_raw_view_parses_with_the_request_id(kind: str) -> None:
    raw = await run(kind, lambda c: c.with_raw_response.create_job(_create_body()))
    assert raw.request_id == "req_1"
    assert raw.parse()._request_id == "req_1"


def _create_body() -> dict[str, Any]:
    return {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
    }
