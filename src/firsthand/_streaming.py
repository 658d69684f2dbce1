"""``client.with_streaming_response``: a file's bytes as they arrive from the storage.

``download_file(file)`` is a context manager: entering it opens the pre-signed URL (refreshed when
it has expired, transient failures retried, never with the API key), the block reads the body in
chunks (never the whole file in memory) and leaving it closes the response, read or not. The
bytes are checked as ``download_job_files`` checks them: never more than ``size_bytes``, and once
the body has ended, exactly ``size_bytes`` with the SHA-256 ``content_hash``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Union

from . import _downloads as dl

if TYPE_CHECKING:
    import httpx

    from ._async_client import AsyncFirstHandClient
    from ._models.files import JobFile
    from ._sync_client import FirstHandClient

__all__ = [
    "AsyncFirstHandClientWithStreamingResponse",
    "AsyncStreamedFile",
    "FirstHandClientWithStreamingResponse",
    "StreamedFile",
]


class _BaseStreamedFile:
    """What both streamed files share: the response's status and headers, the file's facts."""

    __slots__ = ("_check", "_response", "_target")

    def __init__(self, response: httpx.Response, target: dl.FileTarget, *, limit: int) -> None:
        self._response = response
        self._target = target
        self._check = dl.StreamCheck(target, limit=limit)

    @property
    def file_id(self) -> str:
        """The id of the file being streamed (``file_…``)."""
        return self._target.file_id

    @property
    def size_bytes(self) -> int:
        """The size the listing gives (``0`` when it gave none): the most bytes accepted."""
        return self._target.size_bytes

    @property
    def content_hash(self) -> str:
        """The SHA-256 (lower-case hex) the bytes must have; ``""`` when the listing had none."""
        return self._target.content_hash

    @property
    def status_code(self) -> int:
        """The storage's status: ``200``."""
        return self._response.status_code

    @property
    def headers(self) -> httpx.Headers:
        """The storage's response headers."""
        return self._response.headers

    @property
    def bytes_read(self) -> int:
        """Bytes received so far."""
        return self._check.received

    @property
    def is_closed(self) -> bool:
        """Whether the response is closed (always, once the ``with`` block is left)."""
        return self._response.is_closed

    def _failure(self, exc: Exception) -> Exception:
        return dl.storage_failure(self._target, exc)


class StreamedFile(_BaseStreamedFile):
    """A file streaming from the storage, in ``with client.with_streaming_response.download_file(f)``.

    ``iter_bytes()`` yields the body in chunks as they arrive (raw: nothing is decompressed, so
    the bytes are the stored bytes); ``read()`` returns it whole. Both raise
    [`FirstHandDownloadError`][firsthand.FirstHandDownloadError] (``content_size_mismatch``) as
    soon as more than ``size_bytes`` arrive, and once the body has ended unless it is exactly
    ``size_bytes`` with the SHA-256 ``content_hash`` (``content_hash_mismatch``): a consumer
    must not keep the bytes of a stream that raised. A stream left early is not verified.

    Examples:
        >>> files = client.get_job_files(done_job.id, min_score=1).data
        >>> with client.with_streaming_response.download_file(files[0]) as response:
        ...     size = sum(len(chunk) for chunk in response.iter_bytes())
        >>> size == files[0].size_bytes, response.is_closed
        (True, True)
    """

    __slots__ = ()

    def iter_bytes(self) -> Iterator[bytes]:
        """The body in chunks as they arrive, checked; the last check runs when it has ended."""
        check = self._check
        try:
            read = dl.body_already_read(self._response)
            chunks = read if read is not None else self._response.iter_raw(dl.CHUNK_SIZE)
            for chunk in chunks:
                check.feed(chunk)
                yield chunk
        except dl.STORAGE_FAILURES as exc:
            raise self._failure(exc) from exc
        check.finish()

    def read(self) -> bytes:
        """The whole body, checked (it is held in memory: prefer ``iter_bytes`` for big files)."""
        return b"".join(self.iter_bytes())


class AsyncStreamedFile(_BaseStreamedFile):
    """The async twin of [`StreamedFile`][firsthand.StreamedFile]: ``async for chunk in
    response.iter_bytes()`` and ``await response.read()``.

    Examples:
        >>> async def size() -> int:
        ...     files = (await async_client.get_job_files(done_job.id, min_score=1)).data
        ...     async with async_client.with_streaming_response.download_file(files[0]) as response:
        ...         return len(await response.read())
        >>> run(size()) > 0
        True
    """

    __slots__ = ()

    async def iter_bytes(self) -> AsyncIterator[bytes]:
        """The body in chunks as they arrive, checked; the last check runs when it has ended."""
        check = self._check
        try:
            read = dl.body_already_read(self._response)
            if read is not None:
                for chunk in read:
                    check.feed(chunk)
                    yield chunk
            else:
                async for chunk in self._response.aiter_raw(dl.CHUNK_SIZE):
                    check.feed(chunk)
                    yield chunk
        except dl.STORAGE_FAILURES as exc:
            raise self._failure(exc) from exc
        check.finish()

    async def read(self) -> bytes:
        """The whole body, checked (held in memory: prefer ``iter_bytes`` for big files)."""
        return b"".join([chunk async for chunk in self.iter_bytes()])


class FirstHandClientWithStreamingResponse:
    """``client.with_streaming_response``: operations whose body is read as it arrives.

    Examples:
        >>> files = client.get_job_files(done_job.id, min_score=1).data
        >>> with client.with_streaming_response.download_file(files[0].id) as response:
        ...     first = next(response.iter_bytes())
        >>> len(first) > 0
        True
    """

    __slots__ = ("_client",)

    def __init__(self, client: FirstHandClient) -> None:
        self._client = client

    def download_file(self, file: Union[JobFile, str]) -> AbstractContextManager[StreamedFile]:
        """Stream one approved file: a ``JobFile`` (from ``get_job_files``) or a file id (its
        URL is fetched first with ``refresh_file_url``).

        Entering the block opens the storage URL (refreshed once when expired; transient
        failures retried like API calls; never sent your API key) and yields a
        [`StreamedFile`][firsthand.StreamedFile]; leaving it closes the response.

        Examples:
            >>> files = client.get_job_files(done_job.id, min_score=1).data
            >>> with client.with_streaming_response.download_file(files[0]) as response:
            ...     data = response.read()
            >>> len(data) == files[0].size_bytes
            True
        """
        return self._client._stream_file(file)  # pyright: ignore[reportPrivateUsage]


class AsyncFirstHandClientWithStreamingResponse:
    """``async_client.with_streaming_response``: operations whose body is read as it arrives.

    Examples:
        >>> async def first_chunk() -> bytes:
        ...     files = (await async_client.get_job_files(done_job.id, min_score=1)).data
        ...     async with async_client.with_streaming_response.download_file(files[0]) as response:
        ...         async for chunk in response.iter_bytes():
        ...             return chunk
        ...     return b""
        >>> len(run(first_chunk())) > 0
        True
    """

    __slots__ = ("_client",)

    def __init__(self, client: AsyncFirstHandClient) -> None:
        self._client = client

    def download_file(
        self, file: Union[JobFile, str]
    ) -> AbstractAsyncContextManager[AsyncStreamedFile]:
        """Stream one approved file (``async with``): as
        [`FirstHandClientWithStreamingResponse.download_file`][firsthand.FirstHandClientWithStreamingResponse.download_file],
        yielding an [`AsyncStreamedFile`][firsthand.AsyncStreamedFile].

        Examples:
            >>> async def size() -> int:
            ...     files = (await async_client.get_job_files(done_job.id, min_score=1)).data
            ...     async with async_client.with_streaming_response.download_file(files[0]) as r:
            ...         return sum([len(c) async for c in r.iter_bytes()])
            >>> run(size()) > 0
            True
        """
        return self._client._stream_file(file)  # pyright: ignore[reportPrivateUsage]
