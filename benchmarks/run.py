"""Client-overhead benchmarks for ``firsthand`` (never part of the test suite).

Measures, in one run:

1. ``get_job`` per-call latency against a local keep-alive HTTP/1.1 server running in a separate
   process: stdlib ``http.client`` vs raw ``httpx`` vs ``firsthand`` vs the ``firsthandapi`` peer
   SDK (if installed).
2. ``list_jobs(limit=100)`` per call, the same way: a 100-job page parsed into ``Job`` models.
3. async ``get_job``, ``asyncio.gather`` of 16, per call.
4. Import time in fresh interpreters (wall clock, ``sys.executable -c ...``).
5. Client construction cost (``FirstHandClient(...)`` and ``client.with_options(...)``).
6. Webhook verification of a 1 MB payload.
7. CPU instructions per call of every scenario under valgrind's callgrind (``instructions.py``)
   and the validation options of a 100-job page (``validation.py``); skipped by ``--quick``
   unless ``--instructions`` is given, and reported as missing when valgrind is not installed.

Ends with one table of every scenario and client: instructions beside wall time.
Prints a table with ratios and writes ``benchmarks/results/latest.json`` (or ``--json PATH``).

Usage::

    python benchmarks/run.py            # full run, a few minutes on a 2-core machine
    python benchmarks/run.py --quick    # smoke run, < 30 s (no instruction counts)
    python benchmarks/run.py --check    # exit 1 if a target is missed
"""

from __future__ import annotations

import argparse
import asyncio
import datetime
import gc
import http.client
import importlib
import importlib.metadata
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Optional, cast

import httpx

import instructions
import validation
from server import JOB_ID, job_payload, job_store, jobs_page_payload, serve_in_subprocess

HERE = Path(__file__).resolve().parent
GATHER = instructions.GATHER
DEFAULT_JSON = HERE / "results" / "latest.json"

#: firsthand ``get_job`` median per call / raw httpx median per call.
GET_JOB_TARGET = 1.10
#: firsthand ``list_jobs(limit=100)`` (100 ``Job`` models) / raw httpx ``.json()`` of the same
#: page, per call; judged on the paired ratio, like ``get_job``.
LIST_JOBS_TARGET = 1.15
#: ``import firsthand`` median wall clock / ``import httpx, pydantic`` median wall clock.
IMPORT_TARGET = 1.15
#: Issue 13, CPU instructions per call under callgrind: ``(scenario, versus, limit)``. Import is
#: whole ``python -c`` processes, ``from firsthand import FirstHandClient, Job`` against
#: ``import httpx, pydantic`` (the raw httpx column).
INSTRUCTION_TARGETS = (
    ("get", "raw httpx", 0.75),
    ("list-100", "firsthandapi 0.1.0 (peer)", 0.97),
    ("async-16", "firsthandapi 0.1.0 (peer)", 0.90),
    ("import", "raw httpx", 1.30),
)
#: Issue 13, wall time: no scenario slower than the peer (paired ratio of the medians).
PEER_WALL_TARGET = 1.00

RAW = "raw httpx"
FIRSTHAND = "firsthand"
PEER = "firsthandapi 0.1.0 (peer)"
STDLIB = "stdlib http.client + json"

PACKAGES = (
    "firsthand",
    "firsthandapi",
    "httpx",
    "httpcore",
    "h11",
    "pydantic",
    "pydantic-core",
    "tenacity",
)


@dataclass(frozen=True)
class Config:
    calls: int
    rounds: int
    warmup_calls: int
    import_runs: int
    import_warmups: int
    construct_iters: int
    micro_iters: int
    # list_jobs(limit=100): each call moves and decodes ~100 kB, so fewer calls per round.
    list_calls: int
    list_rounds: int
    list_warmup_calls: int
    list_micro_iters: int
    # verify_webhook_signature on 1 MB: each call hashes the whole body (~2 ms).
    webhook_calls: int
    # async get_job, gathers of 16: gathers per contender per round.
    async_gathers: int
    async_rounds: int


# Short rounds, many of them: each round times every contender back to back for a few
# milliseconds, so a slow spell of a shared VM (they last seconds) hits all of them alike and the
# per-round ratios cancel it. 15 rounds of 1000 calls let one contender run in a slow spell while
# the next did not, and the paired ratio then moved 10 % between runs of the same code.
FULL = Config(
    calls=20,
    rounds=750,
    warmup_calls=300,
    import_runs=15,
    import_warmups=2,
    construct_iters=100,
    micro_iters=3000,
    list_calls=4,
    list_rounds=330,
    list_warmup_calls=40,
    list_micro_iters=150,
    webhook_calls=200,
    async_gathers=2,
    async_rounds=330,
)
QUICK = Config(
    calls=20,
    rounds=45,
    warmup_calls=50,
    import_runs=5,
    import_warmups=1,
    construct_iters=15,
    micro_iters=500,
    list_calls=4,
    list_rounds=25,
    list_warmup_calls=10,
    list_micro_iters=50,
    webhook_calls=20,
    async_gathers=2,
    async_rounds=12,
)


# -- helpers -----------------------------------------------------------------------------------


def _version(dist: str) -> Optional[str]:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _load_average() -> Optional[list[float]]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):  # not available on Windows
        return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _timed_loop(call: Callable[[], object], n: int) -> int:
    """Run ``call`` ``n`` times with the GC disabled; return the elapsed nanoseconds."""
    return _timed_loop_cpu(call, n)[0]


def _timed_loop_cpu(call: Callable[[], object], n: int, collect: bool = True) -> tuple[int, int]:
    """Like :func:`_timed_loop`, but return ``(wall ns, process CPU ns)``.

    ``collect=False``: the caller has already collected (once per round of contenders).
    """
    if collect:
        gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        cpu_start = time.process_time_ns()
        start = time.perf_counter_ns()
        for _ in itertools.repeat(None, n):
            call()
        elapsed = time.perf_counter_ns() - start
        return elapsed, time.process_time_ns() - cpu_start
    finally:
        if was_enabled:
            gc.enable()


def _timed_each(call: Callable[[], Callable[[], object]], n: int) -> list[float]:
    """Time ``call()`` ``n`` times individually (GC disabled); return µs samples.

    ``call`` returns a cleanup callable, which runs outside the timed region.
    """
    samples: list[float] = []
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(n):
            start = time.perf_counter_ns()
            cleanup = call()
            samples.append((time.perf_counter_ns() - start) / 1000)
            cleanup()
    finally:
        if was_enabled:
            gc.enable()
    return samples


def _ratio(value: Optional[float], base: Optional[float]) -> Optional[float]:
    if value is None or not base:
        return None
    return value / base


def _paired(rounds: list[float], base_rounds: list[float]) -> Optional[float]:
    """Median over rounds of ``rounds[i] / base_rounds[i]`` (measured back to back)."""
    pairs = [a / b for a, b in zip(rounds, base_rounds) if b]
    return statistics.median(pairs) if pairs else None


def _paired_ci(rounds: list[float], base_rounds: list[float]) -> Optional[list[float]]:
    """95 % confidence interval of :func:`_paired`'s median, from order statistics.

    Distribution-free: with ``n`` per-round ratios, the median lies between the ratios of rank
    ``n/2 - 0.98 sqrt(n)`` and ``n/2 + 0.98 sqrt(n)`` with 95 % confidence (normal approximation
    of the binomial). ``None`` with fewer than 10 rounds.
    """
    pairs = sorted(a / b for a, b in zip(rounds, base_rounds) if b)
    n = len(pairs)
    if n < 10:
        return None
    half = 0.98 * n**0.5
    lo = max(int(n / 2 - half), 0)
    hi = min(int(n / 2 + half + 0.5), n - 1)
    return [pairs[lo], pairs[hi]]


def _fmt(value: Optional[float], spec: str = ".1f", suffix: str = "") -> str:
    return "-" if value is None else f"{value:{spec}}{suffix}"


def _fmt_ratio(value: Optional[float]) -> str:
    if value is None:
        return "-"
    return f"{value:.3f}x" if value >= 0.01 else f"{value:.1e}x"


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = (c.rjust(w) for c, w in zip(cells[1:], widths[1:]))
        return "  " + "  ".join([first, *rest]).rstrip()

    sep = "  " + "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), sep, *(line(r) for r in rows)])


def _say(text: str = "") -> None:
    print(text, flush=True)


# -- 1. and 2. per-call benchmarks: get_job and list_jobs(limit=100) ---------------------------


def _floats() -> list[float]:
    return []


def _job_id(value: object) -> object:
    """The ``id`` of a decoded JSON object, or ``None``."""
    return cast("dict[str, object]", value).get("id") if isinstance(value, dict) else None


def _import_peer() -> Any:
    """The peer SDK module (untyped, hence ``Any``); raises ImportError when not installed."""
    return importlib.import_module("firsthandapi")


@dataclass
class Contender:
    name: str
    call: Callable[[], object]
    close: Callable[[], None]
    samples_us: list[float] = field(default_factory=_floats)
    cpu_share: list[float] = field(default_factory=_floats)
    error: Optional[str] = None


Maker = Callable[[str], Contender]


def _make_raw(base_url: str) -> Contender:
    c = httpx.Client(base_url=base_url)

    def call() -> object:
        return c.get(
            "/v1/jobs/job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A", headers={"Authorization": "Bearer fh_test_x"}
        ).json()

    result = call()
    if _job_id(result) != JOB_ID:
        c.close()
        raise RuntimeError(f"raw httpx got an unexpected body: {result!r}")
    return Contender(RAW, call, c.close)


def _make_firsthand(base_url: str) -> Contender:
    from firsthand import FirstHandClient

    client = FirstHandClient(api_key="fh_test_bench", base_url=base_url)

    def call() -> object:
        return client.get_job("job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A")

    try:
        job = call()
        if getattr(job, "id", None) != JOB_ID or not hasattr(type(job), "model_fields"):
            raise RuntimeError(f"get_job returned {type(job).__name__}, not a validated Job")
    except BaseException:
        client.close()
        raise
    return Contender(FIRSTHAND, call, client.close)


def _make_peer(base_url: str) -> Contender:
    client = _import_peer().FirstHandClient(api_key="fh_test_bench", base_url=base_url)

    def call() -> object:
        return client.get_job("job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A")

    try:
        job = call()
        if _job_id(job) != JOB_ID:
            raise RuntimeError(f"get_job returned an unexpected value: {job!r}")
    except BaseException:
        client.close()
        raise
    close: Callable[[], None] = client.close
    return Contender(PEER, call, close)


#: The page size of the ``list_jobs`` target (the API's maximum) and the id its last job carries.
LIST_LIMIT = 100
LAST_LISTED_ID: str = jobs_page_payload(job_store(), LIST_LIMIT)["data"][-1]["id"]


def _make_raw_list(base_url: str) -> Contender:
    c = httpx.Client(base_url=base_url)

    def call() -> object:
        # Touch the last item, as the SDK contenders do, so every contender does the same work.
        page: Any = c.get(
            "/v1/jobs", params={"limit": LIST_LIMIT}, headers={"Authorization": "Bearer fh_test_x"}
        ).json()
        last_id: object = page["data"][-1]["id"]
        return last_id

    try:
        result = call()
        if result != LAST_LISTED_ID:
            raise RuntimeError(f"raw httpx got an unexpected last id: {result!r}")
    except BaseException:
        c.close()
        raise
    return Contender(RAW, call, c.close)


def _make_firsthand_list(base_url: str) -> Contender:
    from firsthand import FirstHandClient

    client = FirstHandClient(api_key="fh_test_bench", base_url=base_url)

    def call() -> object:
        return client.list_jobs(limit=LIST_LIMIT).data[-1].id

    try:
        items: list[object] = list(client.list_jobs(limit=LIST_LIMIT).data)
        if len(items) != LIST_LIMIT or not all(hasattr(type(j), "model_fields") for j in items):
            raise RuntimeError(f"list_jobs did not return {LIST_LIMIT} validated Job models")
        if call() != LAST_LISTED_ID:
            raise RuntimeError("list_jobs returned an unexpected last job")
    except BaseException:
        client.close()
        raise
    return Contender(FIRSTHAND, call, client.close)


def _make_peer_list(base_url: str) -> Contender:
    client = _import_peer().FirstHandClient(api_key="fh_test_bench", base_url=base_url)
    if not callable(getattr(client, "list_jobs", None)):
        client.close()
        raise RuntimeError("the peer SDK has no list_jobs")

    def call() -> object:
        last_id: object = client.list_jobs(limit=LIST_LIMIT)["data"][-1]["id"]
        return last_id

    try:
        result = call()
        if result != LAST_LISTED_ID:
            raise RuntimeError(f"list_jobs returned an unexpected last id: {result!r}")
    except BaseException:
        client.close()
        raise
    close: Callable[[], None] = client.close
    return Contender(PEER, call, close)


def _make_stdlib(base_url: str, target: str, check: Callable[[object], bool]) -> Contender:
    """``http.client`` + ``json.loads`` on one keep-alive connection: the floor of any client."""
    parts = urllib.parse.urlsplit(base_url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)

    def call() -> object:
        conn.request("GET", target, headers={"Authorization": "Bearer fh_test_x"})
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}")
        return json.loads(body)

    try:
        if not check(call()):
            raise RuntimeError("http.client got an unexpected body")
    except BaseException:
        conn.close()
        raise
    return Contender(STDLIB, call, conn.close)


def _make_stdlib_get(base_url: str) -> Contender:
    return _make_stdlib(
        base_url, "/v1/jobs/job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A", lambda r: _job_id(r) == JOB_ID
    )


def _make_stdlib_list(base_url: str) -> Contender:
    def last_id(page: Any) -> bool:
        return bool(page["data"][-1]["id"] == LAST_LISTED_ID)

    return _make_stdlib(base_url, f"/v1/jobs?limit={LIST_LIMIT}", last_id)


@dataclass(frozen=True)
class CallBench:
    """One per-call target: how to build each contender and how hard to drive it."""

    makers: tuple[tuple[str, Maker], ...]
    body: bytes  # the server's answer, replayed by the no-I/O variant
    calls: int  # calls per contender per round
    rounds: int
    warmup_calls: int
    micro_iters: int  # calls per round of the no-I/O variant and of the decoding rows
    decoders: Callable[[bytes], dict[str, Callable[[], object]]]  # may raise: firsthand missing


def _decode_job(body: bytes) -> dict[str, Callable[[], object]]:
    from firsthand import Job

    Job.model_validate_json(body)
    payload = json.loads(body)
    return {
        "Job.model_validate_json(body)": lambda: Job.model_validate_json(body),
        "Job.model_validate(dict)": lambda: Job.model_validate(payload),
    }


def _decode_page(body: bytes) -> dict[str, Callable[[], object]]:
    from firsthand.models import Job, ListEnvelope

    envelope = ListEnvelope[Job]
    envelope.model_validate_json(body)
    payload = json.loads(body)
    return {
        "ListEnvelope[Job].model_validate_json": lambda: envelope.model_validate_json(body),
        "ListEnvelope[Job].model_validate(dict)": lambda: envelope.model_validate(payload),
    }


def _micro_breakdown(bench: CallBench) -> dict[str, Any]:
    """Per-call cost of decoding the response body alone (no I/O), for context."""
    body = bench.body
    cases: dict[str, Callable[[], object]] = {"json.loads(body)": lambda: json.loads(body)}
    notes: list[str] = []
    try:
        cases.update(bench.decoders(body))
    except Exception as exc:
        notes.append(f"firsthand models unavailable ({_describe(exc)})")
    iters = bench.micro_iters
    per_round: dict[str, list[float]] = {name: [] for name in cases}
    for call in cases.values():
        _timed_loop(call, max(iters // 10, 10))
    names = list(cases)
    for r in range(bench.rounds):  # interleaved, like every other measurement
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            per_round[name].append(_timed_loop(cases[name], iters) / iters / 1000)
    results = {
        name: {"median_us": statistics.median(rounds), "rounds_us": rounds}
        for name, rounds in per_round.items()
    }
    return {"cases": results, "notes": notes}


NO_IO_BASE_URL = "http://127.0.0.1:9"


def _no_io_overhead(bench: CallBench) -> dict[str, Any]:
    """The same calls with the network replaced at the transport.

    ``httpx.HTTPTransport.handle_request`` answers from memory for every client alike, so each
    contender's own code (request building, retries, parsing) runs in full, but no socket, server
    or scheduler noise is measured. Minimum of rounds: the least-disturbed run of the same work.
    """
    body = bench.body
    headers = {"Content-Type": "application/json", "X-Request-Id": "req_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"}

    def answer(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=body, request=request)

    results: dict[str, Any] = {}
    iters = bench.micro_iters
    original = httpx.HTTPTransport.handle_request
    httpx.HTTPTransport.handle_request = answer  # type: ignore[method-assign]
    contenders: list[Contender] = []
    try:
        for name, make in bench.makers:
            if name == STDLIB:
                results[name] = {"status": "skipped", "reason": "not httpx: no in-memory transport"}
                continue
            try:
                contenders.append(make(NO_IO_BASE_URL))
            except Exception as exc:
                results[name] = {"status": "skipped", "reason": _describe(exc)}
        for c in contenders:
            _timed_loop(c.call, bench.warmup_calls)
        # Interleaved like the live rounds, so a slow spell of a busy machine hits every
        # contender alike instead of whichever happened to be running.
        for r in range(bench.rounds if contenders else 0):
            shift = r % len(contenders)
            for c in contenders[shift:] + contenders[:shift]:
                c.samples_us.append(_timed_loop(c.call, iters) / iters / 1000)
    finally:
        httpx.HTTPTransport.handle_request = original  # type: ignore[method-assign]
        for c in contenders:
            c.close()
    for c in contenders:
        results[c.name] = {"status": "ok", "min_us": min(c.samples_us), "rounds_us": c.samples_us}
    results = {name: results[name] for name, _ in bench.makers if name in results}
    raw_min = results.get(RAW, {}).get("min_us")
    for entry in results.values():
        if entry["status"] == "ok":
            entry["ratio_to_raw_httpx"] = _ratio(entry["min_us"], raw_min)
    return results


def _bench_calls(bench: CallBench) -> dict[str, Any]:
    """Interleaved, paired rounds against the local server, then the no-I/O and decoding rows."""
    skipped: dict[str, str] = {}
    contenders: list[Contender] = []
    with serve_in_subprocess() as base_url:
        for name, make in bench.makers:
            try:
                contenders.append(make(base_url))
            except ImportError as exc:
                skipped[name] = f"not importable ({_describe(exc)})"
            except Exception as exc:
                skipped[name] = f"setup failed ({_describe(exc)})"
        try:
            for c in contenders:
                try:
                    _timed_loop(c.call, bench.warmup_calls)
                except Exception as exc:
                    c.error = f"warm-up failed ({_describe(exc)})"
            for r in range(bench.rounds):
                live = [c for c in contenders if c.error is None]
                if not live:
                    break
                shift = r % len(live)
                gc.collect()  # once per round, outside every contender's timed block
                for c in live[shift:] + live[:shift]:  # rotate the order every round
                    try:
                        elapsed, cpu = _timed_loop_cpu(c.call, bench.calls, collect=False)
                    except Exception as exc:
                        c.error = f"failed in round {r + 1} ({_describe(exc)})"
                        continue
                    c.samples_us.append(elapsed / bench.calls / 1000)
                    c.cpu_share.append(cpu / elapsed)
        finally:
            for c in contenders:
                c.close()
    breakdown = _micro_breakdown(bench)
    no_io = _no_io_overhead(bench)

    medians = {c.name: statistics.median(c.samples_us) for c in contenders if c.samples_us}
    raw_rounds = next((c.samples_us for c in contenders if c.name == RAW), _floats())
    peer_rounds = next((c.samples_us for c in contenders if c.name == PEER), _floats())
    out: dict[str, Any] = {
        "calls_per_round": bench.calls,
        "rounds": bench.rounds,
        "warmup_calls": bench.warmup_calls,
        "body_bytes": len(bench.body),
        "contenders": {},
        "breakdown": breakdown,
        "no_io": no_io,
    }
    for c in contenders:
        median = medians.get(c.name)
        paired = [a / b for a, b in zip(c.samples_us, raw_rounds)] if raw_rounds else []
        out["contenders"][c.name] = {
            "status": "ok" if c.error is None else "error",
            "reason": c.error,
            "rounds_us": c.samples_us,
            "median_us": median,
            "min_us": min(c.samples_us) if c.samples_us else None,
            "max_us": max(c.samples_us) if c.samples_us else None,
            "ratio_to_raw_httpx": _ratio(median, medians.get(RAW)),
            "paired_ratio_to_raw_httpx": statistics.median(paired) if paired else None,
            "paired_ratio_to_peer": _paired(c.samples_us, peer_rounds),
            "paired_ci_to_raw_httpx": _paired_ci(c.samples_us, raw_rounds),
            "paired_ci_to_peer": _paired_ci(c.samples_us, peer_rounds),
            # Client CPU time / wall time. The rest is waiting on the server or, when this
            # drops between runs, on other processes competing for the CPU.
            "client_cpu_share": statistics.median(c.cpu_share) if c.cpu_share else None,
        }
    for name, reason in skipped.items():
        out["contenders"][name] = {"status": "skipped", "reason": reason}
    return out


def bench_get_job(cfg: Config) -> dict[str, Any]:
    _say(f"[1/8] get_job: {cfg.rounds} rounds x {cfg.calls} calls per contender ...")
    return _bench_calls(
        CallBench(
            makers=(
                (RAW, _make_raw),
                (FIRSTHAND, _make_firsthand),
                (PEER, _make_peer),
                (STDLIB, _make_stdlib_get),
            ),
            body=json.dumps(job_payload(), separators=(",", ":")).encode(),
            calls=cfg.calls,
            rounds=cfg.rounds,
            warmup_calls=cfg.warmup_calls,
            micro_iters=cfg.micro_iters,
            decoders=_decode_job,
        )
    )


def bench_list_jobs(cfg: Config) -> dict[str, Any]:
    _say(
        f"[2/8] list_jobs(limit={LIST_LIMIT}): {cfg.list_rounds} rounds x {cfg.list_calls} calls "
        "per contender ..."
    )
    return _bench_calls(
        CallBench(
            makers=(
                (RAW, _make_raw_list),
                (FIRSTHAND, _make_firsthand_list),
                (PEER, _make_peer_list),
                (STDLIB, _make_stdlib_list),
            ),
            # The exact bytes the server sends for ``GET /v1/jobs?limit=100``.
            body=json.dumps(
                jobs_page_payload(job_store(), LIST_LIMIT), separators=(",", ":")
            ).encode(),
            calls=cfg.list_calls,
            rounds=cfg.list_rounds,
            warmup_calls=cfg.list_warmup_calls,
            micro_iters=cfg.list_micro_iters,
            decoders=_decode_page,
        )
    )


def bench_async(cfg: Config) -> dict[str, Any]:
    """Async ``get_job``, ``asyncio.gather`` of 16, against the local server: time per call."""
    _say(
        f"[3/8] async get_job, gather of {GATHER}: {cfg.async_rounds} rounds x "
        f"{cfg.async_gathers} gathers per contender ..."
    )
    names = (RAW, FIRSTHAND, PEER)
    samples: dict[str, list[float]] = {name: [] for name in names}
    skipped: dict[str, str] = {}

    async def run(base_url: str) -> None:
        gets: dict[str, Callable[[], Any]] = {}
        closers: list[Callable[[], Any]] = []
        for name in names:
            try:
                get, close = await instructions.async_client(name, base_url)
            except ImportError as exc:
                skipped[name] = f"not importable ({_describe(exc)})"
                continue
            closers.append(close)
            gets[name] = get
        try:
            for name, get in list(gets.items()):
                try:
                    for _ in range(max(cfg.async_gathers // 4, 2)):
                        await asyncio.gather(*(get() for _ in range(GATHER)))
                except Exception as exc:
                    skipped[name] = f"warm-up failed ({_describe(exc)})"
                    del gets[name]
            live = list(gets)
            gc.collect()
            gc.disable()
            try:
                for r in range(cfg.async_rounds if live else 0):
                    shift = r % len(live)
                    gc.collect()  # once per round, outside the timed gathers
                    for name in live[shift:] + live[:shift]:
                        get = gets[name]
                        start = time.perf_counter_ns()
                        for _ in range(cfg.async_gathers):
                            await asyncio.gather(*(get() for _ in range(GATHER)))
                        elapsed = time.perf_counter_ns() - start
                        samples[name].append(elapsed / (cfg.async_gathers * GATHER) / 1000)
            finally:
                gc.enable()
        finally:
            for close in closers:
                await close()

    with serve_in_subprocess() as base_url:
        asyncio.run(run(base_url))
    out: dict[str, Any] = {
        "gather": GATHER,
        "gathers_per_round": cfg.async_gathers,
        "rounds": cfg.async_rounds,
        "contenders": {},
    }
    for name in names:
        s = samples[name]
        if not s:
            out["contenders"][name] = {"status": "skipped", "reason": skipped.get(name, "no data")}
            continue
        out["contenders"][name] = {
            "status": "ok",
            "rounds_us": s,
            "median_us": statistics.median(s),
            "min_us": min(s),
            "max_us": max(s),
            "paired_ratio_to_raw_httpx": _paired(s, samples[RAW]),
            "paired_ratio_to_peer": _paired(s, samples[PEER]),
            "paired_ci_to_raw_httpx": _paired_ci(s, samples[RAW]),
            "paired_ci_to_peer": _paired_ci(s, samples[PEER]),
        }
    return out


def print_async(res: dict[str, Any]) -> None:
    _say()
    _say(
        f"3. async get_job, gather of {res['gather']} per call  (median of {res['rounds']} "
        f"interleaved rounds x {res['gathers_per_round']} gathers)"
    )
    rows: list[list[str]] = []
    for name, c in res["contenders"].items():
        if c["status"] != "ok":
            rows.append([name, "skipped", "", "", "", ""])
            _say(f"  {name}: skipped - {c['reason']}")
            continue
        rows.append(
            [
                name,
                _fmt(c["median_us"], suffix=" us"),
                _fmt(c["min_us"], suffix=" us"),
                _fmt(c["max_us"], suffix=" us"),
                _fmt_ratio(c["paired_ratio_to_raw_httpx"]),
                _fmt_ratio(c["paired_ratio_to_peer"]),
            ]
        )
    _say(_table(["contender", "median", "min", "max", "paired/raw", "paired/peer"], rows))


def print_calls(res: dict[str, Any], heading: str) -> None:
    _say()
    _say(
        f"{heading}  (median of {res['rounds']} interleaved rounds x "
        f"{res['calls_per_round']} calls, one keep-alive connection per client, "
        f"{res['body_bytes']:,} byte body)"
    )
    rows: list[list[str]] = []
    notes: list[str] = []
    for name, c in res["contenders"].items():
        if c["status"] == "skipped":
            rows.append([name, "skipped", "", "", "", "", ""])
            notes.append(f"  {name}: skipped - {c['reason']}")
            continue
        if c["status"] == "error":
            notes.append(f"  {name}: {c['reason']}")
        rows.append(
            [
                name,
                _fmt(c["median_us"], suffix=" us"),
                _fmt(c["min_us"], suffix=" us"),
                _fmt(c["max_us"], suffix=" us"),
                _fmt_ratio(c["ratio_to_raw_httpx"]),
                _fmt_ratio(c["paired_ratio_to_raw_httpx"]),
                _fmt(
                    None if c["client_cpu_share"] is None else 100 * c["client_cpu_share"],
                    ".0f",
                    "%",
                ),
            ]
        )
    _say(_table(["contender", "median", "min", "max", "vs raw", "paired", "cpu"], rows))
    for note in notes:
        _say(note)
    _say("  the same calls with the network replaced in memory (client code only, min of rounds):")
    for name, entry in res["no_io"].items():
        if entry["status"] != "ok":
            _say(f"    {name:<38} skipped - {entry['reason']}")
            continue
        _say(
            f"    {name:<38} {entry['min_us']:8.1f} us  "
            f"{_fmt_ratio(entry['ratio_to_raw_httpx'])} vs raw httpx"
        )
    micro = res["breakdown"]
    _say("  body decoding alone, no I/O (context for the numbers above):")
    for name, m in micro["cases"].items():
        _say(f"    {name:<38} {m['median_us']:8.1f} us")
    for note in micro["notes"]:
        _say(f"    ({note})")


# -- 3. import time ----------------------------------------------------------------------------

BASELINE = "baseline"


@dataclass(frozen=True)
class ImportCase:
    key: str
    statement: str
    info: bool = False  # informational rows get no ratio target


IMPORT_CASES = (
    ImportCase("interpreter startup", "pass", info=True),
    ImportCase(BASELINE, "import httpx, pydantic"),
    ImportCase("httpx + pydantic.BaseModel", "import httpx; from pydantic import BaseModel", True),
    ImportCase("import firsthand", "import firsthand"),
    ImportCase("from firsthand import FirstHandClient", "from firsthand import FirstHandClient"),
    ImportCase("import firsthand.models", "import firsthand.models"),
    ImportCase(
        "from firsthand import FirstHandClient, Job", "from firsthand import FirstHandClient, Job"
    ),
    ImportCase("import firsthandapi (peer)", "import firsthandapi"),
    ImportCase("import http.client, json", "import http.client, json", info=True),
)


def _run_import(statement: str, env: dict[str, str]) -> tuple[float, Optional[str]]:
    """Return (wall-clock ms, error) for one fresh interpreter running ``statement``."""
    start = time.perf_counter_ns()
    proc = subprocess.run(
        [sys.executable, "-c", statement],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
        check=False,
    )
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if proc.returncode != 0:
        lines = proc.stderr.decode(errors="replace").strip().splitlines()
        return elapsed, lines[-1] if lines else f"exit code {proc.returncode}"
    return elapsed, None


def bench_imports(cfg: Config) -> dict[str, Any]:
    _say(
        f"[4/8] import time: {cfg.import_runs} fresh interpreters per statement "
        f"after {cfg.import_warmups} warm-up(s) ..."
    )
    errors: dict[str, str] = {}
    samples: dict[str, list[float]] = {case.key: [] for case in IMPORT_CASES}
    with tempfile.TemporaryDirectory(prefix="firsthand-bench-pycache-") as pycache:
        env = instructions.import_env(pycache)
        gc.disable()
        try:
            for _ in range(cfg.import_warmups):  # the first one also fills the bytecode cache
                for case in IMPORT_CASES:
                    if case.key not in errors:
                        _, err = _run_import(case.statement, env)
                        if err is not None:
                            errors[case.key] = err
            live = [case for case in IMPORT_CASES if case.key not in errors]
            for r in range(cfg.import_runs if live else 0):
                shift = r % len(live)
                for case in live[shift:] + live[:shift]:
                    ms, err = _run_import(case.statement, env)
                    if err is not None:
                        errors.setdefault(case.key, err)
                    else:
                        samples[case.key].append(ms)
        finally:
            gc.enable()

    base = statistics.median(samples[BASELINE]) if samples[BASELINE] else None
    cases: dict[str, Any] = {}
    for case in IMPORT_CASES:
        s = samples[case.key]
        median = statistics.median(s) if s else None
        cases[case.key] = {
            "statement": case.statement,
            "informational": case.info,
            "status": "ok" if s and case.key not in errors else "skipped",
            "reason": errors.get(case.key),
            "samples_ms": s,
            "median_ms": median,
            "min_ms": min(s) if s else None,
            "ratio_to_baseline": _ratio(median, base),
        }
    return {
        "runs": cfg.import_runs,
        "warmups": cfg.import_warmups,
        "baseline": IMPORT_CASES[1].statement,
        "cases": cases,
    }


def print_imports(res: dict[str, Any]) -> None:
    _say()
    _say(
        f"4. import time  (wall clock of `python -c STATEMENT`, median of {res['runs']} runs "
        f"after {res['warmups']} warm-up(s); baseline = `{res['baseline']}`)"
    )
    rows: list[list[str]] = []
    notes: list[str] = []
    base = res["cases"][BASELINE]["median_ms"]
    for key, c in res["cases"].items():
        if c["status"] == "skipped":
            rows.append([key, "skipped", "", "", ""])
            notes.append(f"  {key}: skipped - {c['reason']}")
            continue
        delta = None if base is None else c["median_ms"] - base
        rows.append(
            [
                key + (" (info)" if c["informational"] else ""),
                _fmt(c["median_ms"], suffix=" ms"),
                _fmt(c["min_ms"], suffix=" ms"),
                _fmt(delta, "+.1f", " ms"),
                _fmt_ratio(c["ratio_to_baseline"]),
            ]
        )
    _say(_table(["statement", "median", "min", "vs baseline", "ratio"], rows))
    for note in notes:
        _say(note)


# -- 4. client construction --------------------------------------------------------------------


def bench_construction(cfg: Config) -> dict[str, Any]:
    _say(f"[5/8] client construction: {cfg.construct_iters} samples per case ...")
    url = "http://127.0.0.1:9"  # never contacted
    cases: dict[str, Callable[[], Callable[[], object]]] = {}
    skipped: dict[str, str] = {}

    def raw_ctor() -> Callable[[], object]:
        return httpx.Client(base_url=url).close

    cases["httpx.Client(base_url=...)"] = raw_ctor

    base_client: Any = None
    try:
        from firsthand import FirstHandClient

        def fh_ctor() -> Callable[[], object]:
            return FirstHandClient(api_key="fh_test_bench", base_url=url).close

        fh_ctor()()
        cases["FirstHandClient(api_key=..., base_url=...)"] = fh_ctor
        base_client = FirstHandClient(api_key="fh_test_bench", base_url=url)
        derived: list[object] = []

        def with_options() -> Callable[[], object]:
            # Derived clients may share the parent's connection pool, so they are not closed.
            derived.append(base_client.with_options(timeout=5))
            return derived.clear

        with_options()()
        cases["client.with_options(timeout=5)"] = with_options
    except Exception as exc:
        reason = _describe(exc)
        if "FirstHandClient(api_key=..., base_url=...)" not in cases:
            skipped["FirstHandClient(api_key=..., base_url=...)"] = reason
        skipped["client.with_options(timeout=5)"] = reason

    try:
        peer = _import_peer()

        def peer_ctor() -> Callable[[], object]:
            close: Callable[[], object] = peer.FirstHandClient(
                api_key="fh_test_bench", base_url=url
            ).close
            return close

        peer_ctor()()
        cases["firsthandapi.FirstHandClient(...) (peer)"] = peer_ctor
    except Exception as exc:
        skipped["firsthandapi.FirstHandClient(...) (peer)"] = _describe(exc)

    chunks = 5
    per_chunk = max(cfg.construct_iters // chunks, 1)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    try:
        for make in cases.values():
            _timed_each(make, 3)  # warm-up
        names = list(cases)
        for r in range(chunks):  # interleave so drift hits every case alike
            shift = r % len(names)
            for name in names[shift:] + names[:shift]:
                samples[name].extend(_timed_each(cases[name], per_chunk))
    finally:
        if base_client is not None:
            base_client.close()

    raw_median = statistics.median(samples["httpx.Client(base_url=...)"])
    out: dict[str, Any] = {"samples_per_case": per_chunk * chunks, "cases": {}}
    for name, s in samples.items():
        median = statistics.median(s)
        out["cases"][name] = {
            "status": "ok",
            "median_us": median,
            "min_us": min(s),
            "ratio_to_httpx_client": median / raw_median,
        }
    for name, reason in skipped.items():
        out["cases"][name] = {"status": "skipped", "reason": reason}
    return out


def print_construction(res: dict[str, Any]) -> None:
    _say()
    _say(f"5. client construction  (median of {res['samples_per_case']} individually timed calls)")
    rows: list[list[str]] = []
    notes: list[str] = []
    for name, c in res["cases"].items():
        if c["status"] == "skipped":
            rows.append([name, "skipped", "", ""])
            notes.append(f"  {name}: skipped - {c['reason']}")
            continue
        rows.append(
            [
                name,
                _fmt(c["median_us"], suffix=" us"),
                _fmt(c["min_us"], suffix=" us"),
                _fmt_ratio(c["ratio_to_httpx_client"]),
            ]
        )
    _say(_table(["call", "median", "min", "vs httpx.Client"], rows))
    for note in notes:
        _say(note)


# -- 5. webhook verification of a 1 MB payload --------------------------------------------------

WEBHOOK_BYTES = 1024 * 1024
WEBHOOK_SECRET = "whsec_benchmark_secret_0123456789abcdef"
WEBHOOK_OLD_SECRET = "whsec_benchmark_old_secret_0123456789ab"


def _webhook_body() -> bytes:
    # A 1 MB event envelope (a submission.scored event with a large annotations blob).
    filler = "x" * (WEBHOOK_BYTES - 200)
    body = (
        '{"id":"evt_01JQ8Z5X2M4N6P8R0T2V4W6Y8A","object":"event","type":"submission.scored",'
        f'"created_at":"2026-03-20T19:03:27.971Z","data":{{"annotations":"{filler}"}}}}'
    )
    return body.encode()[:WEBHOOK_BYTES]


def bench_webhooks(cfg: Config) -> dict[str, Any]:
    """verify_webhook_signature on a 1 MB body against the bare HMAC it has to compute."""
    import hashlib
    import hmac

    calls = max(cfg.webhook_calls, 1)
    _say(f"[6/8] webhook verification of a 1 MB payload: {calls} calls per case ...")
    body = _webhook_body()
    ts = int(time.time())
    key = WEBHOOK_SECRET.encode()
    sig = hmac.new(key, f"{ts}.".encode() + body, hashlib.sha256).hexdigest()
    header = f"t={ts},v1={sig}"
    old_sig = hmac.new(WEBHOOK_OLD_SECRET.encode(), f"{ts}.".encode() + body, hashlib.sha256)
    rotation_header = f"t={ts},v1={old_sig.hexdigest()},v1={sig}"

    def bare_hmac() -> object:
        mac = hmac.new(key, f"{ts}.".encode(), hashlib.sha256)
        mac.update(body)
        return hmac.compare_digest(mac.hexdigest(), sig)

    cases: dict[str, Callable[[], object]] = {"hmac + compare_digest (baseline)": bare_hmac}
    skipped: dict[str, str] = {}
    try:
        from firsthand import verify_webhook_signature

        cases["firsthand verify_webhook_signature"] = lambda: verify_webhook_signature(
            body, header, WEBHOOK_SECRET, now=ts
        )
        cases["firsthand, str payload"] = (
            lambda text: lambda: verify_webhook_signature(text, header, WEBHOOK_SECRET, now=ts)
        )(body.decode())
        cases["firsthand, rotation (2 secrets, 2 v1)"] = lambda: verify_webhook_signature(
            body, rotation_header, [WEBHOOK_OLD_SECRET, WEBHOOK_SECRET], now=ts
        )
    except Exception as exc:
        skipped["firsthand verify_webhook_signature"] = _describe(exc)
    try:
        peer = importlib.import_module("firsthandapi.webhooks")
        cases["firsthandapi 0.1.0 (peer)"] = lambda: peer.verify_webhook_signature(
            body, header, WEBHOOK_SECRET
        )
    except Exception as exc:
        skipped["firsthandapi 0.1.0 (peer)"] = _describe(exc)

    for call in cases.values():
        call()  # warm-up, and every case must verify
    rounds = 5
    per_round = max(calls // rounds, 1)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    names = list(cases)
    for r in range(rounds):  # interleaved, rotating the order
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            elapsed = _timed_loop(cases[name], per_round)
            samples[name].append(elapsed / per_round / 1000)
    base = min(samples["hmac + compare_digest (baseline)"])
    out: dict[str, Any] = {"payload_bytes": len(body), "calls_per_case": per_round * rounds}
    out["cases"] = {
        name: {
            "status": "ok",
            "min_us": min(v),
            "median_us": statistics.median(v),
            "ratio_to_hmac": min(v) / base,
        }
        for name, v in samples.items()
    }
    for name, reason in skipped.items():
        out["cases"][name] = {"status": "skipped", "reason": reason}
    return out


def print_webhooks(res: dict[str, Any]) -> None:
    _say()
    _say(
        f"6. webhook verification  ({res['payload_bytes']:,} byte payload, "
        f"{res['calls_per_case']} calls per case, min of 5 interleaved rounds)"
    )
    rows: list[list[str]] = []
    for name, c in res["cases"].items():
        if c["status"] == "skipped":
            rows.append([name, "skipped", "", ""])
            continue
        rows.append(
            [
                name,
                _fmt(c["min_us"] / 1000, ".2f", " ms"),
                _fmt(c["median_us"] / 1000, ".2f", " ms"),
                _fmt_ratio(c["ratio_to_hmac"]),
            ]
        )
    _say(_table(["call", "min", "median", "vs hmac"], rows))


# -- driver ------------------------------------------------------------------------------------


def environment() -> dict[str, Any]:
    return {
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "load_average_at_start": _load_average(),
        "packages": {name: _version(name) for name in PACKAGES},
    }


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    fh = results["get_job"]["contenders"].get(FIRSTHAND, {})
    fh_list = results["list_jobs"]["contenders"].get(FIRSTHAND, {})
    imp = results["import_time"]["cases"]["import firsthand"]
    client_imp = results["import_time"]["cases"].get("from firsthand import FirstHandClient", {})
    targets = [
        # The paired ratio (median over rounds of firsthand/raw measured back to back) cancels
        # the slow drifts of a shared VM that dominate the ratio of the two overall medians.
        (
            "get_job: firsthand / raw httpx (paired)",
            fh.get("paired_ratio_to_raw_httpx"),
            GET_JOB_TARGET,
        ),
        (
            f"list_jobs(limit={LIST_LIMIT}): firsthand / raw httpx (paired)",
            fh_list.get("paired_ratio_to_raw_httpx"),
            LIST_JOBS_TARGET,
        ),
        ("import: `import firsthand` / baseline", imp.get("ratio_to_baseline"), IMPORT_TARGET),
        # ``import firsthand`` alone is lazy; importing the client is what a program really pays.
        (
            "import: `from firsthand import FirstHandClient` / baseline",
            client_imp.get("ratio_to_baseline"),
            IMPORT_TARGET,
        ),
    ]
    out = [
        {
            "name": name,
            "value": value,
            "limit": limit,
            "passed": None if value is None else value <= limit,
        }
        for name, value, limit in targets
    ]
    counts = (results.get("instructions") or {}).get("scenarios", {})
    for scenario, versus, limit in INSTRUCTION_TARGETS:
        entries = counts.get(scenario, {})
        mine = entries.get(FIRSTHAND, {}).get("instructions")
        theirs = entries.get(versus, {}).get("instructions")
        value = _ratio(mine, theirs)
        out.append(
            {
                "name": f"{scenario}: firsthand / {versus}, instructions (callgrind)",
                "value": value,
                "limit": limit,
                "passed": None if value is None else value <= limit,
            }
        )
    wall = (
        ("get", results["get_job"]),
        (f"list-{LIST_LIMIT}", results["list_jobs"]),
        ("async-16", results["async_get_job"]),
    )
    for scenario, res in wall:
        fh_entry = res["contenders"].get(FIRSTHAND, {})
        value = fh_entry.get("paired_ratio_to_peer") if fh_entry.get("status") == "ok" else None
        out.append(
            {
                "name": f"{scenario}: firsthand / peer, wall time (paired)",
                "value": value,
                "limit": PEER_WALL_TARGET,
                "passed": None if value is None else value <= PEER_WALL_TARGET,
                "ci": fh_entry.get("paired_ci_to_peer"),
            }
        )
    return out


def noise_warnings(results: dict[str, Any]) -> list[str]:
    """Heuristics that flag a run whose numbers should not be trusted."""
    warnings: list[str] = []
    env = results["environment"]
    load, cpus = env["load_average_at_start"], env["cpu_count"] or 1
    if load is not None and load[0] >= max(1.0, cpus / 2):
        warnings.append(
            f"1-minute load average was {load[0]:.2f} on {cpus} CPU(s) before the run: "
            "other processes are competing for the CPU"
        )
    # Rounds are short (milliseconds), so single rounds swing widely on any machine; what matters
    # is whether the paired ratios are settled: their 95 % interval must be narrow.
    for target in ("get_job", "list_jobs", "async_get_job"):
        fh_entry = results[target]["contenders"].get(FIRSTHAND, {})
        for versus in ("raw_httpx", "peer"):
            ci = fh_entry.get(f"paired_ci_to_{versus}")
            median = fh_entry.get(f"paired_ratio_to_{versus}")
            if ci and median and (ci[1] - ci[0]) / 2 > 0.03 * median:
                warnings.append(
                    f"{target}: the paired ratio to {versus.replace('_', ' ')} is not settled "
                    f"(95 % interval {ci[0]:.3f}-{ci[1]:.3f}x)"
                )
    base = results["import_time"]["cases"][BASELINE]
    if base.get("median_ms") and base["median_ms"] > 1.25 * base["min_ms"]:
        warnings.append(
            f"import-time baseline median is {base['median_ms'] / base['min_ms'] - 1:.0%} "
            "above its minimum"
        )
    return warnings


#: The columns of the one table, and each scenario's import statement per column.
COLUMNS = (STDLIB, RAW, PEER, FIRSTHAND)
IMPORT_ROWS = {
    STDLIB: "import http.client, json",
    RAW: BASELINE,
    PEER: "import firsthandapi (peer)",
    FIRSTHAND: "from firsthand import FirstHandClient, Job",
}


def one_table(results: dict[str, Any]) -> tuple[list[str], list[list[str]], list[str]]:
    """Every scenario and client in one table: instructions per call beside wall time.

    Wall ratios are paired (per-round) where the contender was timed against raw httpx and the
    peer in the same rounds; import ratios are ratios of medians (``import httpx, pydantic`` is
    the raw httpx column there).
    """
    notes: list[str] = []
    instr = results.get("instructions") or {}
    counts: dict[str, Any] = instr.get("scenarios", {})
    if not instr.get("available"):
        notes.append(f"instructions: {instr.get('reason', 'not measured')}")
    wall = {
        "get": results["get_job"]["contenders"],
        "list-100": results["list_jobs"]["contenders"],
        "async-16": results["async_get_job"]["contenders"],
    }
    headers = ["scenario", "per call", *COLUMNS, "fh / raw", "fh / peer"]
    rows: list[list[str]] = []

    def instr_row(scenario: str, label: str, scale: float, spec: str) -> None:
        entries = counts.get(scenario, {})
        values = {c: e.get("instructions") for c, e in entries.items() if e.get("status") == "ok"}
        cells = [_fmt(None if values.get(c) is None else values[c] / scale, spec) for c in COLUMNS]
        rows.append(
            [
                scenario,
                label,
                *cells,
                _fmt_ratio(_ratio(values.get(FIRSTHAND), values.get(RAW))),
                _fmt_ratio(_ratio(values.get(FIRSTHAND), values.get(PEER))),
            ]
        )

    for scenario in ("get", "list-100", "async-16"):
        instr_row(scenario, "M instructions", 1e6, ".3f")
        entries = wall[scenario]
        fh = entries.get(FIRSTHAND, {})
        rows.append(
            [
                "",
                "wall us (median)",
                *(
                    _fmt(entries.get(c, {}).get("median_us"), ".1f")
                    if entries.get(c, {}).get("status") == "ok"
                    else "-"
                    for c in COLUMNS
                ),
                _fmt_ratio(fh.get("paired_ratio_to_raw_httpx")),
                _fmt_ratio(fh.get("paired_ratio_to_peer")),
            ]
        )
    instr_row("import", "M instr (process)", 1e6, ".1f")
    imports = results["import_time"]["cases"]
    medians = {c: imports.get(key, {}).get("median_ms") for c, key in IMPORT_ROWS.items()}
    rows.append(
        [
            "",
            "wall ms (median)",
            *(_fmt(medians[c], ".1f") for c in COLUMNS),
            _fmt_ratio(_ratio(medians[FIRSTHAND], medians[RAW])),
            _fmt_ratio(_ratio(medians[FIRSTHAND], medians[PEER])),
        ]
    )
    startup = counts.get("import", {}).get(instructions.STARTUP, {}).get("instructions")
    if startup:
        notes.append(
            f"import: whole `python -c STATEMENT` processes; interpreter start-up alone "
            f"(`pass`) is {startup / 1e6:.1f} M instructions"
        )
    notes.append(
        "import columns: " + "; ".join(f"{c}: `{instructions.IMPORTS[c]}`" for c in COLUMNS)
    )
    for scenario, entries in counts.items():
        for client, e in entries.items():
            if e.get("status") not in ("ok", "n/a") and client in COLUMNS:
                notes.append(f"{scenario} / {client}: {e.get('status')} - {e.get('reason')}")
    return headers, rows, notes


def print_one_table(results: dict[str, Any]) -> None:
    headers, rows, notes = one_table(results)
    _say()
    _say(
        "Per call, every client in one run  (M instructions: callgrind, deterministic; wall: "
        "median, ratios paired per round; async-16 per get_job)"
    )
    _say(_table(headers, rows))
    for note in notes:
        _say(f"  {note}")


def print_summary(results: dict[str, Any]) -> None:
    _say()
    _say("Targets")
    for t in results["targets"]:
        verdict = {True: "PASS", False: "FAIL", None: "SKIP"}[t["passed"]]
        ci = t.get("ci")
        interval = f", 95 % interval {ci[0]:.3f}-{ci[1]:.3f}x" if ci else ""
        _say(
            f"  [{verdict}] {t['name']}: {_fmt_ratio(t['value'])} (<= {t['limit']:.2f}x{interval})"
        )
    if results["warnings"]:
        _say("\nNoisy run - rerun on an idle machine before trusting these numbers:")
        for warning in results["warnings"]:
            _say(f"  ! {warning}")
    _say(f"\nTotal benchmark time: {results['elapsed_s']:.1f} s")


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description="firsthand client-overhead benchmarks")
    parser.add_argument("--quick", action="store_true", help="fewer iterations (smoke run)")
    parser.add_argument(
        "--json",
        metavar="PATH",
        type=Path,
        default=DEFAULT_JSON,
        help=f"where to write the JSON results (default: {DEFAULT_JSON.relative_to(HERE.parent)})",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument(
        "--instructions",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="count instructions under callgrind (default: on, off with --quick)",
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    count_instructions = (not args.quick) if args.instructions is None else args.instructions

    started = time.perf_counter()
    env = environment()
    _say(
        f"firsthand benchmarks ({'quick' if args.quick else 'full'}) on "
        f"{env['implementation']} {env['python']}, {env['platform']}, {env['cpu_count']} CPU(s)"
    )
    _say(
        "packages: "
        + ", ".join(
            f"{name} {version or 'not installed'}" for name, version in env["packages"].items()
        )
    )
    _say()

    results: dict[str, Any] = {
        "schema": 2,
        "timestamp": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "mode": "quick" if args.quick else "full",
        "environment": env,
        "config": cfg.__dict__,
    }
    results["get_job"] = bench_get_job(cfg)
    results["list_jobs"] = bench_list_jobs(cfg)
    results["async_get_job"] = bench_async(cfg)
    results["import_time"] = bench_imports(cfg)
    results["construction"] = bench_construction(cfg)
    results["webhooks"] = bench_webhooks(cfg)
    if count_instructions:
        _say("[7/8] instructions per call under callgrind (a few minutes) ...")
        results["instructions"] = instructions.measure(quick=args.quick)
        _say("[8/8] validation options of a 100-job page ...")
        results["validation"] = validation.measure(quick=args.quick)
    else:
        skipped = "skipped (--quick; add --instructions to count them)"
        results["instructions"] = {"available": False, "reason": skipped, "scenarios": {}}
        results["validation"] = None
    results["targets"] = targets = evaluate_targets(results)
    results["warnings"] = noise_warnings(results)
    results["load_average_at_end"] = _load_average()
    results["elapsed_s"] = time.perf_counter() - started

    print_calls(results["get_job"], "1. get_job per call")
    print_calls(results["list_jobs"], f"2. list_jobs(limit={LIST_LIMIT}) per call")
    print_async(results["async_get_job"])
    print_imports(results["import_time"])
    print_construction(results["construction"])
    print_webhooks(results["webhooks"])
    if results["validation"] is not None:
        validation.print_table(results["validation"])
    print_one_table(results)
    print_summary(results)

    path: Path = args.json
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    _say(f"Results written to {path}")

    if args.check and any(t["passed"] is False for t in targets):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
