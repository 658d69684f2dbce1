"""The progress display of ``download_job_files``: nothing, a one-line counter, or a ``rich`` bar.

Shown only on a terminal, and only when asked for; ``rich`` comes with ``firsthand[progress]``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ._downloads import FileTarget

__all__ = ["Progress", "format_size", "open_progress"]


class Progress:
    """Progress of a download; this base shows nothing (``progress=False`` or not a terminal).

    Examples:
        >>> with Progress() as progress:
        ...     progress.add_bytes(10)
        ...     progress.file_done()
    """

    def add_bytes(self, count: int) -> None:
        """``count`` more bytes arrived (negative: an attempt's bytes were thrown away)."""

    def file_done(self) -> None:
        """One more file is in place (downloaded or already intact)."""

    def close(self) -> None:
        """The download is over (finished or failed)."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


def format_size(count: int) -> str:
    """A byte count for people, in decimal units: the one size format the SDK prints (the
    download counter and bar, the demo and the ``firsthand`` command all use it).

    Examples:
        >>> format_size(512), format_size(9_300), format_size(3_500_000)
        ('512 B', '9.3 KB', '3.5 MB')
    """
    value = float(count)
    for unit in ("B", "KB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")  # pragma: no cover


class _CounterProgress(Progress):
    """One line on stderr, rewritten in place: ``Downloading files: 2/3 (1.2 MB of 1.8 MB)``."""

    def __init__(self, stream: IO[str], total_files: int, total_bytes: int) -> None:
        self._stream = stream
        self._total_files = total_files
        self._total_bytes = total_bytes
        self._files = 0
        self._bytes = 0
        self._drawn_at = 0.0
        self._width = 0
        self._lock = threading.Lock()
        with self._lock:
            self._draw()

    def _draw(self) -> None:
        line = (
            f"Downloading files: {self._files}/{self._total_files} "
            f"({format_size(max(self._bytes, 0))} of {format_size(self._total_bytes)})"
        )
        self._stream.write("\r" + line.ljust(self._width))
        self._stream.flush()
        self._width = len(line)
        self._drawn_at = time.monotonic()

    def add_bytes(self, count: int) -> None:
        with self._lock:
            self._bytes += count
            if time.monotonic() - self._drawn_at >= 0.1:
                self._draw()

    def file_done(self) -> None:
        with self._lock:
            self._files += 1
            self._draw()

    def close(self) -> None:
        with self._lock:
            self._draw()
            self._stream.write("\n")
            self._stream.flush()


class _RichProgress(Progress):
    """A ``rich`` progress bar (bytes, speed, time left) when ``rich`` is installed."""

    def __init__(self, stream: IO[str], total_files: int, total_bytes: int) -> None:
        import importlib

        columns: Any = importlib.import_module("rich.progress")
        console: Any = importlib.import_module("rich.console")
        self._total_files = total_files
        self._files = 0
        self._lock = threading.Lock()
        self._bar: Any = columns.Progress(
            columns.TextColumn("{task.description}"),
            columns.BarColumn(),
            columns.TextColumn("{task.fields[sizes]}"),  # format_size, as everywhere else
            columns.TransferSpeedColumn(),
            columns.TimeRemainingColumn(),
            console=console.Console(file=stream),
        )
        self._total_bytes = total_bytes
        self._bytes = 0
        self._task: Any = self._bar.add_task(
            self._description(), total=total_bytes, sizes=self._sizes()
        )
        self._bar.start()

    def _description(self) -> str:
        return f"Downloading files {self._files}/{self._total_files}"

    def _sizes(self) -> str:
        return f"{format_size(max(self._bytes, 0))}/{format_size(self._total_bytes)}"

    def add_bytes(self, count: int) -> None:
        with self._lock:
            self._bytes += count
            self._bar.update(self._task, advance=count, sizes=self._sizes())

    def file_done(self) -> None:
        with self._lock:  # the sync client's threads finish files concurrently
            self._files += 1
            self._bar.update(self._task, description=self._description())

    def close(self) -> None:
        self._bar.stop()


def open_progress(enabled: bool, targets: Sequence[FileTarget]) -> Progress:
    """The progress display for a download: nothing unless ``enabled`` and stderr is a terminal;
    then a ``rich`` bar when ``rich`` is importable (``pip install firsthand[progress]``), else
    a one-line counter.

    Examples:
        >>> type(open_progress(False, [])).__name__
        'Progress'
    """
    stream: Optional[IO[str]] = sys.stderr
    if not enabled or stream is None or not stream.isatty():
        return Progress()
    total_files = len(targets)
    total_bytes = sum(max(target.size_bytes, 0) for target in targets)
    try:
        return _RichProgress(stream, total_files, total_bytes)
    except ImportError:
        return _CounterProgress(stream, total_files, total_bytes)
