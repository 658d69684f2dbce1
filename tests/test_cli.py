"""The ``firsthand`` command line (``firsthand.cli``, also ``python -m firsthand``), run against the
stand-in served on 127.0.0.1: each command is a thin layer over one SDK call, ``--json`` prints what
the call returned, and any failure is one line on stderr with a non-zero exit status."""

from __future__ import annotations

import importlib
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import firsthand.testing.__main__ as standin_cli
from firsthand import JobCreateParamsDict, __version__, generate_webhook_signature
from firsthand.cli import main
from firsthand.testing import FakeFirstHand

# tomllib from Python 3.11; tomli before (the test extra installs it there).
_toml: Any = importlib.import_module("tomllib" if sys.version_info >= (3, 11) else "tomli")

ROOT = Path(__file__).resolve().parents[1]

JOB: JobCreateParamsDict = {
    "type": "data_collection",
    "description": "Take a clear photo of any coffee cup from above. Must show the full cup.",
    "files_needed": 3,
    "accepted_formats": ["image/jpeg", "image/png"],
    "price_per_file_cents": 75,
}


class Served:
    """A stand-in served over HTTP, and the options that point the command line at it."""

    def __init__(self, fake: FakeFirstHand, base_url: str) -> None:
        self.fake = fake
        self.base_url = base_url
        self.api = ["--api-key", fake.api_key, "--base-url", base_url]

    def create_job(self, files_needed: int = 3) -> str:
        body = JOB.copy()
        body["files_needed"] = files_needed
        with self.fake.client() as client:
            return client.create_job(body).id


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    for name in ("FIRSTHAND_API_KEY", "FIRSTHAND_BASE_URL", "FIRSTHAND_WEBHOOK_SECRET"):
        monkeypatch.delenv(name, raising=False)
    with FakeFirstHand(real_time=True, speed=40) as fake, fake.serve() as base_url:
        yield Served(fake, base_url)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.endswith("\n")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    return err.rstrip("\n")


# -- --version, the console script, python -m firsthand --------------------------------------------


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"firsthand {__version__}\n", "")


def test_python_m_firsthand_is_the_same_command_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRSTHAND_")}
    done = subprocess.run(
        [sys.executable, "-m", "firsthand", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"firsthand {__version__}\n", "")
    done = subprocess.run(
        [sys.executable, "-m", "firsthand", "jobs", "get"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert one_line(done.stderr).startswith("python -m firsthand jobs get: error: ")


def test_the_console_script_is_declared() -> None:
    with (ROOT / "pyproject.toml").open("rb") as file:
        scripts: dict[str, str] = _toml.load(file)["project"]["scripts"]
    assert scripts == {"firsthand": "firsthand.cli:main"}


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: firsthand ")
    for command in ("demo", "serve", "jobs", "files", "webhooks"):
        assert f"    {command} " in out
    code, out, _ = run(capsys, "jobs", "--help")
    assert code == 0
    for command in ("list", "get", "cancel"):
        assert f"    {command} " in out


# -- usage errors: one line naming what is wrong ---------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        ([], "firsthand: error: a command is required"),
        (["launch"], "invalid choice: 'launch'"),
        (["jobs"], "firsthand jobs: error: the following arguments are required: COMMAND"),
        (["jobs", "get"], "firsthand jobs get: error: the following arguments are required: ID"),
        (["jobs", "list", "--limit", "abc"], "argument --limit: 'abc' is not an integer"),
        (["jobs", "list", "--limit", "0"], "argument --limit: 0 is not between 1 and 1000000"),
        (["jobs", "get", "job_1", "--timeout", "-1"], "'-1' is not a number above 0"),
        (["demo", "--files-needed", "abc"], "--files-needed: 'abc' is not an integer"),
        (["serve", "--port", "http"], "argument --port: 'http' is not an integer"),
        (
            ["webhooks", "verify", "--tolerance", "soon"],
            "argument --tolerance: 'soon' is not a number",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], says: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    last = err.rstrip("\n").splitlines()[-1]  # no command at all: the usage line comes first
    assert says in last
    assert "invalid _" not in err
    assert "(see 'firsthand" in last
    if argv:
        one_line(err)


def test_no_api_key_is_a_usage_error(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    code, _, err = run(capsys, "jobs", "list", "--base-url", served.base_url)
    assert code == 2
    assert "no API key: pass --api-key fh_test_... or set FIRSTHAND_API_KEY" in one_line(err)


# -- jobs --------------------------------------------------------------------------------------------


def test_jobs_list(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    first = served.create_job()
    second = served.create_job(files_needed=5)
    code, out, err = run(capsys, "jobs", "list", *served.api)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == [second, first]  # newest first
    assert "/5  Take a clear photo" in lines[0]

    code, out, _ = run(capsys, "jobs", "list", "--json", *served.api)
    listed = json.loads(out)
    assert [job["id"] for job in listed] == [second, first]
    assert listed[0]["files_needed"] == 5
    assert listed[0]["object"] == "job"

    code, out, _ = run(capsys, "jobs", "list", "--limit", "1", "--json", *served.api)
    assert [job["id"] for job in json.loads(out)] == [second]


def test_jobs_list_filters_and_options_before_the_command(
    capsys: pytest.CaptureFixture[str], served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    job_id = served.create_job()
    monkeypatch.setenv("FIRSTHAND_API_KEY", served.fake.api_key)
    monkeypatch.setenv("FIRSTHAND_BASE_URL", served.base_url)
    code, out, _ = run(capsys, "--json", "jobs", "list", "--type", "feedback")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run(capsys, "jobs", "list", "--type", "feedback")
    assert (code, out) == (0, "no jobs\n")
    code, out, _ = run(capsys, "--json", "jobs", "list", "--type", "data_collection")
    assert [job["id"] for job in json.loads(out)] == [job_id]


def test_jobs_get_and_wait(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    job_id = served.create_job()
    code, out, err = run(capsys, "jobs", "get", job_id, *served.api)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split()[0] == job_id
    assert "  description  Take a clear photo of any coffee cup" in out
    assert "  price        $0.75 per file" in out

    code, out, err = run(
        capsys, "jobs", "get", job_id, "--wait", "--timeout", "60", "--json", *served.api
    )
    assert (code, err) == (0, "")
    job = json.loads(out)
    assert (job["id"], job["status"], job["files_approved"]) == (job_id, "completed", 3)


def test_jobs_cancel(capsys: pytest.CaptureFixture[str], served: Served) -> None:
    job_id = served.create_job(files_needed=500)
    code, out, _ = run(capsys, "jobs", "cancel", job_id, *served.api)
    assert code == 0
    assert out.splitlines()[0] == f"{job_id}  cancelled"
    assert served.fake.jobs[job_id].status == "cancelled"


def test_an_api_error_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str], served: Served
) -> None:
    code, out, err = run(capsys, "jobs", "get", "job_00000000000000000000000000", *served.api)
    assert (code, out) == (1, "")
    line = one_line(err)
    assert line.startswith("firsthand jobs get: 404 ")
    assert "request_id: req_" in line
    assert served.fake.api_key not in err


def test_a_bad_key_is_refused_without_showing_it(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "jobs", "list", "--api-key", "sk_secret_value_123")
    assert code == 1
    assert one_line(err).startswith("firsthand jobs list: configuration_error: api_key must start")
    assert "sk_secret_value_123" not in err


# -- files download ---------------------------------------------------------------------------------


def test_files_download(capsys: pytest.CaptureFixture[str], served: Served, tmp_path: Path) -> None:
    job_id = served.create_job()
    assert run(capsys, "jobs", "get", job_id, "--wait", *served.api)[0] == 0
    folder = tmp_path / "cups"
    code, out, err = run(capsys, "files", "download", job_id, str(folder), *served.api)
    assert (code, err) == (0, "")
    on_disk = sorted(folder.iterdir())
    assert len(on_disk) == 3
    size = sum(path.stat().st_size for path in on_disk)
    from firsthand._progress import format_size

    assert out == f"downloaded 3 files ({format_size(size)}) to {folder}: SHA-256 verified\n"
    for path in on_disk:
        assert path.read_bytes() == served.fake.file_content(path.stem)

    code, out, _ = run(capsys, "files", "download", job_id, str(folder), "--json", *served.api)
    listed = json.loads(out)
    assert sorted(Path(item["path"]) for item in listed) == on_disk
    assert sum(item["size_bytes"] for item in listed) == size


def test_files_download_of_an_unknown_job(
    capsys: pytest.CaptureFixture[str], served: Served, tmp_path: Path
) -> None:
    code, _, err = run(
        capsys, "files", "download", "job_0000000000000000000000000x", str(tmp_path), *served.api
    )
    assert code == 1
    assert one_line(err).startswith("firsthand files download: ")


# -- webhooks verify --------------------------------------------------------------------------------

EVENT = (
    b'{"id": "evt_1", "object": "event", "type": "job.completed", '
    b'"created_at": "2026-03-20T19:03:27Z", "data": {"id": "job_1", '
    b'"type": "data_collection", "status": "completed", "description": "Cups", '
    b'"files_needed": 1, "price_per_file_cents": 75, "created_at": "2026-03-20T19:00:00Z"}}'
)
SECRET = "whsec_cli_test_secret"


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    """The delivery's body on stdin (no secret in the environment)."""
    monkeypatch.delenv("FIRSTHAND_WEBHOOK_SECRET", raising=False)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EVENT)))


@pytest.mark.usefixtures("stdin")
def test_webhooks_verify_a_genuine_delivery(capsys: pytest.CaptureFixture[str]) -> None:
    signature = generate_webhook_signature(EVENT, SECRET)
    code, out, err = run(capsys, "webhooks", "verify", "--secret", SECRET, "--signature", signature)
    assert (code, err) == (0, "")
    assert out == "verified: evt_1 job.completed (created 2026-03-20T19:03:27+00:00)\n"
    assert SECRET not in out


@pytest.mark.usefixtures("stdin")
def test_webhooks_verify_reads_headers_json_and_rotated_secrets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    signature = generate_webhook_signature(EVENT, SECRET)
    code, out, _ = run(
        capsys,
        "webhooks",
        "verify",
        "--secret",
        "whsec_new_one",
        "--secret",
        SECRET,
        "-H",
        f"x-firsthand-signature: {signature}",
        "--json",
    )
    assert code == 0
    event = json.loads(out)
    assert (event["id"], event["type"], event["data"]["id"]) == ("evt_1", "job.completed", "job_1")


@pytest.mark.usefixtures("stdin")
def test_webhooks_verify_takes_the_secret_from_the_environment(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIRSTHAND_WEBHOOK_SECRET", SECRET)
    signature = generate_webhook_signature(EVENT, SECRET)
    assert run(capsys, "webhooks", "verify", "--signature", signature)[0] == 0


@pytest.mark.usefixtures("stdin")
def test_webhooks_verify_old_deliveries_and_the_timestamp_check(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = generate_webhook_signature(EVENT, SECRET, timestamp=1_000)
    code, _, err = run(capsys, "webhooks", "verify", "--secret", SECRET, "--signature", old)
    assert code == 1
    assert "not verified (timestamp_too_old)" in one_line(err)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(EVENT)))
    code, _, _ = run(
        capsys, "webhooks", "verify", "--secret", SECRET, "--signature", old, "--no-timestamp-check"
    )
    assert code == 0


@pytest.mark.usefixtures("stdin")
@pytest.mark.parametrize(
    ("argv", "code", "says"),
    [
        (["--secret", "whsec_other"], 1, "not verified (no_matching_signature)"),
        ([], 2, "a signing secret is needed: --secret whsec_... or $FIRSTHAND_WEBHOOK_SECRET"),
        (["--secret", SECRET, "--no-sig"], 2, "unrecognized arguments: --no-sig"),
        (["--secret", SECRET, "-H", "nonsense"], 2, "--header 'nonsense' is not 'Name: value'"),
    ],
)
def test_webhooks_verify_failures(
    capsys: pytest.CaptureFixture[str], argv: list[str], code: int, says: str
) -> None:
    signature = generate_webhook_signature(EVENT, SECRET)
    got, out, err = run(capsys, "webhooks", "verify", "--signature", signature, *argv)
    assert (got, out) == (code, "")
    line = one_line(err)
    assert line.startswith("firsthand webhooks verify: ")
    assert says in line
    assert SECRET not in line


@pytest.mark.usefixtures("stdin")
def test_webhooks_verify_needs_a_signature(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "webhooks", "verify", "--secret", SECRET)
    assert code == 2
    assert "the delivery's signature is needed" in one_line(err)


# -- demo and serve delegate ------------------------------------------------------------------------


def test_serve_delegates_to_the_standin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, int, float, int]] = []

    def serve(host: str, port: int, speed: float, seed: int, **_: object) -> int:
        calls.append((host, port, speed, seed))
        return 0

    monkeypatch.setattr(standin_cli, "serve", serve)
    assert run(capsys, "serve", "--port", "0", "--speed", "5", "--seed", "7")[0] == 0
    assert run(capsys, "serve")[0] == 0
    assert calls == [("127.0.0.1", 0, 5.0, 7), ("127.0.0.1", standin_cli.DEFAULT_PORT, 1.0, 0)]


def test_demo_through_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    env_key = os.environ.pop("FIRSTHAND_API_KEY", None)
    try:
        code, out, err = run(
            capsys, "demo", "--speed", "40", "--files-needed", "2", "--output", str(tmp_path)
        )
    finally:
        if env_key is not None:
            os.environ["FIRSTHAND_API_KEY"] = env_key
    assert (code, err) == (0, "")
    assert "2/2" in out
    assert len(list(tmp_path.iterdir())) == 2
