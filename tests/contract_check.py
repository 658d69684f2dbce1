"""Schemathesis against the served stand-in, checked against docs/openapi.json.

``nox -s contract`` runs the full check; ``tests/test_contract.py`` a short one. Both start
``python -m firsthand.testing serve --port 0 --rate-limit 0`` (rate limit off: a contract tool must
not be answered mostly 429), authenticate with the test key it prints and run ``st run`` (all
phases, the default checks) with ``tests/schemathesis_hooks.py`` loaded::

    python tests/contract_check.py                      # all phases, 30 examples per operation
    python tests/contract_check.py --max-examples 100 -- --seed 1   # after --: more st options

The exit status is schemathesis's (0: no failure).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Generator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Optional

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "docs" / "openapi.json"
TESTS = ROOT / "tests"
ALL_PHASES = "examples,coverage,fuzzing,stateful"
#: The run is stopped (and fails) after this many seconds: ``nox -s contract`` stays bounded.
DEFAULT_TIMEOUT = 600
#: Seconds to wait for the stand-in to print its base URL and keys.
_START_TIMEOUT = 60


def _lines(stream: IO[str]) -> queue.Queue[str]:
    lines: queue.Queue[str] = queue.Queue()

    def pump() -> None:
        for line in stream:
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    return lines


def _read(lines: queue.Queue[str], pattern: str) -> str:
    while True:
        found = re.search(pattern, lines.get(timeout=_START_TIMEOUT))
        if found:
            return found[1]


@contextmanager
def served_stand_in() -> Generator[tuple[str, str], None, None]:
    """The stand-in served by its command line, rate limit off: (base URL, test key)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIRSTHAND_")}
    env["PYTHONUNBUFFERED"] = "1"
    command = [sys.executable, "-m", "firsthand.testing", "serve", "--port", "0"]
    command += ["--rate-limit", "0"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        try:
            assert proc.stdout is not None
            lines = _lines(proc.stdout)
            base_url = _read(lines, r"base URL:\s+(\S+)")
            key = _read(lines, r"test key:\s+(\S+)")
            yield base_url, key
        finally:
            proc.kill()
            proc.wait()


def key_id_of(base_url: str, key: str) -> str:
    """The record id (``key_…``) of ``key``, found by its redacted form in ``GET /v1/api_keys``."""
    request = urllib.request.Request(
        f"{base_url}/v1/api_keys?limit=100", headers={"Authorization": f"Bearer {key}"}
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        page: dict[str, Any] = json.load(answer)
    redacted = f"{key[:11]}…{key[-4:]}"
    for item in page["data"]:
        if item["redacted_key"] == redacted:
            return str(item["id"])
    raise RuntimeError("the stand-in does not list the key it printed")


def st_command(
    base_url: str,
    key: str,
    *,
    max_examples: int,
    phases: str = ALL_PHASES,
    extra: Sequence[str] = (),
) -> list[str]:
    """The ``st run`` command line (schemathesis's CLI, run by this Python)."""
    return [
        sys.executable,
        "-m",
        "schemathesis.cli",
        "run",
        str(SPEC),
        "--url",
        base_url,
        "--header",
        f"Authorization: Bearer {key}",
        "--phases",
        phases,
        "--max-examples",
        str(max_examples),
        # The settings update says "at least one member, not all null" (`minProperties` and a `not`
        # over nullable members): hypothesis must filter many objects to honour it, and at 100
        # examples its filter_too_much health check stopped the run (the cases sent all passed).
        "--suppress-health-check",
        "filter_too_much",
        # One GET took over st's default 10 s once, on a machine at load 8 (the same request answers in
        # 25 ms alone): a slow machine must not read as a contract failure.
        "--request-timeout",
        "30",
        *extra,
    ]


def run(
    *,
    max_examples: int = 30,
    phases: str = ALL_PHASES,
    extra: Sequence[str] = (),
    stdout: Optional[IO[str]] = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Serve the stand-in and run schemathesis against it; its output is captured unless
    ``stdout`` is given. ``subprocess.TimeoutExpired`` after ``timeout`` seconds."""
    with served_stand_in() as (base_url, key):
        env = {
            **os.environ,
            "SCHEMATHESIS_HOOKS": "schemathesis_hooks",
            "FIRSTHAND_CONTRACT_KEY_ID": key_id_of(base_url, key),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(TESTS), os.environ.get("PYTHONPATH")])),
        }
        command = st_command(base_url, key, max_examples=max_examples, phases=phases, extra=extra)
        return subprocess.run(
            command,
            env=env,
            cwd=ROOT,
            text=True,
            stdout=stdout if stdout is not None else subprocess.PIPE,
            stderr=subprocess.STDOUT,
            check=False,
            timeout=timeout,
        )


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--max-examples", type=int, default=30, help="per operation (30)")
    parser.add_argument("--phases", default=ALL_PHASES, help=f"st phases ({ALL_PHASES})")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help="stop after this many seconds"
    )
    parser.add_argument("extra", nargs="*", help="more `st run` options, after --")
    options = parser.parse_args(argv)
    result = run(
        max_examples=options.max_examples,
        phases=options.phases,
        extra=options.extra,
        stdout=sys.stdout,
        timeout=options.timeout,
    )
    return result.returncode


if __name__ == "__main__":
    raise SystemExit(main())
