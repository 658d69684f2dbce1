"""The world's time and its schedule: what happens when, on the stand-in's clock."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import List, Optional

from firsthand.testing._clock import FakeClock
from firsthand.testing._ids import IdFactory
from firsthand.testing._rules import (
    iso,
)


@dataclass(order=True)
class _Scheduled:
    at: float
    sequence: int
    action: Callable[[], None] = field(compare=False)


class Scheduler:
    """The stand-in's time (a scheduled action's own time while it runs), ids stamped with it, and
    the queue of actions due later."""

    clock: FakeClock
    ids: IdFactory
    _queue: List[_Scheduled]
    _sequence: Iterator[int]
    _at: Optional[float]

    # -- time, ids ---------------------------------------------------------------------------
    def now(self) -> float:
        """The time of what is happening: a scheduled action's own time while it runs."""
        return self._at if self._at is not None else self.clock.now()

    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=timezone.utc)

    def stamp(self, offset: float = 0.0) -> str:
        return iso(self.moment() + timedelta(seconds=offset))

    def new_id(self, prefix: str) -> str:
        return self.ids.new(prefix, self.now())

    # -- the schedule ------------------------------------------------------------------------
    def schedule(
        self, delay: float, action: Callable[[], None], *, after: Optional[float] = None
    ) -> None:
        """Run ``action`` ``delay`` seconds after ``after`` (default: now) on the stand-in's clock."""
        start = self.now() if after is None else after
        heapq.heappush(self._queue, _Scheduled(start + delay, next(self._sequence), action))

    def next_due(self) -> Optional[float]:
        return self._queue[0].at if self._queue else None

    def run_due(self) -> int:
        """Run every scheduled action whose time has come, in time order; how many ran."""
        ran = 0
        now = self.clock.now()
        while self._queue and self._queue[0].at <= now:
            item = heapq.heappop(self._queue)
            self._at = item.at
            try:
                item.action()
            finally:
                self._at = None
            ran += 1
        return ran
