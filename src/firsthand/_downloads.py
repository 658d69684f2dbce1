"""Downloading a job's files: the decisions of ``download_job_files``, and the helpers both
clients share (names, hashing, the ``.part`` writer). The progress display is ``_progress``.

Both clients drive one file the same way; only sending, writing and sleeping differ::

    targets = plan_downloads(files, directory)       # every name checked before anything is written
    # then, for each target, up to ``concurrency`` at once:
    if is_intact(target):                            # present with the right SHA-256: skipped
        return target.path
    attempts = FileAttempts(target, max_retries=..., max_retry_wait=...)
    if attempts.url_expired():
        attempts.use(refresh_file_url(target.file_id))
    while True:
        try:
            GET attempts.url (no API key) -> PartWriter(target) -> commit()   # verified, renamed
            return target.path
        except FirstHandError as failure:
            step = attempts.after_failure(failure)   # raises when the file is given up
        if step.refresh:
            attempts.use(refresh_file_url(target.file_id))
        else:
            sleep(step.wait)
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import stat
import threading
from collections.abc import Awaitable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Callable, Optional, cast

import httpx

from ._constants import DOWNLOAD_CONCURRENCY, USER_AGENT
from ._exceptions import (
    FirstHandConnectionError,
    FirstHandDownloadError,
    FirstHandError,
    FirstHandServerError,
    FirstHandTimeoutError,
    FirstHandValidationError,
)
from ._progress import Progress
from ._retry import RetryInfo, is_retryable_status, next_wait, parse_retry_after, wants_too_long

if TYPE_CHECKING:
    from ._models.files import JobFile

__all__ = [
    "CHUNK_SIZE",
    "DEFAULT_CONCURRENCY",
    "EXTENSIONS",
    "Abort",
    "FileAttempts",
    "FileTarget",
    "STORAGE_FAILURES",
    "PartWriter",
    "Step",
    "StreamCheck",
    "as_directory",
    "body_already_read",
    "check_concurrency",
    "check_storage_response",
    "extension_for",
    "file_name",
    "is_intact",
    "plan_downloads",
    "prepare_directory",
    "remove_part",
    "resume_offset",
    "resume_point",
    "run_in_tasks",
    "run_in_threads",
    "storage_failure",
    "storage_request",
    "stream_target",
    "transport_error",
]

logger = logging.getLogger("firsthand")

#: Files downloaded at once by default.
DEFAULT_CONCURRENCY = DOWNLOAD_CONCURRENCY
#: Bytes read from the storage per chunk (and hashed while written).
CHUNK_SIZE = 64 * 1024
#: The extension of a file's name, by ``content_type``; any other type gets ``.bin``.
EXTENSIONS: Mapping[str, str] = {
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "audio/mpeg": ".mp3",
    "audio/wav": ".wav",
    "audio/mp4": ".m4a",
    "video/mp4": ".mp4",
    "video/quicktime": ".mov",
}
_UNKNOWN_EXTENSION = ".bin"
_PART_SUFFIX = ".part"
#: Characters no file id may hold: separators (POSIX and Windows), a drive colon, and the rest of
#: what Windows refuses in a name. Control characters (NUL included) are refused separately.
_FORBIDDEN = frozenset('/\\:*?"<>|')
_MAX_NAME_BYTES = 255
#: ``os.open`` flags: never follow a symbolic link planted as a ``.part`` (POSIX), binary (Windows).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_BINARY = getattr(os, "O_BINARY", 0)


# -- names ----------------------------------------------------------------------------------------


def extension_for(content_type: Optional[str]) -> str:
    """The file extension for a MIME type (parameters and letter case ignored); ``.bin`` if unknown.

    Examples:
        >>> extension_for("image/jpeg"), extension_for("Audio/MP4; codecs=mp4a"), extension_for("x/y")
        ('.jpg', '.m4a', '.bin')
    """
    if not content_type:
        return _UNKNOWN_EXTENSION
    base = content_type.split(";", 1)[0].strip().lower()
    return EXTENSIONS.get(base, _UNKNOWN_EXTENSION)


def _unsafe_id(file_id: str, reason: str) -> FirstHandError:
    return FirstHandError(
        f"File id {file_id!r} is not a safe file name ({reason}); no file was downloaded",
        type="unsafe_file_id",
        details=[{"field": "id", "message": reason}],
    )


def file_name(file_id: object, content_type: Optional[str]) -> str:
    """``<file id><extension>``; an id that could escape the directory is refused.

    Refused (``FirstHandError``, type ``unsafe_file_id``, naming the id): an empty id, ``.``/``..``
    or any id holding ``..``, path separators, a drive colon, characters Windows forbids, NUL and
    other control characters, and names too long for a file system.

    Examples:
        >>> file_name("file_01JQ", "image/png")
        'file_01JQ.png'
        >>> file_name("../etc/passwd", "image/png")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandError: unsafe_file_id: File id '../etc/passwd' is not a safe file name ...
    """
    if not isinstance(file_id, str) or not file_id:
        raise _unsafe_id(str(file_id), "it is empty or not a string")
    if ".." in file_id or file_id == ".":
        raise _unsafe_id(file_id, "it holds '..' or is '.'")
    if any(char in _FORBIDDEN for char in file_id):
        raise _unsafe_id(file_id, "it holds a path separator or a character file systems refuse")
    if any(ord(char) < 32 or 0x7F <= ord(char) < 0xA0 for char in file_id):
        raise _unsafe_id(file_id, "it holds a control character")
    name = file_id + extension_for(content_type)
    try:
        too_long = len(os.fsencode(name + _PART_SUFFIX)) > _MAX_NAME_BYTES
    except UnicodeError:
        raise _unsafe_id(file_id, "it cannot be encoded for this file system") from None
    if too_long:
        raise _unsafe_id(file_id, "it is too long for a file name")
    return name


def check_concurrency(value: object) -> int:
    """``concurrency`` must be an integer >= 1.

    Examples:
        >>> check_concurrency(8)
        8
        >>> check_concurrency(0)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: concurrency must be an integer >= 1, not 0 [concurrency: must be an integer >= 1]
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FirstHandValidationError(
            f"concurrency must be an integer >= 1, not {value!r}",
            details=[{"field": "concurrency", "message": "must be an integer >= 1"}],
        )
    return value


def as_directory(directory: object) -> Path:
    """The target directory as a ``Path`` (a ``str`` or ``os.PathLike`` of ``str``).

    Examples:
        >>> as_directory("downloads/job_1").name
        'job_1'
        >>> as_directory(b"downloads")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: directory must be a str or os.PathLike, not bytes [directory: must be a str or os.PathLike]
    """
    fspath = getattr(directory, "__fspath__", None)  # os.PathLike
    value: object = fspath() if callable(fspath) else directory
    if not isinstance(value, str) or not value:
        raise FirstHandValidationError(
            f"directory must be a str or os.PathLike, not {type(value).__name__}",
            details=[{"field": "directory", "message": "must be a str or os.PathLike"}],
        )
    return Path(value)


# -- the plan -------------------------------------------------------------------------------------


def _io_error(
    what: str, exc: OSError, path: Path, file_id: Optional[str] = None
) -> FirstHandDownloadError:
    """An ``OSError`` of the directory or the disk, naming the path (and the file)."""
    reason = exc.strerror or type(exc).__name__
    of_file = f" of file {file_id}" if file_id else ""
    return FirstHandDownloadError(
        f"Could not {what}{of_file} at {os.fspath(path)!r}: {reason}",
        type="download_io_error",
        file_id=file_id,
        path=os.fspath(path),
        errno=exc.errno,
    )


def prepare_directory(directory: Path) -> None:
    """Create the target directory (and its parents) if missing; an OS refusal (read-only, a
    file in the way, no permission) is a ``FirstHandDownloadError`` naming the directory.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     prepare_directory(Path(folder, "a", "b"))
        ...     Path(folder, "a", "b").is_dir()
        True
        >>> with tempfile.NamedTemporaryFile() as file:
        ...     prepare_directory(Path(file.name))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        firsthand.FirstHandDownloadError: download_io_error: Could not create the download directory at '...': File exists
    """
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:  # a file where the directory should be
        raise _io_error("create the download directory", exc, directory) from exc
    except OSError as exc:
        raise _io_error("create the download directory", exc, directory) from exc


@dataclass(frozen=True)
class FileTarget:
    """One file to put on disk: where, from which URL, the SHA-256 it must have and its size.

    ``size_known`` is ``False`` when the listing had no usable ``size_bytes``, and
    ``content_hash`` is ``""`` when it had no hash (both only with ``strict_responses=False``):
    then that check is skipped, and the other one still applies.

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("out/file_1.jpg"), "ab" * 32, 10,
        ...     "https://files.example/file_1", None)
        >>> target.part_path.name, target.size_known
        ('file_1.jpg.part', True)
    """

    file_id: str
    path: Path
    content_hash: str
    size_bytes: int
    download_url: str
    expires_at: Optional[datetime]
    size_known: bool = True

    @property
    def part_path(self) -> Path:
        """Where the bytes go while they arrive: ``<name>.part`` beside the final path."""
        return self.path.with_name(self.path.name + _PART_SUFFIX)


def _whole_number(value: object) -> Optional[int]:
    """``size_bytes`` as sent, or ``None`` when it is not a whole number >= 0
    (``strict_responses=False``)."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None


def _hash_of(value: object) -> str:
    """``content_hash`` as compared (lower case), or ``""`` when the listing had none."""
    return value.strip().lower() if isinstance(value, str) else ""


def plan_downloads(files: Iterable[JobFile], directory: Path) -> list[FileTarget]:
    """One ``FileTarget`` per file, in the listed order; no I/O.

    Every id is checked before anything is written, so an unsafe id stops the whole download
    up front. A file listed twice (a server bug) is downloaded once.

    Examples:
        >>> from pathlib import Path
        >>> from firsthand.models import JobFile
        >>> f = JobFile.model_construct(id="file_1", content_type="image/webp", content_hash="AB" * 32,
        ...     size_bytes=3, download_url="https://files.example/file_1", download_url_expires_at=None)
        >>> [(t.path.as_posix(), t.content_hash[:4]) for t in plan_downloads([f, f], Path("out"))]
        [('out/file_1.webp', 'abab')]
    """
    targets: list[FileTarget] = []
    seen: set[str] = set()
    for file in files:
        name = file_name(file.id, file.content_type)
        if file.id in seen:
            continue
        seen.add(file.id)
        size = _whole_number(file.size_bytes)
        targets.append(
            FileTarget(
                file_id=file.id,
                path=directory / name,
                content_hash=_hash_of(file.content_hash),
                size_bytes=size or 0,
                download_url=file.download_url,
                expires_at=file.download_url_expires_at,
                size_known=size is not None,
            )
        )
    return targets


def _unsafe_target(target: FileTarget, path: Path, what: str) -> FirstHandDownloadError:
    return FirstHandDownloadError(
        f"Refusing to write file {target.file_id} at {os.fspath(path)!r}: {what}",
        type="unsafe_target",
        file_id=target.file_id,
        path=os.fspath(path),
    )


def _check_final_name(target: FileTarget) -> None:
    """The final name must be absent or a regular file: never a symbolic link (a link planted in
    a shared directory would make the download read or replace a file elsewhere)."""
    try:
        info = os.lstat(target.path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _io_error("inspect the file", exc, target.path, target.file_id) from exc
    if stat.S_ISLNK(info.st_mode):
        raise _unsafe_target(target, target.path, "it is a symbolic link")
    if not stat.S_ISREG(info.st_mode):
        raise _unsafe_target(target, target.path, "it exists and is not a regular file")


def is_intact(target: FileTarget) -> bool:
    """Whether the final file is already there with the expected SHA-256 (then it is skipped).

    A final name that is a symbolic link or not a regular file is refused
    (``FirstHandDownloadError``, type ``unsafe_target``); a file that cannot be read is a
    ``FirstHandDownloadError`` of type ``download_io_error``.

    Examples:
        >>> import hashlib, tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     path = Path(folder, "file_1.bin")
        ...     _ = path.write_bytes(b"hello")
        ...     good = FileTarget("file_1", path, hashlib.sha256(b"hello").hexdigest(), 5, "", None)
        ...     bad = FileTarget("file_1", path, "0" * 64, 5, "", None)
        ...     is_intact(good), is_intact(bad)
        (True, False)
    """
    _check_final_name(target)
    if not target.content_hash:  # nothing to verify a present file against: download it again
        return False
    digest = hashlib.sha256()
    try:
        fd = os.open(target.path, os.O_RDONLY | _NOFOLLOW | _BINARY)
    except FileNotFoundError:
        return False
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # replaced by a link since the check
            raise _unsafe_target(target, target.path, "it is a symbolic link") from exc
        raise _io_error("read the file", exc, target.path, target.file_id) from exc
    try:
        with open(fd, "rb") as file:
            while chunk := file.read(1024 * 1024):
                digest.update(chunk)
    except OSError as exc:
        raise _io_error("read the file", exc, target.path, target.file_id) from exc
    return digest.hexdigest() == target.content_hash


def resume_offset(target: FileTarget) -> int:
    """How many bytes of an earlier attempt wait in ``<name>.part`` to be resumed: its size when
    it is a regular file no longer than ``size_bytes``, else 0 (it will be replaced).

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     target = FileTarget("file_1", Path(folder, "file_1.bin"), "", 10, "", None)
        ...     before = resume_offset(target)
        ...     _ = target.part_path.write_bytes(b"1234")
        ...     before, resume_offset(target)
        (0, 4)
    """
    try:
        info = os.lstat(target.part_path)
    except OSError:
        return 0
    if not stat.S_ISREG(info.st_mode):
        return 0
    if target.size_known and info.st_size > target.size_bytes:
        return 0
    return info.st_size


def remove_part(target: FileTarget) -> None:
    """Delete ``<name>.part`` (a symbolic link is removed, never followed); absent is fine.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     target = FileTarget("file_1", Path(folder, "file_1.bin"), "", 10, "", None)
        ...     _ = target.part_path.write_bytes(b"12")
        ...     remove_part(target)
        ...     remove_part(target)
        ...     target.part_path.exists()
        False
    """
    try:
        os.unlink(target.part_path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _io_error("remove the partial file", exc, target.part_path, target.file_id) from exc


# -- one file's attempts --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """What to do after a failed attempt: get a fresh URL, or sleep ``wait`` seconds and try again.

    ``retry_info`` is set for retries of transient failures (what ``on_retry`` receives).

    Examples:
        >>> Step(refresh=True).wait
        0.0
    """

    refresh: bool = False
    wait: float = 0.0
    retry_info: Optional[RetryInfo] = None


#: Error types of bytes that arrived wrong (retried once), and what they did not match.
_WRONG_BYTES: Mapping[str, str] = {
    "content_hash_mismatch": "content_hash",
    "content_size_mismatch": "size_bytes",
}


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class FileAttempts:
    """The attempts of one file: which URL to use, and what each failure leads to.

    - wrong bytes (a SHA-256 mismatch, or more bytes than ``size_bytes``) are downloaded once
      more, then raised (type ``content_hash_mismatch`` or ``content_size_mismatch``);
    - an expired URL (the storage answers 403 or 410, or ``download_url_expires_at`` has passed)
      gets one fresh URL (``refresh_file_url``), then the error is raised;
    - transport errors and 408/429/5xx are retried ``max_retries`` times with the SDK's backoff;
    - anything else is raised at once.

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("file_1.jpg"), "ab" * 32, 1, "https://s/file_1", None)
        >>> attempts = FileAttempts(target, max_retries=1, max_retry_wait=60.0)
        >>> attempts.after_failure(FirstHandError("expired", type="download_url_expired")).refresh
        True
        >>> step = attempts.after_failure(FirstHandServerError("down", status=503))
        >>> step.retry_info.retry_number, 0 < step.wait <= 0.5
        (1, True)
        >>> attempts.after_failure(FirstHandServerError("down", status=503))
        Traceback (most recent call last):
        ...
        firsthand.FirstHandServerError: 503 internal_error: down
    """

    __slots__ = (
        "_clock",
        "_hash_retried",
        "_refreshed",
        "_retries",
        "expires_at",
        "max_retries",
        "max_retry_wait",
        "target",
        "url",
    )

    def __init__(
        self,
        target: FileTarget,
        *,
        max_retries: int,
        max_retry_wait: float,
        clock: Callable[[], datetime] = _utc_now,
    ) -> None:
        self.target = target
        self.max_retries = max_retries
        self.max_retry_wait = max_retry_wait
        self.url = target.download_url
        self.expires_at = target.expires_at
        self._clock = clock
        self._refreshed = False
        self._hash_retried = False
        self._retries = 0

    def url_expired(self) -> bool:
        """``True`` when the listed URL has already expired: refresh it before the first attempt.

        Examples:
            >>> from datetime import datetime, timezone
            >>> from pathlib import Path
            >>> old = datetime(2020, 1, 1, tzinfo=timezone.utc)
            >>> target = FileTarget("file_1", Path("f.jpg"), "", 1, "https://s/file_1", old)
            >>> FileAttempts(target, max_retries=0, max_retry_wait=60.0).url_expired()
            True
        """
        if self._refreshed or self.expires_at is None:
            return False
        return self.expires_at <= self._clock()

    def use(self, file: JobFile) -> None:
        """Download from the fresh URL of ``file`` (what ``refresh_file_url`` returned)."""
        self._refreshed = True
        self.url = file.download_url
        self.expires_at = file.download_url_expires_at

    def after_failure(self, error: FirstHandError) -> Step:
        """The next ``Step`` after ``error``; raises ``error`` when the file is given up."""
        unmatched = _WRONG_BYTES.get(error.type or "")
        if unmatched is not None:
            if self._hash_retried:
                raise error
            self._hash_retried = True
            logger.info(
                "file %s did not match its %s; downloading it again",
                self.target.file_id,
                unmatched,
            )
            return Step()
        if error.type == "download_url_expired":
            if self._refreshed:
                raise error
            self._refreshed = True
            return Step(refresh=True)
        if (
            not error.retryable
            or self._retries >= self.max_retries
            or wants_too_long(error, self.max_retry_wait)
        ):
            raise error
        self._retries += 1
        wait = next_wait(self._retries, error)
        logger.info(
            "retrying the download of file %s in %.2fs (retry %d of %d) after %s",
            self.target.file_id,
            wait,
            self._retries,
            self.max_retries,
            type(error).__name__ + (f" status={error.status}" if error.status else ""),
        )
        path = httpx.URL(self.url).path
        return Step(wait=wait, retry_info=RetryInfo(self._retries, wait, error, "GET", path))


def stream_target(file: JobFile) -> FileTarget:
    """The ``FileTarget`` of a file streamed by ``with_streaming_response.download_file``: its
    URL, size and hash (its ``path`` is only its safe name; nothing is written).

    Examples:
        >>> from firsthand.models import JobFile
        >>> f = JobFile.model_construct(id="file_1", content_type="image/png", content_hash="AB" * 32,
        ...     size_bytes=3, download_url="https://files.example/file_1", download_url_expires_at=None)
        >>> target = stream_target(f)
        >>> target.path.name, target.content_hash[:4], target.size_bytes
        ('file_1.png', 'abab', 3)
    """
    [target] = plan_downloads([file], Path())
    return target


class StreamCheck:
    """The checks of a streamed file, fed chunk by chunk (no I/O): never more than its
    ``size_bytes`` (or ``limit`` bytes when the listing had no size), and at the end exactly
    ``size_bytes`` with the SHA-256 ``content_hash``. Failures are
    [`FirstHandDownloadError`][firsthand.FirstHandDownloadError]s as ``download_job_files``
    raises them (``content_size_mismatch``, ``content_hash_mismatch``), naming the file.

    Examples:
        >>> import hashlib
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("file_1.jpg"), hashlib.sha256(b"abc").hexdigest(),
        ...     3, "https://s/file_1", None)
        >>> check = StreamCheck(target, limit=1024)
        >>> check.feed(b"ab"); check.feed(b"c"); check.finish()
        >>> check.feed(b"d")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandDownloadError: content_size_mismatch: File file_1 is larger than its size_bytes (3); the download was stopped
    """

    __slots__ = ("_digest", "limit", "received", "target")

    def __init__(self, target: FileTarget, *, limit: int) -> None:
        self.target = target
        self.limit = target.size_bytes if target.size_known else limit
        self.received = 0
        self._digest = hashlib.sha256()

    def feed(self, chunk: bytes) -> None:
        """Count and hash ``chunk``; raise as soon as the bytes go past the limit."""
        target = self.target
        if self.received + len(chunk) > self.limit:
            what = "its size_bytes" if target.size_known else "the client's max_response_bytes"
            raise FirstHandDownloadError(
                f"File {target.file_id} is larger than {what} ({self.limit}); "
                "the download was stopped",
                type="content_size_mismatch",
                file_id=target.file_id,
            )
        self._digest.update(chunk)
        self.received += len(chunk)

    def finish(self) -> None:
        """Once the body has ended: the size and the SHA-256 must be the listed ones."""
        target = self.target
        if target.size_known and self.received != target.size_bytes:
            raise FirstHandDownloadError(
                f"File {target.file_id} ended after {self.received} of its {target.size_bytes} "
                "bytes (size_bytes)",
                type="content_size_mismatch",
                file_id=target.file_id,
            )
        actual = self._digest.hexdigest()
        if not target.content_hash:
            logger.info("file %s has no content_hash: its bytes are not verified", target.file_id)
        elif actual != target.content_hash:
            raise FirstHandDownloadError(
                f"File {target.file_id} does not match its content_hash: expected sha256 "
                f"{target.content_hash[:12]}…, got {actual[:12]}…",
                type="content_hash_mismatch",
                file_id=target.file_id,
            )


# -- talking to the storage ----------------------------------------------------------------------


def storage_request(url: str, timeout: httpx.Timeout, *, offset: int = 0) -> httpx.Request:
    """A GET of a pre-signed storage URL: no API key, no idempotency or retry-count header, and
    ``Accept-Encoding: identity`` so the bytes hashed are the bytes stored (the body is read raw:
    whatever ``Content-Encoding`` the storage claims, nothing is decompressed). ``offset`` > 0
    asks for the rest of a file (``Range: bytes=<offset>-``) to resume a ``.part``.

    Examples:
        >>> request = storage_request("https://files.example/file_1?sig=x", httpx.Timeout(30.0))
        >>> sorted(request.headers)
        ['accept', 'accept-encoding', 'host', 'user-agent']
        >>> storage_request("https://files.example/f", httpx.Timeout(30.0), offset=10).headers["Range"]
        'bytes=10-'
    """
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*", "Accept-Encoding": "identity"}
    if offset > 0:
        headers["Range"] = f"bytes={offset}-"
    return httpx.Request("GET", url, headers=headers, extensions={"timeout": timeout.as_dict()})


def check_storage_response(target: FileTarget, response: httpx.Response) -> None:
    """Raise for a storage answer that is not 2xx: 403/410 mean the URL expired; 408, 429 and
    5xx are retryable; anything else is final. (A storage body is never an API error envelope.)

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("f.jpg"), "", 1, "https://s/file_1", None)
        >>> check_storage_response(target, httpx.Response(410))
        Traceback (most recent call last):
        ...
        firsthand.FirstHandError: 410 download_url_expired: The download URL of file file_1 was refused (HTTP 410): it has expired
    """
    status = response.status_code
    if 200 <= status < 300:
        return
    file_id = target.file_id
    if status in (403, 410):
        raise FirstHandError(
            f"The download URL of file {file_id} was refused (HTTP {status}): it has expired",
            status=status,
            type="download_url_expired",
        )
    if is_retryable_status(status):
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        raise FirstHandServerError(
            f"The storage answered HTTP {status} for file {file_id}",
            status=status,
            type="storage_unavailable",
            retry_after=retry_after,
        )
    raise FirstHandError(
        f"The storage answered HTTP {status} for file {file_id}",
        status=status,
        type="download_failed",
    )


def transport_error(target: FileTarget, exc: httpx.TransportError) -> FirstHandConnectionError:
    """A network failure while downloading a file (retryable), naming the file, not the URL
    (a pre-signed URL is a credential).

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("f.jpg"), "", 1, "https://s/file_1", None)
        >>> transport_error(target, httpx.ReadTimeout("slow")).type
        'timeout_error'
    """
    what = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return FirstHandTimeoutError(f"The download of file {target.file_id} timed out ({what})")
    return FirstHandConnectionError(f"The download of file {target.file_id} failed ({what})")


#: What ``httpx`` may raise while a storage URL is sent or read, besides ``TransportError``.
STORAGE_FAILURES = (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError)


def storage_failure(target: FileTarget, exc: Exception) -> FirstHandError:
    """The ``FirstHandError`` for what ``httpx`` raised while fetching a file (one of
    ``STORAGE_FAILURES``): network failures are retryable connection errors, a redirect loop
    or an unreadable answer a [`FirstHandDownloadError`][firsthand.FirstHandDownloadError]. Never the URL.

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("f.jpg"), "", 1, "https://s/file_1?sig=x", None)
        >>> error = storage_failure(target, httpx.TooManyRedirects("Exceeded maximum allowed redirects."))
        >>> type(error).__name__, error.type, error.file_id, error.retryable
        ('FirstHandDownloadError', 'too_many_redirects', 'file_1', False)
    """
    if isinstance(exc, httpx.TransportError):
        return transport_error(target, exc)
    what = type(exc).__name__
    if isinstance(exc, httpx.TooManyRedirects):
        message = f"The storage redirected the download of file {target.file_id} in a loop ({what})"
        error_type = "too_many_redirects"
    elif isinstance(exc, httpx.DecodingError):
        message = f"The storage's answer for file {target.file_id} could not be decoded ({what})"
        error_type = "download_failed"
    else:
        message = f"The download of file {target.file_id} failed ({what})"
        error_type = "download_failed"
    return FirstHandDownloadError(
        message, type=error_type, file_id=target.file_id, path=os.fspath(target.path)
    )


def body_already_read(response: httpx.Response) -> Optional[list[bytes]]:
    """The body in chunks when a transport in memory (or an event hook) has read it already
    (there is no stream left to read raw); ``None`` for a response still to be streamed.

    Examples:
        >>> [len(chunk) for chunk in body_already_read(httpx.Response(200, content=b"x" * 70_000))]
        [65536, 4464]
    """
    if not response.is_stream_consumed:
        return None
    content = response.content
    return [content[i : i + CHUNK_SIZE] for i in range(0, len(content), CHUNK_SIZE)]


_CONTENT_RANGE = re.compile(r"bytes\s+(\d+)-(\d+)/(\d+|\*)", re.IGNORECASE)


def resume_point(target: FileTarget, response: httpx.Response, offset: int) -> int:
    """Where the body of a 2xx storage answer starts: ``offset`` for a ``206`` whose
    ``Content-Range`` starts there, 0 for a ``200`` (the storage ignored ``Range``: start over).
    A ``206`` for another range (or another total size) removes the ``.part`` and raises a
    retryable ``FirstHandDownloadError`` (type ``range_mismatch``): the retry starts over.

    Examples:
        >>> from pathlib import Path
        >>> target = FileTarget("file_1", Path("f.jpg"), "", 10, "https://s/file_1", None)
        >>> resume_point(target, httpx.Response(206, headers={"Content-Range": "bytes 4-9/10"}), 4)
        4
        >>> resume_point(target, httpx.Response(200), 4)
        0
    """
    if response.status_code != 206:
        return 0
    found = _CONTENT_RANGE.fullmatch(response.headers.get("Content-Range", "").strip())
    if found is not None and int(found[1]) == offset:
        total = found[3]
        if total == "*" or not target.size_known or int(total) == target.size_bytes:
            return offset
    remove_part(target)
    raise FirstHandDownloadError(
        f"The storage resumed file {target.file_id} at the wrong place (asked for byte "
        f"{offset}); starting over",
        type="range_mismatch",
        retryable=True,
        file_id=target.file_id,
        path=os.fspath(target.path),
    )


# -- writing --------------------------------------------------------------------------------------


class _Cancelled(Exception):
    """Another file failed: this one stops where it is (and removes its ``.part``)."""


class Abort:
    """A flag the downloads check between chunks (and attempts): set when one file has failed.

    Examples:
        >>> abort = Abort()
        >>> abort.check()
        >>> abort.set()
        >>> abort.check()
        Traceback (most recent call last):
        ...
        firsthand._downloads._Cancelled: another file failed
    """

    __slots__ = ("_event",)

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        """Ask every running download to stop."""
        self._event.set()

    def check(self) -> None:
        """Raise when another file has failed."""
        if self._event.is_set():
            raise _Cancelled("another file failed")


class PartWriter:
    """Writes one attempt's bytes to ``<name>.part`` while hashing them; ``commit`` verifies
    the SHA-256 and moves the file into place with ``os.replace`` (atomic).

    The ``.part`` is never followed if it is a symbolic link: a fresh one is created with
    ``O_CREAT | O_EXCL | O_NOFOLLOW`` after removing whatever had the name (a link is removed,
    not followed), and one being resumed (``resume_from`` > 0: its bytes are kept and hashed) is
    opened with ``O_NOFOLLOW``. At most ``size_bytes`` bytes are accepted (more raise
    ``content_size_mismatch``). The final name is refused when it is a symbolic link. Every
    ``OSError`` (read-only directory, full disk) becomes a ``FirstHandDownloadError`` naming the
    path and the file.

    Leaving the ``with`` block without a commit deletes the ``.part``, except after a network
    failure (an ``httpx.TransportError``): then its bytes stay for the next attempt to resume.

    Examples:
        >>> import hashlib, tempfile
        >>> from pathlib import Path
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     target = FileTarget("file_1", Path(folder, "file_1.bin"),
        ...         hashlib.sha256(b"data").hexdigest(), 4, "", None)
        ...     with PartWriter(target) as part:
        ...         part.write(b"da")
        ...         part.write(b"ta")
        ...         path = part.commit()
        ...     path.read_bytes(), sorted(p.name for p in Path(folder).iterdir())
        (b'data', ['file_1.bin'])
    """

    __slots__ = ("_abort", "_committed", "_digest", "_file", "_progress", "target", "written")

    def __init__(
        self,
        target: FileTarget,
        progress: Optional[Progress] = None,
        abort: Optional[Abort] = None,
        *,
        resume_from: int = 0,
    ) -> None:
        self.target = target
        self._progress = progress or Progress()
        self._abort = abort
        self._digest = hashlib.sha256()
        self._committed = False
        self.written = 0
        self._file: Optional[IO[bytes]] = None
        if resume_from > 0:
            self._file = self._resume(resume_from)
        else:
            remove_part(target)
            self._file = self._create()
        self.written = resume_from
        self._progress.add_bytes(resume_from)

    def _create(self) -> IO[bytes]:
        part = self.target.part_path
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY
        try:
            fd = os.open(part, flags, 0o666)
        except FileExistsError as exc:  # created again between the removal and here
            raise _unsafe_target(self.target, part, "another process created it") from exc
        except OSError as exc:
            raise _io_error("create the partial file", exc, part, self.target.file_id) from exc
        return open(fd, "wb")  # closed by commit/discard

    def _resume(self, offset: int) -> IO[bytes]:
        part = self.target.part_path
        try:
            fd = os.open(part, os.O_RDWR | _NOFOLLOW | _BINARY)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise _unsafe_target(self.target, part, "it is a symbolic link") from exc
            raise _io_error("open the partial file", exc, part, self.target.file_id) from exc
        file = open(fd, "r+b")  # noqa: SIM115  # closed by commit/discard
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise _unsafe_target(self.target, part, "it is not a regular file")
            left = offset
            while left > 0:
                chunk = file.read(min(left, 1024 * 1024))
                if not chunk:
                    break
                self._digest.update(chunk)
                left -= len(chunk)
            if left:  # shorter than when it was measured: start over on the next attempt
                raise FirstHandDownloadError(
                    f"The partial file of file {self.target.file_id} changed while resuming",
                    type="range_mismatch",
                    retryable=True,
                    file_id=self.target.file_id,
                    path=os.fspath(part),
                )
            file.seek(offset)
            file.truncate()
        except OSError as exc:
            file.close()
            raise _io_error("read the partial file", exc, part, self.target.file_id) from exc
        except BaseException:
            file.close()
            raise
        return file

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        if self._committed:
            return
        if isinstance(exc, (httpx.TransportError, FirstHandConnectionError)) and self.written:
            self.keep()
        else:
            self.discard()

    def write(self, chunk: bytes) -> None:
        """Append ``chunk`` (hashing it); stops with the others if another file failed, and
        refuses bytes beyond ``size_bytes`` (``content_size_mismatch``)."""
        if self._abort is not None:
            self._abort.check()
        target = self.target
        if target.size_known and self.written + len(chunk) > target.size_bytes:
            raise FirstHandDownloadError(
                f"File {target.file_id} is larger than its size_bytes ({target.size_bytes}); "
                "the download was stopped",
                type="content_size_mismatch",
                file_id=target.file_id,
                path=os.fspath(target.path),
            )
        assert self._file is not None
        try:
            self._file.write(chunk)
        except OSError as exc:
            raise _io_error("write", exc, target.part_path, target.file_id) from exc
        self._digest.update(chunk)
        self.written += len(chunk)
        self._progress.add_bytes(len(chunk))

    def commit(self) -> Path:
        """Verify the SHA-256, then move the ``.part`` to the final name; returns that path.

        Raises ``FirstHandDownloadError`` (type ``content_hash_mismatch``, naming the file id and
        the expected and actual hash prefixes) and deletes the ``.part`` when the bytes are wrong;
        type ``unsafe_target`` when the final name has become a symbolic link.
        """
        target = self.target
        file = self._file
        assert file is not None
        try:
            file.flush()
            os.fsync(file.fileno())
            file.close()
        except OSError as exc:
            raise _io_error("write", exc, target.part_path, target.file_id) from exc
        actual = self._digest.hexdigest()
        if not target.content_hash:
            logger.info("file %s has no content_hash: its bytes are not verified", target.file_id)
        elif actual != target.content_hash:
            self.discard()
            raise FirstHandDownloadError(
                f"File {target.file_id} does not match its content_hash: expected sha256 "
                f"{target.content_hash[:12]}…, got {actual[:12]}…",
                type="content_hash_mismatch",
                file_id=target.file_id,
                path=os.fspath(target.path),
            )
        _check_final_name(target)
        try:
            os.replace(target.part_path, target.path)
        except OSError as exc:
            raise _io_error("move into place", exc, target.path, target.file_id) from exc
        self._committed = True
        self._progress.file_done()
        return target.path

    def keep(self) -> None:
        """Close the ``.part`` and leave it for the next attempt to resume; its bytes no longer
        count as progress (the resuming attempt counts them again)."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        self._progress.add_bytes(-self.written)
        self.written = 0

    def discard(self) -> None:
        """Close and delete the ``.part``; the bytes written no longer count as progress."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
        with contextlib.suppress(OSError):  # cleaning up must not hide why the download failed
            os.unlink(self.target.part_path)
        self._progress.add_bytes(-self.written)
        self.written = 0


# -- running many files ---------------------------------------------------------------------------


def run_in_threads(
    targets: Sequence[FileTarget],
    concurrency: int,
    download: Callable[[FileTarget, Abort], Path],
) -> list[Path]:
    """Run ``download`` for every target on up to ``concurrency`` threads; the paths, in order.

    The first failure is raised once the files still running have stopped (they check the
    ``Abort`` between chunks and delete their ``.part``); files not started never start.

    Examples:
        >>> from pathlib import Path
        >>> targets = [FileTarget(f"f{i}", Path(f"f{i}"), "", 0, "", None) for i in range(3)]
        >>> [p.name for p in run_in_threads(targets, 2, lambda target, abort: target.path)]
        ['f0', 'f1', 'f2']
    """
    if not targets:
        return []
    from concurrent.futures import ThreadPoolExecutor, as_completed

    abort = Abort()
    pool = ThreadPoolExecutor(
        max_workers=min(concurrency, len(targets)), thread_name_prefix="firsthand-download"
    )
    try:
        futures = [pool.submit(download, target, abort) for target in targets]
        for future in as_completed(futures):
            error = future.exception()
            if error is not None:
                abort.set()
                raise error
        return [future.result() for future in futures]
    finally:
        abort.set()  # on success a no-op; on Ctrl-C the running files stop too
        pool.shutdown(wait=True, cancel_futures=True)


async def run_in_tasks(
    targets: Sequence[FileTarget],
    concurrency: int,
    download: Callable[[FileTarget, Abort], Awaitable[Path]],
) -> list[Path]:
    """Run ``download`` for every target, up to ``concurrency`` at once (anyio task group and
    ``CapacityLimiter``); the paths, in order. The first failure sets the ``Abort`` (as
    ``run_in_threads`` does) and cancels the others (each deletes its ``.part``), and is raised
    as itself, not as an exception group.

    Examples:
        >>> import asyncio
        >>> from pathlib import Path
        >>> targets = [FileTarget(f"f{i}", Path(f"f{i}"), "", 0, "", None) for i in range(3)]
        >>> async def fetch(target: FileTarget, abort: Abort) -> Path:
        ...     return target.path
        >>> [p.name for p in asyncio.run(run_in_tasks(targets, 2, fetch))]
        ['f0', 'f1', 'f2']
    """
    import anyio

    limiter = anyio.CapacityLimiter(concurrency)
    abort = Abort()
    paths: list[Optional[Path]] = [None] * len(targets)
    failures: list[Exception] = []

    async def one(index: int, target: FileTarget) -> None:
        async with limiter:
            try:
                paths[index] = await download(target, abort)
            except Exception as exc:
                if not failures:
                    failures.append(exc)
                abort.set()
                group.cancel_scope.cancel()

    async with anyio.create_task_group() as group:
        for index, target in enumerate(targets):
            group.start_soon(one, index, target)
    if failures:
        raise failures[0]
    return cast("list[Path]", paths)
