"""The demo's "your app": a local webhook receiver that verifies every delivery.

``python -m firsthand demo`` (``firsthand.cli._demo``) starts one on ``127.0.0.1`` and has the
stand-in forward each delivery to it; it is the smallest correct receiver, which is why it is
short: read the body raw, verify it with ``construct_event``, answer 400 to anything that fails,
keep each event once.

Examples:
    >>> with WebhookReceiver() as receiver:
    ...     receiver.path
    '/webhooks/firsthand'
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, Callable, Optional

from firsthand._exceptions import FirstHandSignatureVerificationError
from firsthand._webhooks import construct_event

if TYPE_CHECKING:
    from firsthand._models.events import Event

__all__ = ["WebhookReceiver"]


class WebhookReceiver:
    """A tiny webhook receiver standing in for your app: verifies each delivery with
    [`firsthand.construct_event`][firsthand.webhooks.construct_event] (answering 400 to anything that fails) and keeps the verified
    events, once each (deliveries may repeat; ``event.id`` tells them apart).

    Args:
        clock: The receiver's clock in Unix seconds, used for the signature's timestamp check.

    Examples:
        >>> with WebhookReceiver() as receiver:
        ...     receiver.url.startswith("http://127.0.0.1:")
        True
    """

    path = "/webhooks/firsthand"

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.secret: Optional[str] = None  # set once the endpoint is registered
        self.events: list[Event] = []
        self.rejected = 0
        self._clock = clock
        self._seen: set[str] = set()
        self._changed = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            args=(0.05,),
            name="firsthand-demo-receiver",
            daemon=True,
        )
        self._thread.start()

    @property
    def url(self) -> str:
        """Where the receiver listens, e.g. ``http://127.0.0.1:53211/webhooks/firsthand``.

        Examples:
            >>> with WebhookReceiver() as receiver:
            ...     receiver.url.endswith("/webhooks/firsthand")
            True
        """
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{self.path}"

    def receive(self, body: bytes, headers: dict[str, str]) -> bool:
        """Verify one delivery and keep its event; ``False`` (answer 400) when it fails.

        Examples:
            >>> from firsthand import generate_webhook_signature
            >>> body = (b'{"id": "evt_1", "object": "event", "type": "job.completed", '
            ...     b'"created_at": "2026-03-20T19:03:27Z", "data": {"id": "job_1", '
            ...     b'"type": "data_collection", "status": "completed", "description": "Cups", '
            ...     b'"files_needed": 1, "price_per_file_cents": 75, '
            ...     b'"created_at": "2026-03-20T19:00:00Z"}}')
            >>> with WebhookReceiver() as receiver:
            ...     receiver.secret = "whsec_demo"
            ...     good = {"X-FirstHand-Signature": generate_webhook_signature(body, "whsec_demo")}
            ...     print(receiver.receive(body, good), receiver.receive(body, {}), receiver.counts())
            True False Counter({'job.completed': 1})
        """
        if self.secret is None:
            return False
        try:
            event = construct_event(body, headers, self.secret, now=self._clock())
        except FirstHandSignatureVerificationError:
            with self._changed:
                self.rejected += 1
            return False
        with self._changed:
            if event.id not in self._seen:
                self._seen.add(event.id)
                self.events.append(event)
                self._changed.notify_all()
        return True

    def counts(self) -> Counter[str]:
        """The verified events so far, counted by type.

        Examples:
            >>> with WebhookReceiver() as receiver:
            ...     receiver.counts()
            Counter()
        """
        with self._changed:
            return Counter(event.type for event in self.events)

    def wait_for(self, done: Callable[[Counter[str]], bool], timeout: float) -> bool:
        """Wait up to ``timeout`` seconds until ``done(counts)`` holds; whether it did.

        Examples:
            >>> with WebhookReceiver() as receiver:
            ...     receiver.wait_for(lambda counts: counts["job.completed"] > 0, timeout=0.01)
            False
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while not done(Counter(event.type for event in self.events)):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def close(self) -> None:
        """Stop listening.

        Examples:
            >>> WebhookReceiver().close()
        """
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                ok = self.path == receiver.path and receiver.receive(
                    body, dict(self.headers.items())
                )
                self.send_response(200 if ok else 400)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass  # keep the demo's output to its own lines

        return Handler
