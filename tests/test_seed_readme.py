"""The README this project grew from (``shared/seed``): each of its code blocks, transcribed as
written (only the indentation the text lost is restored), runs against the SDK and the in-memory API.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from firsthand import FirstHandClient, FirstHandValidationError

BODY_DESCRIPTION = "Take a clear photo of any coffee cup from above. Must show the full cup."


def test_quick_start(fake_api: Any) -> None:
    from firsthand import FirstHandClient

    client = FirstHandClient(api_key="fh_live_...")

    # Post a job
    job = client.create_job(
        {
            "type": "data_collection",
            "description": "Take a clear photo of any coffee cup from above. Must show the full cup.",
            "files_needed": 50,
            "accepted_formats": ["image/jpeg", "image/png"],
            "price_per_file_cents": 75,
        }
    )
    # Get approved files
    files = client.get_job_files(job["id"])

    assert job["status"] == "open"
    assert files.data == []
    fake_api.advance(3_600)  # simulated workers deliver all 50 files (live scoring rejects some)
    assert [f.job_id for f in client.get_job_files(job["id"])] == [job.id] * 50  # every page


def test_async_usage(fake_api: Any) -> None:
    async def main() -> Any:
        from firsthand import AsyncFirstHandClient

        async with AsyncFirstHandClient(api_key="fh_live_...") as client:
            job = await client.create_job(
                {
                    "type": "data_collection",
                    "description": "Take a clear photo of any coffee cup from above. Must show the full cup.",
                    "files_needed": 50,
                    "accepted_formats": ["image/jpeg", "image/png"],
                    "price_per_file_cents": 75,
                }
            )
        return job  # noqa: RET504 (as the seed writes it)

    job = asyncio.run(main())
    assert job.description == BODY_DESCRIPTION


def test_configuration() -> None:
    client = FirstHandClient(
        api_key="fh_live_...",
        base_url="https://api.firsthandapi.com",  # default
        timeout=30.0,  # 30s default
        max_retries=3,  # default
    )
    assert (client.base_url, client.timeout.read, client.max_retries) == (
        "https://api.firsthandapi.com",
        30.0,
        3,
    )
    client.close()


def test_context_manager_with_the_placeholder_body(fake_api: Any) -> None:
    # The seed writes the body as `{...}` (a placeholder): it is refused locally, clearly.
    with pytest.raises(FirstHandValidationError, match="body must be a dict"):  # noqa: PT012, SIM117
        with FirstHandClient(api_key="fh_live_...") as client:
            job = client.create_job({...})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
            del job
    # Connection is closed automatically
    assert client._http.is_closed  # pyright: ignore[reportPossiblyUnboundVariable]
    assert fake_api.sent == []


def test_error_handling(fake_api: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from firsthand import FirstHandClient, FirstHandError

    client = FirstHandClient(api_key="fh_live_...")
    try:
        job = client.create_job({"description": ""})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
        del job
    except FirstHandError as e:
        print(e.status)  # 400
        print(e.type)  # "validation_error"
        print(e.request_id)  # "req_01JQ..."
        print(e.retryable)  # False

    # Caught before sending (nothing reaches the server), so there is no status or request id.
    assert capsys.readouterr().out.split("\n") == ["None", "validation_error", "None", "False", ""]
    assert fake_api.sent == []
    # The same mistake the server catches, with local validation off: the seed's 400.
    relaxed = client.with_options(validate_requests=False)
    with pytest.raises(FirstHandError) as info:
        relaxed.create_job({"description": ""})  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    assert (info.value.status, info.value.type, info.value.retryable) == (
        400,
        "validation_error",
        False,
    )
    assert info.value.request_id is not None
    assert info.value.request_id.startswith("req_")
