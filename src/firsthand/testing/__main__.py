"""``python -m firsthand.testing serve``: run the stand-in FirstHandAPI on a local port.

Point any client at it (this SDK, ``curl``, another language's SDK) with the printed
``FIRSTHAND_BASE_URL`` and ``FIRSTHAND_API_KEY``; Ctrl-C stops it.

Examples:
    >>> from firsthand.testing.__main__ import build_parser
    >>> build_parser().parse_args(["serve", "--port", "0"]).port
    0
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Optional, Union

_SignalHandler = Union[Callable[[int, Optional[FrameType]], object], int, signal.Handlers, None]

__all__ = ["main"]

DEFAULT_PORT = 8787
#: ``--request-log-size``'s default: the same as ``FakeFirstHand``'s.
DEFAULT_REQUEST_LOG_SIZE = 10_000
#: Requests per minute per API key, as ``FakeFirstHand(rate_limit_per_minute=...)`` defaults.
DEFAULT_RATE_LIMIT = 100


def _speed(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be a number above 0, not {text}")
    return value


def _whole(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None


def _port(text: str) -> int:
    value = _whole(text)
    if not 0 <= value <= 65_535:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 65535")
    return value


def _zero_or_more(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number, 0 or more, not {text}")
    return value


def add_serve_options(serve: argparse.ArgumentParser) -> None:
    """The options of ``serve``, on ``python -m firsthand.testing serve`` and ``firsthand serve``
    alike (one definition, so both commands take the same options).

    Examples:
        >>> parser = argparse.ArgumentParser()
        >>> add_serve_options(parser)
        >>> parser.parse_args(["--rate-limit", "0"]).rate_limit
        0
    """
    serve.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port to listen on; 0 picks a free one (default: {DEFAULT_PORT})",
    )
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)"
    )
    serve.add_argument(
        "--speed",
        type=_speed,
        default=1.0,
        help="how much faster than real time the stand-in's clock runs (default: 1)",
    )
    serve.add_argument(
        "--seed", type=_whole, default=0, help="seed of the simulation's randomness (default: 0)"
    )
    serve.add_argument(
        "--request-log-size",
        type=_zero_or_more,
        default=DEFAULT_REQUEST_LOG_SIZE,
        metavar="N",
        help="how many of the latest requests the stand-in keeps in memory; 0 keeps none "
        f"(default: {DEFAULT_REQUEST_LOG_SIZE})",
    )
    serve.add_argument(
        "--access-log",
        action="store_true",
        help="print one line per request on stderr (signed URLs redacted)",
    )
    serve.add_argument(
        "--rate-limit",
        type=_zero_or_more,
        default=DEFAULT_RATE_LIMIT,
        metavar="N",
        help="requests per minute per API key; 0 turns rate limiting off, e.g. for contract "
        f"tools and load tests (default: {DEFAULT_RATE_LIMIT})",
    )


def serve_with(options: argparse.Namespace) -> int:
    """Run ``serve`` with the options ``add_serve_options`` parsed.

    Examples:
        The command line calls it with its parsed options; it blocks, so it is not run here.
    """
    return serve(
        options.host,
        options.port,
        options.speed,
        options.seed,
        rate_limit=options.rate_limit,
        request_log_size=options.request_log_size,
        access_log=options.access_log,
    )


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``serve`` and its options.

    Examples:
        >>> options = build_parser().parse_args(["serve"])
        >>> options.command, options.host, options.port, options.speed, options.seed
        ('serve', '127.0.0.1', 8787, 1.0, 0)
        >>> options.request_log_size, options.access_log
        (10000, False)
        >>> options.rate_limit, build_parser().parse_args(["serve", "--rate-limit", "0"]).rate_limit
        (100, 0)
    """
    parser = argparse.ArgumentParser(
        prog="python -m firsthand.testing",
        description="The stand-in FirstHandAPI, for trying the SDK and testing integrations offline.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="{serve}")
    serve = commands.add_parser(
        "serve",
        help="serve the stand-in over HTTP until Ctrl-C",
        description="Serve the stand-in over HTTP until Ctrl-C. Test keys run the sandbox "
        "simulation: workers submit, files are scored and approved, the job completes.",
    )
    add_serve_options(serve)
    return parser


def serve(
    host: str,
    port: int,
    speed: float,
    seed: int,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    request_log_size: int = DEFAULT_REQUEST_LOG_SIZE,
    access_log: bool = False,
) -> int:
    """Serve until Ctrl-C (``KeyboardInterrupt``); the exit status, 0.

    ``rate_limit`` is requests per minute per API key; ``0`` turns the limit off.

    Examples:
        The command line calls it as ``serve("127.0.0.1", 8787, 1.0, 0, 100)``; it blocks, so it
        is not run here.
    """
    if access_log:
        _log_access_to_stderr()
    limit = rate_limit or None
    previous = _stop_on_sigint()
    try:
        from ._fake import FakeFirstHand

        with (
            FakeFirstHand(
                real_time=True,
                speed=speed,
                seed=seed,
                rate_limit_per_minute=limit,
                request_log_size=request_log_size,
            ) as fake,
            fake.serve(port=port, host=host) as base_url,
        ):
            limits = f"{rate_limit} requests/min per key" if limit else "no rate limit"
            print(
                f"FirstHand stand-in serving at {base_url} "
                f"(clock x{speed:g}, seed {seed}, {limits})"
            )
            print(f"  base URL:  {base_url}")
            print(f"  test key:  {fake.api_key}")
            print(f"  live key:  {fake.live_api_key}")
            print("Try it:")
            print(
                f"  FIRSTHAND_BASE_URL={base_url} FIRSTHAND_API_KEY={fake.api_key} python -m firsthand demo"
            )
            print("Press Ctrl-C to stop.", flush=True)
            _wait_for_ctrl_c()
    except KeyboardInterrupt:
        print("Stopped.", flush=True)
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    return 0


def _wait_for_ctrl_c() -> None:
    threading.Event().wait()


def _stop_on_sigint() -> Optional[_SignalHandler]:
    """Make SIGINT (Ctrl-C, ``kill -INT``) raise ``KeyboardInterrupt`` from here on; the handler
    it replaced, or ``None`` off the main thread (where handlers cannot be set).

    A process inherits an ignored SIGINT: a shell without job control (a CI script, ``cmd &``
    in a script) starts background jobs that way, and Python then leaves it ignored, so the
    server would never stop on it.

    Examples:
        >>> previous = _stop_on_sigint()
        >>> signal.getsignal(signal.SIGINT) is signal.default_int_handler
        True
        >>> _ = signal.signal(signal.SIGINT, previous)
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGINT, signal.default_int_handler)


def _log_access_to_stderr() -> None:
    """``--access-log``: the ``firsthand.testing.access`` logger at INFO, on stderr."""
    import logging

    from ._server import ACCESS_LOGGER

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    access = logging.getLogger(ACCESS_LOGGER)
    access.addHandler(handler)
    access.setLevel(logging.INFO)
    access.propagate = False


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command line; the exit status.

    Examples:
        >>> main(["--help"])  # doctest: +ELLIPSIS
        usage: python -m firsthand.testing [-h] {serve} ...
        ...
        0
    """
    try:
        options = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2): argparse has printed why
        return exc.code if isinstance(exc.code, int) else 2
    return serve_with(options)


if __name__ == "__main__":
    sys.exit(main())
