"""``python -m firsthand demo``: a new user's first job, from posting it to the files on disk.

Without ``FIRSTHAND_API_KEY`` the demo starts the stand-in server (``firsthand.testing``) on
``127.0.0.1`` and talks to it over real HTTP, so nothing leaves the machine and nothing is charged.
With ``FIRSTHAND_API_KEY`` set it runs the same steps against the real API (a ``fh_live_`` key only
with ``--live``: it spends real money). Each step is one small function, in the order a new
integration does them:

1. your app: a local webhook receiver that verifies each delivery, registered for events;
2. post the coffee-cup job (the money is held in escrow);
3. follow it with long polls until it completes;
4. download the approved files, each checked against its SHA-256 (into a new temporary directory
   unless ``--output DIR`` says where);
5. the webhook events your app received and verified;
6. the credit balance afterwards;
7. a summary.

Examples:
    >>> from firsthand.cli._demo import format_cents
    >>> format_cents(3750)
    '$37.50'
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Optional

from firsthand._exceptions import FirstHandError
from firsthand._progress import format_size
from firsthand._sync_client import FirstHandClient

from ._parser import CliParser, integer_between, positive_number
from ._receiver import WebhookReceiver

if TYPE_CHECKING:
    from firsthand._models.billing import CreditBalance
    from firsthand._models.job_requests import JobCreateParamsDict
    from firsthand._models.jobs import Job
    from firsthand._models.webhooks import WebhookEventType

__all__ = ["WebhookReceiver", "add_options", "main", "run_demo"]

#: ``--speed`` by default: the stand-in's clock runs this many times faster than the wall clock,
#: so a job the sandbox finishes in ~30 simulated seconds takes a few real ones.
DEFAULT_SPEED = 6.0
#: The prefix of the temporary directory the files go to when no ``--output`` is given.
TEMP_DIR_PREFIX = "firsthand-demo-"
DEFAULT_FILES_NEEDED = 50

#: The job every new user posts first (the README's example).
DESCRIPTION = "Take a clear photo of any coffee cup from above. Must show the full cup."
PRICE_PER_FILE_CENTS = 75

#: The events "your app" subscribes to.
EVENTS: list[WebhookEventType] = ["submission.approved", "submission.rejected", "job.completed"]

#: The API only delivers to https URLs; the stand-in forwards each delivery to the local receiver.
PLACEHOLDER_WEBHOOK_URL = "https://your-app.example/webhooks/firsthand"

DESCRIPTION_OF_THE_DEMO = (
    "Post the coffee-cup job, follow it, download the files and check webhooks. Without "
    "FIRSTHAND_API_KEY it runs against a local stand-in server (nothing is sent or charged)."
)

POLL_SECONDS = 2  # each long poll is held by the server until the job changes, or this long
FOLLOW_TIMEOUT = 600.0  # real seconds to follow the job before giving up
WEBHOOK_GRACE = 5.0  # real seconds to wait for the last deliveries after the job completes


class DemoError(Exception):
    """A step of the demo could not finish (not an API error: those are ``FirstHandError``).

    Examples:
        >>> str(DemoError("the job did not complete"))
        'the job did not complete'
    """


# -- pure helpers ------------------------------------------------------------------------------


def format_cents(cents: int) -> str:
    """Cents as dollars.

    Examples:
        >>> format_cents(75), format_cents(100_000), format_cents(-3750)
        ('$0.75', '$1,000.00', '-$37.50')
    """
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


def describe_counts(counts: Counter[str]) -> str:
    """Event counts by type, most frequent first, e.g. for the webhook step.

    Examples:
        >>> describe_counts(Counter({"job.completed": 1, "submission.approved": 50}))
        '50 submission.approved, 1 job.completed'
        >>> describe_counts(Counter())
        'none'
    """
    if not counts:
        return "none"
    return ", ".join(f"{count} {kind}" for kind, count in counts.most_common())


def job_body(files_needed: int = DEFAULT_FILES_NEEDED) -> JobCreateParamsDict:
    """The coffee-cup job, as a plain dict (a ``JobCreateParams`` works the same).

    Examples:
        >>> body = job_body(50)
        >>> body["files_needed"], body["accepted_formats"], body["price_per_file_cents"]
        (50, ['image/jpeg', 'image/png'], 75)
    """
    return {
        "type": "data_collection",
        "description": DESCRIPTION,
        "files_needed": files_needed,
        "accepted_formats": ["image/jpeg", "image/png"],
        "price_per_file_cents": PRICE_PER_FILE_CENTS,
    }


def say(text: str = "") -> None:
    """Print one line of the demo's output (flushed, so a pipe sees it at once).

    Examples:
        >>> say("1. Your app")
        1. Your app
    """
    print(text, flush=True)


# -- step 1: "your app", a webhook receiver (firsthand.cli._receiver) ---------------------------


def register_webhook(
    client: FirstHandClient, receiver: WebhookReceiver, deliver_to: Callable[[str], None]
) -> None:
    """Step 1: register an endpoint for ``EVENTS`` and hand its secret to the receiver.

    The API delivers only to https URLs, so the endpoint gets a public-looking placeholder and
    ``deliver_to(receiver.url)`` has the stand-in send each delivery to the local receiver too.

    Examples:
        With the stand-in ``fake`` serving ``client``::

            with WebhookReceiver(clock=fake.clock.now) as receiver:
                register_webhook(client, receiver, fake.deliver_to)
    """
    say(f"1. Your app: a webhook receiver on {receiver.url}")
    endpoint = client.create_webhook_endpoint({"url": PLACEHOLDER_WEBHOOK_URL, "events": EVENTS})
    receiver.secret = endpoint.secret
    deliver_to(receiver.url)
    say(f"   registered endpoint {endpoint.id} for {', '.join(EVENTS)}")
    say("   (the API delivers to https only: the stand-in forwards each delivery to the receiver)")


# -- steps 2 to 6 ------------------------------------------------------------------------------


def post_job(client: FirstHandClient, files_needed: int) -> Job:
    """Step 2: post the coffee-cup job; its total cost is held (escrowed) until files are approved.

    Examples:
        ``job = post_job(client, 50)`` prints
        ``2. Posted job job_01…: open, $37.50 held in escrow (50 files x $0.75)``.
    """
    job = client.create_job(job_body(files_needed))
    total = job.total_cost_cents
    if total is None:
        total = job.files_needed * job.price_per_file_cents
    say(
        f"2. Posted job {job.id}: {job.status}, {format_cents(total)} held in escrow "
        f"({job.files_needed} files x {format_cents(job.price_per_file_cents)})"
    )
    return job


def follow_job(client: FirstHandClient, job: Job, *, timeout: float = FOLLOW_TIMEOUT) -> Job:
    """Step 3: long-poll the job until it completes, showing approved files as they change.

    Each ``get_job(id, wait=...)`` is held by the server until the job's status changes or the
    wait is over, so the loop never busy-polls. (``client.wait_for_job(job.id)`` does the same
    without the progress display.)

    Examples:
        ``job = follow_job(client, job)`` prints ``files approved k/50`` lines, then
        ``job completed: 50/50 files approved``.
    """
    say("3. Following the job with long polls (get_job(id, wait=...))")
    deadline = time.monotonic() + timeout
    with progress_display(job.files_needed) as show:
        show(job.files_approved)
        while job.status not in ("completed", "cancelled"):
            if time.monotonic() > deadline:
                raise DemoError(f"job {job.id} is still {job.status} after {timeout:g} s")
            job = client.get_job(job.id, wait=POLL_SECONDS)
            show(job.files_approved)
    if job.status != "completed":
        raise DemoError(f"job {job.id} ended {job.status}, not completed")
    say(f"   job {job.status}: {job.files_approved}/{job.files_needed} files approved")
    return job


@contextlib.contextmanager
def progress_display(total: int) -> Generator[Callable[[int], None], None, None]:
    """A function to report ``approved`` files: a ``rich`` bar with ``k/N`` on a terminal when rich
    is installed, else a plain ``files approved k/N`` line each time the count changes.

    Examples:
        >>> with progress_display(50) as show:
        ...     for approved in (0, 0, 12, 50):
        ...         show(approved)
           files approved 0/50
           files approved 12/50
           files approved 50/50
    """
    rich_progress: Any = None
    if sys.stdout.isatty():
        with contextlib.suppress(ImportError):
            rich_progress = importlib.import_module("rich.progress")
    if rich_progress is not None:
        columns = (
            *rich_progress.Progress.get_default_columns(),
            rich_progress.MofNCompleteColumn(),
        )
        with rich_progress.Progress(*columns) as bar:
            task = bar.add_task("   files approved", total=total)
            yield lambda approved: bar.update(task, completed=approved)
        return
    last: list[int] = []

    def show(approved: int) -> None:
        if last != [approved]:
            last[:] = [approved]
            say(f"   files approved {approved}/{total}")

    yield show


def download_files(client: FirstHandClient, job: Job, directory: Path) -> tuple[int, int]:
    """Step 4: download every approved file (each checked against its SHA-256 ``content_hash``);
    the number of files and their total size. The heading comes first, then the download's
    progress (on a terminal), then the result.

    Examples:
        ``count, size = download_files(client, job, Path("files"))`` prints
        ``4. Downloading the approved files to files`` and ``   50 files (9.3 KB), SHA-256 verified``.
    """
    say(f"4. Downloading the approved files to {directory}")
    paths = client.download_job_files(job.id, directory)
    size = sum(path.stat().st_size for path in paths)
    say(f"   {len(paths)} files ({format_size(size)}), SHA-256 verified")
    return len(paths), size


def show_webhook_events(
    client: FirstHandClient, job: Job, receiver: WebhookReceiver
) -> Counter[str]:
    """Step 5: the events the receiver verified, once the job's deliveries have arrived (≤ 5 s):
    one per approved or rejected submission (``get_submission_summary``) and ``job.completed``.

    Examples:
        ``show_webhook_events(client, job, receiver)`` prints
        ``5. Webhooks your app received and verified: 50 submission.approved, 1 job.completed``.
    """
    summary = client.get_submission_summary(job_id=job.id)

    def all_arrived(counts: Counter[str]) -> bool:
        return (
            counts["job.completed"] >= 1
            and counts["submission.approved"] >= (summary.approved or 0)
            and counts["submission.rejected"] >= (summary.rejected or 0)
        )

    arrived = receiver.wait_for(all_arrived, timeout=WEBHOOK_GRACE)
    counts = receiver.counts()
    say(f"5. Webhooks your app received and verified: {describe_counts(counts)}")
    if not arrived:
        say(f"   (some deliveries had not arrived after {WEBHOOK_GRACE:g} s)")
    if receiver.rejected:
        say(f"   {receiver.rejected} deliveries failed verification and were answered 400")
    return counts


def show_balance(client: FirstHandClient, before: CreditBalance) -> CreditBalance:
    """Step 6: the credit balance after the job, and what it cost (``before`` is the balance
    read before the job was posted).

    Examples:
        ``after = show_balance(client, before)`` prints
        ``6. Balance: $962.50 available, $0.00 held; charged $37.50``.
    """
    after = client.get_credit_balance()
    charged = before.total_cents - after.total_cents
    say(
        f"6. Balance: {format_cents(after.available_cents)} available, "
        f"{format_cents(after.held_cents)} held; charged {format_cents(charged)}"
    )
    return after


# -- the run -----------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run did, for the summary.

    Examples:
        >>> Outcome(where="the stand-in").files
        0
    """

    where: str
    job: Optional[Job] = None
    files: int = 0
    size: int = 0
    directory: Optional[Path] = None
    #: The files went to a new temporary directory (no ``--output`` was given).
    temporary: bool = False
    events: Optional[Counter[str]] = None
    charged: int = 0
    balance: Optional[CreditBalance] = None
    notes: list[str] = field(default_factory=list[str])


def run_steps(
    client: FirstHandClient,
    outcome: Outcome,
    *,
    files_dir: Path,
    files_needed: int,
    receiver: Optional[WebhookReceiver],
    follow_timeout: float = FOLLOW_TIMEOUT,
) -> Outcome:
    """Steps 2 to 6 with a ready client (step 1 is done by the caller, or skipped).

    Examples:
        ``run_steps(client, Outcome(where="the stand-in"), files_dir=Path("files"),
        files_needed=50, receiver=receiver)``
    """
    before = client.get_credit_balance()
    job = post_job(client, files_needed)
    outcome.job = job = follow_job(client, job, timeout=follow_timeout)
    outcome.files, outcome.size = download_files(client, job, files_dir)
    outcome.directory = files_dir
    if receiver is None:
        say("5. Webhooks: skipped (see step 1)")
    else:
        outcome.events = show_webhook_events(client, job, receiver)
    outcome.balance = show_balance(client, before)
    outcome.charged = before.total_cents - outcome.balance.total_cents
    return outcome


def print_summary(outcome: Outcome) -> None:
    """Step 7: the summary block.

    Examples:
        >>> print_summary(Outcome(where="the stand-in", files=2, size=2_000, charged=150))
        <BLANKLINE>
        Summary (the stand-in)
          files     2 downloaded (2.0 KB), SHA-256 verified
          charged   $1.50 (2 approved files at $0.75 each)
    """
    job = outcome.job
    say()
    say(f"Summary ({outcome.where})")
    if job is not None:
        say(f"  job       {job.id}: {job.status}, {job.files_approved}/{job.files_needed} approved")
    say(f"  files     {outcome.files} downloaded ({format_size(outcome.size)}), SHA-256 verified")
    if outcome.directory is not None:
        where = f"  saved in  {outcome.directory}"
        if outcome.temporary:
            where += " (a new temporary directory: --output DIR puts them elsewhere)"
        say(where)
    if outcome.events is not None:
        total = sum(outcome.events.values())
        say(f"  webhooks  {total} verified ({describe_counts(outcome.events)})")
    per_file = format_cents(PRICE_PER_FILE_CENTS)
    count = job.files_approved if job is not None else outcome.files
    say(f"  charged   {format_cents(outcome.charged)} ({count} approved files at {per_file} each)")
    if outcome.balance is not None:
        say(f"  balance   {format_cents(outcome.balance.available_cents)} available")
    for note in outcome.notes:
        say(f"  {note}")


def run_with_standin(options: argparse.Namespace) -> int:
    """No API key: run every step against the stand-in, served on ``127.0.0.1`` over real HTTP.

    Examples:
        ``run_with_standin(build_parser().parse_args(["--speed", "20"]))`` returns 0.
    """
    from firsthand.testing import FakeFirstHand

    with FakeFirstHand(real_time=True, speed=options.speed) as fake, fake.serve() as base_url:
        say(
            f"FirstHand demo against the stand-in at {base_url} (sandbox, clock x{options.speed:g}): "
            "nothing leaves this machine"
        )
        # The receiver checks signature timestamps against the stand-in's (faster) clock.
        with (
            WebhookReceiver(clock=fake.clock.now) as receiver,
            FirstHandClient(api_key=fake.api_key, base_url=base_url) as client,
        ):
            register_webhook(client, receiver, fake.deliver_to)
            outcome = run_steps(
                client,
                Outcome(where="the stand-in", temporary=options.output is None),
                files_dir=output_directory(options),
                files_needed=options.files_needed,
                receiver=receiver,
                follow_timeout=max(60.0, 300.0 / options.speed),
            )
    outcome.notes.append(
        "Next: set FIRSTHAND_API_KEY=fh_test_... and run this again against the real sandbox."
    )
    print_summary(outcome)
    return 0


def run_against_api(options: argparse.Namespace) -> int:
    """``FIRSTHAND_API_KEY`` set: the same steps against the real API (``FIRSTHAND_BASE_URL`` is
    honoured by the client), without the local webhook receiver.

    Examples:
        With ``FIRSTHAND_API_KEY=fh_test_…``: ``run_against_api(build_parser().parse_args([]))``.
    """
    with FirstHandClient() as client:
        where = f"{client.base_url}, {client.environment} key"
        say(f"FirstHand demo against {where}")
        say(
            "1. Your app: webhook receiver skipped: the API cannot reach a receiver on this "
            "machine (register a public https URL with create_webhook_endpoint)"
        )
        outcome = run_steps(
            client,
            Outcome(where=where, temporary=options.output is None),
            files_dir=output_directory(options),
            files_needed=options.files_needed,
            receiver=None,
        )
    print_summary(outcome)
    return 0


# -- the command line --------------------------------------------------------------------------


def output_directory(options: argparse.Namespace) -> Path:
    """Where the demo downloads the files: ``--output DIR``, else a new temporary directory
    (``firsthand-demo-…`` under the system's temporary directory), so nothing is written where the
    demo is started and no run adds to an earlier one.

    Examples:
        >>> output_directory(build_parser().parse_args(["--output", "cups"]))
        PosixPath('cups')
        >>> temporary = output_directory(build_parser().parse_args([]))
        >>> temporary.name.startswith("firsthand-demo-"), list(temporary.iterdir())
        (True, [])
        >>> temporary.rmdir()
    """
    if options.output is not None:
        return Path(options.output)
    return Path(tempfile.mkdtemp(prefix=TEMP_DIR_PREFIX))


def add_options(parser: argparse.ArgumentParser) -> None:
    """Add the demo's options to ``parser`` (the ``demo`` command of ``firsthand``, or the demo's
    own parser).

    Examples:
        >>> parser = argparse.ArgumentParser()
        >>> add_options(parser)
        >>> parser.parse_args(["--files-needed", "5"]).files_needed
        5
    """
    parser.add_argument(
        "--output",
        "--files-dir",
        dest="output",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to download the approved files (default: a new temporary directory)",
    )
    parser.add_argument(
        "--speed",
        type=positive_number,
        default=DEFAULT_SPEED,
        help=f"how much faster than real time the stand-in's clock runs (default: {DEFAULT_SPEED:g})",
    )
    parser.add_argument(
        "--files-needed",
        type=integer_between(1, 10_000),
        default=DEFAULT_FILES_NEEDED,
        help=f"files the job asks for, 1 to 10000 (default: {DEFAULT_FILES_NEEDED})",
    )
    parser.add_argument(
        "--live",
        action="store_true",
        help="allow a fh_live_ FIRSTHAND_API_KEY: the job is real and spends real money",
    )


def build_parser(prog: str = "python -m firsthand demo") -> argparse.ArgumentParser:
    """The ``demo`` command's options, on a parser of its own.

    Examples:
        >>> options = build_parser().parse_args(["--speed", "20", "--files-needed", "5"])
        >>> options.speed, options.files_needed, options.output, options.live
        (20.0, 5, None, False)
    """
    parser = CliParser(prog=prog, description=DESCRIPTION_OF_THE_DEMO)
    add_options(parser)
    return parser


def run_demo(options: argparse.Namespace) -> int:
    """Run the demo with parsed options; the exit status: 0 done, 1 an API error, 2 a live key
    without ``--live``.

    Examples:
        >>> import os
        >>> os.environ["FIRSTHAND_API_KEY"] = "fh_live_sk_example"
        >>> try:
        ...     run_demo(build_parser().parse_args([]))  # a live key needs --live: nothing is sent
        ... finally:
        ...     del os.environ["FIRSTHAND_API_KEY"]
        2
    """
    api_key = os.environ.get("FIRSTHAND_API_KEY", "").strip()
    if api_key.startswith("fh_live_") and not options.live:
        print(
            "firsthand demo: FIRSTHAND_API_KEY is a live key (fh_live_...): the demo would post a "
            "real job and spend real money. Pass --live to do that, or use a fh_test_ key.",
            file=sys.stderr,
        )
        return 2
    try:
        if api_key:
            return run_against_api(options)
        return run_with_standin(options)
    except (FirstHandError, DemoError) as exc:
        print(f"firsthand demo failed: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the output directory cannot be made or written
        print(f"firsthand demo failed: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("firsthand demo: interrupted", file=sys.stderr)
        return 130


def main(argv: Optional[Sequence[str]] = None, *, prog: str = "python -m firsthand demo") -> int:
    """Parse ``argv`` and run the demo; the exit status: 0 done, 1 an API error, 2 a usage error.

    Examples:
        >>> main(["--files-needed", "abc"])
        2
    """
    try:
        options = build_parser(prog).parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): argparse has printed why
        return exc.code if isinstance(exc.code, int) else 2
    return run_demo(options)
