"""Waiting for a job to finish: the decisions of ``wait_for_job``, with no I/O.

Both clients drive a ``JobWait`` the same way::

    wait = JobWait(timeout, poll)
    job = get_job(job_id)
    while (seconds := wait.next_poll(job)) is not None:
        job = get_job(job_id, wait=seconds)        # a long poll: Prefer: wait=N
        if pause := wait.pause_after(job):
            sleep(pause)
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Callable, Optional

from ._constants import MAX_WAIT, MIN_WAIT
from ._exceptions import FirstHandTimeoutError, FirstHandValidationError

if TYPE_CHECKING:
    from ._models.jobs import Job
    from ._types import CreateAndWaitOptions, WaitOptions

__all__ = [
    "DEFAULT_POLL",
    "DEFAULT_WAIT_TIMEOUT",
    "MIN_POLL_INTERVAL",
    "JobWait",
    "polling_options",
]

#: Default total time ``wait_for_job`` waits, in seconds.
DEFAULT_WAIT_TIMEOUT = 600.0
#: Default length of each long poll, in seconds (the server holds the request up to this long).
DEFAULT_POLL = 30.0
#: When a long poll comes back early with the status unchanged (a server or proxy that does not
#: hold requests), the next poll waits at least this long after the previous one started.
MIN_POLL_INTERVAL = 1.0


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise FirstHandValidationError(
            f"{name} must be a finite number of seconds, not {value!r}",
            details=[{"field": name, "message": "must be a finite number of seconds"}],
        )
    if value <= 0:
        raise FirstHandValidationError(
            f"{name} must be greater than 0 seconds, not {value!r}",
            details=[{"field": name, "message": "must be greater than 0"}],
        )
    return float(value)


class JobWait:
    """The state of one ``wait_for_job``: deadline, poll length, and when to stop.

    ``clock`` is a monotonic clock in seconds (injectable for tests).

    Examples:
        >>> from firsthand.models import Job
        >>> now = [0.0]
        >>> wait = JobWait(timeout=90, poll=30, clock=lambda: now[0])
        >>> wait.next_poll(Job.model_construct(id="job_1", status="open"))
        30
        >>> now[0] = 75.0
        >>> wait.next_poll(Job.model_construct(id="job_1", status="open"))
        15
        >>> wait.next_poll(Job.model_construct(id="job_1", status="completed")) is None
        True
    """

    __slots__ = ("_asked_at", "_asked_status", "_clock", "deadline", "poll", "timeout")

    def __init__(
        self,
        timeout: object = DEFAULT_WAIT_TIMEOUT,
        poll: object = DEFAULT_POLL,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout = _seconds("timeout", timeout)
        self.poll = _seconds("poll", poll)
        self._clock = clock
        self.deadline = clock() + self.timeout
        self._asked_at = 0.0
        self._asked_status: Optional[str] = None

    def next_poll(self, job: Job) -> Optional[int]:
        """``None`` once ``job`` is terminal, else the ``wait=`` of the next long poll.

        Raises [`FirstHandTimeoutError`][firsthand.FirstHandTimeoutError] naming the job's last status when time is up.
        """
        if job.is_terminal:
            return None
        now = self._clock()
        remaining = self.deadline - now
        if remaining <= 0:
            raise FirstHandTimeoutError(
                f"Job {job.id} did not finish within {self.timeout:g} s; "
                f"its last status was {job.status!r}",
                type="wait_timeout",
                retryable=False,
            )
        self._asked_at = now
        self._asked_status = job.status
        seconds = min(self.poll, remaining, MAX_WAIT)
        return max(MIN_WAIT, math.ceil(seconds))

    def pause_after(self, job: Job) -> float:
        """Seconds to sleep before the next poll (``0.0`` almost always).

        Only an answer that came back early with the status unchanged earns a pause, so a server
        that ignores ``Prefer: wait`` is polled about once a second, not hammered.

        Examples:
            >>> from firsthand.models import Job
            >>> now = [0.0]
            >>> wait = JobWait(timeout=60, poll=30, clock=lambda: now[0])
            >>> wait.next_poll(Job.model_construct(id="job_1", status="open"))
            30
            >>> now[0] = 0.25
            >>> wait.pause_after(Job.model_construct(id="job_1", status="open"))
            0.75
            >>> wait.pause_after(Job.model_construct(id="job_1", status="in_progress"))
            0.0
        """
        if job.is_terminal or job.status != self._asked_status:
            return 0.0
        now = self._clock()
        pause = self._asked_at + MIN_POLL_INTERVAL - now
        return max(0.0, min(pause, self.deadline - now))


def polling_options(options: CreateAndWaitOptions) -> WaitOptions:
    """The options of ``create_job_and_wait`` that apply to its polls (all but the POST's
    ``idempotency_key``).

    Examples:
        >>> polling_options({"idempotency_key": "order-1", "max_retries": 5})
        {'max_retries': 5}
    """
    polls: WaitOptions = {}
    if "max_retries" in options:
        polls["max_retries"] = options["max_retries"]
    if "extra_headers" in options:
        polls["extra_headers"] = options["extra_headers"]
    return polls
