"""Helpers shared by the client test modules: a recording fake API and one-scenario-two-clients
utilities. (Importable because ``pythonpath`` in pyproject.toml includes ``tests``.)"""

from __future__ import annotations

import inspect
import itertools
import threading
from typing import TYPE_CHECKING, Any, Callable, Union

import httpx
import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient

if TYPE_CHECKING:
    from firsthand.models import JobCreateParamsDict

Client = Union[FirstHandClient, AsyncFirstHandClient]

#: The sandbox key the client tests use (the ``api_key`` fixture of ``tests/conftest.py``).
API_KEY = "fh_test_sk_suite000000000000000000000"

#: A valid ``create_job`` body (the ``job_body`` fixture gives each test its own copy).
JOB_BODY: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above.",
    "files_needed": 5,
    "accepted_formats": ["image/jpeg"],
    "price_per_file_cents": 75,
}


def job_json(job_id: str, status: str = "open") -> dict[str, Any]:
    """A minimal job body, as the docs' examples show it."""
    return {
        "object": "job",
        "id": job_id,
        "type": "data_collection",
        "status": status,
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 5,
        "files_approved": 0,
        "price_per_file_cents": 75,
        "created_at": "2026-03-20T19:03:27.971Z",
    }


class Recorder:
    """Answers every request with a job (or a one-job list) and remembers the requests
    (thread-safe). Created jobs are ``job_new_1``, ``job_new_2``, ..."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.requests.append(request)
            number = next(self._ids)
        parts = request.url.path.strip("/").split("/")
        headers = {"X-Request-Id": "req_recorder"}
        if request.method == "POST" and parts[-1] == "jobs":
            return httpx.Response(201, json=job_json(f"job_new_{number}"), headers=headers)
        if request.method == "POST" and parts[-1] == "cancel":
            return httpx.Response(200, json=job_json(parts[-2], "cancelled"), headers=headers)
        if request.method == "GET" and parts[-1] == "jobs":
            body = {"object": "list", "data": [job_json("job_1")], "has_more": False}
            return httpx.Response(200, json=body, headers=headers)
        return httpx.Response(200, json=job_json(parts[-1]), headers=headers)

    @property
    def last(self) -> httpx.Request:
        assert self.requests, "no request reached the server"
        return self.requests[-1]


def make(kind: str, *args: Any, **kwargs: Any) -> Client:
    """A sync (``kind == "sync"``) or async client."""
    if kind == "sync":
        return FirstHandClient(*args, **kwargs)
    return AsyncFirstHandClient(*args, **kwargs)


def client_class(kind: str) -> type[Client]:
    return FirstHandClient if kind == "sync" else AsyncFirstHandClient


async def call(client: Client, method: str, *args: Any, **kwargs: Any) -> Any:
    """Call ``method`` on either client, awaiting the async one."""
    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


def approx(expected: object, *, rel: float | None = None, abs: float | None = None) -> object:
    """``pytest.approx`` with a typed signature (pytest's own leaves its parameters unannotated)."""
    return pytest.approx(expected, rel=rel, abs=abs)  # pyright: ignore[reportUnknownMemberType]


def sleeper(kind: str, record: Callable[[float], object]) -> Any:
    """A ``sleep=`` for a client of ``kind`` (``"sync"`` or ``"async"``) that calls ``record``
    with each wait instead of waiting."""
    if kind == "sync":

        def sleep(seconds: float) -> None:
            record(seconds)

        return sleep

    async def async_sleep(seconds: float) -> None:
        record(seconds)

    return async_sleep
