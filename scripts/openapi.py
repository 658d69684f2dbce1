"""Print, write or check docs/openapi.json, the OpenAPI document generated from the SDK.

The document is built by ``openapi_document.build_openapi`` (beside this script) from the SDK's
operation table and models; neither is shipped in the wheel::

    python scripts/openapi.py                                # print the document
    python scripts/openapi.py --output docs/openapi.json     # regenerate the committed file
    python scripts/openapi.py --check docs/openapi.json      # exit 1 when it is out of date

``nox -s openapi`` runs the second in a fresh environment; ``tests/test_openapi.py`` fails when
the committed file is stale.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Optional

from openapi_document import REGENERATE_COMMAND, build_openapi, render

__all__ = ["main"]


def main(argv: Optional[Sequence[str]] = None) -> int:
    """``python scripts/openapi.py [--output PATH | --check PATH]``; returns the exit status.

    Without options the document is printed; ``--output`` writes it; ``--check`` compares it with
    a file and returns 1 (saying how to regenerate) when they differ.
    """
    parser = argparse.ArgumentParser(
        prog="python scripts/openapi.py",
        description="Print, write or check the OpenAPI document generated from the SDK.",
    )
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--output", metavar="PATH", help="write the document to PATH")
    group.add_argument("--check", metavar="PATH", help="exit 1 when PATH differs")
    args = parser.parse_args(argv)
    text = render(build_openapi())
    if args.check is not None:
        path = Path(args.check)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current != text:
            what = "is missing" if current is None else "is out of date"
            command = REGENERATE_COMMAND.replace("docs/openapi.json", str(path))
            print(f"{path} {what}; regenerate it with: {command}", file=sys.stderr)
            return 1
        return 0
    if args.output is not None:
        with open(args.output, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        return 0
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8"))
        buffer.flush()
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
