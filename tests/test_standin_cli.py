"""``python -m firsthand.testing serve``: started as a user would, used over HTTP, stopped with Ctrl-C."""

from __future__ import annotations

import contextlib
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Generator
from typing import IO

import httpx
import pytest

from firsthand import FirstHandClient
from firsthand.testing.__main__ import build_parser
from firsthand.testing.__main__ import main as serve_main


def _lines(stream: IO[str]) -> queue.Queue[str]:
    """The stream's lines, read in a thread so a test can wait for one with a timeout."""
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _wait_for(lines: queue.Queue[str], pattern: str, seen: list[str]) -> re.Match[str]:
    while True:
        line = lines.get(timeout=30)
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found


def _ignore_sigint() -> None:
    """What a shell without job control does to a background job (``cmd &`` in a CI script):
    the child starts with SIGINT ignored, and Python leaves it so."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


@contextlib.contextmanager
def _serving(*, sigint_ignored: bool = False) -> Generator[subprocess.Popen[str], None, None]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRSTHAND_")}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "firsthand.testing", "serve", "--port", "0", "--speed", "5"]
    with subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_ignore_sigint if sigint_ignored else None,
    ) as proc:
        try:
            yield proc
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT cannot be sent to a child on Windows")
@pytest.mark.parametrize("sigint_ignored", [False, True], ids=["foreground", "sigint-ignored"])
def test_serve_answers_with_the_printed_key_then_stops_on_ctrl_c(sigint_ignored: bool) -> None:
    # With SIGINT inherited as ignored (the suite run in the background by a script), the
    # server used to ignore the Ctrl-C too and never stopped: this test's flaky failure.
    with _serving(sigint_ignored=sigint_ignored) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        lines = _lines(proc.stdout)
        seen: list[str] = []
        base_url = _wait_for(lines, r"base URL:\s+(http://127\.0\.0\.1:\d+)\s*$", seen)[1]
        test_key = _wait_for(lines, r"test key:\s+(fh_test_\S+)", seen)[1]
        live_key = _wait_for(lines, r"live key:\s+(fh_live_\S+)", seen)[1]
        example = _wait_for(lines, r"FIRSTHAND_BASE_URL=", seen).string
        assert not base_url.endswith(":0")
        assert f"FIRSTHAND_BASE_URL={base_url}" in example
        assert f"FIRSTHAND_API_KEY={test_key}" in example

        with FirstHandClient(api_key=test_key, base_url=base_url, max_retries=0) as client:
            balance = client.get_credit_balance()
            assert balance.available_cents == 100_000
            assert balance.total_cents == balance.available_cents + balance.held_cents
        with FirstHandClient(api_key=live_key, base_url=base_url, max_retries=0) as client:
            assert client.get_credit_balance().available_cents == 0

        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0
        errors = proc.stderr.read()
        assert "Traceback" not in errors
        assert "KeyboardInterrupt" not in errors
        _wait_for(lines, r"^Stopped\.$", seen)


def test_serve_options() -> None:
    options = build_parser().parse_args(
        ["serve", "--port", "0", "--host", "0.0.0.0", "--speed", "2.5", "--seed", "7"]
    )
    assert (options.port, options.host, options.speed, options.seed) == (0, "0.0.0.0", 2.5, 7)


def test_a_command_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert serve_main([]) == 2
    assert "usage: python -m firsthand.testing" in capsys.readouterr().err
    assert serve_main(["serve", "--speed", "-1"]) == 2
    assert serve_main(["serve", "--port", "http"]) == 2


@contextlib.contextmanager
def _served(*options: str) -> Generator[tuple[str, str], None, None]:
    """``python -m firsthand.testing serve --port 0 <options>`` running: (base URL, test key)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRSTHAND_")}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "firsthand.testing", "serve", "--port", "0", *options]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = _lines(proc.stdout)
            seen: list[str] = []
            base_url = _wait_for(lines, r"base URL:\s+(http://127\.0\.0\.1:\d+)\s*$", seen)[1]
            test_key = _wait_for(lines, r"test key:\s+(fh_test_\S+)", seen)[1]
            yield base_url, test_key
        finally:
            proc.kill()
            proc.wait()


def test_rate_limit_zero_turns_the_limit_off() -> None:
    with _served("--rate-limit", "0") as (base_url, key), httpx.Client(base_url=base_url) as http:
        answers = [
            http.get("/v1/billing/credits", headers={"Authorization": f"Bearer {key}"})
            for _ in range(150)  # more than the default 100 per minute
        ]
    assert {answer.status_code for answer in answers} == {200}
    assert all("X-RateLimit-Limit" not in answer.headers for answer in answers)


def test_rate_limit_n_allows_n_requests_a_minute() -> None:
    with _served("--rate-limit", "2") as (base_url, key), httpx.Client(base_url=base_url) as http:
        auth = {"Authorization": f"Bearer {key}"}
        answers = [http.get("/v1/billing/credits", headers=auth) for _ in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[0].headers["X-RateLimit-Limit"] == "2"
    assert answers[2].json()["error"]["type"] == "rate_limit_exceeded"


def test_rate_limit_option() -> None:
    assert build_parser().parse_args(["serve"]).rate_limit == 100
    assert build_parser().parse_args(["serve", "--rate-limit", "0"]).rate_limit == 0
    assert serve_main(["serve", "--rate-limit", "-1"]) == 2
    assert serve_main(["serve", "--rate-limit", "many"]) == 2
