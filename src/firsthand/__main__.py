"""``python -m firsthand``: the same command line as the ``firsthand`` console script
(:mod:`firsthand.cli`): ``--version``, ``demo``, ``serve``, ``jobs``, ``files`` and ``webhooks``.

Examples:
    >>> from firsthand.__main__ import main
    >>> main(["--help"])  # doctest: +ELLIPSIS
    usage: python -m firsthand [-h] [--api-key KEY] [--base-url URL] [--json] [--version] COMMAND ...
    ...
    0
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Optional

__all__ = ["main"]

PROG = "python -m firsthand"


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command line, as ``firsthand`` does; its exit status.

    Examples:
        >>> main(["--version"])  # doctest: +ELLIPSIS
        firsthand ...
        0
    """
    from .cli import main as cli_main

    return cli_main(argv, prog=PROG)


if __name__ == "__main__":
    sys.exit(main())
