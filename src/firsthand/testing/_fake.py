"""``FakeFirstHand``: the stand-in FirstHandAPI, in process or served over HTTP."""

from __future__ import annotations

import threading
import time
from collections.abc import Generator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Tuple, Type, TypeVar, Union

import httpx

from firsthand._async_client import AsyncFirstHandClient
from firsthand._sync_client import FirstHandClient
from firsthand.testing._app import StandInApp
from firsthand.testing._clock import FakeClock
from firsthand.testing._deliveries import WebhookDelivery
from firsthand.testing._faults import Faults
from firsthand.testing._files import sandbox_file_content
from firsthand.testing._http import FakeRequest, FakeResponse
from firsthand.testing._ids import IdFactory
from firsthand.testing._rate_limit import RateLimiter
from firsthand.testing._records import Account, Environment
from firsthand.testing._rules import Json
from firsthand.testing._state import World
from firsthand.testing._transport import FakeTransport

if TYPE_CHECKING:
    from firsthand.models import (
        ApiKey,
        AuditEvent,
        CheckoutSession,
        CreditBalance,
        CreditTransaction,
        Job,
        JobFile,
        OrganizationSettings,
        Submission,
        WebhookEndpoint,
        WebhookEvent,
    )

ModelT = TypeVar("ModelT")
RecordT = TypeVar("RecordT")
_ENVIRONMENTS: Tuple[Environment, ...] = ("test", "live")
DeliveryTarget = Union[Callable[[WebhookDelivery], object], str, None]

#: The base URL in-process clients use (a transport answers; nothing leaves the process).
IN_PROCESS_BASE_URL = "https://api.firsthandapi.com"
#: How many of the latest requests ``fake.requests`` keeps by default (a few MB at most).
DEFAULT_REQUEST_LOG_SIZE = 10_000
_TICK_SECONDS = 0.02


class FakeFirstHand:
    """A stateful FirstHandAPI in memory, faithful to the contract, for demos and tests.

    It answers every operation with the contract's rules (keys and scopes, validation ``details``,
    idempotency with replay and 409, per-key rate limits, ``X-Request-Id``, pagination, long polls,
    state machines, escrow, webhooks signed for every subscribed endpoint) and simulates the sandbox:
    about 15 s after a job is posted workers submit, each submission is scored 5–15 s later
    (4 stars for test keys), approved files appear with download URLs the stand-in serves, the job
    completes, events fire. Its clock is frozen until you move it ([`advance`][firsthand.testing.FakeFirstHand.advance]) or serve it.

    Args:
        rate_limit_per_minute: Requests per minute per API key (a token bucket); ``None`` turns
            rate limiting (and the ``X-RateLimit-*`` headers) off.
        sandbox_balance_cents: The test account's starting balance.
        seed: Makes ids, secrets and the simulation's choices reproducible.
        live_balance_cents: The live account's starting balance.
        real_time: Start the clock running (it runs anyway while served).
        speed: Stand-in seconds per real second while the clock runs.
        start: The clock's starting time (Unix seconds or aware datetime; default now).
        request_log_size: How many of the latest requests ``requests`` keeps (a ring, so a
            long run stays in bounded memory); ``0`` keeps none, ``None`` keeps every one.

    Examples:
        >>> fake = FakeFirstHand()
        >>> with fake.client() as client:
        ...     job = client.create_job({"type": "data_collection", "files_needed": 2,
        ...         "description": "A photo of a coffee cup from above", "price_per_file_cents": 75,
        ...         "accepted_formats": ["image/jpeg", "image/png"]})
        ...     done = client.wait_for_job(job.id)   # the frozen clock jumps ahead: instant
        >>> done.status, done.files_approved, fake.clock.now() - job.created_at.timestamp() < 60
        ('completed', 2, True)
    """

    def __init__(
        self,
        *,
        rate_limit_per_minute: Optional[int] = 100,
        sandbox_balance_cents: int = 100_000,
        seed: int = 0,
        live_balance_cents: int = 0,
        real_time: bool = False,
        speed: float = 1.0,
        start: Union[float, datetime, None] = None,
        request_log_size: Optional[int] = DEFAULT_REQUEST_LOG_SIZE,
    ) -> None:
        if request_log_size is not None and (
            isinstance(request_log_size, bool)
            or not isinstance(request_log_size, int)  # pyright: ignore[reportUnnecessaryIsInstance]
            or request_log_size < 0
        ):
            raise ValueError(
                f"request_log_size must be an integer >= 0 or None, not {request_log_size!r}"
            )
        for name, cents in (
            ("sandbox_balance_cents", sandbox_balance_cents),
            ("live_balance_cents", live_balance_cents),
        ):
            if isinstance(cents, bool) or not isinstance(cents, int) or cents < 0:  # pyright: ignore[reportUnnecessaryIsInstance]
                raise ValueError(f"{name} must be a non-negative integer, not {cents!r}")
        self._clock = FakeClock(start=start, running=real_time, speed=speed)
        self._lock = threading.RLock()
        self._world = World(
            self._clock,
            IdFactory(seed),
            sandbox_balance_cents=sandbox_balance_cents,
            live_balance_cents=live_balance_cents,
        )
        organization = self._world.new_organization("Stand-in organization")
        self._organization_id = organization.id
        _, self._api_key = self._world.new_api_key(organization, "Stand-in test key", "test")
        _, self._live_api_key = self._world.new_api_key(organization, "Stand-in live key", "live")
        clock = self._clock
        limiter = RateLimiter(
            rate_limit_per_minute,
            now=clock.now,
            elapsed=lambda: time.monotonic() + clock.advanced,
        )
        self._faults = Faults()
        self._target: DeliveryTarget = None
        self._app = StandInApp(
            self._world, limiter, self._faults, self._lock, self._send, request_log_size
        )
        self._ticker: Optional[_Ticker] = None
        #: One connection pool for webhook deliveries to a URL (``deliver_to``), made on first use.
        self._delivery_http: Optional[httpx.Client] = None
        if real_time:
            self._start_ticker()

    def __repr__(self) -> str:
        return (
            f"FakeFirstHand(organization_id={self._organization_id!r}, "
            f"clock={self._clock.now():.3f}, running={self._clock.running})"
        )

    # -- keys and time -------------------------------------------------------------------------
    @property
    def api_key(self) -> str:
        """A ready test key (``fh_test_sk_…``, every scope) of the stand-in's organization.

        Examples:
            >>> FakeFirstHand().api_key.startswith("fh_test_sk_")
            True
        """
        return self._api_key

    @property
    def live_api_key(self) -> str:
        """A ready live key (``fh_live_sk_…``, every scope); its account starts with
        ``live_balance_cents`` (0 by default: posting a job answers 402 until you add credits).

        Examples:
            >>> FakeFirstHand().live_api_key.startswith("fh_live_sk_")
            True
        """
        return self._live_api_key

    @property
    def organization_id(self) -> str:
        """The ``org_…`` id of the ready organization.

        Examples:
            >>> FakeFirstHand().organization_id.startswith("org_")
            True
        """
        return self._organization_id

    @property
    def clock(self) -> FakeClock:
        """The stand-in's clock (the simulation, URL expiry, idempotency windows run on it).

        Examples:
            >>> fake = FakeFirstHand(start=1_800_000_000)
            >>> fake.clock.now()
            1800000000.0
        """
        return self._clock

    def advance(self, seconds: float) -> None:
        """Move the clock forward and run everything that falls due on the way, in order
        (submissions, scoring, files, completion, events, webhook deliveries and their retries).

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     job = client.create_job({"type": "data_collection", "files_needed": 1,
            ...         "description": "A photo of a red door", "price_per_file_cents": 50,
            ...         "accepted_formats": ["image/png"]})
            ...     fake.advance(20)
            ...     client.get_job(job.id).files_pending
            1
            >>> fake.advance(15)
            >>> fake.jobs[job.id].status
            'completed'
        """
        if not seconds >= 0:
            raise ValueError(f"the clock only moves forward; got {seconds!r} seconds")
        target = self._clock.now() + seconds
        while True:  # step from one due moment to the next: each delivery goes out on time
            with self._lock:
                now, due = self._clock.now(), self._world.next_due()
                step = target - now if due is None or due > target else max(0.0, due - now)
                self._clock.advance(step)
            self._app.tick()
            if due is None or due > target:
                return

    # -- ways in -------------------------------------------------------------------------------
    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer one request: the whole server logic, with no transport (thread-safe).

        Examples:
            >>> from firsthand.testing import FakeRequest
            >>> fake = FakeFirstHand()
            >>> response = fake.handle(FakeRequest("GET", "/v1/billing/credits",
            ...     headers={"authorization": f"Bearer {fake.api_key}"}))
            >>> response.status, response.header("X-Request-Id").startswith("req_")
            (200, True)
        """
        return self._app.handle(request)

    def transport(self) -> FakeTransport:
        """An httpx transport (sync and async) answering from this stand-in, for your own
        ``httpx.Client``/``httpx.AsyncClient`` or SDK clients built your way (``transport=``).

        A planned ``delay_next`` passes on the stand-in's clock: a frozen clock moves on at once
        (running what falls due), a running one is waited for in real time.

        Examples:
            >>> fake = FakeFirstHand()
            >>> with httpx.Client(transport=fake.transport()) as http:
            ...     http.get("https://api.firsthandapi.com/v1/jobs").status_code
            401
        """
        return FakeTransport(
            self._app.handle, may_block=lambda: self._clock.running, sleep=self.sleep
        )

    def sleep(self, seconds: float) -> None:
        """Let ``seconds`` of stand-in time pass: a frozen clock [`advance`][firsthand.testing.FakeFirstHand.advance]s at once, a
        running one is waited for in real time (``seconds / speed``). The clients of
        [`client`][firsthand.testing.FakeFirstHand.client] wait this way (their ``sleep=``), so retries, backoff and
        ``Retry-After`` take no real time in tests.

        Examples:
            >>> fake = FakeFirstHand(start=1_800_000_000)
            >>> fake.sleep(2.5)
            >>> fake.clock.now()
            1800000002.5
        """
        if self._clock.running:
            time.sleep(self._clock.real_seconds(seconds))
        else:
            self.advance(seconds)

    async def async_sleep(self, seconds: float) -> None:
        """[`sleep`][firsthand.testing.FakeFirstHand.sleep] for async code (the ``sleep=`` of [`async_client`][firsthand.testing.FakeFirstHand.async_client]'s clients).

        Examples:
            >>> import asyncio
            >>> fake = FakeFirstHand(start=0)
            >>> asyncio.run(fake.async_sleep(3))
            >>> fake.clock.now()
            3.0
        """
        import anyio

        if self._clock.running:
            await anyio.sleep(self._clock.real_seconds(seconds))
        else:
            self.advance(seconds)
            await anyio.sleep(0)  # still a checkpoint: cancellation reaches a sleeping client

    def client(self, **options: Any) -> FirstHandClient:
        """A [`FirstHandClient`][firsthand.FirstHandClient] wired to this stand-in in process, with the test
        key unless ``api_key=`` says otherwise; other options as the client takes them. Its
        connection pool is its own, as in production; only its ``transport=`` answers from here,
        and it waits on the stand-in's clock (``sleep=fake.sleep``, ``clock=fake.clock.now``).

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client(api_key=fake.live_api_key) as client:
            ...     client.environment, client.get_credit_balance().available_cents
            ('live', 0)

            Retries wait on the stand-in's clock, not in real time:

            >>> fake.faults.rate_limit_next(retry_after=30)
            >>> before = fake.clock.now()
            >>> with fake.client() as client:
            ...     client.get_credit_balance().available_cents
            100000
            >>> fake.clock.now() - before
            30.0
        """
        return FirstHandClient(**self._client_options(options, self.sleep))

    def async_client(self, **options: Any) -> AsyncFirstHandClient:
        """An [`AsyncFirstHandClient`][firsthand.AsyncFirstHandClient] wired to this stand-in in process (its
        ``sleep=`` is [`async_sleep`][firsthand.testing.FakeFirstHand.async_sleep]).

        Examples:
            >>> import asyncio
            >>> fake = FakeFirstHand()
            >>> async def balance():
            ...     async with fake.async_client() as client:
            ...         return (await client.get_credit_balance()).available_cents
            >>> asyncio.run(balance())
            100000
        """
        return AsyncFirstHandClient(**self._client_options(options, self.async_sleep))

    def _client_options(self, options: Dict[str, Any], sleep: object) -> Dict[str, Any]:
        if "http_client" in options:
            raise TypeError("client() makes its own http_client; use transport() for your own")
        return {
            "api_key": self._api_key,
            "base_url": IN_PROCESS_BASE_URL,
            "transport": self.transport(),
            "sleep": sleep,
            "clock": self._clock.now,
            **options,
        }

    @contextmanager
    def serve(self, port: int = 0, host: str = "127.0.0.1") -> Generator[str, None, None]:
        """Serve the stand-in over real HTTP (stdlib, threaded, keep-alive) while the block runs;
        yields the base URL. The clock runs in real time (times ``speed``) meanwhile, and file
        download URLs point at this server.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> fake = FakeFirstHand()
            >>> with fake.serve() as base_url:
            ...     with FirstHandClient(api_key=fake.api_key, base_url=base_url) as client:
            ...         client.get_credit_balance().available_cents
            100000
            >>> base_url.startswith("http://127.0.0.1:")
            True
        """
        from firsthand.testing._server import FakeHTTPServer

        server = FakeHTTPServer(self._app.handle, host=host, port=port).start()
        was_running = self._clock.running
        previous_origin = self._world.files_origin
        with self._lock:
            self._world.files_origin = server.base_url
        self._clock.run()
        self._start_ticker()
        try:
            yield server.base_url
        finally:
            server.close()
            with self._lock:
                self._world.files_origin = previous_origin
            if not was_running:
                self._stop_ticker()
                self._clock.freeze()

    def close(self) -> None:
        """Stop the background thread a running clock uses and close the connections webhook
        deliveries used (idempotent).

        Examples:
            >>> fake = FakeFirstHand(real_time=True)
            >>> fake.close()
            >>> fake.clock.running
            False
        """
        self._stop_ticker()
        self._clock.freeze()
        with self._lock:
            http, self._delivery_http = self._delivery_http, None
        if http is not None:
            http.close()

    def __enter__(self) -> FakeFirstHand:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _start_ticker(self) -> None:
        with self._lock:
            if self._ticker is None:
                self._ticker = _Ticker(self._app.tick)
                self._ticker.start()

    def _stop_ticker(self) -> None:
        with self._lock:
            ticker, self._ticker = self._ticker, None
        if ticker is not None:
            ticker.stop()

    # -- faults and webhooks -------------------------------------------------------------------
    @property
    def faults(self) -> Faults:
        """Planned failures for the next requests (see [`Faults`][firsthand.testing.Faults]).

        Examples:
            >>> FakeFirstHand().faults.pending
            0
        """
        return self._faults

    @property
    def webhook_deliveries(self) -> List[WebhookDelivery]:
        """Every signed delivery so far, oldest first (retries and replays included).

        Examples:
            >>> FakeFirstHand().webhook_deliveries
            []
        """
        return self._world.deliveries

    def deliver_to(self, target: DeliveryTarget) -> None:
        """Also send every delivery on: to a callable (it gets the
        [`WebhookDelivery`][firsthand.testing.WebhookDelivery]; returning normally, ``True`` or a 2xx status
        means accepted) or to a URL (a real POST with the delivery's headers and body; a 2xx
        answer means accepted). A refused delivery is retried on the documented schedule
        (1 min, 5 min, 30 min, 2 h, 8 h) on the stand-in's clock, then marked ``failed``.
        ``None`` stops sending.

        Examples:
            >>> fake = FakeFirstHand()
            >>> received = []
            >>> fake.deliver_to(received.append)
            >>> with fake.client() as client:
            ...     _ = client.create_webhook_endpoint({"url": "https://example.com/hooks",
            ...                                         "events": ["credits.purchased"]})
            ...     _ = client.purchase_credits({"amount_cents": 1_000})
            ...     fake.advance(10)   # the sandbox checkout is paid by itself
            >>> [d.event_type for d in received]
            ['credits.purchased']
        """
        if not (target is None or callable(target) or isinstance(target, str)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"deliver_to takes a callable, a URL or None, not {target!r}")
        with self._lock:
            self._target = target
            self._world.has_target = target is not None

    def _send(self, delivery: WebhookDelivery) -> bool:
        target = self._target
        if target is None:
            return True
        if isinstance(target, str):
            with self._lock:
                if self._delivery_http is None:
                    self._delivery_http = httpx.Client(timeout=10.0)
                http = self._delivery_http
            try:
                answer = http.post(target, content=delivery.body, headers=delivery.headers)
            except httpx.HTTPError:
                return False
            return 200 <= answer.status_code < 300
        result = target(delivery)
        if result is None or result is True:
            return True
        if isinstance(result, int) and not isinstance(result, bool):
            return 200 <= result < 300
        return False

    # -- controlling the world -----------------------------------------------------------------
    def add_api_key(
        self,
        secret: str,
        *,
        scopes: Optional[List[str]] = None,
        name: str = "Added key",
    ) -> ApiKey:
        """Accept a key you chose (say, the one your code reads from ``FIRSTHAND_API_KEY``) for the
        ready organization; ``fh_test_…`` keys use the test account, ``fh_live_…`` the live one.

        Examples:
            >>> fake = FakeFirstHand()
            >>> fake.add_api_key("fh_test_my_ci_key", scopes=["jobs:read"]).scopes
            ['jobs:read']
            >>> with fake.client(api_key="fh_test_my_ci_key") as client:
            ...     client.list_jobs().data
            []
        """
        from firsthand.models import ApiKey

        environment: Optional[Environment] = None
        for known in _ENVIRONMENTS:
            if secret.startswith(f"fh_{known}_"):
                environment = known
                break
        if environment is None or len(secret) > 255 or not secret.isprintable():
            raise ValueError("an API key must start with fh_test_ or fh_live_")
        with self._lock:
            if secret in self._world.secrets:
                raise ValueError("this key is already in use")
            organization = self._world.organizations[self._organization_id]
            wire = self._world.add_api_key(organization, secret, name, environment, scopes)
            return ApiKey.model_validate(wire)

    def deprecate(self, path_prefix: str, sunset: str = "Sat, 01 Mar 2027 00:00:00 GMT") -> None:
        """Answer requests under ``path_prefix`` with ``Deprecation``/``Sunset``/``Link`` headers.

        Examples:
            >>> import warnings
            >>> fake = FakeFirstHand()
            >>> fake.deprecate("/v1/billing")
            >>> with fake.client() as client, warnings.catch_warnings(record=True) as caught:
            ...     warnings.simplefilter("always")
            ...     _ = client.get_credit_balance()
            >>> type(caught[0].message).__name__
            'FirstHandDeprecationWarning'
        """
        with self._lock:
            self._app.deprecations[path_prefix] = sunset

    def complete_checkout(self, session_id: str) -> CreditBalance:
        """Pay an open checkout session (sandbox ones pay themselves after 5 s): credits arrive,
        ``credits.purchased`` fires. Returns the account's new balance.

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client(api_key=fake.live_api_key) as client:
            ...     session = client.purchase_credits({"amount_cents": 5_000})
            >>> fake.complete_checkout(session.id).available_cents   # the $50 pack: +10 %
            5500
        """
        from firsthand.models import CreditBalance

        with self._lock:
            account, session = _found(self._world.find("checkout_sessions", session_id), session_id)
            self._world.complete_checkout(account, session)
            balance = self._world.balance(account)
        self._app.flush()
        return CreditBalance.model_validate(balance)

    def flag_job(self, job_id: str, reason: str = "A worker flagged this job as unsafe") -> None:
        """A worker flags the job: ``job.flagged`` fires with ``flag_reason``.

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     job = client.create_job({"type": "data_collection", "files_needed": 1,
            ...         "description": "A photo of a red door", "price_per_file_cents": 50,
            ...         "accepted_formats": ["image/png"]})
            >>> fake.flag_job(job.id, "Unsafe location")
            >>> [e.type for e in fake.webhook_events.values()]
            ['job.flagged']
        """
        with self._lock:
            account, job = _found(self._world.find("jobs", job_id), job_id)
            self._world.flag_job(account, job, reason)
        self._app.flush()

    def score_submission(self, submission_id: str, star_rating: int) -> None:
        """Score a pending submission now, by hand (approved at or above the job's
        ``min_star_rating``); what follows happens as for simulated scoring.

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     job = client.create_job({"type": "data_collection", "files_needed": 1,
            ...         "description": "A photo of a red door", "price_per_file_cents": 50,
            ...         "accepted_formats": ["image/png"]})
            >>> fake.advance(20)
            >>> [pending] = fake.submissions
            >>> fake.score_submission(pending, 2)
            >>> fake.submissions[pending].status, fake.jobs[job.id].files_rejected
            ('rejected', 1)
        """
        if isinstance(star_rating, bool) or star_rating not in (1, 2, 3, 4, 5):
            raise ValueError(f"star_rating must be 1 to 5, not {star_rating!r}")
        with self._lock:
            account, _ = _found(self._world.find("submissions", submission_id), submission_id)
            self._world.score(account, submission_id, star_rating)
        self._app.flush()

    @property
    def live_scoring(self) -> Callable[[Json], int]:
        """How submissions to live jobs are scored: a callable from the submission (wire dict) to
        1–5 stars. By default mostly 3–5 stars with some rejections (seeded); test jobs always
        get 4.

        Examples:
            >>> fake = FakeFirstHand()
            >>> fake.live_scoring = lambda submission: 5
            >>> fake.live_scoring({})
            5
        """
        return self._world.live_scoring

    @live_scoring.setter
    def live_scoring(self, scoring: Callable[[Json], int]) -> None:
        if not callable(scoring):
            raise TypeError("live_scoring must be a callable(submission) -> 1..5")
        self._world.live_scoring = scoring

    def file_content(self, file_id: str) -> bytes:
        """The bytes the stand-in serves for a file; their SHA-256 is its ``content_hash``.

        Examples:
            >>> import hashlib
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     job = client.create_job({"type": "data_collection", "files_needed": 1,
            ...         "description": "A photo of a red door", "price_per_file_cents": 50,
            ...         "accepted_formats": ["image/png"]})
            ...     job = client.wait_for_job(job.id)
            >>> [file] = fake.files.values()
            >>> hashlib.sha256(fake.file_content(file.id)).hexdigest() == file.content_hash
            True
        """
        with self._lock:
            _, file = _found(self._world.find("files", file_id), file_id)
            return sandbox_file_content(file_id, str(file["content_type"]))

    def endpoint_secrets(self, endpoint_id: str) -> List[str]:
        """A webhook endpoint's signing secrets still in use, the current one first (two during
        the 24 h after a rotation).

        Examples:
            >>> FakeFirstHand().endpoint_secrets("wh_unknown")
            Traceback (most recent call last):
            KeyError: 'wh_unknown'
        """
        with self._lock:
            account, _ = _found(self._world.find("webhook_endpoints", endpoint_id), endpoint_id)
            now = self._world.now()
            return [
                secret
                for secret, until in account.endpoint_secrets[endpoint_id]
                if until is None or now <= until
            ]

    def balance(self, environment: str = "test") -> CreditBalance:
        """The ready organization's balance in ``"test"`` or ``"live"``.

        Examples:
            >>> FakeFirstHand(sandbox_balance_cents=2_500).balance().available_cents
            2500
        """
        from firsthand.models import CreditBalance

        if environment not in ("test", "live"):
            raise ValueError(f"environment must be 'test' or 'live', not {environment!r}")
        with self._lock:
            account = self._world.organizations[self._organization_id].accounts[environment]
            return CreditBalance.model_validate(self._world.balance(account))

    @property
    def requests(self) -> List[FakeRequest]:
        """The latest requests received, oldest first: a copy, at most ``request_log_size`` of
        them (10,000 by default; older ones are dropped as new ones arrive).

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     _ = client.get_credit_balance()
            >>> [(r.method, r.path) for r in fake.requests]
            [('GET', '/v1/billing/credits')]
            >>> small = FakeFirstHand(request_log_size=2)
            >>> with small.client() as client:
            ...     for _ in range(5):
            ...         _ = client.get_credit_balance()
            >>> len(small.requests), small.request_count
            (2, 5)
        """
        with self._lock:
            return list(self._app.requests)

    @property
    def request_count(self) -> int:
        """How many requests were received in all, whether ``requests`` still holds them.

        Examples:
            >>> fake = FakeFirstHand(request_log_size=0)
            >>> with fake.client() as client:
            ...     _ = client.get_credit_balance()
            >>> fake.request_count, fake.requests
            (1, [])
        """
        with self._lock:
            return self._app.request_count

    def clear_requests(self) -> None:
        """Forget the requests ``requests`` holds (``request_count`` keeps counting).

        Examples:
            >>> fake = FakeFirstHand()
            >>> with fake.client() as client:
            ...     _ = client.get_credit_balance()
            >>> fake.clear_requests()
            >>> fake.requests, fake.request_count
            ([], 1)
        """
        with self._lock:
            self._app.requests.clear()

    # -- inspecting ----------------------------------------------------------------------------
    def _table(self, table: str, model: Type[ModelT]) -> Dict[str, ModelT]:
        with self._lock:
            rows = [
                (object_id, wire)
                for account in self._world.accounts()
                for object_id, wire in getattr(account, table).items()
            ]
            rows.sort(key=lambda row: row[0])
            return {object_id: model.model_validate(wire) for object_id, wire in rows}  # type: ignore[attr-defined]

    @property
    def jobs(self) -> Dict[str, Job]:
        """Every job of every account, by id, oldest first (snapshots as SDK models).

        Examples:
            >>> FakeFirstHand().jobs
            {}
        """
        from firsthand.models import Job

        return self._table("jobs", Job)

    @property
    def submissions(self) -> Dict[str, Submission]:
        """Every submission, by id, oldest first.

        Examples:
            >>> FakeFirstHand().submissions
            {}
        """
        from firsthand.models import Submission

        return self._table("submissions", Submission)

    @property
    def files(self) -> Dict[str, JobFile]:
        """Every approved file, by id, oldest first.

        Examples:
            >>> FakeFirstHand().files
            {}
        """
        from firsthand.models import JobFile

        return self._table("files", JobFile)

    @property
    def webhook_endpoints(self) -> Dict[str, WebhookEndpoint]:
        """Every webhook endpoint (without secrets: see [`endpoint_secrets`][firsthand.testing.FakeFirstHand.endpoint_secrets]).

        Examples:
            >>> FakeFirstHand().webhook_endpoints
            {}
        """
        from firsthand.models import WebhookEndpoint

        return self._table("webhook_endpoints", WebhookEndpoint)

    @property
    def webhook_events(self) -> Dict[str, WebhookEvent]:
        """Every webhook event, with its delivery status.

        Examples:
            >>> FakeFirstHand().webhook_events
            {}
        """
        from firsthand.models import WebhookEvent

        return self._table("webhook_events", WebhookEvent)

    @property
    def transactions(self) -> Dict[str, CreditTransaction]:
        """Every credit transaction (each account's starting balance is one ``free_tier``).

        Examples:
            >>> [t.type for t in FakeFirstHand().transactions.values()]
            ['free_tier']
        """
        from firsthand.models import CreditTransaction

        return self._table("transactions", CreditTransaction)

    @property
    def audit_events(self) -> Dict[str, AuditEvent]:
        """Every audit event.

        Examples:
            >>> FakeFirstHand().audit_events
            {}
        """
        from firsthand.models import AuditEvent

        return self._table("audit_events", AuditEvent)

    @property
    def checkout_sessions(self) -> Dict[str, CheckoutSession]:
        """Every checkout session from ``purchase_credits``.

        Examples:
            >>> FakeFirstHand().checkout_sessions
            {}
        """
        from firsthand.models import CheckoutSession

        return self._table("checkout_sessions", CheckoutSession)

    @property
    def api_keys(self) -> Dict[str, ApiKey]:
        """Every API key of every organization (no secrets).

        Examples:
            >>> sorted(key.environment for key in FakeFirstHand().api_keys.values())
            ['live', 'test']
        """
        from firsthand.models import ApiKey

        with self._lock:
            return {
                key_id: ApiKey.model_validate(record.wire)
                for key_id, record in sorted(self._world.api_keys.items())
            }

    @property
    def settings(self) -> OrganizationSettings:
        """The ready organization's settings.

        Examples:
            >>> FakeFirstHand().settings.auto_topup_enabled
            False
        """
        from firsthand.models import OrganizationSettings

        with self._lock:
            wire = self._world.organizations[self._organization_id].settings
            return OrganizationSettings.model_validate(wire)


def _found(found: Optional[Tuple[Account, RecordT]], object_id: str) -> Tuple[Account, RecordT]:
    """What ``World.find`` found; ``KeyError`` when nothing was."""
    if found is None:
        raise KeyError(object_id)
    return found


class _Ticker:
    """Runs the simulation in real time: a daemon thread calling ``tick`` a few times a second."""

    def __init__(self, tick: Callable[[], None]) -> None:
        self._tick = tick
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="firsthand-stand-in", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stopped.wait(_TICK_SECONDS):
            self._tick()
