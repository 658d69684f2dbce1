"""CPU instructions per call of each client, under valgrind's callgrind (part of ``run.py``).

Scenarios (every call reads ``id`` and ``status`` of each job it gets back):

- ``get``: ``get_job`` of one ~0.8 KB job;
- ``list-100``: ``list_jobs(limit=100)``, one ~89 KB page of 100 jobs;
- ``async-16``: async ``get_job``, ``asyncio.gather`` of 16 (figures are per ``get_job``);
- ``import``: a fresh interpreter running the client's import statement (whole process).

Clients (columns): stdlib ``http.client`` + ``json`` (the floor), raw ``httpx`` + ``.json()``,
the peer ``firsthandapi`` 0.1.0 (dicts) and ``firsthand`` (validated models).

The call scenarios run in a child ``valgrind --tool=callgrind --instr-atstart=no`` process
(``python benchmarks/instructions.py --worker SCENARIO URL CALLS``) against the same local
keep-alive server as the wall-time rounds, which runs natively in its own process; see
``callgrind.py`` for how exactly the counted calls are bracketed. Instruction counts do not depend
on what else the machine is doing, so one run per client is enough.

Standalone: ``python benchmarks/instructions.py`` prints the table.
"""

from __future__ import annotations

import asyncio
import gc
import http.client
import importlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Optional

from callgrind import (
    EMPTY,
    Meter,
    callgrind_unavailable_reason,
    per_call,
    run_under_callgrind,
    total_instructions,
)

HERE = Path(__file__).resolve().parent

JOB_PATH = "/v1/jobs/job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"
JOB_ID = "job_01JQ8Z5X2M4N6P8R0T2V4W6Y8A"
AUTH = {"Authorization": "Bearer fh_test_x"}
GATHER = 16

STDLIB = "stdlib http.client + json"
RAW = "raw httpx"
PEER = "firsthandapi 0.1.0 (peer)"
FIRSTHAND = "firsthand"
CLIENTS = (STDLIB, RAW, PEER, FIRSTHAND)

SCENARIOS = ("get", "list-100", "async-16", "import")
#: Calls counted per client and scenario (async-16: gathers of 16); the full and quick runs.
CALLS = {"get": 60, "list-100": 12, "async-16": 3}
QUICK_CALLS = {"get": 20, "list-100": 4, "async-16": 2}
#: How many regions of ``CALLS["async-16"]`` gathers are counted; the fewest instructions win.
#: How many event-loop turns a gather takes depends on how many answers are ready at each
#: ``select``, i.e. on the server's timing, so one region varies by up to 25 % between runs.
ASYNC_REGIONS = 4
QUICK_ASYNC_REGIONS = 2
WARMUP = {"get": 30, "list-100": 6, "async-16": 4}

#: The import statement of each client; ``import httpx, pydantic`` is also the import target's
#: baseline (raw httpx has no models of its own, pydantic is what validating clients need).
IMPORTS = {
    STDLIB: "import http.client, json",
    RAW: "import httpx, pydantic",
    PEER: "import firsthandapi",
    FIRSTHAND: "from firsthand import FirstHandClient, Job",
}
STARTUP = "pass"


# -- the worker (runs under callgrind) ----------------------------------------------------------


def _read_job(job: Any) -> None:
    if isinstance(job, dict):
        if job["id"] is None or job["status"] is None:
            raise RuntimeError("a job without id/status")
    elif job.id is None or job.status is None:
        raise RuntimeError("a job without id/status")


def _read_page(page: Any) -> None:
    items = page["data"] if isinstance(page, dict) else page.data
    for job in items:
        _read_job(job)


def _sync_calls(
    client: str, scenario: str, url: str
) -> tuple[Callable[[], object], Callable[[], None]]:
    """``(call, close)`` of one client; ``call`` does one API call and reads the result."""
    list_params = {"limit": 100}
    if client == STDLIB:
        parts = urllib.parse.urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port)
        target = JOB_PATH if scenario == "get" else "/v1/jobs?limit=100"

        def stdlib_call() -> object:
            conn.request("GET", target, headers=AUTH)
            response = conn.getresponse()
            body = response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")
            return json.loads(body)

        return _reading(stdlib_call, scenario), conn.close
    if client == RAW:
        import httpx

        c = httpx.Client(base_url=url)
        if scenario == "get":
            return _reading(lambda: c.get(JOB_PATH, headers=AUTH).json(), scenario), c.close
        return _reading(
            lambda: c.get("/v1/jobs", params=list_params, headers=AUTH).json(), scenario
        ), c.close
    if client == PEER:
        peer = importlib.import_module("firsthandapi").FirstHandClient(
            api_key="fh_test_bench", base_url=url
        )
        if scenario == "get":
            return _reading(lambda: peer.get_job(JOB_ID), scenario), peer.close
        return _reading(lambda: peer.list_jobs(limit=100), scenario), peer.close
    from firsthand import FirstHandClient

    fh = FirstHandClient(api_key="fh_test_bench", base_url=url)
    if scenario == "get":
        return _reading(lambda: fh.get_job(JOB_ID), scenario), fh.close
    return _reading(lambda: fh.list_jobs(limit=100), scenario), fh.close


def _reading(call: Callable[[], object], scenario: str) -> Callable[[], object]:
    read = _read_job if scenario == "get" else _read_page

    def call_and_read() -> object:
        result = call()
        read(result)
        return result

    return call_and_read


async def async_client(client: str, url: str) -> tuple[Callable[[], Any], Callable[[], Any]]:
    if client == RAW:
        import httpx

        c = httpx.AsyncClient(base_url=url)

        async def raw_get() -> None:
            _read_job((await c.get(JOB_PATH, headers=AUTH)).json())

        return raw_get, c.aclose
    if client == PEER:
        peer = importlib.import_module("firsthandapi").AsyncFirstHandClient(
            api_key="fh_test_bench", base_url=url
        )

        async def peer_get() -> None:
            _read_job(await peer.get_job(JOB_ID))

        return peer_get, peer.close
    if client == FIRSTHAND:
        from firsthand import AsyncFirstHandClient

        fh = AsyncFirstHandClient(api_key="fh_test_bench", base_url=url)

        async def fh_get() -> None:
            _read_job(await fh.get_job(JOB_ID))

        return fh_get, fh.aclose
    raise LookupError(f"{client} has no async client")


async def _noop() -> None:
    return None


async def _async_worker(
    url: str, calls: int, regions: int, meter: Meter, out: list[dict[str, Any]]
) -> None:
    for client in CLIENTS:
        try:
            get, close = await async_client(client, url)
        except LookupError as exc:
            out.append({"client": client, "status": "n/a", "reason": str(exc)})
            continue
        except ImportError as exc:
            out.append({"client": client, "status": "skipped", "reason": f"not importable ({exc})"})
            continue
        try:
            for _ in range(WARMUP["async-16"]):
                await asyncio.gather(*(get() for _ in range(GATHER)))
            gc.collect()
            gc.disable()
            labels = [f"{client}#{k}" for k in range(regions)]
            for label in labels:
                meter.start()
                for _ in range(calls):
                    await asyncio.gather(*(get() for _ in range(GATHER)))
                meter.stop(label)
                # The empty loop subtracted is the harness's loop only: the gather and its
                # tasks are part of what an async call costs.
                meter.start()
                for _ in range(calls):
                    await _noop()
                meter.stop(f"{EMPTY}/{label}")
            gc.enable()
        finally:
            await close()
        out.append({"client": client, "status": "ok", "calls": calls * GATHER, "regions": labels})


def worker(scenario: str, url: str, calls: int, regions: int = 1) -> int:
    """Measure every client on ``scenario``; print one JSON line per client."""
    meter = Meter()
    results: list[dict[str, Any]] = []
    if scenario == "async-16":
        asyncio.run(_async_worker(url, calls, regions, meter, results))
    else:
        for client in CLIENTS:
            try:
                call, close = _sync_calls(client, scenario, url)
            except ImportError as exc:
                results.append(
                    {"client": client, "status": "skipped", "reason": f"not importable ({exc})"}
                )
                continue
            try:
                for _ in range(WARMUP[scenario]):
                    call()
                gc.collect()
                gc.disable()
                meter.measure(client, call, calls)
                gc.enable()
            finally:
                close()
            results.append({"client": client, "status": "ok", "calls": calls})
    for entry in results:
        print(json.dumps(entry), flush=True)
    return 0


# -- the driver ---------------------------------------------------------------------------------


def import_env(pycache: str) -> dict[str, str]:
    """Environment for the import-time interpreters (this file's counts and run.py's timings).

    Bytecode must be cached, or every run would recompile whatever has no ``.pyc`` yet (notably an
    editable ``firsthand``), and ``PYTHONDONTWRITEBYTECODE`` is often set in containers and CI.
    A private ``PYTHONPYCACHEPREFIX`` gives every statement the same warm cache without writing
    ``__pycache__`` directories into the source tree.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = pycache
    return env


def _measure_calls(scenario: str, url: str, calls: int, regions: int = 1) -> dict[str, Any]:
    run = run_under_callgrind(
        [str(HERE / "instructions.py"), "--worker", scenario, url, str(calls), str(regions)]
    )
    counts: dict[str, int] = run["counts"]
    out: dict[str, Any] = {}
    for line in run["stdout"].splitlines():
        entry = json.loads(line)
        client = entry.pop("client")
        if entry["status"] == "ok":
            per_region = [
                per_call(counts, r, entry["calls"]) for r in entry.pop("regions", [client])
            ]
            values = [v for v in per_region if v is not None]
            value = min(values) if len(values) == len(per_region) else None
            if len(per_region) > 1:
                entry["regions"] = per_region
            if value is None:
                entry = {"status": "error", "reason": "callgrind wrote no count for this client"}
            else:
                entry["instructions"] = value
        out[client] = entry
    return out


def _measure_imports() -> dict[str, Any]:
    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="firsthand-bench-pycache-") as pycache:
        env = import_env(pycache)
        statements = {STARTUP: STARTUP, **IMPORTS}
        for statement in statements.values():  # fill the bytecode cache natively first
            subprocess.run(
                [sys.executable, "-c", statement],
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
        with ThreadPoolExecutor(max_workers=2) as pool:
            futures = {
                key: pool.submit(total_instructions, statement, env)
                for key, statement in statements.items()
            }
        for key, future in futures.items():
            try:
                out[key] = {"status": "ok", "instructions": float(future.result())}
            except RuntimeError as exc:
                out[key] = {"status": "skipped", "reason": str(exc)}
    return out


def measure(url: Optional[str] = None, quick: bool = False) -> dict[str, Any]:
    """Every scenario for every client: ``{"scenarios": {scenario: {client: entry}}}``.

    ``url``: a running benchmark server; one is started when ``None``.
    """
    reason = callgrind_unavailable_reason()
    if reason is not None:
        return {"available": False, "reason": reason, "scenarios": {}}
    calls = QUICK_CALLS if quick else CALLS
    if url is None:
        from server import serve_in_subprocess

        with serve_in_subprocess() as served:
            return measure(served, quick)
    scenarios: dict[str, Any] = {}
    with ThreadPoolExecutor(max_workers=2) as pool:  # 2 at a time: counts do not depend on load
        regions = QUICK_ASYNC_REGIONS if quick else ASYNC_REGIONS
        futures = {
            s: pool.submit(_measure_calls, s, url, calls[s], regions if s == "async-16" else 1)
            for s in CALLS
        }
        imports = pool.submit(_measure_imports)
        for scenario, future in futures.items():
            try:
                scenarios[scenario] = future.result()
            except RuntimeError as exc:
                scenarios[scenario] = {c: {"status": "error", "reason": str(exc)} for c in CLIENTS}
        import_counts = imports.result()
    scenarios["import"] = {c: import_counts[c] for c in CLIENTS}
    scenarios["import"][STARTUP] = import_counts[STARTUP]
    return {
        "available": True,
        "reason": None,
        "calls": calls,
        "async_regions": regions,
        "scenarios": scenarios,
    }


def main(argv: Optional[list[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--worker"]:
        return worker(args[1], args[2], int(args[3]), int(args[4]) if len(args) > 4 else 1)
    res = measure(quick="--quick" in args)
    print(json.dumps(res, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
