"""The ``firsthand`` command line's parser: commands, their options, and one-line usage errors."""

from __future__ import annotations

import argparse
from typing import NoReturn

from firsthand._version import __version__

__all__ = [
    "CliParser",
    "build_parser",
    "integer",
    "integer_between",
    "non_negative_number",
    "positive_number",
]


class CliParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose usage errors are one line on stderr, naming the option and
    pointing at ``--help``, with exit status 2.

    Examples:
        >>> parser = CliParser(prog="firsthand demo")
        >>> _ = parser.add_argument("--files-needed", type=integer)
        >>> import contextlib, io
        >>> err = io.StringIO()
        >>> with contextlib.redirect_stderr(err):
        ...     try:
        ...         parser.parse_args(["--files-needed", "abc"])
        ...     except SystemExit as exc:
        ...         print(exc.code)
        2
        >>> print(err.getvalue(), end="")
        firsthand demo: error: argument --files-needed: 'abc' is not an integer (see 'firsthand demo --help')
    """

    def error(self, message: str) -> NoReturn:
        """Print ``message`` as one line naming this command and exit with status 2."""
        self.exit(2, f"{self.prog}: error: {message} (see '{self.prog} --help')\n")


# -- option types: messages that say what was wrong with the value --------------------------------


def integer(text: str) -> int:
    """A whole number, e.g. ``--files-needed 50``.

    Examples:
        >>> integer(" 12 ")
        12
        >>> integer("abc")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: 'abc' is not an integer
    """
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def integer_between(low: int, high: int) -> argparse._ActionType:  # pyright: ignore[reportPrivateUsage]
    """An option type: a whole number from ``low`` to ``high``.

    Examples:
        >>> files_needed = integer_between(1, 10_000)
        >>> files_needed("50")
        50
        >>> files_needed("0")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: 0 is not between 1 and 10000
    """

    def parse(text: str) -> int:
        value = integer(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


def _number(text: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def positive_number(text: str) -> float:
    """A number above 0, e.g. ``--speed 20`` or ``--timeout 2.5``.

    Examples:
        >>> positive_number("2.5")
        2.5
        >>> positive_number("0")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: '0' is not a number above 0
    """
    value = _number(text)
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number above 0")
    return value


def non_negative_number(text: str) -> float:
    """A number of 0 or more, e.g. ``--tolerance 300``.

    Examples:
        >>> non_negative_number("0")
        0.0
        >>> non_negative_number("soon")
        Traceback (most recent call last):
        ...
        argparse.ArgumentTypeError: 'soon' is not a number
    """
    value = _number(text)
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of 0 or more")
    return value


# -- the commands ---------------------------------------------------------------------------------


def _api_options(suppress: bool) -> CliParser:
    """``--api-key``, ``--base-url`` and ``--json``, accepted before the command or after it.

    The top-level parser sets their defaults; a command's parser only records them when given
    (``SUPPRESS``), so ``firsthand --json jobs list`` and ``firsthand jobs list --json`` agree.
    """
    parent = CliParser(add_help=False)
    parent.add_argument(
        "--api-key",
        default=argparse.SUPPRESS if suppress else None,
        metavar="KEY",
        help="the API key (default: $FIRSTHAND_API_KEY)",
    )
    parent.add_argument(
        "--base-url",
        default=argparse.SUPPRESS if suppress else None,
        metavar="URL",
        help="where the API is (default: $FIRSTHAND_BASE_URL, else https://api.firsthandapi.com)",
    )
    parent.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print the result as JSON",
    )
    return parent


def _add_commands(
    parser: CliParser, dest: str, title: str
) -> argparse._SubParsersAction[CliParser]:  # pyright: ignore[reportPrivateUsage]
    return parser.add_subparsers(
        dest=dest, title=title, metavar="COMMAND", parser_class=CliParser, required=True
    )


def build_parser(prog: str = "firsthand") -> CliParser:
    """The whole command line: every command, with its options.

    Examples:
        >>> options = build_parser().parse_args(["jobs", "get", "job_1", "--wait", "--json"])
        >>> options.handler, options.job_id, options.wait, options.json
        ('jobs_get', 'job_1', True, True)
        >>> build_parser().parse_args(["--api-key", "fh_test_x", "jobs", "list"]).api_key
        'fh_test_x'
    """
    from firsthand.cli import _demo
    from firsthand.testing.__main__ import add_serve_options

    api = _api_options(suppress=True)
    parser = CliParser(
        prog=prog,
        description="The firsthand SDK's command line: FirstHandAPI jobs, files and webhooks at a "
        "shell, the demo, and the stand-in server.",
        epilog=f"'{prog} COMMAND --help' shows a command's options. API errors are one line on "
        "stderr with exit status 1; usage errors exit with 2.",
        parents=[_api_options(suppress=False)],
    )
    parser.set_defaults(handler=None, prog=prog)
    parser.add_argument("--version", action="version", version=f"firsthand {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND", parser_class=CliParser)

    demo = commands.add_parser(
        "demo",
        help="post a job, follow it, download its files and check webhooks (against a local "
        "stand-in unless FIRSTHAND_API_KEY is set)",
        description=_demo.DESCRIPTION_OF_THE_DEMO,
    )
    _demo.add_options(demo)
    demo.set_defaults(handler="demo")

    serve = commands.add_parser(
        "serve",
        help="serve the stand-in FirstHandAPI on a local port until Ctrl-C",
        description="Serve the stand-in FirstHandAPI (firsthand.testing) over HTTP until Ctrl-C; "
        "it prints its base URL and keys. Test keys run the sandbox simulation.",
    )
    add_serve_options(serve)
    serve.set_defaults(handler="serve")

    jobs = _add_commands(
        commands.add_parser("jobs", help="list, get and cancel jobs", description="Jobs."),
        "jobs_command",
        "jobs commands",
    )
    listing = jobs.add_parser(
        "list",
        parents=[api],
        help="list jobs, newest first",
        description="List jobs, newest first (list_jobs), walking every page.",
    )
    listing.add_argument("--status", help="only jobs in this status (open, completed, ...)")
    listing.add_argument("--type", help="only jobs of this type (data_collection, feedback)")
    listing.add_argument(
        "--limit",
        type=integer_between(1, 1_000_000),
        default=None,
        help="at most this many jobs (default: all)",
    )
    listing.set_defaults(handler="jobs_list")

    get = jobs.add_parser(
        "get",
        parents=[api],
        help="show one job; --wait follows it until it is completed or cancelled",
        description="Show one job (get_job). With --wait, long-poll it until it is completed or "
        "cancelled (wait_for_job).",
    )
    get.add_argument("job_id", metavar="ID", help="the job's id, job_...")
    get.add_argument("--wait", action="store_true", help="wait until the job is over")
    get.add_argument(
        "--timeout",
        type=positive_number,
        default=600.0,
        help="with --wait: seconds to wait before giving up (default: 600)",
    )
    get.set_defaults(handler="jobs_get")

    cancel = jobs.add_parser(
        "cancel",
        parents=[api],
        help="cancel an open job (unused escrow is refunded)",
        description="Cancel an open job (cancel_job); unused escrow is refunded.",
    )
    cancel.add_argument("job_id", metavar="ID", help="the job's id, job_...")
    cancel.set_defaults(handler="jobs_cancel")

    files = _add_commands(
        commands.add_parser("files", help="download a job's files", description="Files."),
        "files_command",
        "files commands",
    )
    download = files.add_parser(
        "download",
        parents=[api],
        help="download every approved file of a job, each checked against its SHA-256",
        description="Download every file of a job into DIR (download_job_files): each is checked "
        "against its SHA-256 and written whole; files already there and intact are skipped.",
    )
    download.add_argument("job_id", metavar="JOB", help="the job's id, job_...")
    download.add_argument("directory", metavar="DIR", help="where to put the files (created)")
    download.add_argument(
        "--concurrency",
        type=integer_between(1, 64),
        default=None,
        help="files downloaded at once (default: the SDK's)",
    )
    download.add_argument(
        "--no-progress", action="store_true", help="no progress display on a terminal"
    )
    download.set_defaults(handler="files_download")

    webhooks = _add_commands(
        commands.add_parser("webhooks", help="verify a webhook delivery", description="Webhooks."),
        "webhooks_command",
        "webhooks commands",
    )
    verify = webhooks.add_parser(
        "verify",
        parents=[api],
        help="verify a delivery's signature (body on stdin) and show its event",
        description="Verify a webhook delivery (construct_event): the raw body is read from "
        "stdin, the signature from --signature or --header. Exit status 1 when it fails, with "
        "the reason.",
    )
    verify.add_argument(
        "--secret",
        action="append",
        default=None,
        metavar="WHSEC",
        help="the endpoint's signing secret; repeat during a rotation "
        "(default: $FIRSTHAND_WEBHOOK_SECRET)",
    )
    verify.add_argument(
        "--signature", metavar="VALUE", help="the X-FirstHand-Signature header's value"
    )
    verify.add_argument(
        "--header",
        "-H",
        action="append",
        default=[],
        metavar="'NAME: VALUE'",
        help="a request header as received, e.g. -H 'X-FirstHand-Signature: t=...,v1=...'",
    )
    verify.add_argument(
        "--tolerance",
        type=non_negative_number,
        default=None,
        help="seconds the signature's timestamp may be off (default: the SDK's, 300)",
    )
    verify.add_argument(
        "--no-timestamp-check",
        action="store_true",
        help="skip the timestamp check (re-verifying a stored delivery)",
    )
    verify.set_defaults(handler="webhooks_verify")
    return parser
