"""What both clients share and that involves no I/O: configuration, ``with_options``, ``repr``."""

from __future__ import annotations

import functools
import inspect
import logging
import os
import re
import ssl
import time
from collections.abc import Awaitable, Mapping
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    ClassVar,
    Generic,
    Literal,
    Optional,
    TypeVar,
    Union,
    cast,
)

import httpx
from httpx._client import BoundAsyncStream, BoundSyncStream  # pyright: ignore[reportPrivateUsage]

from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_WAIT,
    DEFAULT_TIMEOUT,
    LIVE_KEY_PREFIX,
    MAX_SECONDS,
    TEST_KEY_PREFIX,
)
from ._core import Core, PreparedCall, ResultT, as_timeout, check_headers, check_max_retries
from ._exceptions import FirstHandError
from ._logging import setup_logging
from ._types import TimeoutTypes

if TYPE_CHECKING:
    from typing_extensions import Self

    from ._retry import OnRetry

__all__ = ["BaseClient", "NOT_GIVEN", "NotGiven"]

HttpClientT = TypeVar("HttpClientT", httpx.Client, httpx.AsyncClient)
TransportT = TypeVar("TransportT", httpx.BaseTransport, httpx.AsyncBaseTransport)
#: How ``FirstHandClient`` waits ``seconds`` (retries, ``Retry-After``, polls): ``time.sleep`` by default.
Sleep = Callable[[float], None]
#: How ``AsyncFirstHandClient`` waits ``seconds``: ``anyio.sleep`` by default.
AsyncSleep = Callable[[float], Awaitable[None]]
SleepT = TypeVar("SleepT", Sleep, AsyncSleep)
#: A monotonic clock in seconds (``time.monotonic`` by default): what ``wait_for_job``'s timeout runs on.
Clock = Callable[[], float]
OutT = TypeVar("OutT")
T = TypeVar("T")


def same(value: T) -> T:
    """The identity function: what a call returns when its result needs no wrapping."""
    return value


class NotGiven:
    """Sentinel for "argument not passed", distinct from ``None`` (which can mean "no timeout")."""

    _instance: ClassVar[Optional[NotGiven]] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __bool__(self) -> Literal[False]:
        return False


NOT_GIVEN = NotGiven()


@functools.lru_cache(maxsize=1)
def default_ssl_context() -> ssl.SSLContext:
    """One verified TLS context shared by every client the SDK creates.

    Loading the CA bundle costs ~35 ms per ``httpx.Client``; sharing it makes clients cheap to
    create (per tenant, per test). It is read-only after creation. ``SSL_CERT_FILE``/``SSL_CERT_DIR``
    are read once, when the first client is built; bring your own ``http_client`` to change them.

    Examples:
        >>> default_ssl_context() is default_ssl_context()
        True
    """
    return httpx.create_ssl_context()


_HTTPX_LOGGER = logging.getLogger("httpx")


def opened(
    request: httpx.Request, response: httpx.Response, started: float, *, is_async: bool
) -> httpx.Response:
    """``response`` as ``httpx.Client.send`` would hand it over, from a transport the SDK called
    directly (no I/O): bound to ``request``, timed (``elapsed`` is set when it is closed) and
    logged on the ``httpx`` logger as httpx logs it."""
    response.request = request
    stream: Any = response.stream  # httpx.ByteStream (a mock's) is both kinds: go by the client
    if is_async:
        response.stream = BoundAsyncStream(stream, response=response, start=started)
    else:
        response.stream = BoundSyncStream(stream, response=response, start=started)
    if _HTTPX_LOGGER.isEnabledFor(logging.INFO):
        _HTTPX_LOGGER.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )
    return response


def _config_error(message: str) -> FirstHandError:
    return FirstHandError(message, type="configuration_error")


def _wrong_http_client(given: object, expected: type[object], client_name: str) -> str:
    """Why ``given`` is refused as the ``http_client`` of ``client_name``, naming packages: an
    ``httpx2`` client (the fork some libraries moved to) has the same class name as httpx's.

    Examples:
        >>> print(_wrong_http_client(object(), httpx.Client, "FirstHandClient"))
        http_client must be an httpx.Client for FirstHandClient, not builtins.object
        >>> class Client:  # what httpx2 exports
        ...     __module__ = "httpx2"
        >>> print(_wrong_http_client(Client(), httpx.Client, "FirstHandClient"))
        http_client: an httpx2.Client was given; firsthand uses httpx, not httpx2 (pass an httpx.Client to FirstHandClient)
    """
    wanted = f"{expected.__module__.partition('.')[0]}.{expected.__qualname__}"
    kind = type(given)
    package = kind.__module__.partition(".")[0]
    if package == "httpx2":
        return (
            f"http_client: an httpx2.{kind.__qualname__} was given; firsthand uses httpx, not "
            f"httpx2 (pass an {wanted} to {client_name})"
        )
    return f"http_client must be an {wanted} for {client_name}, not {package}.{kind.__qualname__}"


def resolve_api_key(api_key: Optional[str]) -> str:
    """The explicit key, else ``FIRSTHAND_API_KEY``; it must look like ``fh_live_…``/``fh_test_…``.

    Examples:
        >>> resolve_api_key("fh_test_abc")
        'fh_test_abc'
        >>> resolve_api_key("sk-123")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandError: configuration_error: api_key must start with 'fh_live_' or 'fh_test_'; ...
    """
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
        if api_key is None or not api_key.strip():
            raise _config_error(
                f"No API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
            )
    if not isinstance(api_key, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise _config_error(f"api_key must be a string, not {type(api_key).__name__}")
    api_key = api_key.strip()
    if not api_key.isascii() or not api_key.isprintable() or any(c.isspace() for c in api_key):
        # Never echo the key: it may be a real one with a stray character pasted in.
        raise _config_error(
            "api_key must be printable ASCII without spaces; check for a stray character "
            "(a smart quote, a non-breaking space) copied along with it"
        )
    if not api_key.startswith((LIVE_KEY_PREFIX, TEST_KEY_PREFIX)):
        raise _config_error(
            f"api_key must start with {LIVE_KEY_PREFIX!r} or {TEST_KEY_PREFIX!r}; "
            "check that it is a FirstHandAPI key, not a webhook secret or another service's key"
        )
    return api_key


_HOST = r"[A-Za-z0-9._:-]+"  # compiled on first use


def resolve_base_url(base_url: Optional[str]) -> str:
    """The explicit URL, else ``FIRSTHAND_BASE_URL``, else the production URL; no trailing ``/``.

    It must be an ``http(s)`` URL with a host and nothing the SDK would silently drop or misuse:
    no query (``?tenant=…`` would end up before every path), no fragment, no ``user:password@``
    (it would replace the API key with Basic auth).

    Examples:
        >>> resolve_base_url("http://127.0.0.1:8787/")
        'http://127.0.0.1:8787'
        >>> resolve_base_url("https://api.example.com/?tenant=acme")
        Traceback (most recent call last):
        ...
        firsthand.FirstHandError: configuration_error: base_url must not have a query string (...); ...
    """
    if base_url is None:
        base_url = os.environ.get(BASE_URL_ENV, "").strip() or DEFAULT_BASE_URL
    if not isinstance(base_url, str) or not base_url.startswith(("https://", "http://")):  # pyright: ignore[reportUnnecessaryIsInstance]
        shown = base_url if not isinstance(base_url, str) or "@" not in base_url else "<hidden>"  # pyright: ignore[reportUnnecessaryIsInstance]
        raise _config_error(f"base_url must be an http(s) URL, not {shown!r}")
    try:
        url = httpx.URL(base_url)
    except (httpx.InvalidURL, ValueError, TypeError):  # e.g. "http://[::1"
        raise _config_error(
            "base_url is not a valid URL (check the host, the port and any brackets)"
        ) from None
    if url.userinfo:
        raise _config_error(
            "base_url must not contain user:password@ (it would replace the API key with "
            "Basic auth); pass the key as api_key"
        )
    if not url.host or not re.fullmatch(_HOST, url.host):
        raise _config_error("base_url must name a host, e.g. https://api.firsthandapi.com")
    if url.port is not None and not 0 < url.port < 65536:
        raise _config_error(f"base_url has port {url.port}, outside 1-65535")
    if url.query:
        raise _config_error(
            "base_url must not have a query string (every request path is appended to it); "
            "send extra parameters with default_headers instead"
        )
    if url.fragment or "#" in base_url:
        raise _config_error("base_url must not have a #fragment")
    return base_url.rstrip("/")


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine (``localhost``, ``127.0.0.0/8``, ``::1``).

    Examples:
        >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("api.firsthandapi.com")
        (True, True, False)
    """
    import ipaddress

    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_transport_security(api_key: str, base_url: str, allow_insecure: bool) -> None:
    """Refuse to send a live key in clear text (``http://``) to anything but this machine.

    Examples:
        >>> check_transport_security("fh_live_x", "http://127.0.0.1:8787", False)
        >>> check_transport_security("fh_live_x", "http://api.example.com", False)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandError: configuration_error: base_url is plaintext http:// and api_key is a live key: ...
    """
    if allow_insecure or not api_key.startswith(LIVE_KEY_PREFIX):
        return
    url = httpx.URL(base_url)
    if url.scheme == "http" and not is_loopback(url.host):
        raise _config_error(
            "base_url is plaintext http:// and api_key is a live key: it would be sent "
            "unencrypted; use https://, or pass allow_insecure=True if the network is trusted "
            "(e.g. a TLS-terminating sidecar)"
        )


def _check_max_retry_wait(value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not 0 <= value <= MAX_SECONDS  # also refuses nan and inf
    ):
        raise _config_error(
            f"max_retry_wait must be a number of seconds from 0 to {MAX_SECONDS:g}, not {value!r}"
        )
    return float(value)


def _check_max_response_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1024:
        raise _config_error(
            f"max_response_bytes must be an integer number of bytes >= 1024, not {value!r}"
        )
    return value


class BaseClient(Generic[HttpClientT, TransportT, SleepT]):
    """Configuration and identity shared by [`FirstHandClient`][firsthand.FirstHandClient] and
    [`AsyncFirstHandClient`][firsthand.AsyncFirstHandClient]. Not used directly."""

    _http_client_class: ClassVar[type[Union[httpx.Client, httpx.AsyncClient]]]
    _transport_class: ClassVar[type[Union[httpx.BaseTransport, httpx.AsyncBaseTransport]]]
    _is_async: ClassVar[bool]
    _core: Core
    _http: HttpClientT
    _owns_http: bool
    _direct_requests: bool
    #: The ``sleep=`` given (``None``: the client's own real sleep).
    _sleeper: Optional[SleepT]
    #: The ``clock=`` given, else ``time.monotonic``.
    _clock: Clock
    #: Raw views (``with_raw_response``) return [`RawResponse`][firsthand.RawResponse] objects instead of models.
    _raw: bool = False
    #: The client a raw view was made from (pages fetched later are plain pages); else ``None``.
    _plain: Optional[Self] = None

    def __init__(
        self,
        api_key: Optional[str] = None,
        *,
        base_url: Optional[str] = None,
        timeout: Union[TimeoutTypes, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        max_retry_wait: float = DEFAULT_MAX_RETRY_WAIT,
        http_client: Optional[HttpClientT] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        validate_requests: bool = True,
        strict_responses: bool = True,
        on_retry: Optional[OnRetry] = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        allow_insecure: bool = False,
        transport: Optional[TransportT] = None,
        sleep: Optional[SleepT] = None,
        clock: Optional[Clock] = None,
    ) -> None:
        setup_logging()
        if isinstance(timeout, NotGiven):
            # A client of the user's own keeps its timeout unless the SDK's is given explicitly.
            timeout = (
                http_client.timeout
                if isinstance(http_client, (httpx.Client, httpx.AsyncClient))
                else DEFAULT_TIMEOUT
            )
        try:
            core_timeout = as_timeout(timeout)
            check_max_retries(max_retries)
            headers = check_headers(default_headers or {}, "default_headers", FirstHandError)
        except FirstHandError as exc:
            raise _config_error(exc.message) from None
        self._check_on_retry(on_retry)
        self._check_time_and_transport(transport, sleep, clock, http_client)
        # Everything that can be refused is checked before a connection pool exists to leak.
        resolved_key = resolve_api_key(api_key)
        resolved_url = resolve_base_url(base_url)
        check_transport_security(resolved_key, resolved_url, bool(allow_insecure))
        retry_wait = _check_max_retry_wait(max_retry_wait)
        response_cap = _check_max_response_bytes(max_response_bytes)
        if http_client is None:
            self._http = self._new_http_client(core_timeout, transport)
            self._owns_http = True
            # Our own pool has no cookies, auth or default headers beyond httpx's transport
            # defaults, so requests are built directly (skipping httpx's per-request merging);
            # those defaults are folded into the SDK's headers once, here.
            self._direct_requests = True
            transport_headers = {
                k: v for k, v in self._http.headers.items() if k not in ("user-agent", "accept")
            }
        else:
            expected = self._http_client_class
            if not isinstance(http_client, expected):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise _config_error(_wrong_http_client(http_client, expected, type(self).__name__))
            self._http = http_client
            self._owns_http = False
            # A client of the user's own may carry headers, cookies or params: let it merge them.
            self._direct_requests = False
            transport_headers = {}
        self._sleeper = sleep
        self._clock = time.monotonic if clock is None else clock
        self._core = Core(
            api_key=resolved_key,
            base_url=resolved_url,
            timeout=core_timeout,
            max_retries=max_retries,
            max_retry_wait=retry_wait,
            transport_headers=transport_headers,
            default_headers=headers,
            validate_requests=bool(validate_requests),
            strict_responses=bool(strict_responses),
            on_retry=on_retry,
            max_response_bytes=response_cap,
            allow_insecure=bool(allow_insecure),
        )

    def _request_for(self, call: PreparedCall[Any], retry_count: int) -> httpx.Request:
        """The ``httpx.Request`` for one attempt of ``call`` (no I/O)."""
        if self._direct_requests:
            return self._core.build_request(call, retry_count)
        return self._http.build_request(
            call.method,
            call.url,
            params=call.params,
            headers=call.attempt_headers(retry_count),
            content=call.content,
            timeout=call.timeout,
        )

    def _check_open(self) -> None:
        """Refuse to send on a closed connection pool (httpx's own error would be less clear)."""
        if self._http.is_closed:
            raise FirstHandError("The client is closed; create a new one", type="client_closed")

    def _check_on_retry(self, on_retry: Optional[OnRetry]) -> None:
        if on_retry is None:
            return
        if not callable(on_retry):
            raise _config_error("on_retry must be a callable taking a RetryInfo")
        if not self._is_async and inspect.iscoroutinefunction(on_retry):
            raise _config_error(
                f"on_retry is a coroutine function, which {type(self).__name__} cannot await; "
                "pass a plain function (async hooks work with AsyncFirstHandClient)"
            )

    def _check_time_and_transport(
        self,
        transport: Optional[TransportT],
        sleep: Optional[SleepT],
        clock: Optional[Clock],
        http_client: Optional[HttpClientT],
    ) -> None:
        name = type(self).__name__
        if transport is not None:
            if http_client is not None:
                raise _config_error(
                    "transport and http_client cannot both be given: pass the transport to your "
                    "own http_client instead"
                )
            expected = self._transport_class
            if not isinstance(transport, expected):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise _config_error(
                    f"transport must be an httpx.{expected.__qualname__} for {name}, not "
                    f"{type(transport).__module__}.{type(transport).__qualname__}"
                )
        if sleep is not None:
            if not callable(sleep):
                raise _config_error("sleep must be a callable taking a number of seconds")
            if not self._is_async and inspect.iscoroutinefunction(sleep):
                raise _config_error(
                    f"sleep is a coroutine function, which {name} cannot await; pass a plain "
                    "function (async sleeps work with AsyncFirstHandClient)"
                )
        if clock is not None and not callable(clock):
            raise _config_error("clock must be a callable returning seconds (like time.monotonic)")

    def _new_http_client(
        self, timeout: httpx.Timeout, transport: Optional[TransportT] = None
    ) -> HttpClientT:
        raise NotImplementedError  # each shell creates its own kind of httpx client

    @property
    def environment(self) -> Literal["live", "test"]:
        """``"live"`` or ``"test"``, read from the API key's prefix.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> FirstHandClient(api_key="fh_test_example").environment
            'test'
        """
        return "test" if self._core.api_key.startswith(TEST_KEY_PREFIX) else "live"

    @property
    def base_url(self) -> str:
        """The API root every path is appended to.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> FirstHandClient(api_key="fh_test_example").base_url
            'https://api.firsthandapi.com'
        """
        return self._core.base_url

    @property
    def max_retries(self) -> int:
        """Retries (not attempts) allowed per call.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> FirstHandClient(api_key="fh_test_example", max_retries=0).max_retries
            0
        """
        return self._core.max_retries

    @property
    def timeout(self) -> httpx.Timeout:
        """The default per-request timeout.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> FirstHandClient(api_key="fh_test_example", timeout=5).timeout.read
            5.0
        """
        return self._core.timeout

    def with_options(
        self,
        *,
        api_key: Union[str, NotGiven] = NOT_GIVEN,
        timeout: Union[TimeoutTypes, NotGiven] = NOT_GIVEN,
        max_retries: Union[int, NotGiven] = NOT_GIVEN,
        max_retry_wait: Union[float, NotGiven] = NOT_GIVEN,
        default_headers: Union[Mapping[str, str], NotGiven] = NOT_GIVEN,
        validate_requests: Union[bool, NotGiven] = NOT_GIVEN,
        strict_responses: Union[bool, NotGiven] = NOT_GIVEN,
        on_retry: Union[OnRetry, NotGiven, None] = NOT_GIVEN,
        max_response_bytes: Union[int, NotGiven] = NOT_GIVEN,
    ) -> Self:
        """A client with some settings changed that shares this client's connection pool.

        Cheap enough to call per request or per tenant. Closing the copy never closes the shared
        pool; close the client you created.

        Examples:
            >>> from firsthand import FirstHandClient
            >>> client = FirstHandClient(api_key="fh_test_example")
            >>> fast = client.with_options(timeout=5, max_retries=0)
            >>> fast.max_retries, fast.timeout.read, fast._http is client._http
            (0, 5.0, True)
        """
        changes: dict[str, Any] = {}
        try:
            if not isinstance(api_key, NotGiven):
                changes["api_key"] = resolve_api_key(api_key)
            if not isinstance(timeout, NotGiven):
                changes["timeout"] = as_timeout(timeout)
            if not isinstance(max_retries, NotGiven):
                changes["max_retries"] = check_max_retries(max_retries)
            if not isinstance(default_headers, NotGiven):
                changes["default_headers"] = check_headers(
                    default_headers, "default_headers", FirstHandError
                )
        except FirstHandError as exc:
            raise _config_error(exc.message) from None
        if "api_key" in changes:
            check_transport_security(
                changes["api_key"], self._core.base_url, self._core.allow_insecure
            )
        if not isinstance(max_retry_wait, NotGiven):
            changes["max_retry_wait"] = _check_max_retry_wait(max_retry_wait)
        if not isinstance(max_response_bytes, NotGiven):
            changes["max_response_bytes"] = _check_max_response_bytes(max_response_bytes)
        if not isinstance(validate_requests, NotGiven):
            changes["validate_requests"] = bool(validate_requests)
        if not isinstance(strict_responses, NotGiven):
            changes["strict_responses"] = bool(strict_responses)
        if not isinstance(on_retry, NotGiven):
            self._check_on_retry(on_retry)
            changes["on_retry"] = on_retry
        return self._copy(self._core.replace(**changes))

    def _copy(self, core: Core, *, raw: bool = False) -> Self:
        """A client over the same pool (never its owner) with ``core``; ``raw`` for raw views."""
        clone = object.__new__(type(self))
        clone._core = core
        clone._http = self._http
        clone._owns_http = False
        clone._direct_requests = self._direct_requests
        clone._sleeper = self._sleeper
        clone._clock = self._clock
        clone._raw = raw
        clone._plain = self._plain if self._plain is not None else self
        return clone

    def _finish(
        self,
        call: PreparedCall[ResultT],
        response: httpx.Response,
        retry_count: int,
        then: Callable[[ResultT], OutT],
    ) -> OutT:
        """The call's result from a response (no I/O): the typed value, or a raw response."""
        core = self._core
        core.check(call, response)
        if self._raw:
            from ._response import RawResponse

            raw = RawResponse(response, lambda: then(core.parse_body(call, response)), retry_count)
            return cast("OutT", raw)
        return then(core.parse_body(call, response))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(environment={self.environment!r}, "
            f"base_url={self._core.base_url!r}, max_retries={self._core.max_retries!r})"
        )

    def __reduce__(self) -> Any:
        raise TypeError(
            f"{type(self).__name__} cannot be pickled (it holds a connection pool); "
            "create a client in each process instead"
        )
