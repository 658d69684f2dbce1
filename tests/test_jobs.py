"""The Jobs operations end to end, on both clients, against the in-memory ``fake_api``.

Covers create/get/list/cancel, the errors the server answers, and local validation of every
documented limit of ``create_job`` (docs/api-contract.md, "Limits of a job"): a bad body is refused before anything is sent.
"""

from __future__ import annotations

import inspect
import json
from datetime import datetime, timezone
from typing import Any, Union

import httpx
import pytest

from client_helpers import API_KEY
from firsthand import (
    AsyncFirstHandClient,
    AsyncPage,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandIdempotencyError,
    FirstHandNotFoundError,
    FirstHandValidationError,
    Job,
    JobCreateParams,
    Page,
)
from mounted_standin import MountedStandIn

AnyClient = Union[FirstHandClient, AsyncFirstHandClient]


async def call(client: AnyClient, name: str, *args: Any, **kwargs: Any) -> Any:
    """Call one operation on either client; the async client's coroutine is awaited."""
    result = getattr(client, name)(*args, **kwargs)
    if inspect.isawaitable(result):
        return await result
    return result


def valid_body(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "data_collection",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 50,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": 75,
    }
    body.update(changes)
    return body


def sent_json(request: httpx.Request) -> Any:
    return json.loads(request.content)


# -- create -------------------------------------------------------------------------------------


async def test_create_job_with_a_dict(client: AnyClient, fake_api: MountedStandIn) -> None:
    job: Job = await call(client, "create_job", valid_body(title="Coffee cups"))

    assert isinstance(job, Job)
    assert job.id.startswith("job_")
    assert job.status == "open"
    assert job.type == "data_collection"
    assert job.files_needed == 50
    assert job.price_per_file_cents == 75
    assert job.total_cost_cents == 50 * 75
    assert job.title == "Coffee cups"
    assert job.created_at.tzinfo is not None
    assert job.id in fake_api.jobs

    (request,) = fake_api.sent
    assert request.method == "POST"
    assert request.url.raw_path == b"/v1/jobs"
    assert request.headers["Content-Type"] == "application/json"
    assert request.headers["Authorization"] == f"Bearer {API_KEY}"
    assert request.headers["Idempotency-Key"]
    # Only what was given is sent: unset optional fields are omitted, not sent as null.
    assert sent_json(request) == valid_body(title="Coffee cups")


async def test_create_job_with_a_model_sends_the_same_body_as_a_dict(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    body = valid_body(
        title="Coffee cups",
        location={"lat": 40.7128, "lng": -74.006, "radius_km": 5},
        deadline="2026-04-01T12:00:00Z",
        metadata={"campaign": "spring", "batch": 3},
        files_per_submission=2,
        min_star_rating=4,
        min_width=640,
    )
    from_dict: Job = await call(client, "create_job", body)
    from_model: Job = await call(client, "create_job", JobCreateParams.model_validate(body))

    first, second = fake_api.sent
    assert first.content == second.content
    wire = sent_json(first)
    assert wire["location"] == {"lat": 40.7128, "lng": -74.006, "radius_km": 5.0}
    assert wire["metadata"] == {"campaign": "spring", "batch": 3}
    assert datetime.fromisoformat(wire["deadline"].replace("Z", "+00:00")) == datetime(
        2026, 4, 1, 12, tzinfo=timezone.utc
    )
    # Each call gets its own idempotency key.
    assert first.headers["Idempotency-Key"] != second.headers["Idempotency-Key"]
    assert from_dict.id != from_model.id
    assert from_dict.to_dict().keys() == from_model.to_dict().keys()
    assert from_model.location is not None
    assert from_model.location.radius_km == 5.0


# -- get ----------------------------------------------------------------------------------------


async def test_get_job_returns_the_job(client: AnyClient, fake_api: MountedStandIn) -> None:
    created: Job = await call(client, "create_job", valid_body())
    fetched: Job = await call(client, "get_job", created.id)

    assert fetched == created
    request = fake_api.sent[-1]
    assert request.method == "GET"
    assert request.url.raw_path == f"/v1/jobs/{created.id}".encode()
    assert "Prefer" not in request.headers
    assert "Idempotency-Key" not in request.headers
    assert not request.content


@pytest.mark.parametrize(("wait", "prefer"), [(5, "wait=5"), (0.2, "wait=1"), (600, "wait=60")])
async def test_get_job_with_wait_sends_prefer_header(
    client: AnyClient, fake_api: MountedStandIn, wait: float, prefer: str
) -> None:
    created: Job = await call(client, "create_job", valid_body())
    fetched: Job = await call(client, "get_job", created.id, wait=wait)

    assert fetched.id == created.id
    request = fake_api.sent[-1]
    assert request.headers["Prefer"] == prefer
    # The read timeout always outlasts the server's hold.
    read = request.extensions["timeout"]["read"]
    assert read is not None
    assert read > int(prefer.split("=")[1])


async def test_get_unknown_job_raises_not_found_with_request_id(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    with pytest.raises(FirstHandNotFoundError) as info:
        await call(client, "get_job", "job_does_not_exist")

    err = info.value
    assert err.status == 404
    assert err.type == "not_found"
    assert err.retryable is False
    assert err.request_id is not None
    assert err.request_id.startswith("req_")
    assert len(err.request_id) == 30
    assert f"(request_id: {err.request_id})" in str(err)
    assert len(fake_api.sent) == 1  # a 404 is final: not retried


# -- list ---------------------------------------------------------------------------------------


async def test_list_jobs_returns_a_page(client: AnyClient, fake_api: MountedStandIn) -> None:
    created = [(await call(client, "create_job", valid_body())).id for _ in range(3)]
    page: Union[Page[Job], AsyncPage[Job]] = await call(client, "list_jobs")

    expected_cls = Page if isinstance(client, FirstHandClient) else AsyncPage
    assert type(page) is expected_cls
    assert all(isinstance(job, Job) for job in page.data)
    assert [job.id for job in page.data] == sorted(created, reverse=True)  # newest first
    assert page.has_more is False
    assert page.next_cursor is None
    request = fake_api.sent[-1]
    assert request.method == "GET"
    assert request.url.raw_path == b"/v1/jobs"  # nothing given, no query string


async def test_list_jobs_sends_filters_as_query_params(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    for _ in range(4):
        await call(client, "create_job", valid_body())
    cursor = (await call(client, "list_jobs", limit=3)).next_cursor
    await call(client, "list_jobs", status="open", type="data_collection", limit=3, cursor=cursor)

    request = fake_api.sent[-1]
    assert dict(request.url.params) == {
        "status": "open",
        "type": "data_collection",
        "limit": "3",
        "cursor": cursor,
    }
    assert not request.content


async def test_list_jobs_filters_by_status(client: AnyClient, fake_api: MountedStandIn) -> None:
    keep: Job = await call(client, "create_job", valid_body())
    gone: Job = await call(client, "create_job", valid_body())
    await call(client, "cancel_job", gone.id)

    open_page = await call(client, "list_jobs", status="open")
    cancelled_page = await call(client, "list_jobs", status="cancelled")

    assert [job.id for job in open_page.data] == [keep.id]
    assert [job.id for job in cancelled_page.data] == [gone.id]
    assert fake_api.sent[-1].url.params["status"] == "cancelled"


async def test_following_next_cursor_visits_every_job_once(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    created = {(await call(client, "create_job", valid_body())).id for _ in range(5)}
    list_requests_before = len(fake_api.sent)

    seen: list[str] = []
    sizes: list[int] = []
    cursors: list[str] = []
    page = await call(client, "list_jobs", limit=2)
    while True:
        seen.extend(job.id for job in page.data)
        sizes.append(len(page.data))
        if not page.has_more:
            assert page.next_cursor is None
            break
        assert page.next_cursor is not None
        cursors.append(page.next_cursor)
        page = await call(client, "list_jobs", limit=2, cursor=page.next_cursor)

    assert sizes == [2, 2, 1]
    assert len(seen) == 5
    assert set(seen) == created
    assert seen == sorted(created, reverse=True)

    list_requests = fake_api.sent[list_requests_before:]
    assert [r.url.params.get("cursor") for r in list_requests] == [None, *cursors]
    assert all(r.url.params["limit"] == "2" for r in list_requests)


@pytest.mark.parametrize("limit", [0, 101, -1, "5", True, 2.0])
async def test_list_jobs_rejects_a_bad_limit_before_sending(
    client: AnyClient, fake_api: MountedStandIn, limit: object
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "list_jobs", limit=limit)

    assert info.value.status is None
    assert info.value.retryable is False
    assert any(d["field"] == "limit" for d in info.value.details)
    assert fake_api.sent == []


@pytest.mark.parametrize("limit", [1, 100])
async def test_list_jobs_accepts_limit_bounds(
    client: AnyClient, fake_api: MountedStandIn, limit: int
) -> None:
    page = await call(client, "list_jobs", limit=limit)
    assert page.data == []
    assert fake_api.sent[-1].url.params["limit"] == str(limit)


# -- cancel -------------------------------------------------------------------------------------


async def test_cancel_job_then_cancel_again_conflicts(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    created: Job = await call(client, "create_job", valid_body())
    cancelled: Job = await call(client, "cancel_job", created.id)

    assert cancelled.id == created.id
    assert cancelled.status == "cancelled"
    assert cancelled.is_terminal
    assert cancelled.cancelled_at is not None
    assert cancelled.cancelled_at.tzinfo is not None
    cancel_request = fake_api.sent[-1]
    assert cancel_request.method == "POST"
    assert cancel_request.url.raw_path == f"/v1/jobs/{created.id}/cancel".encode()
    assert cancel_request.headers["Idempotency-Key"]

    sent_before = len(fake_api.sent)
    with pytest.raises(FirstHandConflictError) as info:
        await call(client, "cancel_job", created.id)

    err = info.value
    assert not isinstance(err, FirstHandIdempotencyError)
    assert err.status == 409
    assert err.type == "conflict"
    assert err.retryable is False
    assert err.request_id is not None
    assert err.request_id.startswith("req_")
    assert len(fake_api.sent) == sent_before + 1  # a state conflict is not retried
    assert fake_api.jobs[created.id]["status"] == "cancelled"


async def test_cancel_unknown_job_raises_not_found(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    with pytest.raises(FirstHandNotFoundError) as info:
        await call(client, "cancel_job", "job_nope")
    assert info.value.status == 404
    assert len(fake_api.sent) == 1


# -- local validation of create_job -------------------------------------------------------------

_DROP = object()


def _metadata(keys: int) -> dict[str, Any]:
    return {f"k{i}": i for i in range(keys)}


# (changes to a valid body, the field the error must name). A value of _DROP removes the key.
INVALID_BODIES: list[tuple[str, dict[str, Any], str]] = [
    ("description_9_chars", {"description": "x" * 9}, "description"),
    ("description_5001_chars", {"description": "x" * 5001}, "description"),
    ("description_not_str", {"description": 1234567890123}, "description"),
    ("files_needed_0", {"files_needed": 0}, "files_needed"),
    ("files_needed_10001", {"files_needed": 10_001}, "files_needed"),
    ("files_needed_str", {"files_needed": "5"}, "files_needed"),
    ("files_needed_float", {"files_needed": 5.0}, "files_needed"),
    ("files_needed_bool", {"files_needed": True}, "files_needed"),
    ("price_9", {"price_per_file_cents": 9}, "price_per_file_cents"),
    ("price_50001", {"price_per_file_cents": 50_001}, "price_per_file_cents"),
    ("price_float", {"price_per_file_cents": 0.75}, "price_per_file_cents"),
    ("price_whole_float", {"price_per_file_cents": 75.0}, "price_per_file_cents"),
    ("accepted_formats_empty", {"accepted_formats": []}, "accepted_formats"),
    ("accepted_formats_gif", {"accepted_formats": ["image/gif"]}, "accepted_formats"),
    ("accepted_formats_str", {"accepted_formats": "image/png"}, "accepted_formats"),
    ("type_unknown", {"type": "survey"}, "type"),
    ("missing_type", {"type": _DROP}, "type"),
    ("missing_description", {"description": _DROP}, "description"),
    ("missing_files_needed", {"files_needed": _DROP}, "files_needed"),
    ("missing_accepted_formats", {"accepted_formats": _DROP}, "accepted_formats"),
    ("missing_price", {"price_per_file_cents": _DROP}, "price_per_file_cents"),
    ("unknown_key_typo", {"file_needed": 50}, "file_needed"),
    ("title_101_chars", {"title": "t" * 101}, "title"),
    ("metadata_21_keys", {"metadata": _metadata(21)}, "metadata"),
    ("files_per_submission_0", {"files_per_submission": 0}, "files_per_submission"),
    ("files_per_submission_6", {"files_per_submission": 6}, "files_per_submission"),
    ("scoring_criteria_1001_chars", {"scoring_criteria": "s" * 1001}, "scoring_criteria"),
    ("min_star_rating_0", {"min_star_rating": 0}, "min_star_rating"),
    ("min_star_rating_6", {"min_star_rating": 6}, "min_star_rating"),
    ("location_lat_91", {"location": {"lat": 91, "lng": 0}}, "location.lat"),
    ("location_lat_-91", {"location": {"lat": -91, "lng": 0}}, "location.lat"),
    ("location_lng_-181", {"location": {"lat": 0, "lng": -181}}, "location.lng"),
    ("location_lng_181", {"location": {"lat": 0, "lng": 181}}, "location.lng"),
    ("location_radius_0", {"location": {"lat": 0, "lng": 0, "radius_km": 0}}, "location.radius_km"),
    ("location_missing_lng", {"location": {"lat": 0}}, "location.lng"),
    ("location_unknown_key", {"location": {"lat": 0, "lng": 0, "radius": 5}}, "location.radius"),
    ("deadline_naive_datetime", {"deadline": datetime(2026, 4, 1, 12)}, "deadline"),
    ("deadline_naive_string", {"deadline": "2026-04-01T12:00:00"}, "deadline"),
    ("max_workers_0", {"max_workers": 0}, "max_workers"),
    ("min_width_0", {"min_width": 0}, "min_width"),
    ("min_height_0", {"min_height": 0}, "min_height"),
]


def _apply(changes: dict[str, Any]) -> dict[str, Any]:
    body = valid_body()
    for key, value in changes.items():
        if value is _DROP:
            del body[key]
        else:
            body[key] = value
    return body


def _names_field(field: str, expected: str) -> bool:
    """``accepted_formats.0`` names ``accepted_formats``; ``location.lat`` names itself."""
    return field == expected or field.startswith(expected + ".")


@pytest.mark.parametrize(
    ("changes", "field"),
    [pytest.param(changes, field, id=case) for case, changes, field in INVALID_BODIES],
)
async def test_create_job_rejects_invalid_body_before_sending(
    client: AnyClient, fake_api: MountedStandIn, changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", _apply(changes))

    err = info.value
    assert err.status is None
    assert err.retryable is False
    assert err.type == "validation_error"
    assert err.request_id is None
    assert any(_names_field(d["field"], field) for d in err.details), err.details
    assert all(d["message"] for d in err.details)
    assert fake_api.sent == []


async def test_missing_required_fields_are_all_named(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", {})

    named = {d["field"] for d in info.value.details}
    assert named == {
        "type",
        "description",
        "files_needed",
        "accepted_formats",
        "price_per_file_cents",
    }
    assert fake_api.sent == []


async def test_local_validation_error_never_echoes_the_value(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    secret_looking = "top-secret-customer-text " * 300  # 7500 chars: too long
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", valid_body(description=secret_looking))
    assert "top-secret-customer-text" not in str(info.value)
    assert fake_api.sent == []


@pytest.mark.parametrize(
    "body",
    [pytest.param([("type", "feedback")], id="list"), pytest.param("{}", id="str"), None, 42],
)
async def test_create_job_rejects_a_body_of_the_wrong_type(
    client: AnyClient, fake_api: MountedStandIn, body: object
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "create_job", body)

    assert info.value.status is None
    assert info.value.retryable is False
    assert [d["field"] for d in info.value.details] == ["body"]
    assert fake_api.sent == []


VALID_BOUNDARIES: list[tuple[str, dict[str, Any]]] = [
    ("description_10_chars", {"description": "x" * 10}),
    ("description_5000_chars", {"description": "x" * 5000}),
    ("files_needed_1", {"files_needed": 1}),
    ("files_needed_10000", {"files_needed": 10_000}),
    ("price_10", {"price_per_file_cents": 10}),
    ("price_50000", {"price_per_file_cents": 50_000}),
    ("metadata_20_keys", {"metadata": _metadata(20)}),
    ("title_100_chars", {"title": "t" * 100}),
    ("scoring_criteria_1000_chars", {"scoring_criteria": "s" * 1000}),
    ("files_per_submission_1", {"files_per_submission": 1}),
    ("files_per_submission_5", {"files_per_submission": 5}),
    ("min_star_rating_1", {"min_star_rating": 1}),
    ("min_star_rating_5", {"min_star_rating": 5}),
    ("location_extremes", {"location": {"lat": -90, "lng": 180, "radius_km": 0.001}}),
    ("max_workers_1", {"max_workers": 1}),
    ("min_width_height_1", {"min_width": 1, "min_height": 1}),
    ("all_formats", {"accepted_formats": ["image/webp", "audio/wav", "video/quicktime"]}),
    ("feedback_type", {"type": "feedback"}),
]


@pytest.mark.parametrize(
    "changes", [pytest.param(changes, id=case) for case, changes in VALID_BOUNDARIES]
)
async def test_create_job_accepts_boundary_values(
    client: AnyClient, fake_api: MountedStandIn, changes: dict[str, Any]
) -> None:
    job: Job = await call(client, "create_job", valid_body(**changes))

    (request,) = fake_api.sent
    wire = sent_json(request)
    for key, value in changes.items():
        assert wire[key] == value
        assert job[key] == value or isinstance(value, dict)
