"""Defaults and wire names shared by both clients. Nothing here does I/O."""

from __future__ import annotations

from ._version import __version__

DEFAULT_BASE_URL = "https://api.firsthandapi.com"
API_KEY_ENV = "FIRSTHAND_API_KEY"
BASE_URL_ENV = "FIRSTHAND_BASE_URL"
LOG_ENV = "FIRSTHAND_LOG"

DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 3
DEFAULT_MAX_RETRY_WAIT = 60.0
#: Longest timeout or ``max_retry_wait`` accepted (one day): larger values overflow the sleeps
#: and socket timeouts underneath (``timeout=1e300`` raised ``OverflowError`` at the first call).
MAX_SECONDS = 86_400.0
#: Largest response body read for an API call, counted before and after decompression. The
#: largest documented object (a page of 100 jobs or submissions) is well under 1 MiB.
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024
#: Largest error body read (before and after decompression); the rest of a longer one is dropped.
MAX_ERROR_BODY_BYTES = 256 * 1024
#: The encodings the SDK decodes itself, with a bounded output (see ``_body``).
ACCEPT_ENCODING = "gzip, deflate"

#: Capped exponential backoff used when the server sends no ``Retry-After``.
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
#: Each backoff delay is shortened by up to this fraction (jitter).
RETRY_JITTER = 0.25

#: Long polling (``Prefer: wait=N``) bounds, in seconds.
MIN_WAIT = 1
MAX_WAIT = 60
#: Extra read time granted on top of ``wait`` so a long poll never trips the read timeout.
LONG_POLL_MARGIN = 10.0

USER_AGENT = f"firsthand-python/{__version__}"

LIVE_KEY_PREFIX = "fh_live_"
TEST_KEY_PREFIX = "fh_test_"

IDEMPOTENCY_HEADER = "Idempotency-Key"
RETRY_COUNT_HEADER = "X-FirstHand-Retry-Count"
REQUEST_ID_HEADER = "X-Request-Id"
RETRY_AFTER_HEADER = "Retry-After"

#: Files ``download_job_files`` fetches at once unless told otherwise.
DOWNLOAD_CONCURRENCY = 4
