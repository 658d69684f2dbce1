"""Calls per second of ``AsyncFirstHandClient`` at 16, 64 and 256 concurrent ``get_job`` calls:
the default client (its own httpx/httpcore pool) against the ``firsthand[aiohttp]`` extra
(``http_client=httpx_aiohttp.HttpxAiohttpClient(...)``, an aiohttp-backed httpx transport).

Both run against the same local keep-alive server as the other benchmarks (``server.py``, in its
own process), with the same pool size (httpx's default of 100 connections), in the same
interpreter, alternating rounds so that load on the machine hits both alike. Each round issues
``CALLS`` calls with at most ``concurrency`` in flight; the figure is the median of the rounds,
with the paired ratio (aiohttp / default) per round.

    python benchmarks/aiohttp_transport.py            # 16, 64, 256
    python benchmarks/aiohttp_transport.py --quick    # fewer rounds
    python benchmarks/aiohttp_transport.py --json out.json

Not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server import serve_in_subprocess

JOB_ID = "job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"
CONCURRENCY = (16, 64, 256)
CALLS = 2048
ROUNDS = 7
QUICK_ROUNDS = 3


async def _round(call: Callable[[], Any], concurrency: int, calls: int) -> float:
    """Calls per second of ``calls`` calls with ``concurrency`` in flight."""
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            job = await call()
            if job.id is None or job.status is None:
                raise RuntimeError("a job without id/status")

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return calls / (time.perf_counter() - started)


async def measure(url: str, rounds: int) -> dict[str, Any]:
    import httpx

    from firsthand import AsyncFirstHandClient

    try:
        from httpx_aiohttp import HttpxAiohttpClient
    except ImportError as exc:
        return {"status": "skipped", "reason": f"httpx-aiohttp is not installed ({exc})"}

    default = AsyncFirstHandClient(api_key="fh_test_bench", base_url=url)
    aio_http = HttpxAiohttpClient(timeout=httpx.Timeout(60.0))
    aio = AsyncFirstHandClient(api_key="fh_test_bench", base_url=url, http_client=aio_http)
    clients = {"default": default, "aiohttp": aio}
    out: dict[str, Any] = {"status": "ok", "calls_per_round": CALLS, "rounds": rounds, "by": {}}
    try:
        for concurrency in CONCURRENCY:
            samples: dict[str, list[float]] = {name: [] for name in clients}
            for client in clients.values():  # warm: open the connections
                await _round(lambda c=client: c.get_job(JOB_ID), concurrency, concurrency * 4)
            for index in range(rounds):
                order = list(clients) if index % 2 == 0 else list(reversed(clients))
                for name in order:
                    client = clients[name]
                    samples[name].append(
                        await _round(lambda c=client: c.get_job(JOB_ID), concurrency, CALLS)
                    )
            ratios = [a / d for a, d in zip(samples["aiohttp"], samples["default"])]
            out["by"][str(concurrency)] = {
                "default": statistics.median(samples["default"]),
                "aiohttp": statistics.median(samples["aiohttp"]),
                "ratio": statistics.median(ratios),
                "samples": samples,
            }
    finally:
        await default.aclose()
        await aio.aclose()
        await aio_http.aclose()
    return out


def print_table(res: dict[str, Any]) -> None:
    if res["status"] != "ok":
        print(f"SKIP: {res['reason']}")
        return
    print(f"calls/s of AsyncFirstHandClient.get_job, median of {res['rounds']} rounds")
    print(
        "| concurrent calls | default (httpx/httpcore) | firsthand[aiohttp] | aiohttp / default |"
    )
    print("|---:|---:|---:|---:|")
    for concurrency, row in res["by"].items():
        print(
            f"| {concurrency} | {row['default']:,.0f} | {row['aiohttp']:,.0f} | {row['ratio']:.2f}x |"
        )


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_ROUNDS} rounds, not {ROUNDS}")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    with serve_in_subprocess() as url:
        res = asyncio.run(measure(url, QUICK_ROUNDS if args.quick else ROUNDS))
    print_table(res)
    if args.json is not None:
        args.json.write_text(json.dumps(res, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
