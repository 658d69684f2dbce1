"""``extra_body``: members merged into a request body after local validation, for operations that
have a body only; both clients send the same bytes (see also tests/test_parity.py)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Iterator
from typing import Any, Union

import httpx
import pytest
import respx

from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandValidationError
from firsthand.models import JobCreateParams

BASE_URL = "https://api.firsthandapi.com"
KEY = "fh_test_sk_extrabody0000000000000000"
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]

BODY: dict[str, Any] = {
    "type": "feedback",
    "description": "Record a short clip of your street at noon.",
    "files_needed": 1,
    "accepted_formats": ["video/mp4"],
    "price_per_file_cents": 200,
}
JOB = {
    "object": "job",
    "id": "job_01JQ0000000000000000000001",
    "type": "feedback",
    "status": "open",
    "description": BODY["description"],
    "files_needed": 1,
    "files_approved": 0,
    "price_per_file_cents": 200,
    "created_at": "2026-03-20T19:03:27.971Z",
}


@pytest.fixture
def api() -> Iterator[respx.Route]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router.route().mock(return_value=httpx.Response(201, json=JOB))


async def call(kind: str, method: str, *args: Any, **kwargs: Any) -> Any:
    if kind == "sync":
        with FirstHandClient(api_key=KEY) as client:
            return getattr(client, method)(*args, **kwargs)
    async with AsyncFirstHandClient(api_key=KEY) as client:
        result = getattr(client, method)(*args, **kwargs)
        return await result if inspect.isawaitable(result) else result


def sent_json(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


@KINDS
@pytest.mark.parametrize("style", ["dict", "model"])
async def test_extra_body_is_merged_after_validation(
    api: respx.Route, kind: str, style: str
) -> None:
    body: Any = BODY if style == "dict" else JobCreateParams.model_validate(BODY)
    await call(kind, "create_job", body, extra_body={"priority": "high", "tags": ["a", 1]})
    assert sent_json(api) == {**BODY, "priority": "high", "tags": ["a", 1]}


@KINDS
async def test_extra_body_replaces_a_member_unchecked(api: respx.Route, kind: str) -> None:
    await call(kind, "create_job", BODY, extra_body={"files_needed": 100_000, "title": None})
    assert sent_json(api) == {**BODY, "files_needed": 100_000, "title": None}


@KINDS
async def test_extra_body_works_for_patch_bodies(api: respx.Route, kind: str) -> None:
    api.mock(return_value=httpx.Response(200, json={"object": "organization_settings"}))
    await call(kind, "update_settings", {"auto_topup_enabled": True}, extra_body={"beta": True})
    assert sent_json(api) == {"auto_topup_enabled": True, "beta": True}


@KINDS
@pytest.mark.parametrize(
    ("method", "args"),
    [("get_job", ("job_1",)), ("cancel_job", ("job_1",)), ("list_jobs", ())],
)
async def test_extra_body_is_refused_where_there_is_no_body(
    api: respx.Route, kind: str, method: str, args: tuple[Any, ...]
) -> None:
    with pytest.raises(FirstHandValidationError, match="no body") as info:
        await call(kind, method, *args, extra_body={"x": 1})
    assert [d["field"] for d in info.value.details] == ["extra_body"]
    assert api.call_count == 0


@KINDS
@pytest.mark.parametrize(
    ("extra", "field"),
    [
        (["priority"], "extra_body"),
        ({1: "x"}, "extra_body"),
        ({"when": object()}, "extra_body.when"),
        ({"nan": float("nan")}, "extra_body.nan"),
    ],
)
async def test_extra_body_must_be_a_json_object(
    api: respx.Route, kind: str, extra: Any, field: str
) -> None:
    with pytest.raises(FirstHandValidationError, match="extra_body") as info:
        await call(kind, "create_job", BODY, extra_body=extra)
    assert [d["field"] for d in info.value.details] == [field]
    assert api.call_count == 0
