"""``FIRSTHAND_LOG``: the ``firsthand`` logger, switched on by the environment at client construction.

Logged: method, path, status, attempt, request id, elapsed time, retry decisions.
Never logged: API keys, the Authorization header, request or response bodies.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from typing import Any, Optional

import httpx
import pytest
import respx

from firsthand import (
    AsyncFirstHandClient,
    FirstHandClient,
    FirstHandError,
    FirstHandNotFoundError,
)

BASE_URL = "https://api.firsthandapi.com"
KEY = "fh_test_sk_logging0000000000000SECRET"
JOB_ID = "job_01JQLOGGING000000000000000"
JOB_PATH = f"/v1/jobs/{JOB_ID}"
LOGGER = "firsthand"
HANDLER_NAME = "firsthand-env"

FLAVORS = ["sync", "async"]

REQUEST_MARKER = "ZEBRA-REQUEST-MARKER-7731"
RESPONSE_MARKER = "OKAPI-RESPONSE-MARKER-5519"

CREATE_BODY: dict[str, Any] = {
    "type": "data_collection",
    "description": f"Take a clear photo of a cup. {REQUEST_MARKER}",
    "files_needed": 5,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 75,
    "metadata": {"note": REQUEST_MARKER},
}

JOB_JSON: dict[str, Any] = {
    "object": "job",
    "id": JOB_ID,
    "type": "data_collection",
    "status": "open",
    "title": RESPONSE_MARKER,
    "description": f"Take a clear photo of a cup. {RESPONSE_MARKER}",
    "files_needed": 5,
    "files_approved": 0,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 75,
    "created_at": "2026-03-20T19:03:27.971Z",
    "metadata": {"note": RESPONSE_MARKER},
}


def error_json(
    status_type: str, message: str = "Something failed", request_id: str = "req_err"
) -> dict[str, Any]:
    """An error body that carries the response marker everywhere except in ``message``."""
    return {
        "error": {
            "type": status_type,
            "message": message,
            "request_id": request_id,
            "details": [{"field": RESPONSE_MARKER, "message": RESPONSE_MARKER}],
            "echo": RESPONSE_MARKER,
        }
    }


# -- fixtures and helpers -----------------------------------------------------------------------


def _remove_sdk_handlers(logger: logging.Logger) -> None:
    for handler in list(logger.handlers):
        if handler.get_name() == HANDLER_NAME:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture(autouse=True)
def sdk_logger() -> Iterator[logging.Logger]:
    """The ``firsthand`` logger, restored afterwards so other tests never see our handlers."""
    logger = logging.getLogger(LOGGER)
    _remove_sdk_handlers(logger)  # in case an earlier test in the session left one behind
    saved_level = logger.level
    saved_handlers = list(logger.handlers)
    saved_propagate = logger.propagate
    logger.setLevel(logging.NOTSET)
    yield logger
    _remove_sdk_handlers(logger)
    for handler in list(logger.handlers):
        if handler not in saved_handlers:
            logger.removeHandler(handler)
    logger.setLevel(saved_level)
    logger.propagate = saved_propagate


@pytest.fixture
def api() -> Iterator[respx.MockRouter]:
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def sync(self, seconds: float) -> None:
        self.waits.append(seconds)

    async def async_(self, seconds: float) -> None:
        self.waits.append(seconds)


def make_client(
    flavor: str, monkeypatch: pytest.MonkeyPatch, sleeps: Optional[Sleeps] = None, **kw: Any
) -> Any:
    kw.setdefault("api_key", KEY)
    recorder = sleeps or Sleeps()
    kw["sleep"] = recorder.sync if flavor == "sync" else recorder.async_  # recorded, never slept
    client: Any = FirstHandClient(**kw) if flavor == "sync" else AsyncFirstHandClient(**kw)
    return client


async def run_on(client: Any, op: str, **kwargs: Any) -> Any:
    if op == "get_job":
        pending = client.get_job(JOB_ID, **kwargs)
    elif op == "create_job":
        pending = client.create_job(CREATE_BODY, **kwargs)
    else:
        raise AssertionError(op)
    if isinstance(client, AsyncFirstHandClient):
        try:
            return await pending
        finally:
            await client.aclose()
    try:
        return pending
    finally:
        client.close()


async def run_expecting_error(client: Any, op: str, **kwargs: Any) -> FirstHandError:
    with pytest.raises(FirstHandError) as info:
        await run_on(client, op, **kwargs)
    return info.value


def sdk_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == LOGGER or r.name.startswith(LOGGER + ".")]


def everything_logged(caplog: pytest.LogCaptureFixture, stderr: str) -> list[str]:
    """Every string the SDK's logging produced: messages, raw args, formatted text, stderr."""
    texts = [stderr, caplog.text]
    for record in sdk_records(caplog):
        texts.append(record.getMessage())
        texts.append(str(record.msg))
        texts.append(repr(record.args))
        if record.exc_info is not None:
            texts.append(logging.Formatter().formatException(record.exc_info))
        texts.append(repr(record.__dict__))
    return texts


def assert_nothing_secret(caplog: pytest.LogCaptureFixture, stderr: str) -> None:
    forbidden = [
        KEY,
        KEY[len("fh_test_") :],
        "Bearer",
        "Authorization",
        "authorization",
        REQUEST_MARKER,
        RESPONSE_MARKER,
    ]
    for text in everything_logged(caplog, stderr):
        for secret in forbidden:
            assert secret not in text, f"{secret!r} was logged: {text!r}"


ATTEMPT_LINE = re.compile(
    r"^(?P<method>GET|POST) (?P<path>\S+) -> (?P<outcome>\S+) "
    r"\(attempt (?P<attempt>\d+)(?:, request_id (?P<rid>\S+))?, (?P<ms>\d+(?:\.\d+)?) ms\)$"
)


def attempt_lines(caplog: pytest.LogCaptureFixture) -> list[re.Match[str]]:
    matches: list[re.Match[str]] = []
    for record in sdk_records(caplog):
        match = ATTEMPT_LINE.match(record.getMessage())
        if match is not None:
            assert record.levelno == logging.INFO
            matches.append(match)
    return matches


def retry_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in sdk_records(caplog) if r.getMessage().startswith("retrying ")]


# -- FIRSTHAND_LOG=info -------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("value", ["info", "INFO", " Info "])
async def test_info_logs_one_line_per_attempt(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    sdk_logger: logging.Logger,
    flavor: str,
    value: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", value)
    api.get(JOB_PATH).respond(200, headers={"X-Request-Id": "req_ok_1"}, json=JOB_JSON)
    client = make_client(flavor, monkeypatch)
    assert sdk_logger.level == logging.INFO

    await run_on(client, "get_job")

    lines = attempt_lines(caplog)
    assert len(lines) == 1
    line = lines[0]
    assert line["method"] == "GET"
    assert line["path"] == JOB_PATH
    assert line["outcome"] == "200"
    assert line["attempt"] == "1"
    assert line["rid"] == "req_ok_1"
    assert float(line["ms"]) >= 0.0
    assert all(r.levelno >= logging.INFO for r in sdk_records(caplog))


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_info_attaches_one_named_stderr_handler(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sdk_logger: logging.Logger,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    api.get(JOB_PATH).respond(200, headers={"X-Request-Id": "req_stderr"}, json=JOB_JSON)
    make_client(flavor, monkeypatch)
    make_client(flavor, monkeypatch)  # constructing again must not stack handlers
    client = make_client(flavor, monkeypatch)
    ours = [h for h in sdk_logger.handlers if h.get_name() == HANDLER_NAME]
    assert len(ours) == 1
    assert isinstance(ours[0], logging.StreamHandler)

    await run_on(client, "get_job")

    err = capsys.readouterr().err
    assert f"GET {JOB_PATH} -> 200 (attempt 1, request_id req_stderr" in err
    assert "firsthand" in err
    assert "INFO" in err
    assert err.count("req_stderr") == 1  # one handler, one line


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_info_does_not_log_the_idempotency_key(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    api.post("/v1/jobs").respond(201, json=JOB_JSON)
    client = make_client(flavor, monkeypatch)
    await run_on(client, "create_job", idempotency_key="idem-INFO-4242")
    assert len(attempt_lines(caplog)) == 1
    assert "idem-INFO-4242" not in caplog.text
    assert all(r.levelno >= logging.INFO for r in sdk_records(caplog))


# -- FIRSTHAND_LOG=debug ------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_debug_logs_the_idempotency_key_at_debug(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    sdk_logger: logging.Logger,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "debug")
    route = api.post("/v1/jobs").respond(201, headers={"X-Request-Id": "req_c"}, json=JOB_JSON)
    client = make_client(flavor, monkeypatch)
    assert sdk_logger.level == logging.DEBUG

    await run_on(client, "create_job", idempotency_key="idem-DEBUG-4242")

    assert route.calls.last.request.headers["Idempotency-Key"] == "idem-DEBUG-4242"
    debug = [r for r in sdk_records(caplog) if "idem-DEBUG-4242" in r.getMessage()]
    assert len(debug) == 1
    assert debug[0].levelno == logging.DEBUG
    lines = attempt_lines(caplog)
    assert [(m["method"], m["path"], m["outcome"]) for m in lines] == [("POST", "/v1/jobs", "201")]


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_debug_logs_the_generated_idempotency_key(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "debug")
    route = api.post("/v1/jobs").respond(201, json=JOB_JSON)
    client = make_client(flavor, monkeypatch)
    await run_on(client, "create_job")
    sent = route.calls.last.request.headers["Idempotency-Key"]
    debug = [r for r in sdk_records(caplog) if r.levelno == logging.DEBUG]
    assert any(sent in r.getMessage() for r in debug)


# -- unset / invalid ----------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
async def test_unset_leaves_the_logger_alone(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    sdk_logger: logging.Logger,
    flavor: str,
    value: Optional[str],
) -> None:
    if value is not None:
        monkeypatch.setenv("FIRSTHAND_LOG", value)
    app_handler = logging.NullHandler()
    sdk_logger.addHandler(app_handler)
    sdk_logger.setLevel(logging.WARNING)  # the application's own choice
    before = list(sdk_logger.handlers)
    api.get(JOB_PATH).respond(200, json=JOB_JSON)

    client = make_client(flavor, monkeypatch)
    await run_on(client, "get_job")

    assert sdk_logger.level == logging.WARNING
    assert sdk_logger.handlers == before
    assert not any(h.get_name() == HANDLER_NAME for h in sdk_logger.handlers)
    assert sdk_records(caplog) == []  # the app said WARNING, so no INFO lines


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_unset_keeps_level_notset_and_the_app_can_enable_logging(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    sdk_logger: logging.Logger,
    flavor: str,
) -> None:
    api.get(JOB_PATH).respond(200, headers={"X-Request-Id": "req_app"}, json=JOB_JSON)
    client = make_client(flavor, monkeypatch)
    assert sdk_logger.level == logging.NOTSET
    assert sdk_logger.handlers == []
    caplog.set_level(logging.INFO, logger=LOGGER)  # the application's logging config
    await run_on(client, "get_job")
    assert [m["rid"] for m in attempt_lines(caplog)] == ["req_app"]


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("value", ["verbose", "1", "warning", "true"])
def test_invalid_value_warns_and_changes_nothing(
    monkeypatch: pytest.MonkeyPatch, sdk_logger: logging.Logger, flavor: str, value: str
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", value)
    cls = FirstHandClient if flavor == "sync" else AsyncFirstHandClient
    with pytest.warns(UserWarning, match="FIRSTHAND_LOG") as record:
        client = cls(api_key=KEY)
    assert len(record) == 1
    assert value in str(record[0].message)
    assert record[0].filename == __file__  # points at the code constructing the client
    assert sdk_logger.level == logging.NOTSET
    assert sdk_logger.handlers == []
    assert client.environment == "test"  # the client is still usable


# -- never logged: keys, Authorization, bodies --------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
@pytest.mark.parametrize("level", ["info", "debug"])
@pytest.mark.parametrize("scenario", ["success", "retry", "error", "transport"])
async def test_logs_never_contain_key_authorization_or_bodies(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    flavor: str,
    level: str,
    scenario: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", level)
    headers = {"X-Request-Id": "req_safe"}
    route = api.post("/v1/jobs")
    if scenario == "success":
        route.respond(201, headers=headers, json=JOB_JSON)
    elif scenario == "retry":
        route.side_effect = [
            httpx.Response(503, headers=headers, json=error_json("service_unavailable")),
            httpx.Response(429, headers=headers, json=error_json("rate_limit_exceeded")),
            httpx.Response(201, headers=headers, json=JOB_JSON),
        ]
    elif scenario == "error":
        route.respond(400, headers=headers, json=error_json("validation_error"))
    else:
        route.side_effect = httpx.ConnectError("connection refused")
    client = make_client(flavor, monkeypatch, max_retries=2)

    if scenario in ("success", "retry"):
        await run_on(client, "create_job")
    else:
        await run_expecting_error(client, "create_job")

    assert attempt_lines(caplog), "the scenario logged nothing: the test would prove nothing"
    assert route.calls.last.request.headers["Authorization"] == f"Bearer {KEY}"
    assert REQUEST_MARKER.encode() in route.calls.last.request.content
    stderr = capsys.readouterr().err
    assert "POST /v1/jobs" in stderr  # the SDK's own handler wrote, and is checked too
    assert_nothing_secret(caplog, stderr)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_retry_line_does_not_echo_the_servers_error_message(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    flavor: str,
) -> None:
    """The server's error message is response body content, and often quotes the request."""
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    echoed = f"Could not process description {REQUEST_MARKER!r} ({RESPONSE_MARKER})"
    api.post("/v1/jobs").mock(
        side_effect=[
            httpx.Response(503, json=error_json("service_unavailable", echoed)),
            httpx.Response(201, json=JOB_JSON),
        ]
    )
    client = make_client(flavor, monkeypatch, max_retries=1)
    await run_on(client, "create_job")
    assert len(retry_lines(caplog)) == 1
    assert_nothing_secret(caplog, capsys.readouterr().err)


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_secret_shaped_text_in_a_retried_error_is_redacted(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "debug")
    api.get(JOB_PATH).mock(
        side_effect=[
            httpx.Response(
                503, json={"error": {"type": "internal_error", "message": f"bad key {KEY}"}}
            ),
            httpx.Response(
                503, json={"error": {"type": "internal_error", "message": "whsec_abcDEF123"}}
            ),
            httpx.Response(200, json=JOB_JSON),
        ]
    )
    client = make_client(flavor, monkeypatch, max_retries=2)
    await run_on(client, "get_job")
    assert len(retry_lines(caplog)) == 2
    for text in everything_logged(caplog, ""):
        assert KEY not in text
        assert "whsec_abcDEF123" not in text


# -- retries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_retries_log_each_attempt_and_a_retrying_line(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    api.get(JOB_PATH).mock(
        side_effect=[
            httpx.Response(503, headers={"X-Request-Id": "req_a1"}),
            httpx.Response(
                429,
                headers={"X-Request-Id": "req_a2", "Retry-After": "2"},
                json=error_json("rate_limit_exceeded"),
            ),
            httpx.Response(200, headers={"X-Request-Id": "req_a3"}, json=JOB_JSON),
        ]
    )
    sleeps = Sleeps()
    client = make_client(flavor, monkeypatch, sleeps, max_retries=3)
    await run_on(client, "get_job")

    lines = attempt_lines(caplog)
    assert [(m["attempt"], m["outcome"], m["rid"]) for m in lines] == [
        ("1", "503", "req_a1"),
        ("2", "429", "req_a2"),
        ("3", "200", "req_a3"),
    ]
    retries = retry_lines(caplog)
    assert len(retries) == 2
    assert all(r.levelno == logging.INFO for r in retries)
    for record in retries:
        assert f"GET {JOB_PATH}" in record.getMessage()
    assert "in 2.00s" in retries[1].getMessage()  # the Retry-After wait is reported
    assert sleeps.waits[1] == 2.0
    # attempt lines and retry lines interleave in call order
    messages = [r.getMessage() for r in sdk_records(caplog)]
    assert [m.split(" ")[0] for m in messages] == ["GET", "retrying", "GET", "retrying", "GET"]


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_transport_failures_are_logged_by_exception_name(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    api.get(JOB_PATH).mock(
        side_effect=[httpx.ReadTimeout("slow"), httpx.Response(200, json=JOB_JSON)]
    )
    client = make_client(flavor, monkeypatch, max_retries=1)
    await run_on(client, "get_job")
    lines = attempt_lines(caplog)
    assert [(m["attempt"], m["outcome"]) for m in lines] == [("1", "ReadTimeout"), ("2", "200")]
    assert len(retry_lines(caplog)) == 1


@pytest.mark.parametrize("flavor", FLAVORS)
async def test_final_error_logs_its_attempt_without_retrying(
    api: respx.MockRouter,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    flavor: str,
) -> None:
    monkeypatch.setenv("FIRSTHAND_LOG", "info")
    api.get(JOB_PATH).respond(
        404, headers={"X-Request-Id": "req_404"}, json=error_json("not_found")
    )
    client = make_client(flavor, monkeypatch, max_retries=3)
    error = await run_expecting_error(client, "get_job")
    assert isinstance(error, FirstHandNotFoundError)
    lines = attempt_lines(caplog)
    assert [(m["outcome"], m["attempt"], m["rid"]) for m in lines] == [("404", "1", "req_404")]
    assert retry_lines(caplog) == []


# -- isolation ----------------------------------------------------------------------------------


def test_fixture_starts_from_a_clean_logger(sdk_logger: logging.Logger) -> None:
    assert not any(h.get_name() == HANDLER_NAME for h in sdk_logger.handlers)
    assert sdk_logger.level == logging.NOTSET


def test_construction_without_env_emits_no_warning(sdk_logger: logging.Logger) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FirstHandClient(api_key=KEY).close()
    assert [str(w.message) for w in caught] == []
    assert sdk_logger.handlers == []
