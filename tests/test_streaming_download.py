"""``client.with_streaming_response.download_file(file)``: a context manager yielding the file's
bytes as they arrive (never all in memory), checked as ``download_job_files`` checks them (never
more than ``size_bytes``, the SHA-256 at the end), the response closed on exit; both clients."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from typing import Any, Union

import httpx
import pytest
import respx

from firsthand import (
    AsyncFirstHandClient,
    AsyncStreamedFile,
    FirstHandClient,
    FirstHandDownloadError,
    StreamedFile,
)
from firsthand.models import JobCreateParamsDict, JobFile
from mounted_standin import API_HOST, FILES_HOST, MountedStandIn

KEY = "fh_test_sk_streaming00000000000000000"
AnyClient = Union[FirstHandClient, AsyncFirstHandClient]


@pytest.fixture(params=["sync", "async"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[AnyClient]:
    if request.param == "sync":
        with FirstHandClient(api_key=KEY) as sync_client:
            yield sync_client
    else:
        async with AsyncFirstHandClient(api_key=KEY) as async_client:
            yield async_client


def approved_file(api: MountedStandIn) -> JobFile:
    body: JobCreateParamsDict = {
        "type": "data_collection",
        "description": "Photograph a rainy window from inside.",
        "files_needed": 1,
        "accepted_formats": ["image/jpeg"],
        "price_per_file_cents": 50,
    }
    with FirstHandClient(api_key=KEY) as setup:
        job = setup.create_job(body)
        api.finish_job(job.id)
        return setup.get_job_files(job.id, min_score=1).data[0]


async def stream(client: AnyClient, file: Union[JobFile, str]) -> tuple[bytes, list[int], Any]:
    """The bytes, chunk sizes and the stream object (for checks after the block)."""
    chunks: list[bytes] = []
    response: Union[StreamedFile, AsyncStreamedFile]
    if isinstance(client, FirstHandClient):
        with client.with_streaming_response.download_file(file) as response:
            assert isinstance(response, StreamedFile)
            chunks.extend(response.iter_bytes())
    else:
        async with client.with_streaming_response.download_file(file) as aresponse:
            assert isinstance(aresponse, AsyncStreamedFile)
            chunks.extend([c async for c in aresponse.iter_bytes()])
            response = aresponse
    return b"".join(chunks), [len(c) for c in chunks], response


async def test_the_bytes_arrive_checked_and_the_response_is_closed_on_exit(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    file = approved_file(fake_api)
    content, sizes, response = await stream(client, file)
    assert len(content) == file.size_bytes
    assert hashlib.sha256(content).hexdigest() == file.content_hash
    assert sum(sizes) == file.size_bytes
    assert response.file_id == file.id
    assert response.status_code == 200
    assert response.is_closed
    storage = [r for r in fake_api.sent if r.url.host == FILES_HOST]
    assert "Authorization" not in storage[-1].headers  # the API key never goes to the storage


async def test_a_file_id_is_resolved_to_a_fresh_url(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    file = approved_file(fake_api)
    content, _, _ = await stream(client, file.id)
    assert hashlib.sha256(content).hexdigest() == file.content_hash
    assert any(r.url.path.endswith("/refresh_url") for r in fake_api.sent)


async def test_an_expired_url_is_refreshed_before_streaming(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    file = approved_file(fake_api)
    old = file.model_copy(
        update={"download_url_expires_at": datetime(2020, 1, 1, tzinfo=timezone.utc)}
    )
    content, _, _ = await stream(client, old)
    assert len(content) == file.size_bytes
    assert [r.url.path for r in fake_api.sent if r.method == "POST"][-1].endswith("/refresh_url")


async def test_bytes_that_do_not_match_the_hash_raise_at_the_end(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    file = approved_file(fake_api).model_copy(update={"content_hash": "0" * 64})
    with pytest.raises(FirstHandDownloadError) as info:
        await stream(client, file)
    assert info.value.type == "content_hash_mismatch"
    assert info.value.file_id == file.id


async def test_more_bytes_than_size_bytes_stop_the_stream(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    real = approved_file(fake_api)
    file = real.model_copy(update={"size_bytes": 10})
    with pytest.raises(FirstHandDownloadError) as info:
        await stream(client, file)
    assert info.value.type == "content_size_mismatch"


async def test_fewer_bytes_than_size_bytes_raise(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    real = approved_file(fake_api)
    assert real.size_bytes is not None
    file = real.model_copy(update={"size_bytes": real.size_bytes + 1})
    with pytest.raises(FirstHandDownloadError) as info:
        await stream(client, file)
    assert info.value.type == "content_size_mismatch"


async def test_leaving_the_block_early_closes_the_response(
    client: AnyClient, fake_api: MountedStandIn
) -> None:
    file = approved_file(fake_api)
    response: Union[StreamedFile, AsyncStreamedFile]
    if isinstance(client, FirstHandClient):
        with client.with_streaming_response.download_file(file) as response:
            pass
    else:
        async with client.with_streaming_response.download_file(file) as response:
            pass
    assert response.is_closed


def test_read_returns_the_whole_checked_file(fake_api: MountedStandIn) -> None:
    file = approved_file(fake_api)
    client = FirstHandClient(api_key=KEY)
    with client, client.with_streaming_response.download_file(file) as response:
        content = response.read()
    assert hashlib.sha256(content).hexdigest() == file.content_hash


@pytest.mark.parametrize(
    ("first", "refreshed", "slept"), [(503, False, 1), (410, True, 0)], ids=["503", "410"]
)
def test_the_storage_s_failures_are_handled_as_download_job_files_does(
    monkeypatch: pytest.MonkeyPatch, first: int, refreshed: bool, slept: int
) -> None:
    api = MountedStandIn()
    answers = [httpx.Response(first)]

    def storage(request: httpx.Request) -> httpx.Response:
        return answers.pop(0) if answers else api.handler(request)

    with respx.mock(assert_all_called=False) as router:
        router.route(host=API_HOST).mock(side_effect=api.handler)
        router.route(host=FILES_HOST).mock(side_effect=storage)
        file = approved_file(api)
        client = FirstHandClient(api_key=KEY)
        sleeps: list[float] = []
        monkeypatch.setattr(client, "_sleep", sleeps.append)
        with client, client.with_streaming_response.download_file(file) as response:
            content = response.read()
    assert hashlib.sha256(content).hexdigest() == file.content_hash
    assert len(sleeps) == slept
    refreshes = [r for r in api.sent if r.url.path.endswith("/refresh_url")]
    assert bool(refreshes) is refreshed
