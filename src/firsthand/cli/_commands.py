"""The ``firsthand`` commands: each a thin layer over one SDK call, printing its result for people
or, with ``--json``, as JSON; failures become one line on stderr and an exit status."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from firsthand._exceptions import FirstHandError, FirstHandSignatureVerificationError
from firsthand._progress import format_size

if TYPE_CHECKING:
    from firsthand._models.jobs import Job
    from firsthand._sync_client import FirstHandClient

__all__ = ["describe_job", "parse_headers", "run_command"]

#: The environment variable ``webhooks verify`` reads the signing secret from, when no ``--secret``.
WEBHOOK_SECRET_ENV = "FIRSTHAND_WEBHOOK_SECRET"


class UsageError(Exception):
    """A command was given options it cannot work with (exit status 2)."""


def _command_name(options: argparse.Namespace) -> str:
    """``firsthand jobs get`` for the handler ``jobs_get``: what error lines start with."""
    return " ".join([options.prog, *str(options.handler).split("_")])


def run_command(options: argparse.Namespace) -> int:
    """Run the command ``options`` names (as parsed by [`build_parser`][firsthand.cli.build_parser]); its
    exit status, with any failure as one line on stderr.

    Examples:
        >>> from firsthand.cli import build_parser
        >>> options = build_parser().parse_args(["jobs", "get", "job_1", "--api-key", "sk_1"])
        >>> run_command(options)  # an unusable key: refused before anything is sent
        1
    """
    handler: Callable[[argparse.Namespace], int] = _HANDLERS[options.handler]
    name = _command_name(options)
    try:
        return handler(options)
    except FirstHandError as exc:
        _fail(name, str(exc))
        return 1
    except UsageError as exc:
        _fail(name, f"error: {exc} (see '{name} --help')")
        return 2
    except OSError as exc:  # a directory that cannot be written, a port in use, ...
        _fail(name, str(exc))
        return 1
    except KeyboardInterrupt:
        _fail(name, "interrupted")
        return 130


def _fail(name: str, text: str) -> None:
    print(f"{name}: {' '.join(text.split())}", file=sys.stderr)


# -- output ---------------------------------------------------------------------------------------


def _print_json(value: Any) -> None:
    print(json.dumps(value, indent=2, ensure_ascii=False))


def _money(cents: Optional[int]) -> str:
    if cents is None:
        return "?"
    return f"${cents / 100:,.2f}"


def describe_job(job: Job) -> Iterator[str]:
    """A job for people: a heading line, then its main fields (absent ones left out).

    Examples:
        >>> from firsthand import Job
        >>> job = Job.model_validate({"id": "job_1", "object": "job", "type": "feedback",
        ...     "status": "open", "description": "Record your street at noon.",
        ...     "files_needed": 4, "files_approved": 1, "price_per_file_cents": 200,
        ...     "created_at": "2026-03-20T19:00:00Z"})
        >>> print("\\n".join(describe_job(job)))
        job_1  open
          type         feedback
          description  Record your street at noon.
          files        1/4 approved
          price        $2.00 per file
          created      2026-03-20T19:00:00+00:00
    """
    yield f"{job.id}  {job.status}"
    yield f"  type         {job.type}"
    yield f"  description  {job.description}"
    extra = [
        f"{value} {label}"
        for value, label in ((job.files_pending, "pending"), (job.files_rejected, "rejected"))
        if value
    ]
    counts = f"{job.files_approved}/{job.files_needed} approved"
    yield f"  files        {counts}" + (f" ({', '.join(extra)})" if extra else "")
    price = f"{_money(job.price_per_file_cents)} per file"
    if job.total_cost_cents is not None:
        price += f", {_money(job.total_cost_cents)} in all"
    yield f"  price        {price}"
    yield f"  created      {job.created_at.isoformat()}"


def _job_line(job: Job) -> str:
    description = job.description
    if len(description) > 60:
        description = description[:59] + "…"
    approved = f"{job.files_approved}/{job.files_needed}"
    return f"{job.id}  {job.status:<12} {approved:>9}  {description}"


# -- the API commands -----------------------------------------------------------------------------


def _client(options: argparse.Namespace) -> FirstHandClient:
    from firsthand._sync_client import FirstHandClient

    if options.api_key is None and not os.environ.get("FIRSTHAND_API_KEY", "").strip():
        raise UsageError("no API key: pass --api-key fh_test_... or set FIRSTHAND_API_KEY")
    return FirstHandClient(api_key=options.api_key, base_url=options.base_url)


def _jobs_list(options: argparse.Namespace) -> int:
    with _client(options) as client:
        query: dict[str, Any] = {"status": options.status, "type": options.type}
        if options.limit is not None:
            query["limit"] = min(options.limit, 100)
        jobs: list[Job] = []
        for job in client.list_jobs(**query):
            if options.limit is not None and len(jobs) >= options.limit:
                break
            jobs.append(job)
    if options.json:
        _print_json([job.to_dict() for job in jobs])
    elif not jobs:
        print("no jobs")
    else:
        for job in jobs:
            print(_job_line(job))
    return 0


def _jobs_get(options: argparse.Namespace) -> int:
    with _client(options) as client:
        if options.wait:
            job = client.wait_for_job(options.job_id, timeout=options.timeout)
        else:
            job = client.get_job(options.job_id)
    _show_job(job, options)
    return 0


def _jobs_cancel(options: argparse.Namespace) -> int:
    with _client(options) as client:
        job = client.cancel_job(options.job_id)
    _show_job(job, options)
    return 0


def _show_job(job: Job, options: argparse.Namespace) -> None:
    if options.json:
        _print_json(job.to_dict())
    else:
        print("\n".join(describe_job(job)))


def _files_download(options: argparse.Namespace) -> int:
    directory = Path(options.directory)
    settings: dict[str, Any] = {"progress": not options.no_progress and not options.json}
    if options.concurrency is not None:
        settings["concurrency"] = options.concurrency
    with _client(options) as client:
        paths = client.download_job_files(options.job_id, directory, **settings)
    sizes = [path.stat().st_size for path in paths]
    if options.json:
        _print_json([{"path": str(path), "size_bytes": size} for path, size in zip(paths, sizes)])
    else:
        print(
            f"downloaded {len(paths)} files ({format_size(sum(sizes))}) to {directory}: "
            "SHA-256 verified"
        )
    return 0


# -- webhooks verify ------------------------------------------------------------------------------


def parse_headers(lines: Iterable[str]) -> dict[str, str]:
    """``-H 'Name: value'`` options as a headers dict (names kept as given; the SDK reads them
    case-insensitively).

    Examples:
        >>> parse_headers(["X-FirstHand-Signature: t=1,v1=ab", "Content-Type:application/json"])
        {'X-FirstHand-Signature': 't=1,v1=ab', 'Content-Type': 'application/json'}
        >>> parse_headers(["no colon"])
        Traceback (most recent call last):
        ...
        firsthand.cli._commands.UsageError: --header 'no colon' is not 'Name: value'
    """
    headers: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise UsageError(f"--header {line!r} is not 'Name: value'")
        headers[name.strip()] = value.strip()
    return headers


def _secrets(options: argparse.Namespace, environ: Mapping[str, str]) -> list[str]:
    given: list[str] = list(options.secret or [])
    if not given:
        from_env = environ.get(WEBHOOK_SECRET_ENV, "").strip()
        given = [part.strip() for part in from_env.split(",") if part.strip()]
    if not given:
        raise UsageError(f"a signing secret is needed: --secret whsec_... or ${WEBHOOK_SECRET_ENV}")
    return given


def _webhooks_verify(options: argparse.Namespace) -> int:
    from firsthand._webhooks import DEFAULT_TOLERANCE, construct_event

    secrets = _secrets(options, os.environ)
    headers = parse_headers(options.header)
    if options.signature is not None:
        headers["X-FirstHand-Signature"] = options.signature
    if not headers:
        raise UsageError(
            "the delivery's signature is needed: --signature VALUE or -H 'Name: value'"
        )
    if options.no_timestamp_check and options.tolerance is not None:
        raise UsageError("--tolerance and --no-timestamp-check cannot be used together")
    tolerance: Optional[float] = DEFAULT_TOLERANCE
    if options.no_timestamp_check:
        tolerance = None
    elif options.tolerance is not None:
        tolerance = options.tolerance
    body = sys.stdin.buffer.read()
    try:
        event = construct_event(body, headers, secrets, tolerance=tolerance)
    except FirstHandSignatureVerificationError as exc:
        raise FirstHandError(f"not verified ({exc.reason}): {exc.message}") from None
    if options.json:
        _print_json(event.to_dict())
    else:
        print(f"verified: {event.id} {event.type} (created {event.created_at.isoformat()})")
    return 0


# -- demo and serve -------------------------------------------------------------------------------


def _demo(options: argparse.Namespace) -> int:
    from firsthand.cli import _demo

    return _demo.run_demo(options)


def _serve(options: argparse.Namespace) -> int:
    from firsthand.testing.__main__ import serve_with

    return serve_with(options)


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": _demo,
    "serve": _serve,
    "jobs_list": _jobs_list,
    "jobs_get": _jobs_get,
    "jobs_cancel": _jobs_cancel,
    "files_download": _files_download,
    "webhooks_verify": _webhooks_verify,
}
