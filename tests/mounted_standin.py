"""The stand-in (``firsthand.testing.FakeFirstHand``) mounted on the real API host with respx.

Docstring examples, docs pages and the older tests are written the way users write code:
``FirstHandClient(api_key="fh_test_...")`` with the default base URL. :class:`MountedStandIn` answers
those requests from the stand-in, accepts any ``fh_test_…``/``fh_live_…`` key it has not seen (as its
organization's key), records the ``httpx`` requests as sent, and serves approved files on the
stand-in's in-process file host.
"""

from __future__ import annotations

import contextlib
from typing import Any, Dict, List, cast

import httpx
import respx

from firsthand.testing import FakeFirstHand

API_HOST = "api.firsthandapi.com"
FILES_HOST = "files.firsthandapi.test"


class MountedStandIn(FakeFirstHand):
    """A :class:`FakeFirstHand` for tests written against the default base URL (see the module
    docstring); ``mount(router)`` puts it behind a respx router."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("rate_limit_per_minute", 10_000)
        options.setdefault("sandbox_balance_cents", 10_000_000)
        options.setdefault("live_balance_cents", 10_000_000)
        super().__init__(**options)
        #: Every request as httpx sent it, oldest first.
        self.sent: List[httpx.Request] = []
        self._answer = self.transport()

    def handler(self, request: httpx.Request) -> httpx.Response:
        """Record ``request`` and answer it from the stand-in (a respx side effect)."""
        scheme, _, key = request.headers.get("Authorization", "").partition(" ")
        if scheme == "Bearer" and key.startswith(("fh_test_", "fh_live_")):
            with contextlib.suppress(ValueError):  # known already (or unusable: a 401 follows)
                self.add_api_key(key)
        self.sent.append(request)
        return self._answer.handle_request(request)

    def mount(self, router: respx.MockRouter) -> None:
        """Send the API host and the file host to the stand-in; let served (127.0.0.1) through."""
        router.route(host=API_HOST).mock(side_effect=self.handler)
        router.route(host=FILES_HOST).mock(side_effect=self.handler)
        router.route(host="127.0.0.1").pass_through()

    def wire(self, table: str, object_id: str) -> Dict[str, Any]:
        """The stand-in's own stored object (``table`` as in ``jobs``, ``files``): tests edit it to
        make the stand-in answer what a misbehaving server would."""
        found = self._world.find(table, object_id)
        if found is None:
            raise KeyError(object_id)
        return cast(Dict[str, Any], found[1])  # a stored record, edited as a plain dict

    def finish_job(self, job_id: str, *, rejected: int = 0) -> None:
        """Let the sandbox run a job to completion, rejecting the first ``rejected`` submissions
        (each rejection brings another worker)."""
        for _ in range(rejected):
            pending = self._pending_submission(job_id)
            self.score_submission(pending, 1)
        self.advance(3_600)

    def _pending_submission(self, job_id: str) -> str:
        for _ in range(60):
            for submission in self.submissions.values():
                if submission.job_id == job_id and submission.status == "pending_score":
                    return submission.id
            self.advance(1)
        raise AssertionError(f"no submission arrived for {job_id}")
