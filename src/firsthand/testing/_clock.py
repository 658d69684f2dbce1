"""The stand-in's clock: frozen until moved (in-process tests) or running in real time (served)."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import Optional, Union


class FakeClock:
    """The time the stand-in lives on, in Unix seconds.

    A frozen clock moves only when told (``fake.advance(seconds)``), so tests are exact and instant; a
    running clock follows real time, ``speed`` times faster (``fake.serve()`` starts it). Either way
    [`advance`][firsthand.testing.FakeClock.advance] jumps it forward.

    Args:
        start: The starting time, Unix seconds or an aware ``datetime`` (default: now).
        running: Follow real time from the start.
        speed: Seconds of stand-in time per real second while running.

    Examples:
        >>> clock = FakeClock(start=1_800_000_000)
        >>> clock.advance(15)
        >>> clock.now()
        1800000015.0
        >>> clock.datetime().isoformat()
        '2027-01-15T08:00:15+00:00'
    """

    def __init__(
        self,
        *,
        start: Union[float, datetime, None] = None,
        running: bool = False,
        speed: float = 1.0,
    ) -> None:
        if isinstance(start, datetime):
            if start.tzinfo is None:
                raise ValueError("start must be an aware datetime (add tzinfo=timezone.utc)")
            start = start.timestamp()
        if not speed > 0:
            raise ValueError(f"speed must be positive, not {speed!r}")
        self._lock = threading.Lock()
        self._base = float(time.time() if start is None else start)
        self._speed = float(speed)
        self._since: Optional[float] = time.monotonic() if running else None
        self._advanced = 0.0

    @property
    def running(self) -> bool:
        """Whether the clock follows real time.

        Examples:
            >>> FakeClock().running, FakeClock(running=True).running
            (False, True)
        """
        return self._since is not None

    @property
    def speed(self) -> float:
        """Stand-in seconds per real second while running.

        Examples:
            >>> FakeClock(speed=10).speed
            10.0
        """
        return self._speed

    @property
    def advanced(self) -> float:
        """Seconds added by [`advance`][firsthand.testing.FakeClock.advance] so far (rate-limit buckets refill by them too).

        Examples:
            >>> clock = FakeClock()
            >>> clock.advance(2.5)
            >>> clock.advanced
            2.5
        """
        return self._advanced

    def now(self) -> float:
        """The current stand-in time, Unix seconds.

        Examples:
            >>> FakeClock(start=100).now()
            100.0
        """
        with self._lock:
            elapsed = 0.0 if self._since is None else (time.monotonic() - self._since) * self._speed
            return self._base + elapsed

    def datetime(self) -> datetime:
        """The current stand-in time as an aware UTC ``datetime``.

        Examples:
            >>> FakeClock(start=0).datetime().year
            1970
        """
        return datetime.fromtimestamp(self.now(), tz=timezone.utc)

    def advance(self, seconds: float) -> None:
        """Jump forward by ``seconds`` (never backwards).

        Examples:
            >>> clock = FakeClock(start=0)
            >>> clock.advance(-1)
            Traceback (most recent call last):
            ValueError: the clock only moves forward; got -1 seconds
        """
        if not seconds >= 0:
            raise ValueError(f"the clock only moves forward; got {seconds!r} seconds")
        with self._lock:
            self._base += seconds
            self._advanced += seconds

    def run(self) -> None:
        """Start following real time (no-op when running).

        Examples:
            >>> clock = FakeClock()
            >>> clock.run()
            >>> clock.running
            True
        """
        with self._lock:
            if self._since is None:
                self._since = time.monotonic()

    def freeze(self) -> None:
        """Stop following real time, keeping the time reached (no-op when frozen).

        Examples:
            >>> clock = FakeClock(running=True)
            >>> clock.freeze()
            >>> clock.running
            False
        """
        with self._lock:
            if self._since is not None:
                self._base += (time.monotonic() - self._since) * self._speed
                self._since = None

    def real_seconds(self, seconds: float) -> float:
        """How many real seconds ``seconds`` of stand-in time take while running.

        Examples:
            >>> FakeClock(speed=4).real_seconds(10)
            2.5
        """
        return seconds / self._speed
