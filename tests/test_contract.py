"""docs/openapi.json against the served stand-in, by tools no one here wrote.

A short schemathesis run (the full one is ``nox -s contract``: all phases, 30 examples per
operation), and openapi-core validating real answers of the stand-in against the document.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Dict, Optional

import httpx
import pytest

import contract_check
from firsthand._operations import OPERATIONS
from firsthand.testing import FakeFirstHand

SPEC_PATH = Path(__file__).resolve().parents[1] / "docs" / "openapi.json"

needs_schemathesis = pytest.mark.skipif(
    importlib.util.find_spec("schemathesis") is None,
    reason="schemathesis is not installed (it needs Python 3.11+; `pip install -e .[test]`)",
)


@needs_schemathesis
def test_a_short_schemathesis_run_finds_nothing() -> None:
    result = contract_check.run(
        max_examples=3, phases="examples,fuzzing", extra=["--seed", "1", "--workers", "1"]
    )
    assert result.returncode == 0, result.stdout[-6000:]
    count = len(OPERATIONS)  # the document describes each operation but signup (a keyless call)
    assert f"{count} selected / {count} total" in result.stdout


needs_openapi_core = pytest.mark.skipif(
    importlib.util.find_spec("openapi_core") is None,
    reason="openapi-core is not installed (it needs Python 3.10+; `pip install -e .[test]`)",
)

BASE = "https://api.firsthandapi.com"


@pytest.fixture
def recorded() -> Iterator[tuple[httpx.Client, list[httpx.Response]]]:
    """A raw client on the stand-in that keeps every answer (with its request)."""
    fake = FakeFirstHand(rate_limit_per_minute=None)
    answers: list[httpx.Response] = []

    def keep(response: httpx.Response) -> None:
        response.read()
        answers.append(response)

    with httpx.Client(
        transport=fake.transport(),
        base_url=BASE,
        headers={"Authorization": f"Bearer {fake.api_key}"},
        event_hooks={"response": [keep]},
    ) as http:
        yield http, answers


def _journey(http: httpx.Client) -> None:
    """Every operation at least once, and a few documented errors."""
    n = iter(range(1_000))

    def post(path: str, body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        key = {"Idempotency-Key": f"journey-{next(n)}"}
        answer = (
            http.post(path, json=body, headers=key)
            if body is not None
            else http.post(path, headers=key)
        )
        return answer.json() if answer.content else {}

    job = post(
        "/v1/jobs",
        {
            "type": "data_collection",
            "description": "A photo of a coffee cup from above",
            "files_needed": 2,
            "accepted_formats": ["image/png", "image/jpeg"],
            "price_per_file_cents": 50,
            "files_per_submission": None,
        },
    )
    http.get(f"/v1/jobs/{job['id']}", headers={"Prefer": "wait=5"})
    for _ in range(3):  # let the sandbox finish the job (each long poll moves its clock)
        http.get(f"/v1/jobs/{job['id']}", headers={"Prefer": "wait=60"})
    http.get("/v1/jobs", params={"status": "completed", "limit": 5})
    files = http.get(f"/v1/jobs/{job['id']}/files").json()["data"]
    if files:
        post(f"/v1/files/{files[0]['id']}/refresh_url")
    submissions = http.get(f"/v1/jobs/{job['id']}/submissions").json()["data"]
    http.get(f"/v1/jobs/{job['id']}/audit")
    http.get("/v1/submissions", params={"job_id": job["id"], "start_date": "2020-01-01"})
    if submissions:
        http.get(f"/v1/submissions/{submissions[0]['id']}")
    http.get("/v1/submissions/summary", params={"job_id": job["id"]})
    http.get("/v1/submissions/summary", params={"job_id": "job_unknown"})  # 404
    post(f"/v1/jobs/{job['id']}/rate", {"rating": 5, "comment": "Great"})
    other = post(
        "/v1/jobs",
        {
            "type": "feedback",
            "description": "Say hello to the camera",
            "files_needed": 1,
            "accepted_formats": ["video/mp4"],
            "price_per_file_cents": 100,
        },
    )
    post(f"/v1/jobs/{other['id']}/cancel")
    key = post("/v1/api_keys", {"name": "CI", "scopes": ["jobs:read"], "environment": None})
    http.get("/v1/api_keys")
    post(f"/v1/api_keys/{key['id']}/rotate")
    post(f"/v1/api_keys/{key['id']}/revoke")
    endpoint = post(
        "/v1/webhook_endpoints", {"url": "https://example.com/hooks", "events": ["job.cancelled"]}
    )
    http.get("/v1/webhook_endpoints")
    http.get(f"/v1/webhook_endpoints/{endpoint['id']}")
    http.patch(f"/v1/webhook_endpoints/{endpoint['id']}", json={"status": "disabled", "url": None})
    post(f"/v1/webhook_endpoints/{endpoint['id']}/rotate_secret")
    events = http.get("/v1/webhook_events", params={"type": "job.cancelled"}).json()["data"]
    if events:
        post(f"/v1/webhook_events/{events[0]['id']}/replay")
    http.delete(f"/v1/webhook_endpoints/{endpoint['id']}")
    http.get("/v1/billing/credits")
    http.get("/v1/billing/transactions")
    post("/v1/billing/credits/purchase", {"amount_cents": 2_500})
    post("/v1/billing/credits/purchase", {"amount_cents": 5})  # 400
    http.get("/v1/organization/settings")
    http.patch("/v1/organization/settings", json={"low_balance_threshold_cents": 1_000})
    http.get("/v1/audit-events", params={"limit": 100})
    http.get("/v1/jobs/job_unknown")  # 404
    http.get("/v1/jobs", params={"limit": ""})  # 400


@needs_openapi_core
def test_openapi_core_accepts_every_answer_of_the_stand_in(
    recorded: tuple[httpx.Client, list[httpx.Response]],
) -> None:
    from openapi_core import OpenAPI
    from openapi_core.testing import MockRequest, MockResponse

    http, answers = recorded
    _journey(http)
    openapi = OpenAPI.from_dict(json.loads(SPEC_PATH.read_text(encoding="utf-8")))
    statuses: set[int] = set()
    for answer in answers:
        request = answer.request
        mock_request = MockRequest(
            BASE,
            request.method,
            request.url.path,
            args=dict(request.url.params),
            headers=dict(request.headers),
            data=request.content or None,
            content_type=request.headers.get("Content-Type", "application/json"),
        )
        mock_response = MockResponse(
            answer.content,
            status_code=answer.status_code,
            headers=dict(answer.headers),
            content_type=answer.headers.get("Content-Type", "application/json"),
        )
        openapi.validate_response(mock_request, mock_response)
        if answer.is_success:
            # The request as sent was valid too (the error cases are meant to be invalid).
            openapi.validate_request(mock_request)
        statuses.add(answer.status_code)
    assert len(answers) >= 30
    assert {200, 201, 204, 400, 404} <= statuses
