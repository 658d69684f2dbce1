"""``strict_responses=False``: a response field that breaks its type is kept as sent (and logged)
instead of failing the call; everything else is still typed. Default: strict."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import respx

from client_helpers import call, job_json, make
from firsthand import FirstHandResponseValidationError, Job
from firsthand._core import parse_relaxed
from firsthand.models import ListEnvelope

API_KEY = "fh_test_sk_strictresponses000000000"
JOB_ID = "job_01JQ0000000000000000000001"


@pytest.fixture
def router() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url="https://api.firsthandapi.com", assert_all_called=False) as mock:
        yield mock


def odd_job() -> dict[str, Any]:
    job = job_json(JOB_ID)
    job["files_needed"] = "lots"  # a known field that breaks its type
    job["brand_new"] = {"nested": True}  # an addition: always kept
    return job


async def test_strict_by_default_a_broken_field_fails_the_call(
    router: respx.MockRouter, kind: str
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").respond(200, json=odd_job())
    client = make(kind, api_key=API_KEY)
    with pytest.raises(FirstHandResponseValidationError) as info:
        await call(client, "get_job", JOB_ID)
    assert [d["field"] for d in info.value.details] == ["files_needed"]


async def test_relaxed_keeps_the_broken_field_as_sent_and_types_the_rest(
    router: respx.MockRouter, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").respond(200, json=odd_job())
    client = make(kind, api_key=API_KEY, strict_responses=False)
    with caplog.at_level(logging.WARNING, logger="firsthand"):
        job = await call(client, "get_job", JOB_ID)
    assert isinstance(job, Job)
    assert job.get("files_needed") == "lots"
    assert job.created_at == datetime(2026, 3, 20, 19, 3, 27, 971000, tzinfo=timezone.utc)
    assert job.price_per_file_cents == 75
    assert job["brand_new"] == {"nested": True}
    assert [r.getMessage() for r in caplog.records] == [
        f"GET /v1/jobs/{JOB_ID}: the response breaks Job at files_needed; kept as sent "
        "(strict_responses=False)"
    ]


async def test_with_options_switches_it_per_call_site(router: respx.MockRouter, kind: str) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").respond(200, json=odd_job())
    strict = make(kind, api_key=API_KEY)
    relaxed = strict.with_options(strict_responses=False)
    assert (await call(relaxed, "get_job", JOB_ID)).get("files_needed") == "lots"
    with pytest.raises(FirstHandResponseValidationError):
        await call(strict, "get_job", JOB_ID)


async def test_one_odd_item_spoils_nothing_else_in_a_page(
    router: respx.MockRouter, kind: str
) -> None:
    good = job_json("job_2")
    router.get("/v1/jobs").respond(
        200, json={"object": "list", "data": [odd_job(), good], "has_more": False}
    )
    page = await call(make(kind, api_key=API_KEY, strict_responses=False), "list_jobs")
    assert [type(j) for j in page.data] == [Job, Job]
    assert page.data[0].get("files_needed") == "lots"
    assert page.data[1].files_needed == 5
    assert page.data[1].created_at.tzinfo is not None


@pytest.mark.parametrize("body", [b"", b"<html>502</html>", b"[1, 2]", b'"text"'])
async def test_a_body_that_is_not_a_json_object_still_fails(
    router: respx.MockRouter, kind: str, body: bytes
) -> None:
    router.get(f"/v1/jobs/{JOB_ID}").mock(return_value=httpx.Response(200, content=body))
    client = make(kind, api_key=API_KEY, strict_responses=False)
    with pytest.raises(FirstHandResponseValidationError):
        await call(client, "get_job", JOB_ID)


def test_a_broken_required_field_is_kept_and_the_valid_ones_typed() -> None:
    job = parse_relaxed(
        Job, b'{"id": "job_1", "type": "feedback", "status": "open", "created_at": "yesterday"}'
    )
    assert isinstance(job, Job)
    assert job.get("created_at") == "yesterday"
    assert job.id == "job_1"
    # Missing (and documented): not invented, read as None rather than an AttributeError.
    as_read: tuple[object, object] = (job.files_approved, job.description)
    assert as_read == (None, None)
    assert job.object == "job"  # defaults still apply
    assert job.files_pending is None  # settled fields still default


def test_a_valid_body_parses_exactly_as_strict() -> None:
    body = b'{"object": "list", "data": [], "has_more": false, "next_cursor": null}'
    envelope = ListEnvelope[Job]
    assert parse_relaxed(envelope, body) == envelope.model_validate_json(body)
