"""Filters with a documented set of values are checked locally: a typo is refused before anything
is sent, on both clients and their raw views; a value newer than the SDK goes through
``extra_query``, the explicit escape hatch."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator
from typing import Any, Union

import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandValidationError

KEY = "fh_test_sk_filters00000000000000000"
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]

#: Every filter with a documented enum: (method, positional args, parameter, a typo).
ENUM_FILTERS = [
    ("list_jobs", (), "status", "opne"),
    ("list_jobs", (), "type", "photo"),
    ("get_job_submissions", ("job_1",), "status", "aproved"),
    ("list_submissions", (), "status", "aproved"),
    ("list_webhook_events", (), "type", "job.done"),
    ("list_webhook_events", (), "delivery_status", "lost"),
    ("list_transactions", (), "type", "gift"),
]


@pytest.fixture(params=["sync", "async"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[AnyClient]:
    if request.param == "sync":
        with FirstHandClient(api_key=KEY) as sync_client:
            yield sync_client
    else:
        async with AsyncFirstHandClient(api_key=KEY) as async_client:
            yield async_client


async def call(target: Any, method: str, *args: Any, **kwargs: Any) -> Any:
    result = getattr(target, method)(*args, **kwargs)
    if inspect.isawaitable(result):
        result = await result
    return result


@pytest.mark.parametrize("raw", [False, True], ids=["plain", "raw"])
@pytest.mark.parametrize(("method", "args", "name", "typo"), ENUM_FILTERS)
async def test_a_value_outside_the_documented_enum_is_refused_before_sending(
    client: AnyClient,
    fake_api: Any,
    raw: bool,
    method: str,
    args: tuple[Any, ...],
    name: str,
    typo: str,
) -> None:
    target = client.with_raw_response if raw else client
    with pytest.raises(FirstHandValidationError) as info:
        await call(target, method, *args, **{name: typo})
    error = info.value
    assert error.status is None
    assert [d["field"] for d in error.details] == [name]
    assert "nothing was sent" in str(error)
    assert f"extra_query={{'{name}': ...}}" in str(error)  # the message names the escape hatch
    assert typo not in str(error)  # the value is never echoed
    assert fake_api.sent == []


async def test_documented_values_still_pass(client: AnyClient, fake_api: Any) -> None:
    page = await call(client, "list_jobs", status="open", type="feedback")
    assert page.data == []
    assert fake_api.sent[-1].url.params["status"] == "open"


async def test_extra_query_sends_a_value_newer_than_the_sdk(
    client: AnyClient, fake_api: Any
) -> None:
    # The stand-in knows only the documented values: it answers 400, which proves it was sent.
    with pytest.raises(FirstHandValidationError) as info:
        await call(client, "list_jobs", extra_query={"status": "archived"})
    assert info.value.status == 400
    assert fake_api.sent[-1].url.params["status"] == "archived"


async def test_extra_query_overrides_a_validated_filter(client: AnyClient, fake_api: Any) -> None:
    await call(client, "list_jobs", status="open", extra_query={"status": "filled", "limit": 2})
    params = fake_api.sent[-1].url.params
    assert (params["status"], params["limit"]) == ("filled", "2")


async def test_extra_query_none_drops_a_parameter(client: AnyClient, fake_api: Any) -> None:
    await call(client, "list_jobs", status="open", extra_query={"status": None})
    assert "status" not in fake_api.sent[-1].url.params


async def test_extra_query_is_kept_on_every_page(client: AnyClient, fake_api: Any) -> None:
    body = {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
    }
    for _ in range(2):
        await call(client, "create_job", body)
    page = await call(client, "list_jobs", limit=1, extra_query={"type": "feedback"})
    second = await call(page, "next_page")
    assert second is not None
    assert len(second.data) == 1
    assert fake_api.sent[-1].url.params["type"] == "feedback"
    assert fake_api.sent[-1].url.params["cursor"] == page.next_cursor


@pytest.mark.parametrize(
    "extra", [["status", "open"], {1: "x"}, {"status": ["open"]}, {"status": object()}]
)
async def test_extra_query_must_map_names_to_scalar_values(
    client: AnyClient, fake_api: Any, extra: Any
) -> None:
    with pytest.raises(FirstHandValidationError, match="extra_query") as info:
        await call(client, "list_jobs", extra_query=extra)
    assert info.value.details[0]["field"].startswith("extra_query")
    assert fake_api.sent == []
