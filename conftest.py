"""Shared fixtures: a small in-memory Jobs API for end-to-end tests, doctests and docs examples.

The full stand-in server (``firsthand.testing``) comes later; until then this fake answers the Jobs
endpoints with the shapes DECISIONS.md fixes, so examples run offline, as written.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import sys
from collections.abc import Coroutine, Iterator
from datetime import datetime, timezone
from typing import Any, Optional, TypeVar

import httpx
import pytest
import respx

T = TypeVar("T")

API_HOST = "api.firsthandapi.com"
TEST_KEY = "fh_test_sk_fixture0000000000000000"


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class FakeJobsAPI:
    """A tiny, stateful FirstHandAPI that knows the Jobs endpoints.

    ``requests`` records every request it received, in order.
    """

    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self.requests: list[httpx.Request] = []
        self._ids = itertools.count(1)
        self._request_ids = itertools.count(1)
        #: Idempotency-Key -> (fingerprint of the request, the stored response).
        self._idempotent: dict[str, tuple[tuple[str, str, bytes], httpx.Response]] = {}

    # -- responses ---------------------------------------------------------------------------
    def _reply(self, status: int, body: Optional[dict[str, Any]] = None) -> httpx.Response:
        request_id = f"req_{next(self._request_ids):026d}"
        if body is not None and "error" in body:
            body["error"]["request_id"] = request_id
        return httpx.Response(
            status,
            headers={"X-Request-Id": request_id},
            content=json.dumps(body).encode() if body is not None else b"",
        )

    def _error(self, status: int, type_: str, message: str) -> httpx.Response:
        return self._reply(status, {"error": {"type": type_, "message": message}})

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if not request.headers.get("Authorization", "").startswith("Bearer fh_"):
            return self._error(401, "authentication_error", "Invalid API key")
        key = request.headers.get("Idempotency-Key")
        if request.method != "POST" or key is None:
            return self._route(request)
        fingerprint = (request.method, request.url.path, request.content)
        if key in self._idempotent:
            seen, stored = self._idempotent[key]
            if seen != fingerprint:
                return self._error(409, "idempotency_error", "Key already used for another request")
            headers = dict(stored.headers)
            headers["Idempotent-Replayed"] = "true"
            return httpx.Response(stored.status_code, headers=headers, content=stored.content)
        response = self._route(request)
        self._idempotent[key] = (fingerprint, response)
        return response

    def _route(self, request: httpx.Request) -> httpx.Response:
        parts = request.url.raw_path.decode().split("?")[0].strip("/").split("/")
        if parts[:2] != ["v1", "jobs"]:
            return self._error(404, "not_found", "Unknown path")
        if len(parts) == 2 and request.method == "POST":
            return self._create(request)
        if len(parts) == 2 and request.method == "GET":
            return self._list(request)
        job = self.jobs.get(parts[2])
        if job is None:
            return self._error(404, "not_found", f"No such job: {parts[2]}")
        if len(parts) == 3 and request.method == "GET":
            return self._reply(200, job)
        if len(parts) == 4 and parts[3] == "cancel" and request.method == "POST":
            if job["status"] in ("completed", "cancelled"):
                return self._error(409, "conflict", f"Job is already {job['status']}")
            job.update(status="cancelled", cancelled_at=_now(), updated_at=_now())
            return self._reply(200, job)
        return self._error(404, "not_found", "Unknown path")

    def _create(self, request: httpx.Request) -> httpx.Response:
        if "Idempotency-Key" not in request.headers:
            return self._error(400, "validation_error", "Idempotency-Key header is required")
        body = json.loads(request.content)
        job_id = f"job_01JQ{next(self._ids):022d}"
        now = _now()
        job: dict[str, Any] = {
            "object": "job",
            "id": job_id,
            "type": body["type"],
            "status": "open",
            "title": body.get("title"),
            "description": body["description"],
            "files_needed": body["files_needed"],
            "files_approved": 0,
            "files_pending": 0,
            "files_rejected": 0,
            "accepted_formats": body["accepted_formats"],
            "price_per_file_cents": body["price_per_file_cents"],
            "total_cost_cents": body["files_needed"] * body["price_per_file_cents"],
            "location": body.get("location"),
            "deadline": body.get("deadline"),
            "max_workers": body.get("max_workers"),
            "metadata": body.get("metadata"),
            "files_per_submission": body.get("files_per_submission", 1),
            "scoring_criteria": body.get("scoring_criteria"),
            "min_star_rating": body.get("min_star_rating", 3),
            "min_width": body.get("min_width"),
            "min_height": body.get("min_height"),
            "worker_guidelines": body.get("worker_guidelines"),
            "buyer_rating": None,
            "created_at": now,
            "updated_at": now,
            "completed_at": None,
            "cancelled_at": None,
        }
        self.jobs[job_id] = job
        return self._reply(201, job)

    def _list(self, request: httpx.Request) -> httpx.Response:
        params = request.url.params
        jobs = sorted(self.jobs.values(), key=lambda j: j["id"], reverse=True)
        if "status" in params:
            jobs = [j for j in jobs if j["status"] == params["status"]]
        if "type" in params:
            jobs = [j for j in jobs if j["type"] == params["type"]]
        if "cursor" in params:
            jobs = [j for j in jobs if j["id"] < params["cursor"]]
        limit = int(params.get("limit", 20))
        page, rest = jobs[:limit], jobs[limit:]
        return self._reply(
            200,
            {
                "object": "list",
                "data": page,
                "has_more": bool(rest),
                "next_cursor": page[-1]["id"] if rest else None,
            },
        )


def pytest_configure(config: pytest.Config) -> None:
    if sys.version_info < (3, 10):
        # pytest-asyncio on 3.9 lets asyncio.get_event_loop() create a loop under a temporary
        # policy and never closes it; its self-pipe (AF_UNIX) sockets surface later, in whatever
        # test runs when they are collected. Only that leak is ignored: the SDK's own sockets
        # are TCP, so an unclosed client still fails the suite.
        for pattern in (
            r"ignore:Exception ignored in. <socket.socket fd=\d+, family=AddressFamily.AF_UNIX"
            ":pytest.PytestUnraisableExceptionWarning",
            "ignore:Exception ignored in. <function BaseEventLoop.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        ):
            config.addinivalue_line("filterwarnings", pattern)


@pytest.fixture
def fake_api() -> Iterator[FakeJobsAPI]:
    """The in-memory Jobs API, answering every request to ``https://api.firsthandapi.com``."""
    api = FakeJobsAPI()
    with respx.mock(assert_all_called=False) as router:
        router.route(host=API_HOST).mock(side_effect=api.handler)
        yield api


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own FIRSTHAND_* settings."""
    for name in list(os.environ):
        if name.startswith("FIRSTHAND_"):
            monkeypatch.delenv(name)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture(autouse=True)
def _doctest_world(
    request: pytest.FixtureRequest, doctest_namespace: dict[str, Any]
) -> Iterator[None]:
    """Docstring examples run against the fake API with ``client``, ``async_client``, ``job`` and
    ``run`` (``asyncio.run``) ready to use."""
    if type(request.node).__name__ != "DoctestItem":
        yield
        return
    api = FakeJobsAPI()
    with respx.mock(assert_all_called=False) as router:
        router.route(host=API_HOST).mock(side_effect=api.handler)
        from firsthand import AsyncFirstHandClient, FirstHandClient

        client = FirstHandClient(api_key=TEST_KEY)
        job = client.create_job(
            {
                "type": "data_collection",
                "description": "Take a clear photo of any coffee cup from above.",
                "files_needed": 50,
                "accepted_formats": ["image/jpeg", "image/png"],
                "price_per_file_cents": 75,
            }
        )
        doctest_namespace.update(
            client=client,
            async_client=AsyncFirstHandClient(api_key=TEST_KEY),
            job=job,
            run=_run,
            fake_api=api,
        )
        yield
        client.close()
