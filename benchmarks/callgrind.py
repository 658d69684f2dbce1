"""Count CPU instructions of a code region under valgrind's callgrind (used by ``run.py``).

A benchmark process is started as ``valgrind --tool=callgrind --instr-atstart=no python ...``: it
imports and warms up at valgrind's uninstrumented speed, then brackets exactly the calls to be
counted with callgrind *client requests* (the same requests ``CALLGRIND_START_INSTRUMENTATION`` and
``CALLGRIND_DUMP_STATS_AT`` from ``<valgrind/callgrind.h>`` issue). Each bracketed region is written
as one dump whose ``totals:`` line is the number of instructions executed in it, so interpreter
start-up, imports and warm-up never reach the figure, and every region also counts one empty loop
of the same length, which is subtracted (the harness's own loop and the markers).

A client request is a magic instruction sequence that does nothing on a real CPU and that valgrind
recognises when it translates the code. Python cannot emit it, so :class:`Meter` puts the 25 bytes
of an x86-64 function into an executable page and calls it through :mod:`ctypes`. On any other
machine (or outside valgrind) the markers are inert and :func:`client_requests_supported` is false,
so the driver reports wall time only.
"""

from __future__ import annotations

import ctypes
import itertools
import mmap
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional, TypeVar

__all__ = [
    "Meter",
    "callgrind_unavailable_reason",
    "client_requests_supported",
    "per_call",
    "read_dumps",
    "run_under_callgrind",
    "total_instructions",
    "valgrind_path",
]

# ``unsigned long f(unsigned long *args)``: the x86-64 client-request sequence of valgrind.h
# (rax = &args, rdx = default result; the four ``rol`` leave rdi unchanged on a real CPU).
_X86_64_CLIENT_REQUEST = bytes.fromhex(
    "4889f8"  # mov rax, rdi
    "31d2"  # xor edx, edx           (the result outside valgrind: 0)
    "48c1c703"  # rol rdi, 3
    "48c1c70d"  # rol rdi, 13
    "48c1c73d"  # rol rdi, 61
    "48c1c733"  # rol rdi, 51
    "4887db"  # xchg rbx, rbx          (the request itself)
    "4889d0"  # mov rax, rdx
    "c3"  # ret
)

_RUNNING_ON_VALGRIND = 0x1001
_CALLGRIND_BASE = (ord("C") << 24) | (ord("T") << 16)
_ZERO_STATS = _CALLGRIND_BASE + 1
_DUMP_STATS_AT = _CALLGRIND_BASE + 3
_START_INSTRUMENTATION = _CALLGRIND_BASE + 4
_STOP_INSTRUMENTATION = _CALLGRIND_BASE + 5

#: The label of the empty loop measured with every region and subtracted from it.
EMPTY = "__empty__"


def client_requests_supported() -> bool:
    """Whether :class:`Meter` can talk to callgrind on this machine (x86-64 Linux)."""
    return sys.platform.startswith("linux") and platform.machine().lower() in ("x86_64", "amd64")


def valgrind_path() -> Optional[str]:
    return shutil.which("valgrind")


def callgrind_unavailable_reason() -> Optional[str]:
    """``None`` when instruction counts can be measured, else why not (shown in the table)."""
    if os.environ.get("FIRSTHAND_BENCH_NO_CALLGRIND"):
        return "disabled by FIRSTHAND_BENCH_NO_CALLGRIND"
    if valgrind_path() is None:
        return "valgrind is not installed (apt-get install valgrind): wall time only"
    if not client_requests_supported():
        return f"callgrind markers need x86-64 Linux, this is {sys.platform}/{platform.machine()}"
    return None


class Meter:
    """Bracket regions of code for callgrind; inert outside valgrind.

    ``measure(label, call, n)`` runs ``call`` ``n`` times with instrumentation on and dumps the
    count under ``label``, then does the same for an empty loop (label ``__empty__/<label>``).
    """

    def __init__(self) -> None:
        self._fn: Optional[Callable[[Any], int]] = None
        if not client_requests_supported():
            return
        self._page = mmap.mmap(
            -1, mmap.PAGESIZE, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC
        )
        self._page.write(_X86_64_CLIENT_REQUEST)
        address = ctypes.addressof(ctypes.c_char.from_buffer(self._page))
        prototype = ctypes.CFUNCTYPE(ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong))
        self._fn = prototype(address)

    def _request(self, code: int, arg: int = 0) -> int:
        if self._fn is None:
            return 0
        args = (ctypes.c_ulong * 6)(code, arg, 0, 0, 0, 0)
        return int(self._fn(args))

    @property
    def active(self) -> bool:
        """True when running under valgrind (the requests reach callgrind)."""
        return self._request(_RUNNING_ON_VALGRIND) > 0

    def start(self) -> None:
        self._request(_START_INSTRUMENTATION)
        self._request(_ZERO_STATS)

    def stop(self, label: str) -> None:
        text = ctypes.create_string_buffer(label.encode())
        self._request(_DUMP_STATS_AT, ctypes.addressof(text))
        self._request(_STOP_INSTRUMENTATION)

    def measure(self, label: str, call: Callable[[], object], n: int) -> None:
        """Count ``n`` calls of ``call`` under ``label``, then an empty loop of ``n`` under
        ``__empty__/<label>`` (the loop and markers, subtracted by :func:`per_call`)."""
        for name, body in ((label, call), (f"{EMPTY}/{label}", _noop)):
            self.start()
            for _ in itertools.repeat(None, n):
                body()
            self.stop(name)


def _noop() -> None:
    return None


def per_call(counts: dict[str, int], label: str, n: int) -> Optional[float]:
    """Instructions per call of region ``label`` (``n`` calls), the empty loop subtracted."""
    if label not in counts:
        return None
    return (counts[label] - counts.get(f"{EMPTY}/{label}", 0)) / n


def read_dumps(out_file: Path) -> dict[str, int]:
    """``{label: instructions}`` from the dump files callgrind wrote for ``out_file``."""
    counts: dict[str, int] = {}
    for part in sorted(out_file.parent.glob(out_file.name + "*")):
        text = part.read_text(encoding="utf-8", errors="replace")
        trigger = re.search(r"^desc: Trigger: Client Request: (.*)$", text, re.MULTILINE)
        totals = re.search(r"^summary: (\d+)", text, re.MULTILINE)
        if trigger and totals:
            counts[trigger.group(1).strip()] = int(totals.group(1))
    return counts


_T = TypeVar("_T")


def _env(env: Optional[dict[str, str]]) -> dict[str, str]:
    # A fixed hash seed: set and dict layouts, hence the counts, repeat from run to run.
    out = dict(os.environ if env is None else env)
    out.setdefault("PYTHONHASHSEED", "0")
    return out


def _callgrind(
    options: list[str],
    argv: list[str],
    env: Optional[dict[str, str]],
    what: str,
    read: Callable[[Path], _T],
) -> tuple[_T, str]:
    """Run ``python argv...`` under callgrind with ``options``: (``read`` of its output file, before
    the file is removed, and the child's stdout).

    Raises ``RuntimeError`` naming ``what`` and the child's last own line of stderr (valgrind's
    ``==pid==`` summary lines come last and would hide a traceback).
    """
    valgrind = valgrind_path()
    if valgrind is None:
        raise RuntimeError("valgrind is not installed")
    with tempfile.TemporaryDirectory(prefix="firsthand-callgrind-") as tmp:
        out_file = Path(tmp) / "callgrind.out"
        cmd = [
            valgrind,
            "--tool=callgrind",
            *options,
            f"--callgrind-out-file={out_file}",
            sys.executable,
            *argv,
        ]
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=_env(env),
            check=False,
        )
        if proc.returncode != 0:
            own = [line for line in proc.stderr.strip().splitlines() if not line.startswith("==")]
            tail = (own or ["(no output)"])[-1]
            raise RuntimeError(f"callgrind run of {what} failed (exit {proc.returncode}): {tail}")
        return read(out_file), proc.stdout


def run_under_callgrind(argv: list[str], env: Optional[dict[str, str]] = None) -> dict[str, Any]:
    """Run ``python argv...`` under callgrind with instrumentation off until a :class:`Meter` turns it on.

    Returns ``{"counts": {label: instructions}, "stdout": str}``; raises ``RuntimeError`` on failure.
    """
    counts, stdout = _callgrind(["--instr-atstart=no"], argv, env, " ".join(argv), read_dumps)
    return {"counts": counts, "stdout": stdout}


def total_instructions(statement: str, env: Optional[dict[str, str]] = None) -> int:
    """Instructions of a whole fresh interpreter running ``python -c statement`` (for import cost)."""
    text, _ = _callgrind(
        [], ["-c", statement], env, repr(statement), lambda out: out.read_text("utf-8", "replace")
    )
    totals = re.search(r"^summary: (\d+)", text, re.MULTILINE)
    if totals is None:
        raise RuntimeError(f"no totals in the callgrind output of {statement!r}")
    return int(totals.group(1))
