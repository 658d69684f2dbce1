"""The stand-in over long runs: ``fake.requests`` is a bounded ring (``request_log_size``), and the
served stand-in's access log has a logger of its own, off by default, with signed URLs redacted."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from firsthand import FirstHandClient
from firsthand.testing import FakeFirstHand, _fake
from firsthand.testing import __main__ as cli
from firsthand.testing._http import FakeRequest
from firsthand.testing._server import ACCESS_LOGGER, redact_url

ACCESS = logging.getLogger(ACCESS_LOGGER)


def balance_request(fake: FakeFirstHand) -> FakeRequest:
    headers = {"authorization": f"Bearer {fake.api_key}"}
    return FakeRequest("GET", "/v1/billing/credits", "", headers)


def test_the_request_log_keeps_only_the_latest_requests() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None, request_log_size=100)
    for number in range(2_000):
        request = balance_request(fake)
        fake.handle(FakeRequest(request.method, request.path, f"n={number}", request.headers))
    kept = fake.requests
    assert len(kept) == 100
    assert [r.query for r in (kept[0], kept[-1])] == ["n=1900", "n=1999"]  # oldest first
    assert fake.request_count == 2_000


def test_the_request_log_is_bounded_by_default() -> None:
    fake = FakeFirstHand()
    assert fake._app.requests.maxlen == _fake.DEFAULT_REQUEST_LOG_SIZE == 10_000
    assert cli.DEFAULT_REQUEST_LOG_SIZE == _fake.DEFAULT_REQUEST_LOG_SIZE


def test_a_request_log_size_of_zero_keeps_nothing() -> None:
    fake = FakeFirstHand(request_log_size=0)
    with fake.client() as client:
        client.get_credit_balance()
        client.get_credit_balance()
    assert fake.requests == []
    assert fake.request_count == 2


def test_none_keeps_every_request() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None, request_log_size=None)
    for _ in range(50):
        fake.handle(balance_request(fake))
    assert len(fake.requests) == 50


def test_requests_is_a_copy_and_clear_requests_empties_it() -> None:
    fake = FakeFirstHand()
    fake.handle(balance_request(fake))
    snapshot = fake.requests
    snapshot.clear()
    assert len(fake.requests) == 1
    fake.clear_requests()
    assert fake.requests == []
    assert fake.request_count == 1


@pytest.mark.parametrize("bad", [-1, 1.5, "10", True])
def test_request_log_size_must_be_a_whole_number(bad: Any) -> None:
    with pytest.raises(ValueError, match="request_log_size"):
        FakeFirstHand(request_log_size=bad)


# -- the access log -------------------------------------------------------------------------------


def download_over_http(fake: FakeFirstHand, folder: Path) -> list[str]:
    """Serve ``fake``, run a job to completion and download its files; the signatures of their
    URLs (the secrets the access log must not print)."""
    with fake.serve() as base_url, FirstHandClient(api_key=fake.api_key, base_url=base_url) as c:
        job = c.create_job(
            {
                "type": "data_collection",
                "description": "A photo of a rainy window from inside",
                "files_needed": 1,
                "accepted_formats": ["image/jpeg"],
                "price_per_file_cents": 50,
            }
        )
        fake.advance(120)
        c.download_job_files(job.id, folder, progress=False)
    return [dict(r.params())["signature"] for r in fake.requests if r.path.startswith("/files/")]


def test_the_access_log_has_its_own_logger_and_redacts_signed_urls(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    signatures = download_over_http(FakeFirstHand(), tmp_path)
    assert signatures
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    downloads = [line for line in lines if "/files/" in line]
    assert downloads
    assert all("signature=[redacted]" in line for line in downloads)
    assert any("POST /v1/jobs" in line for line in lines)
    for signature in signatures:
        assert signature not in caplog.text


def test_the_access_log_is_off_even_when_the_sdk_logs_at_debug(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG, logger="firsthand")  # what FIRSTHAND_LOG=debug does
    signatures = download_over_http(FakeFirstHand(), tmp_path)
    assert [r for r in caplog.records if r.name.startswith("firsthand.testing")] == []
    for signature in signatures:
        assert signature not in caplog.text


@pytest.mark.parametrize(
    ("line", "redacted"),
    [
        (
            "GET /files/f?expires=1&signature=abc HTTP/1.1",
            "GET /files/f?expires=1&signature=[redacted] HTTP/1.1",
        ),
        (
            "/f?X-Amz-Credential=a&X-Amz-Signature=b",
            "/f?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]",
        ),
        ("/f?sig=a&token=b&limit=5", "/f?sig=[redacted]&token=[redacted]&limit=5"),
        ("/v1/jobs?limit=5&cursor=abc", "/v1/jobs?limit=5&cursor=abc"),
    ],
)
def test_redact_url(line: str, redacted: str) -> None:
    assert redact_url(line) == redacted


# -- the command line -----------------------------------------------------------------------------


def test_serve_takes_a_request_log_size_and_an_access_log_switch() -> None:
    options = cli.build_parser().parse_args(["serve", "--request-log-size", "0", "--access-log"])
    assert (options.request_log_size, options.access_log) == (0, True)
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["serve", "--request-log-size", "-1"])


def test_serve_passes_them_on(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[FakeFirstHand] = []
    real_init = FakeFirstHand.__init__

    def init(self: FakeFirstHand, **options: Any) -> None:
        real_init(self, **options)
        made.append(self)

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(FakeFirstHand, "__init__", init)
    monkeypatch.setattr(cli, "_wait_for_ctrl_c", interrupted)
    handlers, level, propagate = list(ACCESS.handlers), ACCESS.level, ACCESS.propagate
    try:
        assert cli.main(["serve", "--port", "0", "--request-log-size", "7", "--access-log"]) == 0
        assert ACCESS.level == logging.INFO
        assert len(ACCESS.handlers) == len(handlers) + 1
    finally:
        ACCESS.handlers[:] = handlers
        ACCESS.setLevel(level)
        ACCESS.propagate = propagate
    (fake,) = made
    assert fake._app.requests.maxlen == 7
