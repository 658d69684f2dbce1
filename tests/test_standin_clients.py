"""The SDK clients ``FakeFirstHand`` hands out: ordinary clients, answered in process."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandError
from firsthand.testing import FakeFirstHand


def test_the_sync_client_is_a_first_hand_client_with_its_own_pool() -> None:
    fake = FakeFirstHand()
    client = fake.client()
    assert isinstance(client, FirstHandClient)
    assert repr(client).startswith("FirstHandClient(environment='test'")
    assert client.get_credit_balance().available_cents == 100_000
    client.close()
    with pytest.raises(FirstHandError):  # the client owned its pool and closed it
        client.get_credit_balance()


def test_the_async_client_is_an_async_first_hand_client() -> None:
    fake = FakeFirstHand()

    async def main() -> int:
        async with fake.async_client(api_key=fake.live_api_key) as client:
            assert isinstance(client, AsyncFirstHandClient)
            assert repr(client).startswith("AsyncFirstHandClient(environment='live'")
            return (await client.get_credit_balance()).available_cents

    assert asyncio.run(main()) == 0


def test_proxy_settings_of_the_environment_do_not_divert_requests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    fake = FakeFirstHand()
    with fake.client() as client:
        assert client.get_credit_balance().available_cents == 100_000


def test_options_reach_the_client_and_http_client_is_refused() -> None:
    fake = FakeFirstHand()
    with fake.client(max_retries=0, timeout=5) as client:
        assert "max_retries=0" in repr(client)
    with httpx.Client() as http, pytest.raises(TypeError, match="transport"):
        fake.client(http_client=http)


def test_every_request_of_a_client_reaches_the_stand_in() -> None:
    fake = FakeFirstHand()
    with fake.client() as client:
        client.list_jobs(limit=5)
    (request,) = fake.requests
    assert (request.method, request.path, request.query) == ("GET", "/v1/jobs", "limit=5")
    assert request.header("Authorization") == f"Bearer {fake.api_key}"
