"""``python -m firsthand demo`` (``firsthand.cli._demo``) and the ``python -m firsthand`` entry point.

The demo runs in process against the stand-in served on 127.0.0.1 (a fast clock keeps it to a second
or two), once in a subprocess as a new user would start it, and against "the real API" with its
requests answered in process by the stand-in through respx, so nothing leaves the machine.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import firsthand.testing
from firsthand import FirstHandClient, generate_webhook_signature
from firsthand.__main__ import main as cli_main
from firsthand._progress import format_size
from firsthand.cli import _demo
from firsthand.testing import FakeFirstHand

FAST = "40"  # the stand-in's clock speed in these tests: a ~35 s job takes under a second


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> list[FakeFirstHand]:
    """The stand-ins the demo starts, kept so the test can look inside them afterwards."""
    made: list[FakeFirstHand] = []

    class RecordingFake(FakeFirstHand):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(firsthand.testing, "FakeFirstHand", RecordingFake)
    return made


def _check_files_on_disk(fake: FakeFirstHand, folder: Path, expected: int) -> None:
    on_disk = sorted(p for p in folder.iterdir() if p.is_file())
    assert len(on_disk) == expected
    assert not [p for p in on_disk if p.suffix == ".part"]
    by_id = {p.stem: p for p in on_disk}
    job_files = list(fake.files.values())
    assert len(job_files) == expected
    for file in job_files:
        data = by_id[file.id].read_bytes()
        assert hashlib.sha256(data).hexdigest() == file.content_hash
        assert data == fake.file_content(file.id)


# -- against the stand-in over HTTP --------------------------------------------------------------


def test_demo_against_the_standin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recorded: list[FakeFirstHand]
) -> None:
    folder = tmp_path / "files"
    assert _demo.main(["--output", str(folder), "--speed", FAST]) == 0
    out, err = capsys.readouterr()

    assert len(recorded) == 1
    fake = recorded[0]
    assert fake.clock.speed == float(FAST)
    [job] = fake.jobs.values()
    assert job.status == "completed"
    assert job.files_approved == job.files_needed == 50
    assert job.description == _demo.DESCRIPTION
    assert job.price_per_file_cents == 75
    assert sorted(job.accepted_formats or []) == ["image/jpeg", "image/png"]
    _check_files_on_disk(fake, folder, 50)

    assert job.id in out
    assert "50/50" in out
    assert "files approved 0/50" in out
    assert "SHA-256 verified" in out
    size = sum(p.stat().st_size for p in folder.iterdir())
    assert f"   50 files ({format_size(size)}), SHA-256 verified" in out
    assert f"50 downloaded ({format_size(size)})" in out
    assert " kB" not in out
    assert f"saved in  {folder}\n" in out  # told where: not a temporary directory
    assert "50 submission.approved" in out
    assert "1 job.completed" in out
    assert "$37.50 held in escrow" in out
    assert "Balance:" in out
    assert "Summary" in out
    assert "failed verification" not in out
    assert err == ""

    # The webhook endpoint was registered, and every delivery reached the receiver verified.
    [endpoint] = fake.webhook_endpoints.values()
    assert endpoint.url == _demo.PLACEHOLDER_WEBHOOK_URL
    approved = [d for d in fake.webhook_deliveries if d.event_type == "submission.approved"]
    assert len(approved) == 50


def test_demo_small_job_and_balance(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], recorded: list[FakeFirstHand]
) -> None:
    folder = tmp_path / "few"
    code = _demo.main(["--output", str(folder), "--speed", FAST, "--files-needed", "3"])
    assert code == 0
    out = capsys.readouterr().out
    fake = recorded[0]
    [job] = fake.jobs.values()
    assert job.files_approved == 3
    _check_files_on_disk(fake, folder, 3)
    assert "3/3" in out
    assert "$2.25 held in escrow" in out
    balance = fake.client().get_credit_balance()
    assert f"{_demo.format_cents(balance.available_cents)} available" in out


def test_the_demo_as_a_new_user_starts_it(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRSTHAND_")}
    env["TMPDIR"] = str(tmp_path / "tmp")
    (tmp_path / "tmp").mkdir()
    (tmp_path / "cwd").mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "firsthand", "demo", "--speed", "20"],
        cwd=tmp_path / "cwd",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "50/50" in done.stdout
    assert list((tmp_path / "cwd").iterdir()) == []  # nothing written where it was started
    [folder] = (tmp_path / "tmp").iterdir()  # a new temporary directory, named in the output
    assert folder.name.startswith(_demo.TEMP_DIR_PREFIX)
    assert len(list(folder.iterdir())) == 50
    assert f"saved in  {folder} (a new temporary directory" in done.stdout


def test_each_run_downloads_into_a_new_temporary_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    for _ in range(2):
        assert _demo.main(["--speed", FAST, "--files-needed", "3"]) == 0
    capsys.readouterr()
    folders = sorted(tmp_path.iterdir())
    assert len(folders) == 2
    assert [len(list(folder.iterdir())) for folder in folders] == [3, 3]  # runs do not add up


def test_the_download_heading_comes_before_the_download(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = FirstHandClient.download_job_files
    printed_before: list[str] = []

    def spy(self: FirstHandClient, *args: Any, **kwargs: Any) -> list[Path]:
        printed_before.append(capsys.readouterr().out)
        print("<download>")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(FirstHandClient, "download_job_files", spy)
    assert _demo.main(["--output", str(tmp_path), "--speed", FAST, "--files-needed", "2"]) == 0
    [before] = printed_before
    assert before.rstrip().splitlines()[-1] == f"4. Downloading the approved files to {tmp_path}"
    after = capsys.readouterr().out.splitlines()
    assert after[:2] == [
        "<download>",
        f"   2 files ({format_size(_total(tmp_path))}), SHA-256 verified",
    ]


def _total(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir())


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_with_rich_the_approval_bar_shows_counts(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rich.progress")
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    with _demo.progress_display(50) as show:
        for approved in (0, 12, 50):
            show(approved)
    shown = terminal.getvalue()
    assert "files approved" in shown
    assert "50/50" in shown
    assert "%" in shown  # the percentage stays, next to the counts


def test_sizes_print_one_way_everywhere() -> None:
    # 9,300 bytes: the demo's text, the download counter and the rich bar all say "9.3 KB".
    assert format_size(9_300) == "9.3 KB"
    assert format_size(999) == "999 B"
    assert format_size(1_234_567) == "1.2 MB"


def test_the_rich_download_bar_prints_sizes_as_the_text_does() -> None:
    pytest.importorskip("rich.progress")
    from firsthand._progress import _RichProgress

    terminal = _Terminal()
    with _RichProgress(terminal, 1, 9_300) as bar:
        bar.add_bytes(9_300)
        bar.file_done()
    shown = terminal.getvalue()
    assert "9.3 KB/9.3 KB" in shown
    assert "kB" not in shown


# -- the real API (simulated in process) --------------------------------------------------------


@pytest.fixture
def api_in_process() -> Iterator[FakeFirstHand]:
    """Every request, to any host, answered in process by a (frozen-clock) stand-in."""
    fake = FakeFirstHand()
    transport = fake.transport()

    def answer(request: httpx.Request) -> httpx.Response:
        response = transport.handle_request(request)
        response.read()
        return response

    with respx.mock(assert_all_called=False) as router:
        router.route().mock(side_effect=answer)
        yield fake
    fake.close()


def test_a_test_key_runs_the_steps_against_the_api(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    api_in_process: FakeFirstHand,
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", api_in_process.api_key)
    monkeypatch.setattr(firsthand.testing, "FakeFirstHand", None)  # no stand-in is started
    folder = tmp_path / "files"
    assert _demo.main(["--output", str(folder), "--files-needed", "4"]) == 0
    out = capsys.readouterr().out
    [job] = api_in_process.jobs.values()
    assert job.status == "completed"
    assert job.id in out
    assert "https://api.firsthandapi.com" in out
    assert "skipped" in out
    assert "4/4" in out
    assert not api_in_process.webhook_endpoints  # a local receiver cannot be reached: none made
    _check_files_on_disk(api_in_process, folder, 4)


def test_base_url_comes_from_the_environment(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    api_in_process: FakeFirstHand,
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", api_in_process.api_key)
    monkeypatch.setenv("FIRSTHAND_BASE_URL", "https://sandbox.example.test")
    assert _demo.main(["--output", str(tmp_path), "--files-needed", "1"]) == 0
    assert "https://sandbox.example.test" in capsys.readouterr().out


def test_a_live_key_needs_live(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_API_KEY", "fh_live_sk_0123456789abcdef")
    monkeypatch.setattr(firsthand.testing, "FakeFirstHand", None)
    with respx.mock(assert_all_called=False) as router:
        router.route().respond(500)
        assert _demo.main([]) == 2
        assert router.calls.call_count == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert "--live" in err
    assert "real money" in err


def test_an_api_error_is_one_line_on_stderr(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    api_in_process: FakeFirstHand,
) -> None:
    # --live lets a live key through; the live balance is 0, so posting the job fails with 402.
    monkeypatch.setenv("FIRSTHAND_API_KEY", api_in_process.live_api_key)
    assert _demo.main(["--live", "--output", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "2. Posted" not in out
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("firsthand demo failed: 402")
    assert "insufficient_credits" in lines[0]
    assert not api_in_process.jobs


# -- the webhook receiver ------------------------------------------------------------------------

_EVENT = (
    b'{"id": "evt_1", "object": "event", "type": "job.completed", '
    b'"created_at": "2026-03-20T19:03:27Z", "data": {"id": "job_1", '
    b'"type": "data_collection", "status": "completed", "description": "Cups", '
    b'"files_needed": 1, "price_per_file_cents": 75, "created_at": "2026-03-20T19:00:00Z"}}'
)


def test_the_receiver_answers_400_to_what_fails_verification() -> None:
    with _demo.WebhookReceiver() as receiver, httpx.Client() as http:
        signed = {"X-FirstHand-Signature": generate_webhook_signature(_EVENT, "whsec_demo")}
        assert (
            http.post(receiver.url, content=_EVENT, headers=signed).status_code == 400
        )  # no secret yet
        receiver.secret = "whsec_demo"
        forged = {"X-FirstHand-Signature": generate_webhook_signature(_EVENT, "whsec_other")}
        assert http.post(receiver.url, content=_EVENT, headers=forged).status_code == 400
        altered = _EVENT.replace(b"Cups", b"Mugs")
        assert http.post(receiver.url, content=altered, headers=signed).status_code == 400
        wrong_path = receiver.url.replace("/webhooks/firsthand", "/other")
        assert http.post(wrong_path, content=_EVENT, headers=signed).status_code == 400
        assert receiver.counts() == {}
        assert receiver.rejected == 2
        assert http.post(receiver.url, content=_EVENT, headers=signed).status_code == 200
        assert http.post(receiver.url, content=_EVENT, headers=signed).status_code == 200
        assert receiver.counts() == {"job.completed": 1}  # a repeated delivery counts once
        assert receiver.wait_for(lambda counts: counts["job.completed"] == 1, timeout=0.01)


def test_the_receiver_checks_timestamps_on_its_clock() -> None:
    signed = {
        "X-FirstHand-Signature": generate_webhook_signature(_EVENT, "whsec_demo", timestamp=1_000)
    }
    with _demo.WebhookReceiver(clock=lambda: 1_010.0) as receiver:
        receiver.secret = "whsec_demo"
        assert receiver.receive(_EVENT, signed)
    with _demo.WebhookReceiver() as receiver:  # the wall clock: signed long ago
        receiver.secret = "whsec_demo"
        assert not receiver.receive(_EVENT, signed)


# -- the command line ----------------------------------------------------------------------------


def test_cli_without_a_command_prints_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main([]) == 2
    assert "usage: python -m firsthand" in capsys.readouterr().err


def test_cli_unknown_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["launch"]) == 2
    assert "invalid choice: 'launch'" in capsys.readouterr().err


def test_cli_help_lists_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["--help"]) == 0
    assert "demo" in capsys.readouterr().out


def test_demo_help_and_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main(["demo", "--help"]) == 0
    assert "--output DIR" in capsys.readouterr().out
    for bad, says in (
        (["--speed", "0"], "argument --speed: '0' is not a number above 0"),
        (["--speed", "fast"], "argument --speed: 'fast' is not a number"),
        (["--files-needed", "0"], "argument --files-needed: 0 is not between 1 and 10000"),
        (["--files-needed", "abc"], "argument --files-needed: 'abc' is not an integer"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ):
        assert _demo.main(bad) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1  # one line
        assert err.startswith("python -m firsthand demo: error: ")
        assert says in err
        assert "invalid" not in err
        assert cli_main(["demo", *bad]) == 2
        assert says in capsys.readouterr().err


def test_cli_dispatches_to_the_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[float, int, Any, bool]] = []

    def fake_run(options: Any) -> int:
        seen.append((options.speed, options.files_needed, options.output, options.live))
        return 7

    monkeypatch.setattr(_demo, "run_demo", fake_run)
    assert cli_main(["demo", "--speed", "3", "--live", "--output", "cups"]) == 7
    assert seen == [(3.0, 50, Path("cups"), True)]
