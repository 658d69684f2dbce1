"""The ``firsthand`` command (also ``python -m firsthand``): the SDK at a shell.

Each command is a thin layer over one SDK call; ``--json`` prints what the call returned as JSON
(``to_dict()``), otherwise a short summary for people. The API key comes from ``--api-key`` or
``FIRSTHAND_API_KEY``, the base URL from ``--base-url`` or ``FIRSTHAND_BASE_URL`` (as for
[`FirstHandClient`][firsthand.FirstHandClient]). Any failure is one line on stderr and a non-zero exit status:
``1`` for an error from the API or the SDK, ``2`` for a usage error, ``130`` for Ctrl-C.

========================================== =====================================================
command                                    what it does
========================================== =====================================================
``firsthand --version``                    print the SDK's version
``firsthand demo``                         the guided demo (``python -m firsthand demo``)
``firsthand serve``                        serve the stand-in FirstHandAPI (``firsthand.testing``)
``firsthand jobs list``                    ``list_jobs`` (``--status``, ``--type``, ``--limit``)
``firsthand jobs get ID [--wait]``         ``get_job``; ``--wait``: ``wait_for_job``
``firsthand jobs cancel ID``               ``cancel_job``
``firsthand files download JOB DIR``       ``download_job_files`` (SHA-256 checked)
``firsthand webhooks verify --secret S``   ``construct_event`` on a body read from stdin
========================================== =====================================================

Examples:
    >>> from firsthand.cli import main
    >>> main(["--version"])  # doctest: +ELLIPSIS
    firsthand ...
    0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Optional

from ._parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: Optional[Sequence[str]] = None, *, prog: str = "firsthand") -> int:
    """Run one command line (``argv``, default ``sys.argv[1:]``); its exit status: 0 done, 1 an
    error from the API or the SDK (one line on stderr), 2 a usage error, 130 interrupted.

    ``prog`` is the name usage messages show (``python -m firsthand`` when run that way).

    Examples:
        >>> main(["jobs", "get"], prog="firsthand")
        2
        >>> main(["webhooks", "verify", "--tolerance", "soon"], prog="firsthand")
        2
    """
    from ._commands import run_command

    parser = build_parser(prog)
    try:
        options, unknown = parser.parse_known_args(argv)
    except SystemExit as exc:  # --help/--version (0) or a usage error (2), already printed
        return exc.code if isinstance(exc.code, int) else 2
    if options.handler is None and not unknown:
        parser.print_usage(sys.stderr)
        print(f"{prog}: error: a command is required (see '{prog} --help')", file=sys.stderr)
        return 2
    if unknown:  # named by the command they were given to, not by the top level
        name = " ".join([prog, *str(options.handler or "").split("_")]).strip()
        text = f"unrecognized arguments: {' '.join(unknown)}"
        print(f"{name}: error: {text} (see '{name} --help')", file=sys.stderr)
        return 2
    return run_command(options)
