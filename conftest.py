"""Shared fixtures: the stand-in FirstHandAPI behind the real API host, for tests, doctests and docs
examples written the way users write code (``FirstHandClient(api_key="fh_test_...")``); and what
every client test module shares: the flavour (``kind``: sync or async), the API key, a client of
that flavour, and a valid job body.

A module that wants different client settings overrides ``client_options``::

    @pytest.fixture
    def client_options() -> dict[str, Any]:
        return {"max_retries": 0}

``tests/mounted_standin.py`` mounts ``firsthand.testing.FakeFirstHand`` on ``https://api.firsthandapi.com``
with respx, so every example runs offline, as written.
"""

from __future__ import annotations

import asyncio
import copy
import os
import sys
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import TYPE_CHECKING, Any, TypeVar, cast

import pytest
import respx

from client_helpers import API_KEY, JOB_BODY, Client, make
from mounted_standin import MountedStandIn

if TYPE_CHECKING:
    from firsthand.models import JobCreateParamsDict

T = TypeVar("T")

TEST_KEY = "fh_test_sk_fixture0000000000000000"

#: Loaded by schemathesis (tests/contract_check.py), never by pytest: it needs schemathesis, which
#: installs on Python 3.11+ only.
collect_ignore = ["tests/schemathesis_hooks.py"]


def pytest_configure(config: pytest.Config) -> None:
    if sys.version_info < (3, 10):
        # pytest-asyncio on 3.9 lets asyncio.get_event_loop() create a loop under a temporary
        # policy and never closes it; its self-pipe (AF_UNIX) sockets surface later, in whatever
        # test runs when they are collected. Only that leak is ignored: the SDK's own sockets
        # are TCP, so an unclosed client still fails the suite.
        for pattern in (
            r"ignore:Exception ignored in. <socket.socket fd=\d+, family=AddressFamily.AF_UNIX"
            ":pytest.PytestUnraisableExceptionWarning",
            "ignore:Exception ignored in. <function BaseEventLoop.__del__"
            ":pytest.PytestUnraisableExceptionWarning",
        ):
            config.addinivalue_line("filterwarnings", pattern)


@pytest.fixture
def fake_api() -> Iterator[MountedStandIn]:
    """The stand-in, answering every request to ``https://api.firsthandapi.com`` (and serving
    approved files on ``https://files.firsthandapi.test``)."""
    api = MountedStandIn()
    with respx.mock(assert_all_called=False) as router:
        api.mount(router)
        yield api


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own FIRSTHAND_* settings."""
    for name in list(os.environ):
        if name.startswith("FIRSTHAND_"):
            monkeypatch.delenv(name)


def _run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


@pytest.fixture(autouse=True)
def _doctest_world(
    request: pytest.FixtureRequest, doctest_namespace: dict[str, Any]
) -> Iterator[None]:
    """Docstring examples run against the stand-in with ``client``, ``async_client``, ``run``
    (``asyncio.run``), ``fake_api`` (the stand-in), ``job`` (an open job of 50 files) and ``done_job``
    (a completed job of 3 files: 3 approved submissions and files, 1 rejected submission) ready to
    use."""
    node = cast(pytest.Item, request.node)  # pyright: ignore[reportUnknownMemberType]  # pytest 9 leaves it unannotated
    if type(node).__name__ != "DoctestItem":
        yield
        return
    api = MountedStandIn()
    with respx.mock(assert_all_called=False) as router:
        api.mount(router)
        from firsthand import AsyncFirstHandClient, FirstHandClient

        client = FirstHandClient(api_key=TEST_KEY)
        done = client.create_job(
            {
                "type": "data_collection",
                "description": "Photograph a rainy window from inside.",
                "files_needed": 3,
                "accepted_formats": ["image/jpeg"],
                "price_per_file_cents": 120,
            }
        )
        api.finish_job(done.id, rejected=1)
        job = client.create_job(
            {
                "type": "data_collection",
                "description": "Take a clear photo of any coffee cup from above.",
                "files_needed": 50,
                "accepted_formats": ["image/jpeg", "image/png"],
                "price_per_file_cents": 75,
            }
        )
        doctest_namespace.update(
            client=client,
            async_client=AsyncFirstHandClient(api_key=TEST_KEY),
            job=job,
            done_job=client.get_job(done.id),
            run=_run,
            fake_api=api,
        )
        yield
        client.close()


# -- the client tests' shared fixtures ------------------------------------------------------------


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> str:
    """``"sync"`` or ``"async"``: each test that uses it runs once with each client."""
    value: str = request.param
    return value


@pytest.fixture
def api_key() -> str:
    """The sandbox key the client tests use (``client_helpers.API_KEY``)."""
    return API_KEY


@pytest.fixture
def client_options() -> dict[str, Any]:
    """Extra keyword arguments of the ``client`` fixture's client (none by default)."""
    return {}


@pytest.fixture
async def client(kind: str, api_key: str, client_options: dict[str, Any]) -> AsyncIterator[Client]:
    """A ``FirstHandClient`` or an ``AsyncFirstHandClient`` (by ``kind``), closed afterwards."""
    made = make(kind, api_key=api_key, **client_options)
    yield made
    from firsthand import FirstHandClient

    if isinstance(made, FirstHandClient):
        made.close()
    else:
        await made.aclose()


@pytest.fixture
def job_body() -> JobCreateParamsDict:
    """A valid ``create_job`` body, the test's own copy."""
    return copy.deepcopy(JOB_BODY)
