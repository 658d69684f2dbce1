"""``python -m firsthand``: the SDK's command line. One command so far, ``demo``.

Examples:
    >>> from firsthand.__main__ import main
    >>> main(["--help"])  # doctest: +ELLIPSIS
    usage: python -m firsthand [-h] {demo} ...
    ...
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Optional

__all__ = ["main"]

COMMANDS = {
    "demo": "post a job, follow it, download its files and check webhooks "
    "(against a local stand-in unless FIRSTHAND_API_KEY is set)",
}


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser: a command, then that command's own options.

    Examples:
        >>> build_parser().parse_args(["demo", "--speed", "20"])
        Namespace(command='demo', args=['--speed', '20'])
    """
    parser = argparse.ArgumentParser(
        prog="python -m firsthand",
        description="The firsthand SDK's command line.",
        epilog="commands:\n"
        + "\n".join(f"  {name:<8}{text}" for name, text in COMMANDS.items())
        + "\n\n`python -m firsthand demo --help` shows the demo's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=sorted(COMMANDS), help="the command to run")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="the command's own options")
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run a command; its exit status (2 and a usage message for a missing or unknown command).

    Examples:
        >>> main(["--help"])  # doctest: +ELLIPSIS
        usage: python -m firsthand [-h] {demo} ...
        ...
        0
    """
    try:
        options = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): argparse has printed why
        return exc.code if isinstance(exc.code, int) else 2
    from . import _demo

    return _demo.main(options.args)


if __name__ == "__main__":
    sys.exit(main())
