"""Failures the stand-in acts out on the next requests: ``fake.faults``."""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from typing import Deque, Optional


@dataclass(frozen=True)
class Fault:
    """One planned failure: ``kind`` is ``fail``, ``drop``, ``delay`` or ``rate_limit``.

    Examples:
        >>> Fault("fail", status=503)
        Fault(kind='fail', status=503, seconds=0.0, retry_after=1)
    """

    kind: str
    status: int = 503
    seconds: float = 0.0
    retry_after: int = 1


class Faults:
    """Make the stand-in's next requests fail, one planned fault per request, in the order planned.

    ``fail_next`` and ``rate_limit_next`` answer without touching anything (the request had no
    effect); ``drop_next`` and ``delay_next`` process the request first, then lose or slow the
    answer, so a retry meets the work already done (and the idempotency key that guards it).
    Downloads of files count as requests too.

    Examples:
        >>> from firsthand.testing import FakeFirstHand
        >>> fake = FakeFirstHand()
        >>> fake.faults.fail_next(2, status=502)
        >>> fake.faults.pending
        2
        >>> with fake.client() as client:
        ...     balance = client.get_credit_balance()   # two 502s, retried, then answered
        >>> balance.available_cents, fake.faults.pending
        (100000, 0)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._planned: Deque[Fault] = deque()

    def fail_next(self, n: int = 1, status: int = 503) -> None:
        """Answer the next ``n`` requests with ``status`` and an error body, doing nothing else.

        Examples:
            >>> faults = Faults()
            >>> faults.fail_next(status=500)
            >>> faults.take()
            Fault(kind='fail', status=500, seconds=0.0, retry_after=1)
        """
        if not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status (400-599), not {status!r}")
        self._plan(n, Fault("fail", status=status))

    def drop_next(self, n: int = 1) -> None:
        """Process the next ``n`` requests, then close the connection partway through the answer.

        Examples:
            >>> faults = Faults()
            >>> faults.drop_next()
            >>> faults.take().kind
            'drop'
        """
        self._plan(n, Fault("drop"))

    def delay_next(self, seconds: float, n: int = 1) -> None:
        """Process the next ``n`` requests, then wait ``seconds`` (real time) before answering;
        a client whose read timeout is shorter sees a timeout.

        Examples:
            >>> faults = Faults()
            >>> faults.delay_next(0.5)
            >>> faults.take().seconds
            0.5
        """
        if not seconds >= 0:
            raise ValueError(f"seconds must be zero or more, not {seconds!r}")
        self._plan(n, Fault("delay", seconds=float(seconds)))

    def rate_limit_next(self, n: int = 1, retry_after: int = 1) -> None:
        """Answer the next ``n`` requests with 429 ``rate_limit_exceeded`` and ``Retry-After``.

        Examples:
            >>> faults = Faults()
            >>> faults.rate_limit_next(retry_after=2)
            >>> faults.take().retry_after
            2
        """
        if not retry_after >= 0:
            raise ValueError(f"retry_after must be zero or more, not {retry_after!r}")
        self._plan(n, Fault("rate_limit", status=429, retry_after=int(retry_after)))

    def clear(self) -> None:
        """Forget every planned fault.

        Examples:
            >>> faults = Faults()
            >>> faults.drop_next(3)
            >>> faults.clear()
            >>> faults.pending
            0
        """
        with self._lock:
            self._planned.clear()

    @property
    def pending(self) -> int:
        """How many planned faults are still to happen.

        Examples:
            >>> Faults().pending
            0
        """
        with self._lock:
            return len(self._planned)

    def take(self) -> Optional[Fault]:
        """The fault for the request arriving now, if one is planned.

        Examples:
            >>> Faults().take() is None
            True
        """
        with self._lock:
            return self._planned.popleft() if self._planned else None

    def _plan(self, n: int, fault: Fault) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:  # pyright: ignore[reportUnnecessaryIsInstance]
            raise ValueError(f"n must be a positive integer, not {n!r}")
        with self._lock:
            self._planned.extend([fault] * n)
