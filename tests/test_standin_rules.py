"""The stand-in's contract at the wire level: raw httpx over ``fake.transport()`` (or
``fake.handle()``), so what is checked is exactly what a client receives — statuses, headers, error
envelopes — with no SDK in between (docs/api-contract.md: "Transport", "Errors", "Endpoints")."""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any, Dict, List, Optional, Tuple

import httpx
import pytest

from client_helpers import approx
from firsthand.testing import FakeFirstHand, FakeRequest
from firsthand.testing import _limits as limits
from firsthand.testing._limits import Between, Limit, OneOf

BASE = "https://api.firsthandapi.com"
START = 1_800_000_000.0
DAY = 86_400.0
#: ``req_`` + a 26-character ULID in Crockford base32 (no I, L, O, U).
REQUEST_ID = re.compile(r"^req_[0-9A-HJKMNP-TV-Z]{26}$")


def job_body(**overrides: Any) -> Dict[str, Any]:
    body: Dict[str, Any] = {
        "type": "data_collection",
        "description": "A photo of a coffee cup from above",
        "files_needed": 1,
        "accepted_formats": ["image/png"],
        "price_per_file_cents": 50,
    }
    body.update(overrides)
    return body


def auth(key: str, **extra: str) -> Dict[str, str]:
    return {"Authorization": f"Bearer {key}", **extra}


def error_of(response: httpx.Response, status: int, type_: str) -> Dict[str, Any]:
    """The error object of a response, after checking the envelope and the request id."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error: Dict[str, Any] = body["error"]
    assert error["type"] == type_
    assert isinstance(error["message"], str)
    assert error["message"]
    assert REQUEST_ID.match(error["request_id"])
    assert response.headers["X-Request-Id"] == error["request_id"]
    return error


def fields_of(error: Dict[str, Any]) -> List[str]:
    return [detail["field"] for detail in error["details"]]


class Wire:
    """A raw httpx client on one stand-in, with the test key (or ``key=``) and fresh keys."""

    def __init__(self, fake: FakeFirstHand) -> None:
        self.fake = fake
        self.http = httpx.Client(transport=fake.transport(), base_url=BASE)
        self._keys = 0

    def key(self) -> str:
        self._keys += 1
        return f"idem-{self._keys}"

    def get(self, path: str, key: Optional[str] = None, **headers: str) -> httpx.Response:
        return self.http.get(path, headers=auth(key or self.fake.api_key, **headers))

    def post(
        self,
        path: str,
        body: Any = None,
        *,
        key: Optional[str] = None,
        idempotency_key: Optional[str] = "new",
        **headers: str,
    ) -> httpx.Response:
        sent = auth(key or self.fake.api_key, **headers)
        if idempotency_key is not None:
            sent["Idempotency-Key"] = self.key() if idempotency_key == "new" else idempotency_key
        content = None if body is None else json.dumps(body).encode()
        if content is not None:
            sent["Content-Type"] = "application/json"
        return self.http.post(path, content=content, headers=sent)

    def create_job(self, key: Optional[str] = None, **overrides: Any) -> Dict[str, Any]:
        response = self.post("/v1/jobs", job_body(**overrides), key=key)
        assert response.status_code == 201, response.text
        job: Dict[str, Any] = response.json()
        return job

    def completed_job(self) -> Dict[str, Any]:
        job = self.create_job()
        self.fake.advance(60)
        done: Dict[str, Any] = self.get(f"/v1/jobs/{job['id']}").json()
        assert done["status"] == "completed"
        return done

    def new_api_key(self, **body: Any) -> Dict[str, Any]:
        response = self.post("/v1/api_keys", {"name": "Extra key", **body})
        assert response.status_code == 200, response.text
        created: Dict[str, Any] = response.json()
        return created


@pytest.fixture
def fake() -> FakeFirstHand:
    return FakeFirstHand(rate_limit_per_minute=None, start=START, live_balance_cents=100_000)


@pytest.fixture
def wire(fake: FakeFirstHand) -> Iterator[Wire]:
    w = Wire(fake)
    yield w
    w.http.close()


# -- authentication ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Basic dXNlcjpwYXNz",
        "Bearer",
        "Bearer   ",
        "Token fh_test_sk_whatever",
        "Bearer fh_test_sk_unknown000000000000000000000",
        "Bearer fh_live_sk_unknown000000000000000000000",
    ],
)
def test_missing_malformed_or_unknown_keys_are_401(
    wire: Wire, authorization: Optional[str]
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = wire.http.get("/v1/jobs", headers=headers)
    error_of(response, 401, "authentication_error")


def test_the_bare_key_without_bearer_is_401(wire: Wire, fake: FakeFirstHand) -> None:
    response = wire.http.get("/v1/jobs", headers={"Authorization": fake.api_key})
    error_of(response, 401, "authentication_error")


def test_bearer_scheme_is_case_insensitive(wire: Wire, fake: FakeFirstHand) -> None:
    response = wire.http.get("/v1/jobs", headers={"Authorization": f"bearer {fake.api_key}"})
    assert response.status_code == 200


def test_a_revoked_key_is_401_at_once(wire: Wire) -> None:
    created = wire.new_api_key(environment="test")
    assert wire.get("/v1/jobs", key=created["secret"]).status_code == 200
    revoked = wire.post(f"/v1/api_keys/{created['id']}/revoke", idempotency_key=None)
    assert revoked.status_code == 204
    error_of(wire.get("/v1/jobs", key=created["secret"]), 401, "authentication_error")
    # the key that revoked it still works
    assert wire.get("/v1/jobs").status_code == 200


def test_live_and_test_accounts_are_separate(wire: Wire, fake: FakeFirstHand) -> None:
    test_job = wire.create_job()
    live_job = wire.create_job(key=fake.live_api_key, files_needed=3)
    test_ids = [j["id"] for j in wire.get("/v1/jobs").json()["data"]]
    live_ids = [j["id"] for j in wire.get("/v1/jobs", key=fake.live_api_key).json()["data"]]
    assert test_ids == [test_job["id"]]
    assert live_ids == [live_job["id"]]
    assert wire.get(f"/v1/jobs/{live_job['id']}").status_code == 404
    assert wire.get(f"/v1/jobs/{test_job['id']}", key=fake.live_api_key).status_code == 404
    test_balance = wire.get("/v1/billing/credits").json()
    live_balance = wire.get("/v1/billing/credits", key=fake.live_api_key).json()
    assert (test_balance["available_cents"], test_balance["held_cents"]) == (99_950, 50)
    assert (live_balance["available_cents"], live_balance["held_cents"]) == (99_850, 150)


def test_a_key_with_limited_scopes_gets_403_naming_the_scope(wire: Wire) -> None:
    reader = wire.new_api_key(scopes=["jobs:read"])["secret"]
    assert wire.get("/v1/jobs", key=reader).status_code == 200
    assert wire.get("/v1/organization/settings", key=reader).status_code == 200  # any key
    error = error_of(wire.post("/v1/jobs", job_body(), key=reader), 403, "authorization_error")
    assert "jobs:write" in error["message"]
    error = error_of(wire.get("/v1/billing/credits", key=reader), 403, "authorization_error")
    assert "billing:read" in error["message"]
    error = error_of(wire.get("/v1/webhook_events", key=reader), 403, "authorization_error")
    assert "webhooks:read" in error["message"]
    error = error_of(wire.get("/v1/api_keys", key=reader), 403, "authorization_error")
    assert "keys:manage" in error["message"]
    assert wire.fake.jobs == {}  # the refused create did nothing


def test_a_rotated_key_keeps_its_old_secret_for_24_hours(wire: Wire, fake: FakeFirstHand) -> None:
    created = wire.new_api_key()
    old = created["secret"]
    rotated = wire.post(f"/v1/api_keys/{created['id']}/rotate", idempotency_key=None)
    assert rotated.status_code == 200
    new = rotated.json()["secret"]
    assert new != old
    assert rotated.json()["id"] == created["id"]
    assert rotated.json()["rotated_at"] is not None
    assert wire.get("/v1/jobs", key=old).status_code == 200
    assert wire.get("/v1/jobs", key=new).status_code == 200
    fake.advance(DAY - 1)
    assert wire.get("/v1/jobs", key=old).status_code == 200
    fake.advance(2)
    error_of(wire.get("/v1/jobs", key=old), 401, "authentication_error")
    assert wire.get("/v1/jobs", key=new).status_code == 200


# -- request ids ------------------------------------------------------------------------------


def test_every_api_response_has_a_request_id(wire: Wire, fake: FakeFirstHand) -> None:
    responses = [
        wire.get("/v1/jobs"),  # success
        wire.http.get("/v1/jobs"),  # 401
        wire.get("/v1/no/such/route"),  # 404 route
        wire.get("/v1/jobs/job_missing"),  # 404 object
        wire.post("/v1/jobs", {"type": "x"}),  # 400
        wire.post("/v1/jobs", job_body()),  # 201
    ]
    fake.faults.fail_next(status=503)
    responses.append(wire.get("/v1/jobs"))  # a planned failure
    ids = [r.headers["X-Request-Id"] for r in responses]
    assert all(REQUEST_ID.match(i) for i in ids), ids
    assert len(set(ids)) == len(ids)
    for response in responses:
        if response.status_code >= 400:
            assert response.json()["error"]["request_id"] == response.headers["X-Request-Id"]
    error_of(responses[2], 404, "not_found")


def test_request_ids_sort_in_time_order(wire: Wire, fake: FakeFirstHand) -> None:
    first = wire.get("/v1/jobs").headers["X-Request-Id"]
    fake.advance(1)
    second = wire.get("/v1/jobs").headers["X-Request-Id"]
    assert first < second


# -- validation -------------------------------------------------------------------------------


def test_several_bad_fields_are_reported_at_once(wire: Wire) -> None:
    body = job_body(type="survey", files_needed=0, price_per_file_cents=5, min_star_rating=9)
    error = error_of(wire.post("/v1/jobs", body), 400, "validation_error")
    assert sorted(fields_of(error)) == [
        "files_needed",
        "min_star_rating",
        "price_per_file_cents",
        "type",
    ]
    assert all(detail["message"] for detail in error["details"])
    assert wire.fake.jobs == {}


def test_missing_required_fields_are_all_named(wire: Wire) -> None:
    error = error_of(wire.post("/v1/jobs", {"type": "feedback"}), 400, "validation_error")
    assert sorted(fields_of(error)) == [
        "accepted_formats",
        "description",
        "files_needed",
        "price_per_file_cents",
    ]


def test_an_unknown_body_field_is_a_validation_error(wire: Wire) -> None:
    error = error_of(wire.post("/v1/jobs", job_body(colour="red")), 400, "validation_error")
    assert fields_of(error) == ["colour"]
    error = error_of(
        wire.post("/v1/billing/credits/purchase", {"amount_cents": 1_000, "coupon": "X"}),
        400,
        "validation_error",
    )
    assert fields_of(error) == ["coupon"]


@pytest.mark.parametrize("content", [b"{not json", b"\xff\xfe", b'{"type": "feedback"'])
def test_a_body_that_is_not_json_is_a_validation_error(wire: Wire, content: bytes) -> None:
    headers = auth(
        wire.fake.api_key, **{"Idempotency-Key": "k", "Content-Type": "application/json"}
    )
    response = wire.http.post("/v1/jobs", content=content, headers=headers)
    error_of(response, 400, "validation_error")


@pytest.mark.parametrize("body", [[1, 2], "a string", 42, None, True])
def test_a_json_body_that_is_not_an_object_is_a_validation_error(wire: Wire, body: Any) -> None:
    headers = auth(
        wire.fake.api_key, **{"Idempotency-Key": "k", "Content-Type": "application/json"}
    )
    response = wire.http.post("/v1/jobs", content=json.dumps(body).encode(), headers=headers)
    error_of(response, 400, "validation_error")


@pytest.mark.parametrize(
    "url", ["http://example.com/hooks", "ftp://example.com/hooks", "example.com/hooks", "https://"]
)
def test_a_webhook_url_that_is_not_https_is_422(wire: Wire, url: str) -> None:
    response = wire.post("/v1/webhook_endpoints", {"url": url, "events": ["job.completed"]})
    error = error_of(response, 422, "validation_error")
    assert fields_of(error) == ["url"]
    assert wire.fake.webhook_endpoints == {}


def test_a_webhook_update_to_http_is_422(wire: Wire) -> None:
    created = wire.post(
        "/v1/webhook_endpoints", {"url": "https://example.com/h", "events": ["job.completed"]}
    ).json()
    response = wire.http.patch(
        f"/v1/webhook_endpoints/{created['id']}",
        json={"url": "http://example.com/h"},
        headers=auth(wire.fake.api_key),
    )
    error_of(response, 422, "validation_error")
    assert wire.get(f"/v1/webhook_endpoints/{created['id']}").json()["url"].startswith("https:")


# -- idempotency ------------------------------------------------------------------------------


def _required_targets(wire: Wire) -> List[tuple[str, Any]]:
    job = wire.create_job()
    return [
        ("/v1/jobs", job_body()),
        (f"/v1/jobs/{job['id']}/cancel", None),
        (f"/v1/jobs/{job['id']}/rate", {"rating": 5}),
        ("/v1/api_keys", {"name": "Another key"}),
        ("/v1/webhook_endpoints", {"url": "https://example.com/h", "events": ["job.completed"]}),
        ("/v1/billing/credits/purchase", {"amount_cents": 1_000}),
    ]


def test_idempotency_key_is_required_on_the_listed_posts(wire: Wire, fake: FakeFirstHand) -> None:
    targets = _required_targets(wire)
    jobs_before = len(fake.jobs)
    for path, body in targets:
        response = wire.post(path, body, idempotency_key=None)
        error = error_of(response, 400, "validation_error")
        assert fields_of(error) == ["Idempotency-Key"], path
    assert len(fake.jobs) == jobs_before
    assert fake.webhook_endpoints == {}
    assert fake.checkout_sessions == {}
    assert [j.status for j in fake.jobs.values()] == ["open"]


def test_idempotency_key_is_not_required_elsewhere(wire: Wire, fake: FakeFirstHand) -> None:
    endpoint = wire.post(
        "/v1/webhook_endpoints", {"url": "https://example.com/h", "events": ["job.completed"]}
    ).json()
    done = wire.completed_job()
    event_id = next(iter(fake.webhook_events))
    file_id = next(iter(fake.files))
    key = wire.new_api_key()
    for path in (
        f"/v1/api_keys/{key['id']}/rotate",
        f"/v1/webhook_endpoints/{endpoint['id']}/rotate_secret",
        f"/v1/webhook_events/{event_id}/replay",
        f"/v1/files/{file_id}/refresh_url",
        f"/v1/api_keys/{key['id']}/revoke",
    ):
        response = wire.post(path, idempotency_key=None)
        assert response.status_code in (200, 204), (path, response.text)
    signup = wire.http.post("/v1/auth/signup", json={"name": "Acme", "email": "a@acme.test"})
    assert signup.status_code == 200
    assert done["status"] == "completed"


def test_a_replay_returns_the_stored_answer_and_creates_nothing(
    wire: Wire, fake: FakeFirstHand
) -> None:
    first = wire.post("/v1/jobs", job_body(files_needed=2), idempotency_key="order-1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in first.headers
    fake.advance(1)
    again = wire.post("/v1/jobs", job_body(files_needed=2), idempotency_key="order-1")
    assert again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.content == first.content
    assert again.headers["X-Request-Id"] == first.headers["X-Request-Id"]
    assert len(fake.jobs) == 1
    assert fake.balance().held_cents == 100  # held once
    assert [e.action for e in fake.audit_events.values()] == ["job.created"]


def test_key_order_in_the_body_does_not_matter(wire: Wire, fake: FakeFirstHand) -> None:
    body = job_body()
    reordered = dict(reversed(list(body.items())))
    assert json.dumps(body) != json.dumps(reordered)
    first = wire.post("/v1/jobs", body, idempotency_key="same")
    again = wire.post("/v1/jobs", reordered, idempotency_key="same")
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert len(fake.jobs) == 1


def test_the_same_key_on_a_different_request_is_409(wire: Wire, fake: FakeFirstHand) -> None:
    assert wire.post("/v1/jobs", job_body(), idempotency_key="k").status_code == 201
    error_of(
        wire.post("/v1/jobs", job_body(files_needed=2), idempotency_key="k"),
        409,
        "idempotency_error",
    )
    error_of(
        wire.post("/v1/billing/credits/purchase", {"amount_cents": 1_000}, idempotency_key="k"),
        409,
        "idempotency_error",
    )
    assert len(fake.jobs) == 1
    assert fake.checkout_sessions == {}


def test_a_key_is_new_again_after_24_hours(wire: Wire, fake: FakeFirstHand) -> None:
    first = wire.post("/v1/jobs", job_body(), idempotency_key="daily")
    fake.advance(DAY - 1)
    assert wire.post("/v1/jobs", job_body(), idempotency_key="daily").headers.get(
        "Idempotent-Replayed"
    )
    fake.advance(2)
    again = wire.post("/v1/jobs", job_body(), idempotency_key="daily")
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert again.json()["id"] != first.json()["id"]
    assert len(fake.jobs) == 2


def test_a_request_failed_by_a_fault_is_not_stored(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.fail_next(status=500)
    error_of(wire.post("/v1/jobs", job_body(), idempotency_key="retry-me"), 500, "internal_error")
    assert fake.jobs == {}
    second = wire.post("/v1/jobs", job_body(), idempotency_key="retry-me")
    assert second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    third = wire.post("/v1/jobs", job_body(), idempotency_key="retry-me")
    assert third.headers["Idempotent-Replayed"] == "true"
    assert len(fake.jobs) == 1


def test_idempotency_keys_are_scoped_per_account(wire: Wire, fake: FakeFirstHand) -> None:
    test = wire.post("/v1/jobs", job_body(), idempotency_key="shared")
    live = wire.post(
        "/v1/jobs", job_body(files_needed=2), key=fake.live_api_key, idempotency_key="shared"
    )
    assert (test.status_code, live.status_code) == (201, 201)
    assert "Idempotent-Replayed" not in live.headers
    assert test.json()["id"] != live.json()["id"]
    # another key of the same account shares the test account's keys
    other = wire.new_api_key(environment="test")["secret"]
    replay = wire.post("/v1/jobs", job_body(), key=other, idempotency_key="shared")
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert len(fake.jobs) == 2


def test_a_validation_error_does_not_burn_the_key(wire: Wire, fake: FakeFirstHand) -> None:
    error_of(
        wire.post("/v1/jobs", job_body(files_needed=0), idempotency_key="fix"),
        400,
        "validation_error",
    )
    assert wire.post("/v1/jobs", job_body(), idempotency_key="fix").status_code == 201
    assert len(fake.jobs) == 1


@pytest.mark.parametrize("idempotency_key", ["", "x" * 256])
def test_an_empty_or_overlong_idempotency_key_is_400(wire: Wire, idempotency_key: str) -> None:
    error = error_of(
        wire.post("/v1/jobs", job_body(), idempotency_key=idempotency_key), 400, "validation_error"
    )
    assert fields_of(error) == ["Idempotency-Key"]
    assert wire.post("/v1/jobs", job_body(), idempotency_key="x" * 255).status_code == 201


# -- rate limits ------------------------------------------------------------------------------


@pytest.fixture
def limited() -> Iterator[Wire]:
    w = Wire(FakeFirstHand(rate_limit_per_minute=5, start=START))
    yield w
    w.http.close()


def test_rate_limit_headers_count_down_then_429(limited: Wire) -> None:
    remaining: List[int] = []
    for _ in range(5):
        response = limited.get("/v1/jobs")
        assert response.status_code == 200
        assert response.headers["X-RateLimit-Limit"] == "5"
        assert int(response.headers["X-RateLimit-Reset"]) >= START
        assert "Retry-After" not in response.headers
        remaining.append(int(response.headers["X-RateLimit-Remaining"]))
    assert remaining == [4, 3, 2, 1, 0]
    refused = limited.get("/v1/jobs")
    error_of(refused, 429, "rate_limit_exceeded")
    retry_after = refused.headers["Retry-After"]
    assert retry_after.isdigit()
    assert 1 <= int(retry_after) <= 60
    assert refused.headers["X-RateLimit-Remaining"] == "0"
    assert int(refused.headers["X-RateLimit-Reset"]) > START


def test_rate_limits_are_per_key(limited: Wire) -> None:
    for _ in range(5):
        limited.get("/v1/jobs")
    assert limited.get("/v1/jobs").status_code == 429
    live = limited.get("/v1/jobs", key=limited.fake.live_api_key)
    assert live.status_code == 200
    assert live.headers["X-RateLimit-Remaining"] == "4"


def test_a_bucket_refills_after_advance(limited: Wire) -> None:
    for _ in range(6):
        limited.get("/v1/jobs")
    assert limited.get("/v1/jobs").status_code == 429
    limited.fake.advance(60)
    response = limited.get("/v1/jobs")
    assert response.status_code == 200
    assert response.headers["X-RateLimit-Remaining"] == "4"


def test_retry_after_is_only_sent_on_429(limited: Wire) -> None:
    for _ in range(8):
        response = limited.http.get("/v1/jobs", headers=auth("fh_test_sk_unknown"))
        assert response.status_code == 401
        assert "Retry-After" not in response.headers


def test_rate_limit_none_disables_limits_and_headers(wire: Wire) -> None:
    responses = [wire.get("/v1/billing/credits") for _ in range(150)]
    assert all(response.status_code == 200 for response in responses)
    response = responses[-1]
    assert not any(name.lower().startswith("x-ratelimit") for name in response.headers)


def test_rate_limit_headers_are_on_errors_too(limited: Wire) -> None:
    response = limited.get("/v1/jobs/job_missing")
    assert response.status_code == 404
    assert response.headers["X-RateLimit-Remaining"] == "4"


# -- pagination -------------------------------------------------------------------------------


def test_lists_are_newest_first_and_a_cursor_chain_covers_everything_once(
    wire: Wire, fake: FakeFirstHand
) -> None:
    created: List[str] = []
    for _ in range(7):
        created.append(wire.create_job()["id"])
        fake.advance(0.5)
    seen: List[str] = []
    cursor: Optional[str] = None
    pages = 0
    while True:
        path = "/v1/jobs?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = wire.get(path).json()
        assert page["object"] == "list"
        assert len(page["data"]) <= 3
        seen.extend(job["id"] for job in page["data"])
        pages += 1
        if not page["has_more"]:
            assert page["next_cursor"] is None
            break
        cursor = page["next_cursor"]
        assert isinstance(cursor, str)
        assert cursor
    assert pages == 3
    assert seen == list(reversed(created))
    default = wire.get("/v1/jobs").json()
    assert [j["id"] for j in default["data"]] == seen
    assert default["has_more"] is False
    assert default["next_cursor"] is None


def test_limit_20_is_the_default(wire: Wire) -> None:
    for _ in range(21):
        wire.create_job()
    page = wire.get("/v1/jobs").json()
    assert len(page["data"]) == 20
    assert page["has_more"] is True
    assert len(wire.get("/v1/jobs?limit=100").json()["data"]) == 21


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-1", "", "2.5", "1e2"])
def test_an_out_of_range_limit_is_400(wire: Wire, limit: str) -> None:
    error = error_of(wire.get(f"/v1/jobs?limit={limit}"), 400, "validation_error")
    assert fields_of(error) == ["limit"]


def test_a_non_ascii_digit_limit_is_400(fake: FakeFirstHand) -> None:
    request = FakeRequest(
        "GET", "/v1/jobs", "limit=%C2%B2", {"authorization": f"Bearer {fake.api_key}"}
    )
    response = fake.handle(request)
    assert response.status == 400


def test_a_foreign_or_garbled_cursor_is_400(wire: Wire, fake: FakeFirstHand) -> None:
    for _ in range(3):
        wire.create_job()
        wire.new_api_key()
    jobs_cursor = wire.get("/v1/jobs?limit=1").json()["next_cursor"]
    keys_cursor = wire.get("/v1/api_keys?limit=1").json()["next_cursor"]
    assert jobs_cursor
    assert keys_cursor
    for path in (
        f"/v1/api_keys?cursor={jobs_cursor}",
        f"/v1/jobs?cursor={keys_cursor}",
        "/v1/jobs?cursor=not-a-cursor",
        "/v1/jobs?cursor=%21%21%21",
        "/v1/jobs?cursor=a",
        "/v1/jobs?cursor=",
    ):
        error = error_of(wire.get(path), 400, "validation_error")
        assert fields_of(error) == ["cursor"], path


def test_an_unknown_query_parameter_is_400_naming_it(wire: Wire) -> None:
    error = error_of(wire.get("/v1/jobs?limit=5&colour=red"), 400, "validation_error")
    assert fields_of(error) == ["colour"]
    error = error_of(wire.get("/v1/billing/credits?limit=5"), 400, "validation_error")
    assert fields_of(error) == ["limit"]


# -- long polling -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefer", "applied"),
    [
        ("wait=5", "wait=5"),
        ("wait=0", "wait=1"),
        ("wait=-3", "wait=1"),
        ("wait=120", "wait=60"),
        ("wait=60", "wait=60"),
        ("respond-async, wait=7", "wait=7"),
        ("wait=abc", None),
        ("wait=", None),
        ("respond-async", None),
    ],
)
def test_preference_applied_is_clamped_or_absent(
    wire: Wire, prefer: str, applied: Optional[str]
) -> None:
    job = wire.create_job()
    assert wire.post(f"/v1/jobs/{job['id']}/cancel").status_code == 200
    response = wire.get(f"/v1/jobs/{job['id']}", Prefer=prefer)
    assert response.status_code == 200
    assert response.headers.get("Preference-Applied") == applied


def test_a_long_poll_on_a_frozen_clock_jumps_at_most_n_seconds(
    wire: Wire, fake: FakeFirstHand
) -> None:
    job = wire.create_job()
    before = fake.clock.now()
    response = wire.get(f"/v1/jobs/{job['id']}", Prefer="wait=5")
    assert response.json()["status"] == "open"
    assert fake.clock.now() == approx(before + 5)
    started = time.monotonic()
    response = wire.get(f"/v1/jobs/{job['id']}", Prefer="wait=60")
    assert time.monotonic() - started < 2  # no real waiting
    moved = fake.clock.now() - before
    assert response.json()["status"] == "filled"
    assert 15 <= moved <= 20  # returned at the change, not after 60 s
    assert fake.jobs[job["id"]].status == "filled"


def test_a_long_poll_on_a_terminal_job_returns_at_once(wire: Wire, fake: FakeFirstHand) -> None:
    done = wire.completed_job()
    before = fake.clock.now()
    response = wire.get(f"/v1/jobs/{done['id']}", Prefer="wait=60")
    assert response.json()["status"] == "completed"
    assert response.headers["Preference-Applied"] == "wait=60"
    assert fake.clock.now() == before


def test_a_long_poll_on_an_unknown_job_is_404_at_once(wire: Wire, fake: FakeFirstHand) -> None:
    before = fake.clock.now()
    error_of(wire.get("/v1/jobs/job_missing", Prefer="wait=30"), 404, "not_found")
    assert fake.clock.now() == before


# -- statuses and state conflicts -------------------------------------------------------------


def test_success_statuses(wire: Wire) -> None:
    created = wire.post("/v1/jobs", job_body())
    assert created.status_code == 201
    job_id = created.json()["id"]
    assert wire.get(f"/v1/jobs/{job_id}").status_code == 200
    assert wire.post(f"/v1/jobs/{job_id}/cancel").status_code == 200
    key = wire.post("/v1/api_keys", {"name": "k"})
    assert key.status_code == 200
    endpoint = wire.post(
        "/v1/webhook_endpoints", {"url": "https://example.com/h", "events": ["job.completed"]}
    )
    assert endpoint.status_code == 200
    assert wire.post("/v1/billing/credits/purchase", {"amount_cents": 1_000}).status_code == 200
    revoked = wire.post(f"/v1/api_keys/{key.json()['id']}/revoke", idempotency_key=None)
    assert (revoked.status_code, revoked.content) == (204, b"")
    assert "Content-Type" not in revoked.headers
    deleted = wire.http.delete(
        f"/v1/webhook_endpoints/{endpoint.json()['id']}", headers=auth(wire.fake.api_key)
    )
    assert (deleted.status_code, deleted.content) == (204, b"")
    assert REQUEST_ID.match(deleted.headers["X-Request-Id"])
    assert wire.get(f"/v1/webhook_endpoints/{endpoint.json()['id']}").status_code == 404


def test_cancelling_a_finished_job_is_409_conflict(wire: Wire, fake: FakeFirstHand) -> None:
    done = wire.completed_job()
    error_of(wire.post(f"/v1/jobs/{done['id']}/cancel"), 409, "conflict")
    job = wire.create_job()
    assert wire.post(f"/v1/jobs/{job['id']}/cancel").status_code == 200
    error_of(wire.post(f"/v1/jobs/{job['id']}/cancel"), 409, "conflict")
    assert fake.jobs[done["id"]].status == "completed"


def test_only_a_completed_job_can_be_rated(wire: Wire, fake: FakeFirstHand) -> None:
    job = wire.create_job()
    error_of(wire.post(f"/v1/jobs/{job['id']}/rate", {"rating": 5}), 409, "conflict")
    fake.advance(60)
    error = error_of(
        wire.post(f"/v1/jobs/{job['id']}/rate", {"rating": 6}), 400, "validation_error"
    )
    assert fields_of(error) == ["rating"]
    rated = wire.post(f"/v1/jobs/{job['id']}/rate", {"rating": 4, "comment": "Sharp"})
    assert rated.status_code == 200
    assert rated.json()["buyer_rating"] == 4
    assert fake.jobs[job["id"]].buyer_rating == 4


def test_deprecated_paths_send_deprecation_headers(wire: Wire, fake: FakeFirstHand) -> None:
    fake.deprecate("/v1/billing", sunset="Sat, 01 Mar 2027 00:00:00 GMT")
    for response in (
        wire.get("/v1/billing/credits"),
        wire.get("/v1/billing/transactions?colour=red"),  # errors too
    ):
        assert response.headers["Deprecation"] == "true"
        assert response.headers["Sunset"] == "Sat, 01 Mar 2027 00:00:00 GMT"
        assert 'rel="successor-version"' in response.headers["Link"]
    assert "Deprecation" not in wire.get("/v1/jobs").headers


# -- signup -----------------------------------------------------------------------------------


def test_signup_needs_no_key_and_makes_a_new_organization(wire: Wire, fake: FakeFirstHand) -> None:
    wire.create_job()
    response = wire.http.post("/v1/auth/signup", json={"name": "Acme", "email": "ops@acme.test"})
    assert response.status_code == 200
    assert REQUEST_ID.match(response.headers["X-Request-Id"])
    body = response.json()
    assert set(body) == {"organization_id", "api_key", "credits_cents"}
    assert body["organization_id"].startswith("org_")
    assert body["organization_id"] != fake.organization_id
    assert body["api_key"].startswith("fh_live_")
    assert body["credits_cents"] == 500
    balance = wire.get("/v1/billing/credits", key=body["api_key"]).json()
    assert (balance["available_cents"], balance["held_cents"]) == (500, 0)
    assert wire.get("/v1/jobs", key=body["api_key"]).json()["data"] == []
    settings = wire.get("/v1/organization/settings", key=body["api_key"]).json()
    assert settings["organization_id"] == body["organization_id"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Acme", "email": "not-an-email"}, "email"),
        ({"name": "Acme", "email": "@"}, "email"),
        ({"name": "Acme", "email": 5}, "email"),
        ({"name": "", "email": "ops@acme.test"}, "name"),
        ({"email": "ops@acme.test"}, "name"),
        ({"name": "Acme"}, "email"),
    ],
)
def test_signup_validates_its_body(wire: Wire, body: Dict[str, Any], field: str) -> None:
    error = error_of(wire.http.post("/v1/auth/signup", json=body), 400, "validation_error")
    assert fields_of(error) == [field]


# -- the file host ----------------------------------------------------------------------------


@pytest.fixture
def approved_file(wire: Wire) -> Dict[str, Any]:
    done = wire.completed_job()
    files = wire.get(f"/v1/jobs/{done['id']}/files").json()["data"]
    assert len(files) == 1
    file: Dict[str, Any] = files[0]
    return file


def test_a_download_url_serves_the_bytes_of_the_content_hash(
    wire: Wire, approved_file: Dict[str, Any]
) -> None:
    response = wire.http.get(approved_file["download_url"])
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "image/png"
    assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert hashlib.sha256(response.content).hexdigest() == approved_file["content_hash"]
    assert len(response.content) == approved_file["size_bytes"]


def test_a_tampered_signature_is_403(wire: Wire, approved_file: Dict[str, Any]) -> None:
    url = httpx.URL(approved_file["download_url"])
    signature = url.params["signature"]
    forged = signature[:-1] + ("0" if signature[-1] != "0" else "1")
    response = wire.http.get(url.copy_merge_params({"signature": forged}))
    assert response.status_code == 403
    assert b"<Code>AccessDenied</Code>" in response.content
    unsigned = wire.http.get(url.copy_with(query=None))
    assert unsigned.status_code == 403
    longer = wire.http.get(url.copy_merge_params({"expires": str(int(url.params["expires"]) + 1)}))
    assert longer.status_code == 403


def test_a_download_url_expires_after_7_days_and_refresh_url_renews_it(
    wire: Wire, fake: FakeFirstHand, approved_file: Dict[str, Any]
) -> None:
    url = approved_file["download_url"]
    fake.advance(7 * DAY - 120)
    assert wire.http.get(url).status_code == 200
    fake.advance(121)
    expired = wire.http.get(url)
    assert expired.status_code == 403
    assert b"AccessDenied" in expired.content
    refreshed = wire.post(f"/v1/files/{approved_file['id']}/refresh_url", idempotency_key=None)
    assert refreshed.status_code == 200
    assert refreshed.json()["download_url"] != url
    assert refreshed.json()["download_url_expires_at"] > approved_file["download_url_expires_at"]
    again = wire.http.get(refreshed.json()["download_url"])
    assert again.status_code == 200
    assert hashlib.sha256(again.content).hexdigest() == approved_file["content_hash"]


def test_a_range_request_resumes_with_206(wire: Wire, approved_file: Dict[str, Any]) -> None:
    whole = wire.http.get(approved_file["download_url"]).content
    part = wire.http.get(approved_file["download_url"], headers={"Range": "bytes=10-"})
    assert part.status_code == 206
    assert part.content == whole[10:]
    assert part.headers["Content-Range"] == f"bytes 10-{len(whole) - 1}/{len(whole)}"
    beyond = wire.http.get(approved_file["download_url"], headers={"Range": f"bytes={len(whole)}-"})
    assert beyond.status_code == 416


def test_an_unknown_file_is_404(wire: Wire, approved_file: Dict[str, Any]) -> None:
    url = httpx.URL(approved_file["download_url"])
    response = wire.http.get(url.copy_with(path="/files/file_01NOSUCHFILE0000000000000"))
    assert response.status_code == 404
    assert b"NoSuchKey" in response.content
    error_of(
        wire.post("/v1/files/file_missing/refresh_url", idempotency_key=None), 404, "not_found"
    )


def test_a_submission_file_url_is_served_too(wire: Wire, fake: FakeFirstHand) -> None:
    wire.completed_job()
    [submission] = wire.get("/v1/submissions").json()["data"]
    response = wire.http.get(submission["file_url"])
    assert response.status_code == 200
    assert len(response.content) == submission["size_bytes"]


# -- faults -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "type_"),
    [
        (400, "validation_error"),
        (401, "authentication_error"),
        (402, "insufficient_credits"),
        (403, "authorization_error"),
        (404, "not_found"),
        (409, "conflict"),
        (500, "internal_error"),
        (502, "bad_gateway"),
        (503, "service_unavailable"),
        (504, "gateway_timeout"),
    ],
)
def test_fail_next_answers_the_status_with_no_side_effect(
    wire: Wire, fake: FakeFirstHand, status: int, type_: str
) -> None:
    fake.faults.fail_next(status=status)
    error_of(wire.post("/v1/jobs", job_body(), idempotency_key="k"), status, type_)
    assert fake.jobs == {}
    assert fake.balance().held_cents == 0
    assert fake.faults.pending == 0
    assert wire.post("/v1/jobs", job_body(), idempotency_key="k").status_code == 201


def test_fail_next_counts_requests(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.fail_next(2, status=502)
    assert [wire.get("/v1/jobs").status_code for _ in range(3)] == [502, 502, 200]


def test_rate_limit_next_is_a_429_with_retry_after(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.rate_limit_next(retry_after=7)
    response = wire.post("/v1/jobs", job_body())
    error_of(response, 429, "rate_limit_exceeded")
    assert response.headers["Retry-After"] == "7"
    assert fake.jobs == {}


def test_a_dropped_answer_still_did_the_work(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.drop_next()
    with pytest.raises(httpx.RemoteProtocolError):
        wire.post("/v1/jobs", job_body(), idempotency_key="dropped")
    assert len(fake.jobs) == 1
    retry = wire.post("/v1/jobs", job_body(), idempotency_key="dropped")
    assert retry.headers["Idempotent-Replayed"] == "true"
    assert retry.json()["id"] == next(iter(fake.jobs))
    assert len(fake.jobs) == 1


def test_a_delayed_answer_times_out_a_short_read_timeout(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.delay_next(5.0)
    started, stand_in_started = time.monotonic(), fake.clock.now()
    with pytest.raises(httpx.ReadTimeout):
        wire.http.post(
            "/v1/jobs",
            json=job_body(),
            headers=auth(fake.api_key, **{"Idempotency-Key": "slow"}),
            timeout=httpx.Timeout(5.0, read=0.05),
        )
    assert time.monotonic() - started < 1
    assert fake.clock.now() - stand_in_started == approx(0.05)  # the read timeout passed
    assert len(fake.jobs) == 1  # processed, then the answer was late


def test_a_short_delay_within_the_timeout_answers(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.delay_next(0.05)
    started = fake.clock.now()
    assert wire.get("/v1/jobs").status_code == 200
    assert fake.clock.now() - started == approx(0.05)  # on the stand-in's clock: no real wait


def test_faults_clear_forgets_planned_faults(wire: Wire, fake: FakeFirstHand) -> None:
    fake.faults.fail_next(3)
    fake.faults.drop_next()
    assert fake.faults.pending == 4
    fake.faults.clear()
    assert fake.faults.pending == 0
    assert wire.get("/v1/jobs").status_code == 200


def test_faults_apply_to_downloads_too(
    wire: Wire, fake: FakeFirstHand, approved_file: Dict[str, Any]
) -> None:
    fake.faults.fail_next(status=503)
    assert wire.http.get(approved_file["download_url"]).status_code == 503
    assert wire.http.get(approved_file["download_url"]).status_code == 200


# -- the limits table: the stand-in accepts exactly what it says ---------------------------------


def _boundaries(limit: Limit) -> List[Tuple[Any, bool]]:
    """Values at and just past a limit's bounds, and whether each is within it."""
    cases: List[Tuple[Any, bool]] = []
    if isinstance(limit, Between):
        cases += [(limit.low, True), (limit.low - 1, False)]
        if limit.high is not None:
            cases += [(limit.high, True), (limit.high + 1, False)]
        return cases
    if isinstance(limit, OneOf):
        return [*((value, True) for value in limit.values), ("x" + "".join(limit.values), False)]
    cases += [("x" * limit.high, True), ("x" * (limit.high + 1), False)]
    if limit.low > 0:
        cases += [("x" * limit.low, True), ("x" * (limit.low - 1), False)]
    return cases


@pytest.mark.parametrize("field", sorted(limits.JOB))
def test_create_job_accepts_exactly_the_limits_of_the_table(field: str) -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None, sandbox_balance_cents=10**12)
    with httpx.Client(transport=fake.transport(), base_url=BASE) as http:
        for number, (value, within) in enumerate(_boundaries(limits.JOB[field])):
            body = job_body(**{field: value})
            key = {"Idempotency-Key": f"{field}-{number}"}
            answer = http.post("/v1/jobs", json=body, headers=auth(fake.api_key, **key))
            if within:
                assert answer.status_code == 201, (field, value, answer.text)
            else:
                error = error_of(answer, 400, "validation_error")
                assert [d["field"] for d in error["details"]] == [field], (field, value)


@pytest.mark.parametrize(
    ("table", "field", "path"),
    [
        (limits.CREDIT_PURCHASE, "amount_cents", "/v1/billing/credits/purchase"),
        (limits.API_KEY, "name", "/v1/api_keys"),
    ],
)
def test_other_bodies_accept_exactly_the_limits_of_the_table(
    wire: Wire, fake: FakeFirstHand, table: Mapping[str, Limit], field: str, path: str
) -> None:
    for number, (value, within) in enumerate(_boundaries(table[field])):
        body: Dict[str, Any] = {field: value}
        key = {"Idempotency-Key": f"{field}-{number}"}
        answer = wire.http.post(path, json=body, headers=auth(fake.api_key, **key))
        if within:
            assert answer.status_code in (200, 201), (field, value, answer.text)
        else:
            error = error_of(answer, 400, "validation_error")
            assert [d["field"] for d in error["details"]] == [field], (field, value)
