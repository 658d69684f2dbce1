"""The test fake itself (``tests/fake_api.py``), exercised over plain ``httpx`` through respx.

Not through the SDK clients: this pins what the fake answers (every route, statuses, error and list
envelopes, pagination, idempotency, money movement), so SDK tests can rely on it.
"""

from __future__ import annotations

import hashlib
import json
import re
import ssl
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Dict, List, Optional

import httpx
import pytest
import respx

from fake_api import API_VERSION, FILES_HOST, SCOPES, FakeAPI, FakeJobsAPI

Json = Dict[str, Any]

BASE = "https://api.firsthandapi.com"
KEY = "fh_test_sk_fakeapi000000000000000000"
AUTO = "auto"
#: One TLS context for every client here (building one per client costs ~0.2 s; nothing is sent).
TLS = ssl.create_default_context()
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
JOB_FIELDS = {
    "object",
    "id",
    "type",
    "status",
    "title",
    "description",
    "files_needed",
    "files_approved",
    "files_pending",
    "files_rejected",
    "accepted_formats",
    "price_per_file_cents",
    "total_cost_cents",
    "location",
    "deadline",
    "max_workers",
    "metadata",
    "files_per_submission",
    "scoring_criteria",
    "min_star_rating",
    "min_width",
    "min_height",
    "worker_guidelines",
    "buyer_rating",
    "created_at",
    "updated_at",
    "completed_at",
    "cancelled_at",
}


# -- helpers ------------------------------------------------------------------------------------


@pytest.fixture
def http(fake_api: FakeAPI) -> Iterator[httpx.Client]:
    """A plain httpx client authenticated with a test key (the fake is mounted by ``fake_api``)."""
    with httpx.Client(
        base_url=BASE, headers={"Authorization": f"Bearer {KEY}"}, verify=TLS
    ) as client:
        yield client


def post(
    http: httpx.Client,
    path: str,
    body: Any = None,
    *,
    key: Optional[str] = AUTO,
    headers: Optional[Dict[str, str]] = None,
) -> httpx.Response:
    """POST JSON (no body when ``body`` is None) with a fresh Idempotency-Key unless told."""
    sent = dict(headers or {})
    if key == AUTO:
        key = f"idem-{uuid.uuid4()}"
    if key is not None:
        sent["Idempotency-Key"] = key
    return http.post(path, json=body, headers=sent)


def job_body(**changes: Any) -> Json:
    body: Json = {
        "type": "data_collection",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 50,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": 75,
    }
    body.update(changes)
    return body


def create_job(http: httpx.Client, **changes: Any) -> Json:
    response = post(http, "/v1/jobs", job_body(**changes))
    assert response.status_code == 201, response.text
    job: Json = response.json()
    return job


def ok(response: httpx.Response, status: int = 200) -> Json:
    assert response.status_code == status, response.text
    assert_common_headers(response)
    body: Json = response.json()
    return body


def assert_common_headers(response: httpx.Response) -> None:
    assert re.fullmatch(r"req_[0-9A-Z]{26}", response.headers["X-Request-Id"])
    for name in ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"):
        assert response.headers[name].isdigit(), name


def assert_error(response: httpx.Response, status: int, type_: str) -> Json:
    """The error envelope, exactly: ``{"error": {type, message, request_id, details?}}``."""
    assert response.status_code == status, response.text
    assert_common_headers(response)
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error: Json = body["error"]
    assert set(error) <= {"type", "message", "request_id", "details"}
    assert error["type"] == type_
    assert isinstance(error["message"], str)
    assert error["message"]
    assert error["request_id"] == response.headers["X-Request-Id"]
    for detail in error.get("details", []):
        assert set(detail) == {"field", "message"}
    return error


def detail_fields(error: Json) -> List[str]:
    return [d["field"] for d in error["details"]]


def walk(http: httpx.Client, path: str, **params: Any) -> List[Json]:
    """Follow ``next_cursor`` to the end, checking the list envelope on every page."""
    items: List[Json] = []
    cursor: Optional[str] = None
    for _ in range(100):
        query = dict(params)
        if cursor is not None:
            query["cursor"] = cursor
        page = ok(http.get(path, params=query))
        assert set(page) == {"object", "data", "has_more", "next_cursor"}
        assert page["object"] == "list"
        items.extend(page["data"])
        if not page["has_more"]:
            assert page["next_cursor"] is None
            return items
        cursor = page["next_cursor"]
        assert isinstance(cursor, str)
    raise AssertionError("pagination never ended")


def ids(items: List[Json]) -> List[str]:
    return [item["id"] for item in items]


def assert_id(value: str, prefix: str) -> None:
    assert re.fullmatch(re.escape(prefix) + r"[0-9A-Z]{26}", value), value


@dataclass
class World:
    """One of everything: an open job, a completed one, a key, an endpoint, files, events."""

    job: Json
    done: Json
    key: Json
    endpoint: Json
    file_id: str
    submission_id: str
    event_id: str


@pytest.fixture
def world(fake_api: FakeAPI, http: httpx.Client) -> World:
    job = create_job(http)
    done = create_job(http, files_needed=3, price_per_file_cents=120)
    fake_api.complete_job(done["id"], approved=3, rejected=1)
    key = ok(post(http, "/v1/api_keys", {"name": "ci"}))
    endpoint = ok(
        post(
            http,
            "/v1/webhook_endpoints",
            {"url": "https://example.com/hooks", "events": ["job.completed"]},
        )
    )
    file_id = next(iter(fake_api.files))
    submission_id = next(iter(fake_api.submissions))
    event_id = next(iter(fake_api.webhook_events))
    return World(job, done, key, endpoint, file_id, submission_id, event_id)


# -- every route --------------------------------------------------------------------------------

# (method, path template, body, success status, the `object` of the answer or None for no body)
ROUTES: List[tuple[str, str, Any, int, Optional[str]]] = [
    ("POST", "/v1/jobs", job_body(), 201, "job"),
    ("GET", "/v1/jobs/{job}", None, 200, "job"),
    ("GET", "/v1/jobs", None, 200, "list"),
    ("POST", "/v1/jobs/{job}/cancel", None, 200, "job"),
    ("POST", "/v1/jobs/{done}/rate", {"rating": 5}, 200, "job"),
    ("GET", "/v1/jobs/{done}/files", None, 200, "list"),
    ("GET", "/v1/jobs/{done}/submissions", None, 200, "list"),
    ("GET", "/v1/jobs/{job}/audit", None, 200, "list"),
    ("POST", "/v1/files/{file}/refresh_url", None, 200, "file"),
    ("GET", "/v1/submissions", None, 200, "list"),
    ("GET", "/v1/submissions/{sub}", None, 200, "submission"),
    ("GET", "/v1/submissions/summary", None, 200, "submission_summary"),
    ("POST", "/v1/api_keys", {"name": "deploy"}, 200, "api_key"),
    ("GET", "/v1/api_keys", None, 200, "list"),
    ("POST", "/v1/api_keys/{key}/rotate", None, 200, "api_key"),
    ("POST", "/v1/api_keys/{key}/revoke", None, 204, None),
    (
        "POST",
        "/v1/webhook_endpoints",
        {"url": "https://example.com/h", "events": ["job.cancelled"]},
        200,
        "webhook_endpoint",
    ),
    ("GET", "/v1/webhook_endpoints", None, 200, "list"),
    ("GET", "/v1/webhook_endpoints/{endpoint}", None, 200, "webhook_endpoint"),
    ("PATCH", "/v1/webhook_endpoints/{endpoint}", {"status": "disabled"}, 200, "webhook_endpoint"),
    ("DELETE", "/v1/webhook_endpoints/{endpoint}", None, 204, None),
    ("POST", "/v1/webhook_endpoints/{endpoint}/rotate_secret", None, 200, "webhook_endpoint"),
    ("GET", "/v1/webhook_events", None, 200, "list"),
    ("POST", "/v1/webhook_events/{event}/replay", None, 200, "event"),
    ("GET", "/v1/billing/credits", None, 200, "credit_balance"),
    ("GET", "/v1/billing/transactions", None, 200, "list"),
    ("POST", "/v1/billing/credits/purchase", {"amount_cents": 1000}, 200, "checkout_session"),
    ("GET", "/v1/organization/settings", None, 200, "organization_settings"),
    (
        "PATCH",
        "/v1/organization/settings",
        {"auto_topup_enabled": True},
        200,
        "organization_settings",
    ),
    ("GET", "/v1/audit-events", None, 200, "list"),
]


def test_the_route_table_covers_the_30_operations() -> None:
    assert len({(method, path) for method, path, *_ in ROUTES}) == 30


@pytest.mark.parametrize(
    ("method", "template", "body", "status", "object_"),
    [pytest.param(*route, id=f"{route[0]} {route[1]}") for route in ROUTES],
)
def test_every_route_answers(
    world: World,
    http: httpx.Client,
    method: str,
    template: str,
    body: Any,
    status: int,
    object_: Optional[str],
) -> None:
    path = template.format(
        job=world.job["id"],
        done=world.done["id"],
        file=world.file_id,
        sub=world.submission_id,
        key=world.key["id"],
        endpoint=world.endpoint["id"],
        event=world.event_id,
    )
    headers = {"Idempotency-Key": f"idem-{uuid.uuid4()}"} if method == "POST" else {}
    response = http.request(method, path, json=body, headers=headers)

    assert response.status_code == status, response.text
    assert_common_headers(response)
    if object_ is None:
        assert response.content == b""
        assert "Content-Type" not in response.headers
        return
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["object"] == object_


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v2/jobs"),
        ("GET", "/v1/nothing"),
        ("DELETE", "/v1/jobs"),
        ("PUT", "/v1/organization/settings"),
        ("GET", "/v1/jobs/job_1/cancel"),
        ("GET", "/"),
    ],
)
def test_unknown_routes_are_404(http: httpx.Client, method: str, path: str) -> None:
    assert_error(http.request(method, path), 404, "not_found")


def test_path_parameters_are_percent_decoded_and_cannot_change_the_route(
    http: httpx.Client,
) -> None:
    error = assert_error(http.get("/v1/jobs/..%2Fapi_keys"), 404, "not_found")
    assert "../api_keys" in error["message"]


# -- transport: auth, request ids, rate limits --------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer sk_live_other", "Basic Zm9vOmJhcg==", "Bearer ", "fh_test_sk_no_bearer"],
)
def test_a_missing_or_unknown_key_is_401(fake_api: FakeAPI, authorization: Optional[str]) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    with httpx.Client(base_url=BASE, verify=TLS) as anonymous:
        response = anonymous.get("/v1/jobs", headers=headers)
    assert_error(response, 401, "authentication_error")


def test_request_ids_are_unique_and_every_request_is_recorded_in_order(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    first = http.get("/v1/jobs")
    second = http.get("/v1/billing/credits")
    third = http.get("/v1/jobs/job_missing")
    assert len({r.headers["X-Request-Id"] for r in (first, second, third)}) == 3
    assert [r.url.path for r in fake_api.requests] == [
        "/v1/jobs",
        "/v1/billing/credits",
        "/v1/jobs/job_missing",
    ]


def test_rate_limit_headers_count_down_per_key(fake_api: FakeAPI, http: httpx.Client) -> None:
    first, second = http.get("/v1/jobs"), http.get("/v1/jobs")
    assert first.headers["X-RateLimit-Limit"] == "100"
    assert first.headers["X-RateLimit-Remaining"] == "99"
    assert second.headers["X-RateLimit-Remaining"] == "98"
    assert int(first.headers["X-RateLimit-Reset"]) > fake_api.time() - 1
    other = http.get("/v1/jobs", headers={"Authorization": "Bearer fh_live_sk_other"})
    assert other.headers["X-RateLimit-Remaining"] == "99"


def test_an_enforced_rate_limit_answers_429_until_the_window_resets() -> None:
    fake = FakeAPI(rate_limit=2, enforce_rate_limit=True, clock=lambda: 1_700_000_000.0)
    with respx.mock() as router, httpx.Client(base_url=BASE, verify=TLS) as client:
        router.route(host="api.firsthandapi.com").mock(side_effect=fake.handler)
        client.headers["Authorization"] = f"Bearer {KEY}"
        assert client.get("/v1/jobs").status_code == 200
        assert client.get("/v1/jobs").status_code == 200
        limited = post(client, "/v1/jobs", job_body(), key="idem-limited")
        assert_error(limited, 429, "rate_limit_exceeded")
        # The window started at 1_699_999_980 (a multiple of 60), so it resets 40 s from now.
        assert limited.headers["Retry-After"] == "40"
        assert limited.headers["X-RateLimit-Remaining"] == "0"
        assert limited.headers["X-RateLimit-Reset"] == "1700000040"
        assert fake.jobs == {}

        fake.advance(40)
        retried = post(client, "/v1/jobs", job_body(), key="idem-limited")
        assert retried.status_code == 201  # a 429 is not stored under the key
        assert "Idempotent-Replayed" not in retried.headers


def test_the_old_name_is_the_same_class() -> None:
    assert FakeJobsAPI is FakeAPI


# -- idempotency --------------------------------------------------------------------------------


def test_same_key_same_body_replays_the_stored_response(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    first = post(http, "/v1/jobs", job_body(), key="idem-1")
    again = post(http, "/v1/jobs", job_body(), key="idem-1")

    assert first.status_code == again.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert again.headers["X-Request-Id"] == first.headers["X-Request-Id"]
    assert_common_headers(again)
    assert len(fake_api.jobs) == 1
    assert fake_api.held_cents == 50 * 75  # held once


def test_json_key_order_does_not_make_a_different_request(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    body = job_body()
    reordered = dict(reversed(list(body.items())))
    headers = {"Idempotency-Key": "idem-order", "Content-Type": "application/json"}
    first = http.post("/v1/jobs", content=json.dumps(body), headers=headers)
    again = http.post("/v1/jobs", content=json.dumps(reordered), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(fake_api.jobs) == 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        pytest.param("/v1/jobs", job_body(files_needed=51), id="other-body"),
        pytest.param("/v1/api_keys", {"name": "x"}, id="other-path"),
    ],
)
def test_same_key_different_request_is_409_idempotency_error(
    fake_api: FakeAPI, http: httpx.Client, path: str, body: Json
) -> None:
    ok(post(http, "/v1/jobs", job_body(), key="idem-2"), 201)
    conflict = post(http, path, body, key="idem-2")
    assert_error(conflict, 409, "idempotency_error")
    assert "Idempotent-Replayed" not in conflict.headers
    assert len(fake_api.jobs) == 1
    assert fake_api.api_keys == {}


def test_an_error_answer_is_replayed_too(fake_api: FakeAPI, http: httpx.Client) -> None:
    bad = job_body(files_needed=0)
    first = post(http, "/v1/jobs", bad, key="idem-bad")
    again = post(http, "/v1/jobs", bad, key="idem-bad")
    assert_error(first, 400, "validation_error")
    assert_error(again, 400, "validation_error")
    assert again.headers["Idempotent-Replayed"] == "true"


def test_keys_expire_after_24_hours(fake_api: FakeAPI, http: httpx.Client) -> None:
    ok(post(http, "/v1/jobs", job_body(), key="idem-old"), 201)
    fake_api.advance(24 * 3600 + 1)
    later = post(http, "/v1/jobs", job_body(files_needed=7), key="idem-old")
    assert later.status_code == 201
    assert "Idempotent-Replayed" not in later.headers
    assert len(fake_api.jobs) == 2


@pytest.mark.parametrize(
    ("template", "body"),
    [
        ("/v1/jobs", job_body()),
        ("/v1/jobs/{job}/cancel", None),
        ("/v1/jobs/{done}/rate", {"rating": 4}),
        ("/v1/api_keys", {"name": "k"}),
        ("/v1/webhook_endpoints", {"url": "https://e.com", "events": ["job.completed"]}),
        ("/v1/billing/credits/purchase", {"amount_cents": 1000}),
    ],
)
def test_listed_posts_require_an_idempotency_key(
    world: World, http: httpx.Client, template: str, body: Any
) -> None:
    path = template.format(job=world.job["id"], done=world.done["id"])
    error = assert_error(post(http, path, body, key=None), 400, "validation_error")
    assert detail_fields(error) == ["Idempotency-Key"]


@pytest.mark.parametrize(
    "template",
    [
        "/v1/api_keys/{key}/rotate",
        "/v1/api_keys/{key}/revoke",
        "/v1/webhook_endpoints/{endpoint}/rotate_secret",
        "/v1/webhook_events/{event}/replay",
        "/v1/files/{file}/refresh_url",
    ],
)
def test_other_posts_work_without_a_key(world: World, http: httpx.Client, template: str) -> None:
    path = template.format(
        key=world.key["id"],
        endpoint=world.endpoint["id"],
        event=world.event_id,
        file=world.file_id,
    )
    assert post(http, path, key=None).status_code in (200, 204)


# -- jobs ---------------------------------------------------------------------------------------


def test_create_job_answers_201_with_every_job_field(http: httpx.Client) -> None:
    job = create_job(http, title="Cups", metadata={"batch": "7"})
    assert set(job) == JOB_FIELDS
    assert_id(job["id"], "job_")
    assert job["object"] == "job"
    assert job["status"] == "open"
    assert job["title"] == "Cups"
    assert job["metadata"] == {"batch": "7"}
    assert job["total_cost_cents"] == 50 * 75
    assert (job["files_approved"], job["files_pending"], job["files_rejected"]) == (0, 0, 0)
    assert job["files_per_submission"] == 1
    assert job["min_star_rating"] == 3
    assert job["buyer_rating"] is None
    assert job["completed_at"] is None
    assert job["cancelled_at"] is None
    assert TIMESTAMP.match(job["created_at"])
    assert job["created_at"] == job["updated_at"]


def test_create_job_names_every_missing_field(http: httpx.Client) -> None:
    error = assert_error(post(http, "/v1/jobs", {}), 400, "validation_error")
    assert set(detail_fields(error)) == {
        "type",
        "description",
        "files_needed",
        "accepted_formats",
        "price_per_file_cents",
    }


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"description": "short"}, "description"),
        ({"files_needed": 10_001}, "files_needed"),
        ({"files_needed": True}, "files_needed"),
        ({"price_per_file_cents": 9}, "price_per_file_cents"),
        ({"accepted_formats": ["image/gif"]}, "accepted_formats"),
        ({"type": "survey"}, "type"),
        ({"min_star_rating": 6}, "min_star_rating"),
        ({"metadata": {str(i): i for i in range(21)}}, "metadata"),
        ({"file_needed": 5}, "file_needed"),
    ],
)
def test_create_job_validates_the_body(
    fake_api: FakeAPI, http: httpx.Client, changes: Json, field: str
) -> None:
    error = assert_error(post(http, "/v1/jobs", job_body(**changes)), 400, "validation_error")
    assert field in detail_fields(error)
    assert fake_api.jobs == {}


@pytest.mark.parametrize("content", [b"{not json", b"[1, 2]", b'"text"'])
def test_a_body_that_is_not_a_json_object_is_400(http: httpx.Client, content: bytes) -> None:
    response = http.post(
        "/v1/jobs",
        content=content,
        headers={"Idempotency-Key": "idem-raw", "Content-Type": "application/json"},
    )
    assert_error(response, 400, "validation_error")


def test_get_job_and_unknown_job(http: httpx.Client) -> None:
    job = create_job(http)
    assert ok(http.get(f"/v1/jobs/{job['id']}")) == job
    error = assert_error(http.get("/v1/jobs/job_missing"), 404, "not_found")
    assert "job_missing" in error["message"]


@pytest.mark.parametrize(("prefer", "applied"), [("wait=5", "wait=5"), ("wait=90", "wait=60")])
def test_long_poll_preference_is_applied(http: httpx.Client, prefer: str, applied: str) -> None:
    job = create_job(http)
    response = http.get(f"/v1/jobs/{job['id']}", headers={"Prefer": prefer})
    assert response.status_code == 200
    assert response.headers["Preference-Applied"] == applied
    assert "Preference-Applied" not in http.get(f"/v1/jobs/{job['id']}").headers


def test_list_jobs_filters_by_status_and_type(http: httpx.Client) -> None:
    keep = create_job(http)
    feedback = create_job(http, type="feedback")
    gone = create_job(http)
    ok(post(http, f"/v1/jobs/{gone['id']}/cancel"))

    assert ids(walk(http, "/v1/jobs", status="cancelled")) == [gone["id"]]
    assert ids(walk(http, "/v1/jobs", status="open")) == [feedback["id"], keep["id"]]
    assert ids(walk(http, "/v1/jobs", type="feedback")) == [feedback["id"]]
    assert ids(walk(http, "/v1/jobs", type="feedback", status="cancelled")) == []
    for name in ("status", "type"):
        error = assert_error(http.get("/v1/jobs", params={name: "bogus"}), 400, "validation_error")
        assert detail_fields(error) == [name]


def test_cancel_moves_to_cancelled_then_conflicts(fake_api: FakeAPI, http: httpx.Client) -> None:
    job = create_job(http)
    cancelled = ok(post(http, f"/v1/jobs/{job['id']}/cancel"))
    assert cancelled["status"] == "cancelled"
    assert TIMESTAMP.match(cancelled["cancelled_at"])
    assert_error(post(http, f"/v1/jobs/{job['id']}/cancel"), 409, "conflict")
    assert_error(post(http, "/v1/jobs/job_missing/cancel"), 404, "not_found")
    assert [e["type"] for e in fake_api.webhook_events.values()] == ["job.cancelled"]


def test_a_completed_job_cannot_be_cancelled(world: World, http: httpx.Client) -> None:
    assert_error(post(http, f"/v1/jobs/{world.done['id']}/cancel"), 409, "conflict")


def test_rate_only_a_completed_job(world: World, http: httpx.Client) -> None:
    assert_error(post(http, f"/v1/jobs/{world.job['id']}/rate", {"rating": 5}), 409, "conflict")
    rated = ok(post(http, f"/v1/jobs/{world.done['id']}/rate", {"rating": 5, "comment": "Great"}))
    assert rated["buyer_rating"] == 5
    assert_error(post(http, "/v1/jobs/job_missing/rate", {"rating": 5}), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"rating": 0}, "rating"),
        ({"rating": 6}, "rating"),
        ({"rating": "5"}, "rating"),
        ({"rating": 4.5}, "rating"),
        ({"rating": True}, "rating"),
        ({}, "rating"),
        ({"rating": 5, "comment": "c" * 1001}, "comment"),
        ({"rating": 5, "stars": 5}, "stars"),
    ],
)
def test_rate_validates_the_body(world: World, http: httpx.Client, body: Json, field: str) -> None:
    response = post(http, f"/v1/jobs/{world.done['id']}/rate", body)
    assert detail_fields(assert_error(response, 400, "validation_error")) == [field]


# -- simulated workers: complete_job ------------------------------------------------------------


def test_complete_job_defaults_to_five_approved_files(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    job = create_job(http)
    fake_api.complete_job(job["id"])
    fetched = ok(http.get(f"/v1/jobs/{job['id']}"))
    assert fetched["status"] == "in_progress"
    assert (fetched["files_approved"], fetched["files_rejected"]) == (5, 0)
    assert len(walk(http, f"/v1/jobs/{job['id']}/files")) == 5


def test_complete_job_completes_when_every_file_is_approved(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    job = create_job(http, files_needed=3)
    fake_api.complete_job(job["id"], approved=3, rejected=1, pending=1)
    fetched = ok(http.get(f"/v1/jobs/{job['id']}"))
    assert fetched["status"] == "completed"
    assert TIMESTAMP.match(fetched["completed_at"])
    counters = (fetched["files_approved"], fetched["files_rejected"], fetched["files_pending"])
    assert counters == (3, 1, 1)

    events = walk(http, "/v1/webhook_events")
    assert events[0]["type"] == "job.completed"  # newest first
    assert events[0]["data"]["status"] == "completed"
    counts: Dict[str, int] = {}
    for event in events:
        counts[event["type"]] = counts.get(event["type"], 0) + 1
    assert counts == {
        "submission.scored": 4,
        "submission.approved": 3,
        "submission.rejected": 1,
        "job.completed": 1,
    }
    for event in events:
        assert_id(event["id"], "evt_")
        assert event["object"] == "event"
        assert event["api_version"] == API_VERSION
        if event["type"] == "submission.scored":
            assert event["data"]["object"] == "submission"
            assert set(event["data"]["dimensions"]) == {"relevance", "quality", "completeness"}
            assert event["data"]["annotations"]["annotation_model"]


def test_complete_job_refuses_impossible_requests(fake_api: FakeAPI, http: httpx.Client) -> None:
    job = create_job(http, files_needed=2)
    with pytest.raises(ValueError, match="needs 2 more"):
        fake_api.complete_job(job["id"], approved=3)
    with pytest.raises(KeyError):
        fake_api.complete_job("job_missing")
    fake_api.complete_job(job["id"], approved=2)
    with pytest.raises(ValueError, match="already completed"):
        fake_api.complete_job(job["id"])


def test_approved_files_are_served_and_match_their_hash(world: World, http: httpx.Client) -> None:
    files = walk(http, f"/v1/jobs/{world.done['id']}/files")
    assert len(files) == 3
    for file in files:
        assert_id(file["id"], "file_")
        assert file["object"] == "file"
        assert file["download_url"] == f"https://{FILES_HOST}/{file['id']}"
        assert TIMESTAMP.match(file["download_url_expires_at"])
        content = http.get(file["download_url"]).content
        assert hashlib.sha256(content).hexdigest() == file["content_hash"]
        assert len(content) == file["size_bytes"]
        submission = ok(http.get(f"/v1/submissions/{file['submission_id']}"))
        assert submission["status"] == "approved"
    assert http.get(f"https://{FILES_HOST}/file_missing").status_code == 404


def test_job_files_filter_on_min_score(fake_api: FakeAPI, http: httpx.Client) -> None:
    picky = create_job(http, files_needed=2, min_star_rating=5)
    fake_api.complete_job(picky["id"], approved=2, rejected=1)
    plain = create_job(http, files_needed=2)
    fake_api.complete_job(plain["id"], approved=2)

    plain_files = f"/v1/jobs/{plain['id']}/files"
    assert len(walk(http, plain_files)) == 2  # default min_score 3 keeps the 4-star files
    assert walk(http, plain_files, min_score=5) == []
    assert [
        f["ai_star_rating"] for f in walk(http, f"/v1/jobs/{picky['id']}/files", min_score=5)
    ] == [5, 5]
    for bad in ("0", "6", "x"):
        response = http.get(plain_files, params={"min_score": bad})
        assert detail_fields(assert_error(response, 400, "validation_error")) == ["min_score"]
    assert_error(http.get("/v1/jobs/job_missing/files"), 404, "not_found")


def test_job_submissions_filter_on_status(world: World, http: httpx.Client) -> None:
    path = f"/v1/jobs/{world.done['id']}/submissions"
    everything = walk(http, path)
    assert len(everything) == 4
    assert {s["job_id"] for s in everything} == {world.done["id"]}
    rejected = walk(http, path, status="rejected")
    assert [s["status"] for s in rejected] == ["rejected"]
    assert rejected[0]["ai_star_rating"] == 2
    assert rejected[0]["ai_reasoning"]
    assert len(walk(http, path, status="approved")) == 3
    assert_error(http.get(path, params={"status": "won"}), 400, "validation_error")


def test_refresh_url_issues_a_new_url_that_still_serves_the_file(
    fake_api: FakeAPI, world: World, http: httpx.Client
) -> None:
    files = walk(http, f"/v1/jobs/{world.done['id']}/files")
    original = next(f for f in files if f["id"] == world.file_id)
    fake_api.advance(3600)
    refreshed = ok(post(http, f"/v1/files/{world.file_id}/refresh_url", key=None))
    assert refreshed["id"] == world.file_id
    assert refreshed["download_url"] != original["download_url"]
    assert refreshed["download_url_expires_at"] > original["download_url_expires_at"]
    content = http.get(refreshed["download_url"]).content
    assert hashlib.sha256(content).hexdigest() == refreshed["content_hash"]
    assert_error(post(http, "/v1/files/file_missing/refresh_url"), 404, "not_found")


# -- submissions --------------------------------------------------------------------------------


def test_list_submissions_filters(fake_api: FakeAPI, world: World, http: httpx.Client) -> None:
    fake_api.complete_job(world.job["id"], approved=1, pending=1)
    everything = walk(http, "/v1/submissions")
    assert len(everything) == 6
    for submission in everything:
        assert_id(submission["id"], "sub_")
        assert_id(submission["worker_id"], "wkr_")
    pending = walk(http, "/v1/submissions", status="pending_score")
    assert len(pending) == 1
    assert pending[0]["ai_star_rating"] is None
    assert pending[0]["scored_at"] is None
    assert pending[0]["ai_reasoning"] is None
    assert len(walk(http, "/v1/submissions", job_id=world.done["id"])) == 4
    assert len(walk(http, "/v1/submissions", min_score=3)) == 4  # 3 + 1 approved, 4 stars each
    assert len(walk(http, "/v1/submissions", start_date="2020-01-01")) == 6
    assert (
        walk(http, "/v1/submissions", start_date="2019-01-01", end_date="2020-01-01T00:00:00Z")
        == []
    )
    assert walk(http, "/v1/submissions", job_id="job_other") == []


def test_list_submissions_defaults_to_the_last_30_days(
    fake_api: FakeAPI, world: World, http: httpx.Client
) -> None:
    fake_api.advance(31 * 86_400)
    assert walk(http, "/v1/submissions") == []
    assert len(walk(http, "/v1/submissions", start_date="2000-01-01")) == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start_date": "yesterday"}, "start_date"),
        ({"end_date": "2026-13-01"}, "end_date"),
        ({"start_date": "2026-03-02", "end_date": "2026-03-01"}, "start_date"),
        ({"min_score": "6"}, "min_score"),
        ({"status": "done"}, "status"),
    ],
)
def test_list_submissions_rejects_bad_filters(
    http: httpx.Client, params: Dict[str, str], field: str
) -> None:
    error = assert_error(http.get("/v1/submissions", params=params), 400, "validation_error")
    assert detail_fields(error) == [field]


def test_get_submission(world: World, http: httpx.Client) -> None:
    submission = ok(http.get(f"/v1/submissions/{world.submission_id}"))
    assert submission["object"] == "submission"
    assert submission["job_id"] == world.done["id"]
    assert TIMESTAMP.match(submission["submitted_at"])
    assert_error(http.get("/v1/submissions/sub_missing"), 404, "not_found")


def test_submission_summary_is_computed_from_the_submissions(
    world: World, http: httpx.Client
) -> None:
    summary = ok(http.get("/v1/submissions/summary", params={"job_id": world.done["id"]}))
    assert summary == {
        "object": "submission_summary",
        "job_id": world.done["id"],
        "start_date": summary["start_date"],
        "end_date": summary["end_date"],
        "total": 4,
        "approved": 3,
        "rejected": 1,
        "pending_score": 0,
        "retry_pending": 0,
        "approval_rate": 0.75,
        "average_star_rating": 3.5,
        "star_rating_distribution": {"1": 0, "2": 1, "3": 0, "4": 3, "5": 0},
    }
    assert TIMESTAMP.match(summary["start_date"])
    assert TIMESTAMP.match(summary["end_date"])
    empty = ok(http.get("/v1/submissions/summary", params={"job_id": world.job["id"]}))
    assert (empty["total"], empty["approval_rate"], empty["average_star_rating"]) == (0, 0.0, None)
    window = {"start_date": "2020-01-01T00:00:00Z", "end_date": "2020-01-02T00:00:00Z"}
    old = ok(http.get("/v1/submissions/summary", params=window))
    assert old["job_id"] is None
    assert (old["start_date"], old["end_date"], old["total"]) == (
        "2020-01-01T00:00:00.000Z",
        "2020-01-02T00:00:00.000Z",
        0,
    )
    missing = http.get("/v1/submissions/summary", params={"job_id": "job_missing"})
    assert_error(missing, 404, "not_found")


# -- API keys -----------------------------------------------------------------------------------


def test_create_api_key_returns_the_secret_once(http: httpx.Client) -> None:
    created = ok(post(http, "/v1/api_keys", {"name": "ci"}))
    assert_id(created["id"], "key_")
    assert created["object"] == "api_key"
    assert created["environment"] == "test"  # the calling key's environment by default
    assert created["scopes"] == list(SCOPES)
    assert re.fullmatch(r"fh_test_sk_[0-9a-f]{32}", created["secret"])
    assert created["redacted_key"] == f"fh_test_sk_…{created['secret'][-4:]}"
    assert (created["last_used_at"], created["revoked_at"], created["rotated_at"]) == (None,) * 3
    live = ok(post(http, "/v1/api_keys", {"name": "prod", "environment": "live"}))
    assert live["secret"].startswith("fh_live_sk_")

    listed = walk(http, "/v1/api_keys")
    assert ids(listed) == [live["id"], created["id"]]
    assert all("secret" not in key for key in listed)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": "x", "environment": "prod"}, "environment"),
        ({"name": "x", "scopes": ["admin"]}, "scopes"),
        ({"name": "x", "scopes": []}, "scopes"),
        ({"name": "x", "owner": "me"}, "owner"),
    ],
)
def test_create_api_key_validates(http: httpx.Client, body: Json, field: str) -> None:
    error = assert_error(post(http, "/v1/api_keys", body), 400, "validation_error")
    assert detail_fields(error) == [field]


def test_a_created_key_authenticates_and_records_its_use(http: httpx.Client) -> None:
    secret = ok(post(http, "/v1/api_keys", {"name": "ci"}))["secret"]
    response = http.get("/v1/jobs", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200
    (listed,) = walk(http, "/v1/api_keys")
    assert TIMESTAMP.match(listed["last_used_at"])


def test_scopes_of_a_created_key_are_enforced(http: httpx.Client) -> None:
    secret = ok(post(http, "/v1/api_keys", {"name": "reader", "scopes": ["jobs:read"]}))["secret"]
    auth = {"Authorization": f"Bearer {secret}"}
    assert http.get("/v1/jobs", headers=auth).status_code == 200
    assert http.get("/v1/organization/settings", headers=auth).status_code == 200  # any key
    denied = http.post("/v1/jobs", json=job_body(), headers={**auth, "Idempotency-Key": "i"})
    assert_error(denied, 403, "authorization_error")
    assert_error(http.get("/v1/billing/credits", headers=auth), 403, "authorization_error")


def test_rotate_keeps_the_old_secret_for_24_hours(fake_api: FakeAPI, http: httpx.Client) -> None:
    created = ok(post(http, "/v1/api_keys", {"name": "ci"}))
    rotated = ok(post(http, f"/v1/api_keys/{created['id']}/rotate"))
    assert rotated["id"] == created["id"]
    assert rotated["secret"] != created["secret"]
    assert rotated["redacted_key"].endswith(rotated["secret"][-4:])
    assert TIMESTAMP.match(rotated["rotated_at"])
    assert fake_api.api_key_secret(created["id"]) == rotated["secret"]

    def status_with(secret: str) -> int:
        return http.get("/v1/jobs", headers={"Authorization": f"Bearer {secret}"}).status_code

    assert status_with(created["secret"]) == 200
    fake_api.advance(24 * 3600 + 1)
    assert status_with(created["secret"]) == 401
    assert status_with(rotated["secret"]) == 200


def test_revoke_is_204_and_the_key_stops_working(http: httpx.Client) -> None:
    created = ok(post(http, "/v1/api_keys", {"name": "ci"}))
    revoked = post(http, f"/v1/api_keys/{created['id']}/revoke")
    assert revoked.status_code == 204
    assert revoked.content == b""
    assert_common_headers(revoked)
    using = http.get("/v1/jobs", headers={"Authorization": f"Bearer {created['secret']}"})
    assert_error(using, 401, "authentication_error")
    (listed,) = walk(http, "/v1/api_keys")
    assert TIMESTAMP.match(listed["revoked_at"])
    assert post(http, f"/v1/api_keys/{created['id']}/revoke").status_code == 204
    assert_error(post(http, f"/v1/api_keys/{created['id']}/rotate"), 409, "conflict")
    assert_error(post(http, "/v1/api_keys/key_missing/rotate"), 404, "not_found")
    assert_error(post(http, "/v1/api_keys/key_missing/revoke"), 404, "not_found")


# -- webhook endpoints and events ---------------------------------------------------------------


def test_webhook_endpoint_lifecycle(fake_api: FakeAPI, http: httpx.Client) -> None:
    created = ok(
        post(
            http,
            "/v1/webhook_endpoints",
            {"url": "https://example.com/h", "events": ["job.completed"], "description": "CI"},
        )
    )
    endpoint_id = created["id"]
    assert_id(endpoint_id, "wh_")
    assert re.fullmatch(r"whsec_[0-9a-f]{32}", created["secret"])
    assert (created["status"], created["description"]) == ("enabled", "CI")
    fetched = ok(http.get(f"/v1/webhook_endpoints/{endpoint_id}"))
    assert "secret" not in fetched
    assert fetched == {k: v for k, v in created.items() if k != "secret"}
    assert ids(walk(http, "/v1/webhook_endpoints")) == [endpoint_id]

    patched = ok(
        http.patch(
            f"/v1/webhook_endpoints/{endpoint_id}",
            json={"status": "disabled", "events": ["job.cancelled", "job.completed"]},
        )
    )
    assert (patched["status"], patched["events"]) == (
        "disabled",
        ["job.cancelled", "job.completed"],
    )
    assert patched["url"] == "https://example.com/h"

    rotated = ok(post(http, f"/v1/webhook_endpoints/{endpoint_id}/rotate_secret"))
    assert rotated["secret"] != created["secret"]
    assert fake_api.endpoint_secrets(endpoint_id) == [rotated["secret"], created["secret"]]

    deleted = http.delete(f"/v1/webhook_endpoints/{endpoint_id}")
    assert deleted.status_code == 204
    assert deleted.content == b""
    assert_error(http.get(f"/v1/webhook_endpoints/{endpoint_id}"), 404, "not_found")
    assert_error(http.delete(f"/v1/webhook_endpoints/{endpoint_id}"), 404, "not_found")


@pytest.mark.parametrize("url", ["http://example.com/h", "example.com/h", "ftp://example.com"])
def test_a_webhook_url_must_be_https(http: httpx.Client, url: str) -> None:
    response = post(http, "/v1/webhook_endpoints", {"url": url, "events": ["job.completed"]})
    assert detail_fields(assert_error(response, 422, "validation_error")) == ["url"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "https://e.com"}, "events"),
        ({"url": "https://e.com", "events": []}, "events"),
        ({"url": "https://e.com", "events": ["job.exploded"]}, "events"),
        ({"events": ["job.completed"]}, "url"),
        ({"url": "https://e.com", "events": ["job.completed"], "secret": "x"}, "secret"),
    ],
)
def test_create_webhook_endpoint_validates(http: httpx.Client, body: Json, field: str) -> None:
    error = assert_error(post(http, "/v1/webhook_endpoints", body), 400, "validation_error")
    assert detail_fields(error) == [field]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"url": "http://e.com"}, 422, "url"),
        ({"status": "paused"}, 400, "status"),
        ({"events": "job.completed"}, 400, "events"),
        ({"name": "x"}, 400, "name"),
    ],
)
def test_update_webhook_endpoint_validates(
    world: World, http: httpx.Client, body: Json, status: int, field: str
) -> None:
    response = http.patch(f"/v1/webhook_endpoints/{world.endpoint['id']}", json=body)
    assert detail_fields(assert_error(response, status, "validation_error")) == [field]
    unknown = http.patch("/v1/webhook_endpoints/wh_missing", json={"status": "enabled"})
    assert_error(unknown, 404, "not_found")


def test_events_are_delivered_only_to_subscribed_enabled_endpoints(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    ok(post(http, "/v1/webhook_endpoints", {"url": "https://e.com", "events": ["job.completed"]}))
    job = create_job(http, files_needed=1)
    fake_api.complete_job(job["id"], approved=1)

    (completed,) = walk(http, "/v1/webhook_events", delivery_status="delivered")
    assert completed["type"] == "job.completed"
    assert completed["delivery_attempts"] == 1
    assert TIMESTAMP.match(completed["last_attempt_at"])
    pending = walk(http, "/v1/webhook_events", delivery_status="pending")
    assert {e["type"] for e in pending} == {"submission.scored", "submission.approved"}
    assert all(e["delivery_attempts"] == 0 and e["last_attempt_at"] is None for e in pending)
    assert ids(walk(http, "/v1/webhook_events", type="job.completed")) == [completed["id"]]
    assert walk(http, "/v1/webhook_events", delivery_status="failed") == []
    for name in ("type", "delivery_status"):
        response = http.get("/v1/webhook_events", params={name: "bogus"})
        assert detail_fields(assert_error(response, 400, "validation_error")) == [name]


def test_replay_sets_the_event_back_to_pending(world: World, http: httpx.Client) -> None:
    (delivered,) = walk(http, "/v1/webhook_events", type="job.completed")
    assert delivered["delivery_status"] == "pending"  # the endpoint was created afterwards
    replayed = ok(post(http, f"/v1/webhook_events/{delivered['id']}/replay"))
    assert replayed["id"] == delivered["id"]
    assert replayed["delivery_status"] == "pending"
    assert_error(post(http, "/v1/webhook_events/evt_missing/replay"), 404, "not_found")


# -- billing ------------------------------------------------------------------------------------


def balance(http: httpx.Client) -> Json:
    return ok(http.get("/v1/billing/credits"))


def test_the_balance_has_the_credit_balance_shape(http: httpx.Client) -> None:
    body = balance(http)
    assert set(body) == {
        "object",
        "available_cents",
        "held_cents",
        "total_cents",
        "currency",
        "updated_at",
    }
    assert body["object"] == "credit_balance"
    assert (body["available_cents"], body["held_cents"], body["total_cents"]) == (
        10_000_000,
        0,
        10_000_000,
    )
    assert body["currency"] == "usd"
    (opening,) = walk(http, "/v1/billing/transactions")
    assert (opening["type"], opening["amount_cents"]) == ("free_tier", 10_000_000)


def test_money_moves_hold_deduct_refund(fake_api: FakeAPI, http: httpx.Client) -> None:
    job = create_job(http)  # 50 files x 75 cents
    assert (balance(http)["available_cents"], balance(http)["held_cents"]) == (
        10_000_000 - 3750,
        3750,
    )
    fake_api.complete_job(job["id"], approved=2)
    after_files = balance(http)
    assert (after_files["held_cents"], after_files["total_cents"]) == (3600, 10_000_000 - 150)

    ok(post(http, f"/v1/jobs/{job['id']}/cancel"))
    after_cancel = balance(http)
    assert (after_cancel["available_cents"], after_cancel["held_cents"]) == (10_000_000 - 150, 0)

    transactions = walk(http, "/v1/billing/transactions")
    assert [(t["type"], t["amount_cents"], t["job_id"]) for t in transactions] == [
        ("refund", 3600, job["id"]),
        ("deduction", -75, job["id"]),
        ("deduction", -75, job["id"]),
        ("free_tier", 10_000_000, None),
    ]
    for transaction in transactions:
        assert_id(transaction["id"], "crtx_")
        assert transaction["object"] == "credit_transaction"
    assert ids(walk(http, "/v1/billing/transactions", type="deduction")) == [
        t["id"] for t in transactions if t["type"] == "deduction"
    ]
    response = http.get("/v1/billing/transactions", params={"type": "gift"})
    assert detail_fields(assert_error(response, 400, "validation_error")) == ["type"]


def test_a_completed_job_leaves_nothing_held(fake_api: FakeAPI, http: httpx.Client) -> None:
    job = create_job(http, files_needed=2, price_per_file_cents=500)
    fake_api.complete_job(job["id"], approved=2)
    assert balance(http)["held_cents"] == 0
    assert balance(http)["total_cents"] == 10_000_000 - 1000
    assert walk(http, "/v1/billing/transactions", type="refund") == []


def test_a_job_costing_more_than_available_is_402(fake_api: FakeAPI, http: httpx.Client) -> None:
    fake_api.available_cents = 3749
    assert_error(post(http, "/v1/jobs", job_body()), 402, "insufficient_credits")
    assert fake_api.jobs == {}
    assert (fake_api.available_cents, fake_api.held_cents) == (3749, 0)
    fake_api.available_cents = 3750
    create_job(http)
    assert balance(http)["available_cents"] == 0


def test_purchase_opens_a_checkout_session_then_credits_arrive(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    error = assert_error(
        post(http, "/v1/billing/credits/purchase", {"amount_cents": 999}), 400, "validation_error"
    )
    assert detail_fields(error) == ["amount_cents"]

    session = ok(post(http, "/v1/billing/credits/purchase", {"amount_cents": 10_000}))
    assert set(session) == {
        "object",
        "id",
        "checkout_url",
        "amount_cents",
        "credits_cents",
        "status",
        "expires_at",
    }
    assert_id(session["id"], "cs_")
    assert session["checkout_url"].startswith("https://")
    assert (session["amount_cents"], session["credits_cents"], session["status"]) == (
        10_000,
        11_500,
        "open",
    )
    assert TIMESTAMP.match(session["expires_at"])
    assert balance(http)["available_cents"] == 10_000_000  # nothing until paid

    fake_api.complete_checkout(session["id"])
    assert balance(http)["available_cents"] == 10_011_500
    assert [(t["type"], t["amount_cents"]) for t in walk(http, "/v1/billing/transactions")][:2] == [
        ("bonus", 1_500),
        ("purchase", 10_000),
    ]
    (event,) = walk(http, "/v1/webhook_events", type="credits.purchased")
    assert (event["data"]["object"], event["data"]["amount_cents"]) == ("credit_balance", 11_500)
    with pytest.raises(ValueError, match="complete"):
        fake_api.complete_checkout(session["id"])

    odd = ok(post(http, "/v1/billing/credits/purchase", {"amount_cents": 1234}))
    assert odd["credits_cents"] == 1234


# -- organization settings and audit events -----------------------------------------------------


def test_settings_get_and_patch(fake_api: FakeAPI, http: httpx.Client) -> None:
    settings = ok(http.get("/v1/organization/settings"))
    assert set(settings) == {
        "object",
        "organization_id",
        "default_type",
        "default_price_per_file_cents",
        "auto_topup_enabled",
        "auto_topup_threshold_cents",
        "auto_topup_amount_cents",
        "low_balance_threshold_cents",
        "updated_at",
    }
    assert_id(settings["organization_id"], "org_")
    change = {"auto_topup_enabled": True, "auto_topup_threshold_cents": 2_000}
    patched = ok(http.patch("/v1/organization/settings", json=change))
    assert {k: patched[k] for k in change} == change
    assert ok(http.get("/v1/organization/settings")) == patched
    for bad, field in (
        ({"auto_topup_enabled": "yes"}, "auto_topup_enabled"),
        ({"plan": "pro"}, "plan"),
    ):
        response = http.patch("/v1/organization/settings", json=bad)
        assert detail_fields(assert_error(response, 400, "validation_error")) == [field]


def test_every_mutating_call_is_audited(world: World, http: httpx.Client) -> None:
    ok(post(http, f"/v1/jobs/{world.job['id']}/cancel"))
    ok(post(http, f"/v1/jobs/{world.done['id']}/rate", {"rating": 4}))
    ok(post(http, f"/v1/files/{world.file_id}/refresh_url"))
    ok(post(http, f"/v1/api_keys/{world.key['id']}/rotate"))
    assert post(http, f"/v1/api_keys/{world.key['id']}/revoke").status_code == 204
    endpoint_path = f"/v1/webhook_endpoints/{world.endpoint['id']}"
    ok(http.patch(endpoint_path, json={"description": "x"}))
    ok(post(http, f"{endpoint_path}/rotate_secret"))
    assert http.delete(endpoint_path).status_code == 204
    ok(post(http, f"/v1/webhook_events/{world.event_id}/replay"))
    ok(post(http, "/v1/billing/credits/purchase", {"amount_cents": 1000}))
    ok(http.patch("/v1/organization/settings", json={"default_type": "feedback"}))

    events = walk(http, "/v1/audit-events")
    assert [e["action"] for e in events] == [
        "organization.settings_updated",
        "billing.checkout_session_created",
        "webhook_event.replayed",
        "webhook_endpoint.deleted",
        "webhook_endpoint.secret_rotated",
        "webhook_endpoint.updated",
        "api_key.revoked",
        "api_key.rotated",
        "file.url_refreshed",
        "job.rated",
        "job.cancelled",
        "webhook_endpoint.created",
        "api_key.created",
        "job.completed",
        "job.created",
        "job.created",
    ]
    for event in events:
        assert_id(event["id"], "aev_")
        assert event["object"] == "audit_event"
        assert set(event["actor"]) == {"type", "id"}
        assert set(event["resource"]) == {"type", "id"}
        assert isinstance(event["metadata"], dict)
    assert events[-1]["actor"]["type"] == "api_key"
    assert events[-1]["resource"] == {"type": "job", "id": world.job["id"]}

    created = walk(http, "/v1/audit-events", action="job.created")
    assert [e["resource"]["id"] for e in created] == [world.done["id"], world.job["id"]]
    about_job = walk(http, "/v1/audit-events", resource_id=world.job["id"])
    assert [e["action"] for e in about_job] == ["job.cancelled", "job.created"]
    assert walk(http, f"/v1/jobs/{world.job['id']}/audit") == about_job
    assert [e["action"] for e in walk(http, f"/v1/jobs/{world.done['id']}/audit")] == [
        "job.rated",
        "job.completed",
        "job.created",
    ]
    assert_error(http.get("/v1/jobs/job_missing/audit"), 404, "not_found")


def test_a_refused_call_is_not_audited(fake_api: FakeAPI, http: httpx.Client) -> None:
    assert_error(post(http, "/v1/jobs", job_body(files_needed=0)), 400, "validation_error")
    assert_error(post(http, "/v1/jobs/job_missing/cancel"), 404, "not_found")
    assert fake_api.audit_events == {}


# -- pagination ---------------------------------------------------------------------------------


def test_walking_pages_visits_every_job_once_newest_first(
    fake_api: FakeAPI, http: httpx.Client
) -> None:
    created = [create_job(http)["id"] for _ in range(5)]
    sizes: List[int] = []
    cursors: List[str] = []
    seen: List[str] = []
    params: Dict[str, Any] = {"limit": 2}
    while True:
        page = ok(http.get("/v1/jobs", params=params))
        sizes.append(len(page["data"]))
        seen.extend(ids(page["data"]))
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        cursors.append(page["next_cursor"])
        params = {"limit": 2, "cursor": page["next_cursor"]}
    assert sizes == [2, 2, 1]
    assert seen == created[::-1]
    for cursor in cursors:  # opaque: not an id, not a number
        assert cursor not in created
        assert not cursor.isdigit()
        assert not cursor.startswith("job_")


def test_new_records_do_not_disturb_a_walk_in_progress(http: httpx.Client) -> None:
    older = [create_job(http)["id"] for _ in range(3)]
    first = ok(http.get("/v1/jobs", params={"limit": 2}))
    newer = create_job(http)["id"]
    rest = ok(http.get("/v1/jobs", params={"limit": 2, "cursor": first["next_cursor"]}))
    assert ids(first["data"]) + ids(rest["data"]) == older[::-1]
    assert newer not in ids(rest["data"])


def test_a_bare_id_works_as_a_cursor(http: httpx.Client) -> None:
    created = [create_job(http)["id"] for _ in range(4)]
    page = ok(http.get("/v1/jobs", params={"cursor": created[2]}))
    assert ids(page["data"]) == [created[1], created[0]]


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "", "2.0"])
def test_a_limit_outside_1_to_100_is_400(http: httpx.Client, limit: str) -> None:
    response = http.get("/v1/jobs", params={"limit": limit})
    assert detail_fields(assert_error(response, 400, "validation_error")) == ["limit"]


@pytest.mark.parametrize("limit", ["1", "100"])
def test_limit_bounds_are_accepted(http: httpx.Client, limit: str) -> None:
    assert http.get("/v1/jobs", params={"limit": limit}).status_code == 200


def test_a_bad_or_foreign_cursor_is_400(http: httpx.Client) -> None:
    for _ in range(3):
        ok(post(http, "/v1/api_keys", {"name": "k"}))
    foreign = ok(http.get("/v1/api_keys", params={"limit": 1}))["next_cursor"]
    for cursor in ("!!not-a-cursor!!", "bm9wZQ", foreign):
        response = http.get("/v1/jobs", params={"cursor": cursor})
        assert detail_fields(assert_error(response, 400, "validation_error")) == ["cursor"]


@pytest.mark.parametrize(
    ("path", "prefix"),
    [
        ("/v1/submissions", "sub_"),
        ("/v1/webhook_events", "evt_"),
        ("/v1/audit-events", "aev_"),
        ("/v1/billing/transactions", "crtx_"),
    ],
)
def test_every_list_pages_newest_first(
    fake_api: FakeAPI, http: httpx.Client, path: str, prefix: str
) -> None:
    for _ in range(3):
        job = create_job(http, files_needed=2)
        fake_api.complete_job(job["id"], approved=2)
    items = walk(http, path, limit=2)
    assert len(items) >= 5
    assert ids(items) == sorted(ids(items), reverse=True)
    assert len(set(ids(items))) == len(items)
    for item in items:
        assert_id(item["id"], prefix)


def test_concurrent_requests_get_distinct_objects(fake_api: FakeAPI, http: httpx.Client) -> None:
    def one(_: int) -> Json:
        return create_job(http, files_needed=1)

    with ThreadPoolExecutor(max_workers=8) as pool:
        jobs = list(pool.map(one, range(16)))
    assert len({job["id"] for job in jobs}) == 16
    assert fake_api.held_cents == 16 * 75
