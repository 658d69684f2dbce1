"""``download_job_files`` on both clients, and the pure decisions of ``firsthand._downloads``.

The end-to-end tests run once per client (``kind`` is ``"sync"`` or ``"async"``) against the
in-memory API of ``fake_api.py``; its file host is wrapped by :class:`Storage`, which records what
the storage saw, can answer scripted failures per file and can hold each download open for a
moment (to measure how many run at once). Clients get a recording ``sleep=``: nothing really waits.
"""

from __future__ import annotations

import asyncio
import errno
import hashlib
import io
import os
import sys
import threading
import time
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Optional, Union
from urllib.parse import unquote

import httpx
import pytest
import respx

from client_helpers import API_KEY, Client, call, make, sleeper
from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandConnectionError,
    FirstHandDownloadError,
    FirstHandError,
    FirstHandServerError,
    FirstHandValidationError,
    RetryInfo,
)
from firsthand import _downloads as dl
from firsthand.models import AcceptedFormat, JobCreateParamsDict, JobFile
from mounted_standin import API_HOST, FILES_HOST, MountedStandIn


@dataclass
class Serve:
    """A scripted storage answer: ``content`` (default: the file's real bytes, or the part the
    request's ``Range`` asks for) with extra ``headers``; ``cut_after`` bytes then a reset."""

    content: Optional[bytes] = None
    headers: dict[str, str] = field(default_factory=dict[str, str])
    cut_after: Optional[int] = None


Answer = Union[int, bytes, Exception, httpx.Response, Serve]


# -- the storage ----------------------------------------------------------------------------------


class Stream(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A file's bytes in two chunks with a pause between them; counts open downloads."""

    def __init__(self, storage: Storage, content: bytes, cut_after: Optional[int] = None) -> None:
        self.storage = storage
        self.content = content
        self.cut_after = cut_after
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        if self.cut_after is not None:
            yield self.content[: self.cut_after]
            raise httpx.ReadError("connection reset mid-body")
        half = len(self.content) // 2
        yield self.content[:half]
        time.sleep(self.storage.delay)
        yield self.content[half:]

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.cut_after is not None:
            yield self.content[: self.cut_after]
            raise httpx.ReadError("connection reset mid-body")
        half = len(self.content) // 2
        yield self.content[:half]
        await asyncio.sleep(self.storage.delay)
        yield self.content[half:]

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.storage.leave()

    async def aclose(self) -> None:
        self.close()


class Storage:
    """The file host of the fake, recording requests; ``script[file_id]`` lists answers to give
    before the real bytes: a status code, wrong bytes, or an exception to raise."""

    def __init__(self, api: MountedStandIn) -> None:
        self.api = api
        self.requests: list[httpx.Request] = []
        self.script: dict[str, list[Answer]] = {}
        self.delay = 0.0
        self.open = 0
        self.most_open = 0
        self._lock = threading.Lock()

    def leave(self) -> None:
        with self._lock:
            self.open -= 1

    def handle(self, request: httpx.Request) -> httpx.Response:
        file_id = unquote(request.url.path.removeprefix("/files/"))
        with self._lock:
            self.requests.append(request)
            queue = self.script.get(file_id)
            answer = queue.pop(0) if queue else None
        if isinstance(answer, Exception):
            raise answer
        if isinstance(answer, int):
            return httpx.Response(answer, content=b"<Error><Code>AccessDenied</Code></Error>")
        if isinstance(answer, httpx.Response):
            return answer
        serve = answer if isinstance(answer, Serve) else Serve(content=answer)
        status, headers, content = 200, dict(serve.headers), serve.content
        if content is None:
            served = self.api.handler(request)
            if served.status_code not in (200, 206):
                return served
            status, content = served.status_code, served.content
            if "Content-Range" in served.headers:
                headers["Content-Range"] = served.headers["Content-Range"]
        with self._lock:
            self.open += 1
            self.most_open = max(self.most_open, self.open)
        return httpx.Response(
            status, headers=headers, stream=Stream(self, content, serve.cut_after)
        )

    def urls_for(self, file_id: str) -> list[str]:
        return [
            str(r.url)
            for r in self.requests
            if unquote(r.url.path.removeprefix("/files/")) == file_id
        ]


@pytest.fixture
def world() -> Iterator[Storage]:
    """The fake API and its storage, mounted on respx."""
    fake = MountedStandIn()
    files = Storage(fake)
    with respx.mock(assert_all_called=False) as router:
        router.route(host=API_HOST).mock(side_effect=fake.handler)
        router.route(host=FILES_HOST).mock(side_effect=files.handle)
        yield files


@pytest.fixture
def sleeps() -> list[float]:
    """The waits of the clients made here (their ``sleep=`` records them and never sleeps)."""
    return []


@pytest.fixture
async def client(kind: str, sleeps: list[float]) -> AsyncIterator[Client]:
    made = make(kind, api_key=API_KEY, sleep=sleeper(kind, sleeps.append))
    yield made
    if isinstance(made, FirstHandClient):
        made.close()
    else:
        await made.aclose()


def new_job(
    world: Storage,
    files: int = 3,
    content_type: AcceptedFormat = "image/jpeg",
    *,
    min_star_rating: int = 3,
) -> tuple[str, list[JobFile]]:
    """A completed job with ``files`` approved files; its id and files, in the listed order."""
    body: JobCreateParamsDict = {
        "type": "data_collection",
        "description": "Photograph a rainy window from inside.",
        "files_needed": max(files, 1),
        "accepted_formats": [content_type],
        "price_per_file_cents": 50,
        "min_star_rating": min_star_rating,
    }
    with FirstHandClient(api_key=API_KEY) as setup:
        job = setup.create_job(body)
        if files:
            world.api.finish_job(job.id)
        return job.id, list(setup.get_job_files(job.id, min_score=1))


async def download(client: Client, job_id: str, directory: Any, **kwargs: Any) -> list[Path]:
    paths: list[Path] = await call(client, "download_job_files", job_id, directory, **kwargs)
    return paths


def parts(directory: Path) -> list[Path]:
    return sorted(directory.rglob("*.part")) if directory.exists() else []


def api_posts(world: Storage, suffix: str) -> list[httpx.Request]:
    return [
        r
        for r in world.api.sent
        if r.url.host == API_HOST and r.method == "POST" and r.url.path.endswith(suffix)
    ]


# -- the happy path -------------------------------------------------------------------------------


async def test_every_file_lands_under_its_id_in_the_listed_order(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 3)
    target = tmp_path / "nested" / "folder"
    paths = await download(client, job_id, target)
    assert paths == [target / f"{f.id}.jpg" for f in files]
    for file, path in zip(files, paths):
        data = path.read_bytes()
        assert data == world.api.file_content(file.id)
        assert hashlib.sha256(data).hexdigest() == file.content_hash
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in paths)
    assert len(world.requests) == 3


async def test_directory_may_be_a_str(world: Storage, client: Client, tmp_path: Path) -> None:
    job_id, files = new_job(world, 1, "video/quicktime")
    paths = await download(client, job_id, str(tmp_path))
    assert paths == [tmp_path / f"{files[0].id}.mov"]


async def test_files_below_the_default_min_score_are_included(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 2, min_star_rating=2)
    world.api.wire("files", files[1].id)["ai_star_rating"] = 2  # approved under its threshold
    before = len(world.api.sent)
    paths = await download(client, job_id, tmp_path)
    assert [p.stem for p in paths] == [f.id for f in files]
    listing = [r for r in world.api.sent[before:] if r.url.path.endswith("/files")]
    assert [r.url.params.get("min_score") for r in listing] == ["1"]


async def test_every_page_of_files_is_walked(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 103)
    before = len(world.api.sent)
    paths = await download(client, job_id, tmp_path, concurrency=16)
    assert [p.stem for p in paths] == [f.id for f in files]
    listing = [r for r in world.api.sent[before:] if r.url.path.endswith("/files")]
    assert [r.url.params.get("limit") for r in listing] == ["100", "100"]
    assert len(list(tmp_path.iterdir())) == 103


async def test_a_job_without_files_downloads_nothing(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, _ = new_job(world, 0)
    assert await download(client, job_id, tmp_path / "empty") == []
    assert (tmp_path / "empty").is_dir()
    assert world.requests == []


# -- skipping and re-downloading ------------------------------------------------------------------


async def test_a_file_already_present_and_intact_is_skipped(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 3)
    present = tmp_path / f"{files[1].id}.jpg"
    present.write_bytes(world.api.file_content(files[1].id))
    paths = await download(client, job_id, tmp_path)
    assert present in paths
    assert world.urls_for(files[1].id) == []
    assert len(world.requests) == 2
    # A second run downloads nothing at all.
    assert await download(client, job_id, tmp_path) == paths
    assert len(world.requests) == 2


async def test_a_present_file_with_other_bytes_is_downloaded_again(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 2)
    corrupted = tmp_path / f"{files[0].id}.jpg"
    corrupted.write_bytes(b"half a jpeg")
    await download(client, job_id, tmp_path)
    assert corrupted.read_bytes() == world.api.file_content(files[0].id)
    assert len(world.urls_for(files[0].id)) == 1


# -- content hashes -------------------------------------------------------------------------------


async def test_a_mismatch_is_downloaded_once_more(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    world.script[files[0].id] = [b"corrupted in transit"]
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == world.api.file_content(files[0].id)
    assert len(world.urls_for(files[0].id)) == 2
    assert parts(tmp_path) == []


async def test_a_mismatch_twice_raises_and_leaves_no_file(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    bad = files[0]
    world.script[bad.id] = [b"evil bytes", b"evil bytes"]
    with pytest.raises(FirstHandError) as info:
        await download(client, job_id, tmp_path)
    error = info.value
    assert error.type == "content_hash_mismatch"
    assert bad.id in error.message
    assert bad.content_hash[:12] in error.message
    assert hashlib.sha256(b"evil bytes").hexdigest()[:12] in error.message
    assert len(world.urls_for(bad.id)) == 2
    assert list(tmp_path.iterdir()) == []


# -- expired URLs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [403, 410])
async def test_an_expired_url_is_refreshed_once(
    world: Storage, client: Client, tmp_path: Path, status: int
) -> None:
    job_id, files = new_job(world, 1)
    file_id = files[0].id
    world.script[file_id] = [status]
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == world.api.file_content(file_id)
    assert len(api_posts(world, f"/files/{file_id}/refresh_url")) == 1
    first, refreshed = world.urls_for(file_id)
    assert first == files[0].download_url
    assert refreshed != first
    assert refreshed.startswith(f"https://{FILES_HOST}/files/{file_id}?")


async def test_a_url_refused_after_its_refresh_raises(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    world.script[files[0].id] = [403, 403]
    with pytest.raises(FirstHandError) as info:
        await download(client, job_id, tmp_path)
    assert (info.value.type, info.value.status) == ("download_url_expired", 403)
    assert files[0].id in info.value.message
    assert len(api_posts(world, "/refresh_url")) == 1
    assert list(tmp_path.iterdir()) == []


async def test_a_url_past_its_expiry_is_refreshed_before_downloading(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 2)
    stale = files[0]
    world.api.wire("files", stale.id)["download_url_expires_at"] = "2020-01-01T00:00:00.000Z"
    with FirstHandClient(api_key=API_KEY) as setup:
        stale = next(f for f in setup.get_job_files(job_id, min_score=1) if f.id == stale.id)
    await download(client, job_id, tmp_path)
    (fetched,) = world.urls_for(stale.id)
    assert fetched != stale.download_url  # never the expired URL: a refreshed one
    assert len(api_posts(world, "/refresh_url")) == 1
    assert world.urls_for(files[1].id) == [files[1].download_url]


# -- what the storage receives --------------------------------------------------------------------


async def test_the_storage_never_receives_the_api_key_or_sdk_headers(
    world: Storage, kind: str, tmp_path: Path
) -> None:
    job_id, _ = new_job(world, 2)
    client = make(kind, api_key=API_KEY, default_headers={"X-Tenant-Token": "tenant-secret"})
    try:
        await download(client, job_id, tmp_path)
    finally:
        await call(client, "close" if kind == "sync" else "aclose")
    assert len(world.requests) == 2
    for request in world.requests:
        names = {name.lower() for name in request.headers}
        assert "authorization" not in names
        assert not names & {"idempotency-key", "x-firsthand-retry-count", "x-tenant-token"}
        assert API_KEY not in str(request.headers.raw)
        assert request.headers["accept-encoding"] == "identity"
    # ... while the API itself did get the key.
    assert all(r.headers["Authorization"] == f"Bearer {API_KEY}" for r in world.api.sent[:1])


class Stamp(httpx.Auth):
    """An ``auth`` of the user's own http_client: stamps every request it sends."""

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["X-Corp-Signature"] = "signed"
        yield request


async def test_an_injected_http_client_s_auth_and_headers_stay_away_from_the_storage(
    world: Storage, kind: str, tmp_path: Path
) -> None:
    job_id, _ = new_job(world, 1)
    headers = {"X-Corp-Token": "corp-secret"}
    if kind == "sync":
        with httpx.Client(auth=Stamp(), headers=headers) as own:
            await download(FirstHandClient(api_key=API_KEY, http_client=own), job_id, tmp_path)
    else:
        async with httpx.AsyncClient(auth=Stamp(), headers=headers) as own_async:
            client = AsyncFirstHandClient(api_key=API_KEY, http_client=own_async)
            await download(client, job_id, tmp_path)
    (listing,) = [r for r in world.api.sent if r.url.path.endswith(f"/{job_id}/files")][-1:]
    # The user's client did shape the API calls.
    assert (listing.headers["X-Corp-Token"], listing.headers["X-Corp-Signature"]) == (
        "corp-secret",
        "signed",
    )
    (request,) = world.requests
    names = {name.lower() for name in request.headers}
    assert not names & {"authorization", "x-corp-token", "x-corp-signature"}


# -- unsafe ids -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad_id",
    ["../escape", "..", ".", "", "a/b", "a\\b", "C:evil", "nul\x00byte", "tab\tid", "bell\x07"],
)
async def test_an_unsafe_id_is_refused_before_anything_is_written(
    world: Storage, client: Client, tmp_path: Path, bad_id: str
) -> None:
    job_id, files = new_job(world, 2)
    world.api.wire("files", files[1].id)["id"] = bad_id
    target = tmp_path / "out"
    with pytest.raises(FirstHandError) as info:
        await download(client, job_id, target)
    assert info.value.type == "unsafe_file_id"
    assert repr(bad_id) in info.value.message
    assert world.requests == []
    assert not target.exists()
    assert sorted(tmp_path.iterdir()) == []


# -- concurrency ----------------------------------------------------------------------------------


@pytest.mark.parametrize("concurrency", [1, 3])
async def test_at_most_concurrency_files_download_at_once(
    world: Storage, client: Client, tmp_path: Path, concurrency: int
) -> None:
    job_id, _ = new_job(world, 7)
    world.delay = 0.03
    paths = await download(client, job_id, tmp_path, concurrency=concurrency)
    assert len(paths) == 7
    assert world.most_open == concurrency


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "2", None])
async def test_concurrency_must_be_a_positive_int(
    world: Storage, client: Client, tmp_path: Path, bad: Any
) -> None:
    job_id, _ = new_job(world, 1)
    before = len(world.api.sent)
    with pytest.raises(FirstHandValidationError) as info:
        await download(client, job_id, tmp_path, concurrency=bad)
    assert [d["field"] for d in info.value.details] == ["concurrency"]
    assert "concurrency" in info.value.message
    assert len(world.api.sent) == before


@pytest.mark.parametrize("bad", [b"bytes", 42, None, ""])
async def test_directory_must_be_a_str_or_path(world: Storage, client: Client, bad: Any) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        await download(client, "job_1", bad)
    assert [d["field"] for d in info.value.details] == ["directory"]


async def test_one_failing_file_stops_the_rest_and_leaves_no_part_files(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 6)
    world.delay = 0.05
    world.script[files[1].id] = [404]  # fails at once, while others are mid-stream
    with pytest.raises(FirstHandError) as info:
        await download(client, job_id, tmp_path, concurrency=3)
    assert (info.value.type, info.value.status) == ("download_failed", 404)
    assert files[1].id in info.value.message
    assert parts(tmp_path) == []
    # Files never started stay unstarted; whatever is in place is whole.
    assert len(world.requests) < 6
    for path in tmp_path.iterdir():
        assert path.read_bytes() == world.api.file_content(path.stem)


# -- transient failures ---------------------------------------------------------------------------


async def test_transient_storage_failures_are_retried_with_backoff(
    world: Storage, client: Client, tmp_path: Path, sleeps: list[float]
) -> None:
    seen: list[RetryInfo] = []
    client = client.with_options(on_retry=seen.append)
    job_id, files = new_job(world, 1)
    file_id = files[0].id
    world.script[file_id] = [503, httpx.ConnectError("connection reset")]
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == world.api.file_content(file_id)
    assert len(sleeps) == 2
    assert 0.375 <= sleeps[0] <= 0.5
    assert 0.75 <= sleeps[1] <= 1.0
    assert [(i.retry_number, i.method, i.path) for i in seen] == [
        (1, "GET", f"/files/{file_id}"),
        (2, "GET", f"/files/{file_id}"),
    ]
    assert isinstance(seen[0].error, FirstHandServerError)
    assert isinstance(seen[1].error, FirstHandConnectionError)
    assert file_id in seen[1].error.message


async def test_transient_failures_beyond_max_retries_raise(
    world: Storage, kind: str, tmp_path: Path
) -> None:
    sleeps: list[float] = []
    client = make(kind, api_key=API_KEY, max_retries=1, sleep=sleeper(kind, sleeps.append))
    job_id, files = new_job(world, 1)
    world.script[files[0].id] = [502, 503]
    with pytest.raises(FirstHandServerError) as info:
        await download(client, job_id, tmp_path)
    assert (info.value.status, info.value.type) == (503, "storage_unavailable")
    assert len(sleeps) == 1
    assert parts(tmp_path) == []


# -- hostile storage, full disks, planted links, resuming ----------------------------------------


def count_written(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every chunk written to a ``.part`` (its length), recorded."""
    written: list[int] = []
    real = dl.PartWriter.write

    def write(self: dl.PartWriter, chunk: bytes) -> None:
        real(self, chunk)
        written.append(len(chunk))

    monkeypatch.setattr(dl.PartWriter, "write", write)
    return written


async def test_a_body_larger_than_size_bytes_is_cut_off_and_typed(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = count_written(monkeypatch)
    job_id, files = new_job(world, 1)
    size = files[0].size_bytes
    world.script[files[0].id] = [b"x" * (size + 5 * 1024 * 1024)] * 2
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    error = info.value
    assert (error.type, error.file_id) == ("content_size_mismatch", files[0].id)
    assert error.path == str(tmp_path / f"{files[0].id}.jpg")
    assert len(world.urls_for(files[0].id)) == 2  # wrong bytes: downloaded once more
    assert sum(written) <= 2 * size  # never more than size_bytes per attempt
    assert parts(tmp_path) == []


async def test_a_mismatch_is_a_download_error(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    world.script[files[0].id] = [b"bad", b"bad"]
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    assert (info.value.type, info.value.file_id) == ("content_hash_mismatch", files[0].id)


async def test_a_body_labelled_gzip_is_written_raw_never_decompressed(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, files = new_job(world, 2)
    # The real bytes mislabelled (not gzip at all): written as they came.
    world.script[files[0].id] = [Serve(headers={"Content-Encoding": "gzip"})]
    paths = await download(client, job_id, tmp_path)
    assert paths[0].read_bytes() == world.api.file_content(files[0].id)
    storage = [r for r in world.requests if r.url.path.endswith(files[0].id)]
    assert [r.headers["Accept-Encoding"] for r in storage] == ["identity"]


async def test_a_gzip_bomb_from_the_storage_is_never_inflated(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gzip

    written = count_written(monkeypatch)
    job_id, files = new_job(world, 1)
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)  # 64 MiB of zeros, ~64 KB
    world.script[files[0].id] = [Serve(bomb, {"Content-Encoding": "gzip"})] * 2
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    assert info.value.type in ("content_hash_mismatch", "content_size_mismatch")
    assert sum(written) <= 2 * len(bomb)
    assert parts(tmp_path) == []


async def test_a_decoding_error_of_the_storage_is_typed(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    world.script[files[0].id] = [httpx.DecodingError("Error -3 while decompressing data")]
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    assert (info.value.type, info.value.file_id) == ("download_failed", files[0].id)
    assert info.value.path == str(tmp_path / f"{files[0].id}.jpg")


async def test_a_storage_redirect_loop_is_typed(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    loop = httpx.Response(302, headers={"Location": f"https://{FILES_HOST}/files/{files[0].id}"})
    world.script[files[0].id] = [loop] * 30
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    error = info.value
    assert (error.type, error.file_id, error.retryable) == (
        "too_many_redirects",
        files[0].id,
        False,
    )
    assert "signature=" not in str(error)


def fail_on_part(monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    """``os.open`` of a ``.part`` fails with ``code`` (root ignores a read-only mode)."""
    real = os.open

    def refuse(path: str, flags: int, *args: Any, **kwargs: Any) -> int:
        if os.fspath(path).endswith(".part"):
            raise OSError(code, os.strerror(code), os.fspath(path))
        return real(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
async def test_a_read_only_directory_is_a_download_error_naming_the_path(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    job_id, files = new_job(world, 1)
    fail_on_part(monkeypatch, code)
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    error = info.value
    assert (error.type, error.file_id, error.errno) == ("download_io_error", files[0].id, code)
    assert error.path == str(tmp_path / f"{files[0].id}.jpg.part")
    assert str(tmp_path) in str(error)
    assert files[0].id in str(error)


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root writes to read-only directories"
)
async def test_a_really_read_only_directory_is_a_download_error(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, _ = new_job(world, 1)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(FirstHandDownloadError) as info:
            await download(client, job_id, tmp_path)
    finally:
        tmp_path.chmod(0o700)
    assert info.value.type == "download_io_error"


async def test_a_directory_that_cannot_be_created_is_a_download_error(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, _ = new_job(world, 1)
    (tmp_path / "taken").write_bytes(b"a file, not a directory")
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path / "taken" / "below")
    assert info.value.type == "download_io_error"
    assert info.value.path == str(tmp_path / "taken" / "below")


async def test_a_full_disk_is_a_download_error_and_leaves_no_part(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, files = new_job(world, 1)
    real_open = open

    class Full:
        def __init__(self, file: Any) -> None:
            self.file = file

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name: str) -> Any:
            return getattr(self.file, name)

    def full_open(fd: int, mode: str) -> Full:
        return Full(real_open(fd, mode))

    monkeypatch.setattr(dl, "open", full_open, raising=False)
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    error = info.value
    assert (error.type, error.errno, error.file_id) == (
        "download_io_error",
        errno.ENOSPC,
        files[0].id,
    )
    assert "No space left on device" in str(error)
    assert parts(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
async def test_a_planted_part_symlink_never_writes_outside_the_directory(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    shared = tmp_path / "shared"
    shared.mkdir()
    outside = tmp_path / "precious.txt"
    outside.write_bytes(b"keep me")
    part = shared / f"{files[0].id}.jpg.part"
    part.symlink_to(outside)
    (path,) = await download(client, job_id, shared)
    assert outside.read_bytes() == b"keep me"
    assert path.read_bytes() == world.api.file_content(files[0].id)
    assert not path.is_symlink()
    assert not part.exists()
    assert not part.is_symlink()
    assert "Range" not in world.requests[-1].headers  # a link is never resumed


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges on Windows")
async def test_a_final_name_that_is_a_symlink_is_refused(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    outside = tmp_path / "precious.txt"
    outside.write_bytes(world.api.file_content(files[0].id))  # even with the right bytes
    folder = tmp_path / "shared"
    folder.mkdir()
    (folder / f"{files[0].id}.jpg").symlink_to(outside)
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, folder)
    assert (info.value.type, info.value.file_id) == ("unsafe_target", files[0].id)
    assert "symbolic link" in str(info.value)
    assert outside.read_bytes() == world.api.file_content(files[0].id)
    assert world.requests == []


async def test_a_download_cut_off_resumes_with_range(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = count_written(monkeypatch)
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    cut = len(content) // 3
    world.script[files[0].id] = [Serve(cut_after=cut)]
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    first, second = (r for r in world.requests if r.url.path.endswith(files[0].id))
    assert "Range" not in first.headers
    assert second.headers["Range"] == f"bytes={cut}-"
    assert sum(written) == len(content)  # nothing fetched twice


async def test_a_part_left_by_an_earlier_run_is_resumed(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    (tmp_path / f"{files[0].id}.jpg.part").write_bytes(content[:100])
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    (request,) = world.requests
    assert request.headers["Range"] == "bytes=100-"
    assert parts(tmp_path) == []


async def test_a_whole_part_left_before_its_rename_is_verified_without_a_request(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    (tmp_path / f"{files[0].id}.jpg.part").write_bytes(content)
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    assert world.requests == []


@pytest.mark.parametrize("answer", ["ignores_range", "not_satisfiable", "wrong_range"])
async def test_a_storage_that_does_not_resume_is_downloaded_from_the_start(
    world: Storage, client: Client, tmp_path: Path, answer: str
) -> None:
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    (tmp_path / f"{files[0].id}.jpg.part").write_bytes(b"stale bytes of another version")
    wrong_range = {"Content-Range": f"bytes 5-6/{len(content)}"}
    answers: dict[str, list[Answer]] = {
        "ignores_range": [content],  # a 200 with the whole file
        "not_satisfiable": [416],
        "wrong_range": [httpx.Response(206, headers=wrong_range, content=b"??")],
    }
    world.script[files[0].id] = answers[answer]
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    assert parts(tmp_path) == []
    ranges = [r.headers.get("Range") for r in world.requests]
    assert ranges == (["bytes=30-"] if answer == "ignores_range" else ["bytes=30-", None])


async def test_a_stale_part_with_wrong_bytes_ends_in_a_fresh_download(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    (tmp_path / f"{files[0].id}.jpg.part").write_bytes(b"\xff" * 50)  # not a prefix
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    assert [r.headers.get("Range") for r in world.requests] == ["bytes=50-", None]


# -- progress -------------------------------------------------------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def no_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich", None)
    monkeypatch.setitem(sys.modules, "rich.progress", None)


@pytest.mark.usefixtures("no_rich")
async def test_a_terminal_shows_a_counter_without_rich(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, _ = new_job(world, 3)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    await download(client, job_id, tmp_path)
    shown = terminal.getvalue()
    assert "Downloading files: 0/3" in shown
    assert "Downloading files: 3/3" in shown
    assert shown.endswith("\n")


@pytest.mark.usefixtures("no_rich")
async def test_no_output_when_stderr_is_not_a_terminal_or_progress_is_off(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id, _ = new_job(world, 2)
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stderr", pipe)
    await download(client, job_id, tmp_path / "a")
    assert pipe.getvalue() == ""
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    await download(client, job_id, tmp_path / "b", progress=False)
    assert terminal.getvalue() == ""


async def test_a_terminal_shows_a_rich_bar_when_rich_is_installed(
    world: Storage, client: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("rich.progress")
    job_id, _ = new_job(world, 3)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    await download(client, job_id, tmp_path)
    assert "Downloading files 3/3" in terminal.getvalue()


# -- the decisions on their own -------------------------------------------------------------------


def job_file(**fields: Any) -> JobFile:
    body: dict[str, Any] = {
        "id": "file_1",
        "job_id": "job_1",
        "submission_id": "sub_1",
        "content_type": "image/jpeg",
        "size_bytes": 3,
        "content_hash": "ab" * 32,
        "ai_star_rating": 4,
        "device_info": {},
        "download_url": "https://s.test/file_1",
        "download_url_expires_at": "2026-03-27T19:03:27Z",
        "created_at": "2026-03-20T19:03:27Z",
    }
    return JobFile.model_validate({**body, **fields})


def target(expires_at: Optional[datetime] = None) -> dl.FileTarget:
    return dl.FileTarget(
        "file_1", Path("file_1.jpg"), "ab" * 32, 10, "https://s.test/file_1?sig=x", expires_at
    )


@pytest.mark.parametrize(
    ("content_type", "extension"),
    [
        ("image/jpeg", ".jpg"),
        ("image/png", ".png"),
        ("image/webp", ".webp"),
        ("audio/mpeg", ".mp3"),
        ("audio/wav", ".wav"),
        ("audio/mp4", ".m4a"),
        ("video/mp4", ".mp4"),
        ("video/quicktime", ".mov"),
        ("IMAGE/JPEG; q=1", ".jpg"),
        ("application/x-unknown", ".bin"),
        ("", ".bin"),
        (None, ".bin"),
    ],
)
def test_extensions(content_type: Optional[str], extension: str) -> None:
    assert dl.extension_for(content_type) == extension


@pytest.mark.parametrize("good", ["file_01JQ", "file.v2", "file-ü", "a" * 200])
def test_safe_ids_are_kept_as_they_are(good: str) -> None:
    assert dl.file_name(good, "image/png") == good + ".png"


@pytest.mark.parametrize("bad", ["a" * 260, "é" * 130, "x\x7f", "x\x85", "a..b", "q?", "p|"])
def test_more_unsafe_ids(bad: str) -> None:
    with pytest.raises(FirstHandError) as info:
        dl.file_name(bad, "image/png")
    assert info.value.type == "unsafe_file_id"


def test_a_hash_mismatch_is_retried_once() -> None:
    attempts = dl.FileAttempts(target(), max_retries=3, max_retry_wait=60.0)
    mismatch = FirstHandError("x", type="content_hash_mismatch")
    step = attempts.after_failure(mismatch)
    assert (step.refresh, step.wait, step.retry_info) == (False, 0.0, None)
    with pytest.raises(FirstHandError) as info:
        attempts.after_failure(mismatch)
    assert info.value is mismatch


def test_an_expired_url_is_refreshed_once_even_when_the_listing_said_so() -> None:
    clock = datetime(2026, 3, 20, tzinfo=timezone.utc)
    attempts = dl.FileAttempts(
        target(clock - timedelta(seconds=1)),
        max_retries=3,
        max_retry_wait=60.0,
        clock=lambda: clock,
    )
    assert attempts.url_expired()
    fresh = job_file(download_url="https://s.test/file_1?v=2")
    attempts.use(fresh)
    assert attempts.url == "https://s.test/file_1?v=2"
    assert not attempts.url_expired()
    expired = FirstHandError("x", status=403, type="download_url_expired")
    with pytest.raises(FirstHandError):
        attempts.after_failure(expired)


def test_a_url_still_valid_is_used_as_listed() -> None:
    now = datetime(2026, 3, 20, tzinfo=timezone.utc)
    attempts = dl.FileAttempts(
        target(now + timedelta(days=7)), max_retries=0, max_retry_wait=60.0, clock=lambda: now
    )
    assert not attempts.url_expired()
    assert not dl.FileAttempts(target(None), max_retries=0, max_retry_wait=60.0).url_expired()


def test_transient_failures_follow_the_retry_policy() -> None:
    attempts = dl.FileAttempts(target(), max_retries=2, max_retry_wait=60.0)
    waits: list[float] = []
    for number in (1, 2):
        step = attempts.after_failure(FirstHandServerError("down", status=503))
        assert step.retry_info is not None
        assert (step.retry_info.retry_number, step.retry_info.path) == (number, "/file_1")
        waits.append(step.wait)
    assert 0.375 <= waits[0] <= 0.5
    assert 0.75 <= waits[1] <= 1.0
    with pytest.raises(FirstHandServerError):
        attempts.after_failure(FirstHandServerError("down", status=503))


def test_retry_after_is_honoured_up_to_max_retry_wait() -> None:
    attempts = dl.FileAttempts(target(), max_retries=5, max_retry_wait=10.0)
    assert (
        attempts.after_failure(FirstHandServerError("x", status=503, retry_after=4.0)).wait == 4.0
    )
    with pytest.raises(FirstHandServerError):
        attempts.after_failure(FirstHandServerError("x", status=503, retry_after=30.0))


def test_final_failures_are_raised_at_once() -> None:
    attempts = dl.FileAttempts(target(), max_retries=5, max_retry_wait=60.0)
    with pytest.raises(FirstHandError):
        attempts.after_failure(FirstHandError("gone", status=404, type="download_failed"))


@pytest.mark.parametrize(
    ("status", "error_type", "retryable"),
    [
        (403, "download_url_expired", False),
        (410, "download_url_expired", False),
        (404, "download_failed", False),
        (400, "download_failed", False),
        (408, "storage_unavailable", True),
        (429, "storage_unavailable", True),
        (500, "storage_unavailable", True),
        (503, "storage_unavailable", True),
    ],
)
def test_storage_answers(status: int, error_type: str, retryable: bool) -> None:
    with pytest.raises(FirstHandError) as info:
        dl.check_storage_response(target(), httpx.Response(status, headers={"Retry-After": "2"}))
    error = info.value
    assert (error.type, error.status, error.retryable) == (error_type, status, retryable)
    assert "file_1" in error.message
    assert "sig=" not in str(error)
    dl.check_storage_response(target(), httpx.Response(200))


def test_a_transport_error_names_the_file_not_the_signed_url() -> None:
    error = dl.transport_error(target(), httpx.ConnectError("https://s.test/file_1?sig=x failed"))
    assert (type(error), error.retryable) == (FirstHandConnectionError, True)
    assert "file_1" in error.message
    assert "sig=" not in error.message


def test_the_part_writer_removes_its_file_unless_committed(tmp_path: Path) -> None:
    good = dl.FileTarget(
        "f", tmp_path / "f.bin", hashlib.sha256(b"abc").hexdigest(), 3, "https://s.test/f", None
    )

    def interrupted() -> None:
        with dl.PartWriter(good) as part:
            part.write(b"ab")
            assert good.part_path.exists()
            raise RuntimeError("interrupted")

    def wrong() -> None:
        with dl.PartWriter(good) as part:
            part.write(b"abd")
            part.commit()

    with pytest.raises(RuntimeError):
        interrupted()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(FirstHandError, match="content_hash"):
        wrong()
    assert list(tmp_path.iterdir()) == []
    with dl.PartWriter(good) as part:
        part.write(b"abc")
        assert part.commit() == good.path
    assert [p.name for p in tmp_path.iterdir()] == ["f.bin"]


def test_a_file_listed_twice_is_downloaded_once() -> None:
    file = job_file(content_type="image/png", content_hash="AB" * 32)
    (only,) = dl.plan_downloads([file, file], Path("out"))
    assert (only.path, only.content_hash) == (Path("out/file_1.png"), "ab" * 32)


async def test_a_body_read_already_by_an_in_memory_transport_is_written(
    world: Storage, client: Client, tmp_path: Path
) -> None:
    job_id, files = new_job(world, 2)
    content = world.api.file_content(files[0].id)
    world.script[files[0].id] = [httpx.Response(200, content=content)]  # not a stream: read
    world.script[files[1].id] = [httpx.Response(200, content=b"")]  # empty: a mismatch, not a crash
    world.script[files[1].id].append(httpx.Response(200, content=b""))
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path, concurrency=1)
    assert (info.value.type, info.value.file_id) == ("content_hash_mismatch", files[1].id)
    assert (tmp_path / f"{files[0].id}.jpg").read_bytes() == content


@pytest.mark.parametrize("missing", ["content_hash", "size_bytes"])
async def test_a_listing_without_a_hash_or_a_size_still_downloads_with_the_other_check(
    world: Storage, kind: str, tmp_path: Path, missing: str
) -> None:
    client = make(kind, api_key=API_KEY, strict_responses=False)
    job_id, files = new_job(world, 1)
    content = world.api.file_content(files[0].id)
    world.api.wire("files", files[0].id).pop(missing)
    (path,) = await download(client, job_id, tmp_path)
    assert path.read_bytes() == content
    # The check still there still holds: too many bytes, or the wrong ones, are refused.
    path.unlink()
    world.script[files[0].id] = [content + b"more"] * 2
    with pytest.raises(FirstHandDownloadError) as info:
        await download(client, job_id, tmp_path)
    wrong = {"content_hash": "content_size_mismatch", "size_bytes": "content_hash_mismatch"}
    assert info.value.type == wrong[missing]
