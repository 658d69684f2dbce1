"""End-to-end fixtures: the SDK against the stand-in (``firsthand.testing``), four ways.

The ``api`` fixture runs a test once per mode (:data:`MODES`):

- ``sync`` / ``async``: ``fake.client()`` / ``fake.async_client()``, in process;
- ``sync-http`` / ``async-http``: ``FirstHandClient`` / ``AsyncFirstHandClient`` on the base URL of
  ``fake.serve()``, over real HTTP on 127.0.0.1 (the stand-in's clock runs in real time: jump it with
  ``fake.advance(...)`` instead of sleeping; the client's own waits do, through its ``sleep=``).

Tests are ``async def`` and always ``await`` the client: ``api.client`` is typed as an
``AsyncFirstHandClient``; in the sync modes it is a thin wrapper whose methods call the sync client
and hand back awaitables (its pages iterate with ``async for``), so one test body drives both
clients and the type checkers still see every operation's signature.

Markers: ``@pytest.mark.fake(**options)`` passes options to ``FakeFirstHand`` (default ``seed=0``,
``rate_limit_per_minute=1000``: the rate-limit headers are sent but never run out);
``@pytest.mark.covers("create_job", ...)`` names the operations a test exercises, and the ``api``
fixture checks at teardown that each of them really reached the stand-in.

Helpers for test modules are importable: ``from e2e.conftest import Api, open_api, ...``.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Generator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Generic, Optional, TypeVar, Union, cast

import pytest
from typing_extensions import TypeGuard

from firsthand import (
    AsyncFirstHandClient,
    AsyncPage,
    FirstHandClient,
    FirstHandError,
    JobCreateParamsDict,
    Page,
    construct_event,
)
from firsthand._models._base import FirstHandModel
from firsthand._operations import OPERATIONS
from firsthand._raw_views import FirstHandClientWithRawResponse
from firsthand.testing import FakeFirstHand, FakeRequest

if TYPE_CHECKING:
    from firsthand import Event

T = TypeVar("T", bound=FirstHandModel)

#: The four ways a test reaches the stand-in.
MODES = ("sync", "async", "sync-http", "async-http")

#: FakeFirstHand options every e2e test starts from (``@pytest.mark.fake`` overrides them).
FAKE_DEFAULTS: dict[str, Any] = {"seed": 0, "rate_limit_per_minute": 1000}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "fake(**options): FakeFirstHand options for the `api` fixture"
    )
    config.addinivalue_line("markers", "covers(*operations): operations an e2e test exercises")


_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Generator[None, Any, None]:
    """Remember a failed test body, so the ``covers`` check at teardown does not pile on."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()
    if report.when == "call" and report.failed:
        item.stash[_FAILED] = True


def job_body(
    files: int = 4, price: int = 75, description: str = "Take a clear photo of any coffee cup."
) -> JobCreateParamsDict:
    """A valid ``create_job`` body: ``files`` PNG files at ``price`` cents each."""
    return {
        "type": "data_collection",
        "description": description,
        "files_needed": files,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": price,
    }


# -- which operation a request was ----------------------------------------------------------------

_ROUTES = sorted(
    ((op.name, op.method, op.path.strip("/").split("/")) for op in OPERATIONS),
    key=lambda route: sum(part.startswith("{") for part in route[2]),  # literal segments first
)


def operation_of(request: FakeRequest) -> Optional[str]:
    """The name of the operation (``firsthand._operations.OPERATIONS``) a request was, if any."""
    segments = request.path.strip("/").split("/")
    for name, method, pattern in _ROUTES:
        if (
            method == request.method
            and len(pattern) == len(segments)
            and all(p.startswith("{") or p == s for p, s in zip(pattern, segments))
        ):
            return name
    return None


# -- the sync client seen as an async one ---------------------------------------------------------


class _AwaitablePage(Generic[T]):
    """A sync :class:`Page` with the interface of an :class:`AsyncPage`."""

    def __init__(self, page: Page[T]) -> None:
        self._page = page

    @property
    def data(self) -> list[T]:
        return self._page.data

    @property
    def has_more(self) -> bool:
        return self._page.has_more

    @property
    def next_cursor(self) -> Optional[str]:
        return self._page.next_cursor

    async def __aiter__(self) -> AsyncIterator[T]:
        for item in self._page:
            yield item

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        for page in self._page.iter_pages():
            yield _as_async_page(page)

    async def next_page(self) -> Optional[AsyncPage[T]]:
        page = self._page.next_page()
        return None if page is None else _as_async_page(page)


def _is_page(value: object) -> TypeGuard[Page[Any]]:
    return isinstance(value, Page)


def _as_async_page(page: Page[T]) -> AsyncPage[T]:
    return cast("AsyncPage[T]", _AwaitablePage(page))


class _AwaitableClient:
    """A sync client (or its ``with_raw_response`` view) whose methods return awaitables."""

    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self._target, name)
        if isinstance(attribute, FirstHandClientWithRawResponse):
            return _AwaitableClient(attribute)
        if not callable(attribute):
            return attribute

        async def call(*args: Any, **kwargs: Any) -> Any:
            result = attribute(*args, **kwargs)
            return _as_async_page(result) if _is_page(result) else result

        return call


def as_async(client: Union[FirstHandClient, AsyncFirstHandClient]) -> AsyncFirstHandClient:
    """``client`` as an ``AsyncFirstHandClient``: itself, or a sync client made awaitable."""
    if isinstance(client, AsyncFirstHandClient):
        return client
    return cast("AsyncFirstHandClient", _AwaitableClient(client))


# -- one test's view of the stand-in --------------------------------------------------------------


class Api:
    """The stand-in and an SDK client on it, in one of the :data:`MODES`."""

    def __init__(
        self,
        mode: str,
        fake: FakeFirstHand,
        sdk_client: Union[FirstHandClient, AsyncFirstHandClient],
        base_url: Optional[str],
    ) -> None:
        self.mode = mode
        self.fake = fake
        self.base_url = base_url
        self.sdk_client = sdk_client
        self.client = as_async(sdk_client)

    def __repr__(self) -> str:
        return f"Api(mode={self.mode!r}, base_url={self.base_url!r})"

    @property
    def is_async(self) -> bool:
        return isinstance(self.sdk_client, AsyncFirstHandClient)

    @property
    def served(self) -> bool:
        """Over real HTTP (the stand-in's clock runs in real time)."""
        return self.base_url is not None

    def with_options(self, **options: Any) -> AsyncFirstHandClient:
        """``client.with_options(...)`` (another key, timeout, retries, ``on_retry``), awaitable."""
        return as_async(self.sdk_client.with_options(**options))

    @staticmethod
    async def collect(page: AsyncPage[T]) -> list[T]:
        """Every item of every page."""
        return [item async for item in page]

    def requests(
        self, method: Optional[str] = None, operation: Optional[str] = None
    ) -> list[FakeRequest]:
        """The requests the stand-in received, oldest first, by method and/or operation name."""
        return [
            r
            for r in list(self.fake.requests)
            if (method is None or r.method == method)
            and (operation is None or operation_of(r) == operation)
        ]

    def operations_sent(self) -> set[str]:
        """The names of the operations that reached the stand-in."""
        return {name for name in map(operation_of, list(self.fake.requests)) if name is not None}

    @contextmanager
    def advance_when_polled(self, seconds: float) -> Generator[None, None, None]:
        """Over HTTP, as soon as a long poll (``Prefer: wait``) arrives, jump the running clock by
        ``seconds`` from a thread, so the poll sees the job change without real waiting. In process
        there is nothing to do: a long poll on the frozen clock jumps through the simulation."""
        if not self.served:
            yield
            return
        seen = len(self.fake.requests)
        stop = threading.Event()

        def advance_on_poll() -> None:
            while not stop.wait(0.01):
                if any(r.header("Prefer") for r in list(self.fake.requests)[seen:]):
                    self.fake.advance(seconds)
                    return

        thread = threading.Thread(target=advance_on_poll, name="e2e-advance", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)


@asynccontextmanager
async def open_api(mode: str, fake: FakeFirstHand) -> AsyncGenerator[Api, None]:
    """An :class:`Api` in ``mode`` on ``fake``; the client (and the server) close on exit."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    with ExitStack() as stack:
        stack.callback(fake.close)
        base_url: Optional[str] = None
        sdk_client: Union[FirstHandClient, AsyncFirstHandClient]
        if mode == "sync":
            sdk_client = fake.client()
        elif mode == "async":
            sdk_client = fake.async_client()
        else:
            base_url = stack.enter_context(fake.serve())
            # The clock runs in real time while served; the client's waits (backoff,
            # Retry-After, poll pauses) jump it instead of sleeping (the clients' sleep= hook).
            if mode == "sync-http":
                sdk_client = FirstHandClient(
                    api_key=fake.api_key,
                    base_url=base_url,
                    sleep=fake.advance,
                )
            else:

                async def advance(seconds: float) -> None:
                    fake.advance(seconds)

                sdk_client = AsyncFirstHandClient(
                    api_key=fake.api_key, base_url=base_url, sleep=advance
                )
        try:
            yield Api(mode, fake, sdk_client, base_url)
        finally:
            if isinstance(sdk_client, AsyncFirstHandClient):
                await sdk_client.aclose()
            else:
                sdk_client.close()


@pytest.fixture(params=MODES)
async def api(request: pytest.FixtureRequest) -> AsyncIterator[Api]:
    """The stand-in and a client on it, once per mode (see the module docstring)."""
    node = cast(pytest.Item, request.node)  # pyright: ignore[reportUnknownMemberType]  # pytest 9 leaves it unannotated
    marker = node.get_closest_marker("fake")
    options: dict[str, Any] = dict(FAKE_DEFAULTS)
    if marker is not None:
        options.update(marker.kwargs)
    async with open_api(request.param, FakeFirstHand(**options)) as opened:
        yield opened
        over_http = {r.origin is not None for r in list(opened.fake.requests)}
        assert over_http <= {opened.served}, f"{opened.mode}: requests took the wrong way"
        covers = node.get_closest_marker("covers")
        if covers is not None and not node.stash.get(_FAILED, False):
            missing = set(covers.args) - opened.operations_sent()
            assert not missing, f"declared but never sent to the stand-in: {sorted(missing)}"


# -- files and webhooks ---------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class WebhookReceiver:
    """A tiny stdlib HTTP receiver on 127.0.0.1 that verifies each delivery with
    ``construct_event`` (``secrets``, ``now=fake.clock.now()``): 200 and kept in ``events`` when
    genuine, 400 and kept in ``rejected`` otherwise."""

    def __init__(self, fake: FakeFirstHand) -> None:
        self.fake = fake
        self.secrets: list[str] = []
        self.events: list[Event] = []
        self.rejected: list[str] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status = receiver.receive(body, dict(self.headers.items()))
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # quiet

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/hooks"

    def receive(self, body: bytes, headers: dict[str, str]) -> int:
        try:
            event = construct_event(body, headers, self.secrets, now=self.fake.clock.now())
        except FirstHandError as exc:
            with self._lock:
                self.rejected.append(f"{exc.type}: {exc.message}")
            return 400
        with self._lock:
            self.events.append(event)
        return 200

    def types(self) -> dict[str, int]:
        """How many genuine events of each type arrived."""
        with self._lock:
            counted: dict[str, int] = {}
            for event in self.events:
                counted[event.type] = counted.get(event.type, 0) + 1
            return counted

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def wire(obj: object) -> str:
    """Canonical JSON of a request body (for comparing requests)."""
    if isinstance(obj, (bytes, bytearray)):
        if not obj:
            return ""
        return json.dumps(json.loads(bytes(obj)), sort_keys=True)
    return json.dumps(obj, sort_keys=True)
