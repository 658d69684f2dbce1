"""docs/webhooks.md's receivers run as written, each under its framework's own test client.

Every ```python block of the guide with a ``title="…"`` is a module of the example app: it is exec'd as
the module its title names (``flask_app.py`` → ``flask_app``, registered in ``sys.modules`` so the other
blocks import it) and driven with Flask's ``test_client()``, Starlette's ``TestClient`` or Django's test
``Client``. tests/test_docs_examples.py skips these blocks; test_every_titled_block_is_run keeps the two
in step.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import re
import subprocess
import sys
import time
import types
import warnings
from collections.abc import Callable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, cast

import httpx
import pytest
from fastapi import FastAPI
from flask import Flask

with warnings.catch_warnings():
    # Newer Starlette prefers httpx2 for its TestClient and warns once, at import, when it falls
    # back to httpx (which the SDK depends on anyway); the client works the same either way.
    warnings.filterwarnings("ignore", message=r"Using `httpx` with `starlette\.testclient`")
    from fastapi.testclient import TestClient

from firsthand.webhooks import (
    Event,
    SubmissionApprovedEvent,
    UnknownEvent,
    construct_event,
    generate_webhook_signature,
)

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "webhooks.md"
_TITLED = re.compile(
    r'^```python[^\n]*\btitle="([^"]+)"[^\n]*\n(.*?)^```', re.DOTALL | re.MULTILINE
)


def titled_blocks(page: Path) -> dict[str, str]:
    """``title → source`` of the page's titled ```python blocks."""
    found: dict[str, str] = {}
    for match in _TITLED.finditer(page.read_text(encoding="utf-8")):
        assert match.group(1) not in found, f"two blocks titled {match.group(1)!r} in {page.name}"
        found[match.group(1)] = match.group(2)
    return found


BLOCKS = titled_blocks(GUIDE)
SHARED = "firsthand_events.py"
SHARED_MATCH = "firsthand_events.py, handle_event with match (Python 3.10+)"
RECIPES = {"flask": "flask_app.py", "fastapi": "fastapi_app.py", "django": "django_webhooks.py"}
GUIDE_TESTS = "test_webhooks.py"
PATHS = {
    "flask": "/webhooks/firsthand",
    "fastapi": "/webhooks/firsthand",
    "django": "/webhooks/firsthand/",
}

SECRET = "whsec_recipe_current"
OLD_SECRET = "whsec_recipe_previous"

SUBMISSION: dict[str, Any] = {
    "object": "submission",
    "id": "sub_1",
    "job_id": "job_1",
    "status": "approved",
    "ai_star_rating": 4,
    "ai_reasoning": "sharp, well lit",
    "file_url": "https://files.example.com/sub_1.jpg",
    "content_type": "image/jpeg",
    "submitted_at": "2026-03-20T19:03:00Z",
}
JOB: dict[str, Any] = {
    "object": "job",
    "id": "job_1",
    "type": "data_collection",
    "status": "completed",
    "description": "Photograph a public drinking fountain.",
    "files_needed": 2,
    "files_approved": 2,
    "price_per_file_cents": 60,
    "created_at": "2026-03-20T18:40:00Z",
}
BALANCE: dict[str, Any] = {
    "object": "credit_balance",
    "available_cents": 900,
    "held_cents": 0,
    "total_cents": 900,
    "currency": "usd",
}


def event_body(
    event_id: str = "evt_recipe_1",
    event_type: str = "submission.approved",
    data: Optional[Mapping[str, Any]] = None,
) -> bytes:
    """The raw body of a delivery, serialised the way the server does (compact JSON)."""
    envelope = {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "api_version": "2026-03-18",
        "created_at": "2026-03-20T19:03:27Z",
        "data": dict(SUBMISSION if data is None else data),
    }
    return json.dumps(envelope, separators=(",", ":")).encode()


def signed(body: bytes, secret: Any = SECRET, *, timestamp: Optional[int] = None) -> dict[str, str]:
    """The headers of a delivery of ``body`` signed with ``secret`` (one or several)."""
    return {
        "Content-Type": "application/json",
        "X-FirstHand-Signature": generate_webhook_signature(body, secret, timestamp=timestamp),
        "X-FirstHand-Event-Id": "evt_header_is_not_trusted",
    }


def load(title: str, name: str, monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    """Exec the guide's block ``title`` as module ``name`` (registered until the test ends)."""
    module = types.ModuleType(name)
    monkeypatch.setitem(sys.modules, name, module)
    exec(compile(BLOCKS[title], f"docs/webhooks.md[{title}]", "exec"), module.__dict__)
    return module


def load_events(monkeypatch: pytest.MonkeyPatch, *, with_match: bool = False) -> types.ModuleType:
    """``firsthand_events`` as the guide writes it, optionally with the ``match`` dispatch swapped in."""
    module = load(SHARED, "firsthand_events", monkeypatch)
    if with_match:
        exec(compile(BLOCKS[SHARED_MATCH], "docs/webhooks.md[match]", "exec"), module.__dict__)
    return module


def _ensure_django() -> None:
    """Configure Django once per process (settings can be configured only once)."""
    conf: Any = importlib.import_module("django.conf")
    if not conf.settings.configured:
        conf.settings.configure(
            DEBUG=False,
            SECRET_KEY="test-only-django-key",
            ALLOWED_HOSTS=["testserver"],
            ROOT_URLCONF="django_webhooks",
            MIDDLEWARE=[
                "django.middleware.common.CommonMiddleware",
                "django.middleware.csrf.CsrfViewMiddleware",
            ],
            INSTALLED_APPS=[],
            DATABASES={},
            USE_TZ=True,
            LOGGING_CONFIG=None,  # leave the test process's logging alone
        )
        django: Any = importlib.import_module("django")
        django.setup()


# A framework's answer: the status and the body text. Raised exceptions surface as status 500.
Post = Callable[[bytes, Mapping[str, str]], tuple[int, str]]


@dataclass
class Receiver:
    framework: str
    module: types.ModuleType
    events: types.ModuleType
    post: Post
    get: Callable[[], int]
    handled: list[Any] = field(default_factory=list[Any])

    @property
    def seen(self) -> set[str]:
        return cast("set[str]", self.events.seen_event_ids)


def _as_500(post: Post) -> Post:
    """Frameworks' test clients re-raise a view's exception; the server would answer 500."""

    def wrapped(body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
        try:
            return post(body, headers)
        except (RuntimeError, KeyError) as exc:
            return 500, repr(exc)

    return wrapped


@pytest.fixture(params=sorted(RECIPES))
def receiver(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    framework = cast(str, request.param)
    monkeypatch.setenv("FIRSTHAND_WEBHOOK_SECRET", SECRET)
    monkeypatch.delenv("FIRSTHAND_WEBHOOK_SECRET_PREVIOUS", raising=False)
    if framework == "django":
        _ensure_django()
    events = load_events(monkeypatch)
    module = load(RECIPES[framework], RECIPES[framework].removesuffix(".py"), monkeypatch)
    path = PATHS[framework]

    with ExitStack() as stack:
        if framework == "flask":
            flask_client = cast(Flask, module.app).test_client()

            def post(body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
                response = flask_client.post(path, data=body, headers=dict(headers))
                return response.status_code, response.get_data(as_text=True)

            def get() -> int:
                return flask_client.get(path).status_code

        elif framework == "fastapi":
            # Starlette types its TestClient against httpx2 when type-checking; at run time it is
            # an httpx.Client (or an httpx2 one, which has the same API).
            client = cast(httpx.Client, stack.enter_context(TestClient(cast(FastAPI, module.app))))

            def post(body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
                response = client.post(path, content=body, headers=dict(headers))
                return response.status_code, response.text

            def get() -> int:
                return client.get(path).status_code

        else:
            importlib.import_module("django.urls").clear_url_caches()
            # CSRF checks on: the recipe's view must be exempt, as a real deployment requires.
            django_client: Any = importlib.import_module("django.test").Client(
                enforce_csrf_checks=True
            )

            def post(body: bytes, headers: Mapping[str, str]) -> tuple[int, str]:
                extra = {k: v for k, v in headers.items() if k.lower() != "content-type"}
                response = django_client.post(
                    path, data=body, content_type="application/json", headers=extra
                )
                return cast(int, response.status_code), cast(bytes, response.content).decode()

            def get() -> int:
                return cast(int, django_client.get(path).status_code)

        recipe = Receiver(framework, module, events, _as_500(post), get)
        original = module.handle_event

        def spy(event: Event) -> None:
            recipe.handled.append(event)
            original(event)

        monkeypatch.setattr(module, "handle_event", spy)
        yield recipe


# -- the recipes ------------------------------------------------------------------------------


def test_a_genuine_delivery_reaches_the_handler_as_a_typed_event(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="firsthand_events")
    body = event_body()
    status, _ = receiver.post(body, signed(body))
    assert status == 200
    [event] = receiver.handled
    assert isinstance(event, SubmissionApprovedEvent)
    assert (event.id, event.data.id, event.data.ai_star_rating) == ("evt_recipe_1", "sub_1", 4)
    assert receiver.seen == {"evt_recipe_1"}  # the verified id, not the unsigned header's
    assert "submission sub_1 of job job_1 approved (4 stars)" in caplog.text


def _forged(kind: str) -> tuple[bytes, dict[str, str]]:
    body = event_body()
    now = int(time.time())
    if kind == "wrong_secret":
        return body, signed(body, "whsec_somebody_else")
    if kind == "altered_body":
        return body.replace(b'"ai_star_rating":4', b'"ai_star_rating":5'), signed(body)
    if kind == "reserialised_body":  # parsed and dumped again: same data, other bytes
        return json.dumps(json.loads(body), indent=2).encode(), signed(body)
    if kind == "stale":
        return body, signed(body, timestamp=now - 3600)
    if kind == "future":
        return body, signed(body, timestamp=now + 3600)
    if kind == "missing_header":
        return body, {"Content-Type": "application/json"}
    assert kind == "malformed_header"
    return body, {"Content-Type": "application/json", "X-FirstHand-Signature": "v1=abc"}


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("wrong_secret", "no_matching_signature"),
        ("altered_body", "no_matching_signature"),
        ("reserialised_body", "no_matching_signature"),
        ("stale", "timestamp_too_old"),
        ("future", "timestamp_in_future"),
        ("missing_header", "missing_header"),
        ("malformed_header", "malformed_header"),
    ],
)
def test_a_forged_or_stale_delivery_gets_400_and_reaches_no_handler(
    receiver: Receiver, kind: str, reason: str
) -> None:
    status, text = receiver.post(*_forged(kind))
    assert status == 400
    assert reason in text
    assert receiver.handled == []
    assert receiver.seen == set()


def test_the_same_event_delivered_again_is_processed_once(receiver: Receiver) -> None:
    body = event_body("evt_twice")
    headers = signed(body)
    assert receiver.post(body, headers)[0] == 200
    assert receiver.post(body, headers)[0] == 200  # the same request again
    # A later attempt is signed afresh: another signature, the same event id.
    assert receiver.post(body, signed(body, timestamp=int(time.time()) - 60))[0] == 200
    assert [event.id for event in receiver.handled] == ["evt_twice"]

    other = event_body("evt_other")
    assert receiver.post(other, signed(other))[0] == 200
    assert [event.id for event in receiver.handled] == ["evt_twice", "evt_other"]


def test_during_a_rotation_the_old_secret_still_verifies(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_WEBHOOK_SECRET", SECRET)
    monkeypatch.setenv("FIRSTHAND_WEBHOOK_SECRET_PREVIOUS", OLD_SECRET)
    assert cast(Any, receiver.events).webhook_secrets() == [SECRET, OLD_SECRET]
    for number, secret in enumerate([OLD_SECRET, [SECRET, OLD_SECRET], SECRET]):
        body = event_body(f"evt_rotation_{number}")
        status, text = receiver.post(body, signed(body, secret))
        assert status == 200, text
    assert len(receiver.handled) == 3

    # Once the overlap is over the previous secret is removed, and it no longer verifies.
    monkeypatch.delenv("FIRSTHAND_WEBHOOK_SECRET_PREVIOUS")
    body = event_body("evt_after_overlap")
    status, text = receiver.post(body, signed(body, OLD_SECRET))
    assert (status, "no_matching_signature" in text) == (400, True)
    assert len(receiver.handled) == 3


def test_an_event_type_newer_than_the_sdk_is_acknowledged(
    receiver: Receiver, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="firsthand_events")
    body = event_body("evt_new_type", "payout.sent", {"amount_cents": 500})
    assert receiver.post(body, signed(body))[0] == 200
    [event] = receiver.handled
    assert isinstance(event, UnknownEvent)
    assert (event.type, event.data) == ("payout.sent", {"amount_cents": 500})
    assert "event evt_new_type of unknown type payout.sent ignored" in caplog.text


def test_an_event_whose_handling_failed_is_processed_on_the_next_attempt(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = receiver.module.handle_event
    calls: list[str] = []

    def fails_once(event: Event) -> None:
        calls.append(event.id)
        if len(calls) == 1:
            raise RuntimeError("database unavailable")
        spy(event)

    monkeypatch.setattr(receiver.module, "handle_event", fails_once)
    body = event_body("evt_retry")
    assert receiver.post(body, signed(body))[0] == 500
    assert receiver.seen == set()  # not marked: the retry must process it
    assert receiver.post(body, signed(body))[0] == 200
    assert calls == ["evt_retry", "evt_retry"]
    assert [event.id for event in receiver.handled] == ["evt_retry"]


def test_an_unset_secret_is_a_server_error_not_a_refusal(
    receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("FIRSTHAND_WEBHOOK_SECRET")
    body = event_body()
    assert receiver.post(body, signed(body))[0] == 500
    assert receiver.handled == []


def test_only_post_is_routed(receiver: Receiver) -> None:
    assert receiver.get() == 405


# -- the shared handler -----------------------------------------------------------------------

DISPATCH = [
    ("submission.approved", SUBMISSION, logging.INFO, "submission sub_1 of job job_1 approved"),
    (
        "submission.rejected",
        {**SUBMISSION, "status": "rejected", "ai_reasoning": "blurry"},
        logging.INFO,
        "submission sub_1 rejected: blurry",
    ),
    ("job.completed", JOB, logging.INFO, "job job_1 completed: 2 files approved"),
    ("job.cancelled", {**JOB, "status": "cancelled"}, logging.INFO, "job job_1 cancelled"),
    (
        "job.flagged",
        {**JOB, "status": "open", "flag_reason": "unsafe location"},
        logging.WARNING,
        "job job_1 flagged by a worker: unsafe location",
    ),
    ("credits.low_balance", BALANCE, logging.WARNING, "credits low: 900 cents available"),
    ("payout.sent", {"amount_cents": 5}, logging.INFO, "event evt_d of unknown type payout.sent"),
    ("credits.purchased", {**BALANCE, "amount_cents": 1000}, None, None),  # no branch: ignored
]
VARIANTS = [
    pytest.param(False, id="isinstance"),
    pytest.param(
        True,
        id="match",
        marks=pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10"),
    ),
]


@pytest.mark.parametrize("with_match", VARIANTS)
@pytest.mark.parametrize(
    ("event_type", "data", "level", "message"), DISPATCH, ids=[d[0] for d in DISPATCH]
)
def test_handle_event_dispatches_on_the_event_class(
    with_match: bool,
    event_type: str,
    data: Mapping[str, Any],
    level: Optional[int],
    message: Optional[str],
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    events = load_events(monkeypatch, with_match=with_match)
    body = event_body("evt_d", event_type, data)
    event = construct_event(body, signed(body), SECRET)
    caplog.set_level(logging.INFO, logger="firsthand_events")
    events.handle_event(event)
    records = [r for r in caplog.records if r.name == "firsthand_events"]
    if message is None:
        assert records == []
    else:
        [record] = records
        assert record.levelno == level
        assert message in record.getMessage()


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_the_match_dispatch_serves_a_recipe_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FIRSTHAND_WEBHOOK_SECRET", SECRET)
    load_events(monkeypatch, with_match=True)
    app = cast(Flask, load(RECIPES["flask"], "flask_app", monkeypatch).app)
    body = event_body()
    assert (
        app.test_client().post(PATHS["flask"], data=body, headers=signed(body)).status_code == 200
    )
    assert app.test_client().post(PATHS["flask"], data=body, headers={}).status_code == 400


# -- the guide's own tests, and the guide as a whole -------------------------------------------


def test_the_guides_handler_tests_pass_under_pytest(tmp_path: Path) -> None:
    # The guide's test module, next to the two modules it imports, run by pytest as a user would.
    for title in (SHARED, RECIPES["flask"], GUIDE_TESTS):
        (tmp_path / title).write_text(BLOCKS[title], encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nfilterwarnings = error\n", encoding="utf-8")
    env = dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")  # needs no plugin: start fast
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed" in result.stdout


def test_every_titled_block_is_run() -> None:
    assert set(BLOCKS) == {SHARED, SHARED_MATCH, GUIDE_TESTS, *RECIPES.values()}
    # test_docs_examples skips titled blocks everywhere: only this page and the testing guide (run by
    # test_testing_guide.py) may have them.
    for page in [*sorted((ROOT / "docs").glob("**/*.md")), ROOT / "README.md"]:
        if page not in (GUIDE, ROOT / "docs" / "testing.md"):
            assert titled_blocks(page) == {}, f"{page.name}: titled blocks nobody runs"


def test_the_sdk_imports_no_web_framework() -> None:
    code = (
        "import sys, firsthand, firsthand.webhooks as w\n"
        'body = b\'{"id":"evt_1","type":"x.y","created_at":"2026-03-20T19:03:27Z","data":{}}\'\n'
        "w.construct_event(body, w.generate_webhook_signature(body, 's'), 's')\n"
        "print(sorted(m for m in ('flask', 'werkzeug', 'fastapi', 'starlette', 'django')"
        " if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
