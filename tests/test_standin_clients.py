"""The SDK clients ``FakeFirstHand`` hands out: ordinary clients, answered in process."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from firsthand import AsyncFirstHandClient, FirstHandClient, FirstHandError, JobCreateParamsDict
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


# -- the stand-in owns time and transport: through the clients' public hooks ---------------------


def test_the_clients_are_the_sdk_classes_themselves_not_subclasses() -> None:
    fake = FakeFirstHand()
    with fake.client() as client:
        assert type(client) is FirstHandClient

    async def main() -> type:
        async with fake.async_client() as client:
            return type(client)

    assert asyncio.run(main()) is AsyncFirstHandClient


def test_retry_after_passes_on_the_stand_ins_clock_not_in_real_time() -> None:
    fake = FakeFirstHand(start=1_800_000_000)
    fake.faults.rate_limit_next(2, retry_after=40)
    started = time.monotonic()
    with fake.client(max_retry_wait=60) as client:
        assert client.get_credit_balance().available_cents == 100_000
    assert time.monotonic() - started < 5  # 80 s of Retry-After, none of it real
    assert fake.clock.now() == 1_800_000_080
    assert [r.header("X-FirstHand-Retry-Count") for r in fake.requests] == ["0", "1", "2"]


def test_async_backoff_advances_the_stand_in_and_runs_what_falls_due() -> None:
    fake = FakeFirstHand(start=0)
    with fake.client() as setup:
        job = setup.create_job(JOB)
    fake.faults.fail_next(1, status=503)

    async def main() -> str:
        async with fake.async_client() as client:
            waited = await client.with_options(max_retries=1).get_job(job.id)
            return waited.status

    assert asyncio.run(main()) == "open"
    assert 0 < fake.clock.now() <= 1  # one backoff of at most a second, on the stand-in's clock


def test_a_planned_delay_passes_on_the_frozen_clock_and_still_times_out() -> None:
    fake = FakeFirstHand(start=0)
    fake.faults.delay_next(30)
    started = time.monotonic()
    with fake.client(max_retries=0) as client, pytest.raises(FirstHandError) as caught:
        client.get_credit_balance(timeout=2)
    assert caught.value.type == "timeout_error"
    assert fake.clock.now() == 2  # the read timeout passed on the stand-in's clock
    assert time.monotonic() - started < 5


def test_wait_for_job_times_out_on_the_stand_ins_clock() -> None:
    fake = FakeFirstHand(start=0)
    with fake.client() as client:
        job = client.create_job(JOB)
        with pytest.raises(FirstHandError) as caught:
            client.wait_for_job(job.id, timeout=5, poll=1)  # done after ~35 s of stand-in time
    assert caught.value.type == "wait_timeout"
    assert 5 <= fake.clock.now() <= 7


def test_a_running_stand_in_is_waited_for_in_real_time() -> None:
    fake = FakeFirstHand(real_time=True, speed=100)
    try:
        started_real, started = time.monotonic(), fake.clock.now()
        fake.sleep(5)  # 0.05 s of real time at speed 100
        assert fake.clock.now() - started >= 5
        assert time.monotonic() - started_real >= 0.04
    finally:
        fake.close()


JOB: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "A photo of a coffee cup from above",
    "files_needed": 1,
    "price_per_file_cents": 75,
    "accepted_formats": ["image/png"],
}
