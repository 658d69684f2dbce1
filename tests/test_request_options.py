"""Per-call request options: unknown or misplaced options are refused, never silently ignored."""

from __future__ import annotations

import inspect
from typing import Any, Union

import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandValidationError

AnyClient = Union[FirstHandClient, AsyncFirstHandClient]


async def call(client: AnyClient, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(client, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


@pytest.mark.parametrize(
    ("method", "args", "bad", "expected"),
    [
        ("get_job", ("job_1",), {"timeuot": 5}, "timeuot"),
        ("list_jobs", (), {"retries": 1}, "retries"),
        ("cancel_job", ("job_1",), {"idempotencykey": "k"}, "idempotencykey"),
        ("get_job", ("job_1",), {"idempotency_key": "k"}, "POST operations only"),
        ("list_jobs", (), {"idempotency_key": "k"}, "POST operations only"),
    ],
)
async def test_unknown_or_misplaced_options_are_refused_before_sending(
    client: AnyClient,
    fake_api: Any,
    method: str,
    args: tuple[Any, ...],
    bad: dict[str, Any],
    expected: str,
) -> None:
    with pytest.raises(FirstHandValidationError, match=expected) as info:
        await call(client, method, *args, **bad)
    assert info.value.status is None
    assert [d["field"] for d in info.value.details] == list(bad)
    assert fake_api.sent == []


@pytest.mark.parametrize("headers", [["X-A", "1"], {"X-A": 1}, {1: "x"}])
async def test_extra_headers_must_map_strings_to_strings(
    client: AnyClient, fake_api: Any, headers: Any
) -> None:
    with pytest.raises(FirstHandValidationError, match="extra_headers"):
        await call(client, "get_job", "job_1", extra_headers=headers)
    assert fake_api.sent == []


async def test_valid_options_are_accepted(client: AnyClient, fake_api: Any) -> None:
    page = await call(
        client, "list_jobs", timeout=5.0, max_retries=0, extra_headers={"X-Trace": "t-1"}
    )
    assert page.data == []
    assert fake_api.sent[-1].headers["X-Trace"] == "t-1"
