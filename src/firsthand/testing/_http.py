"""The stand-in's own request and response types: plain data, no transport.

The stand-in's server logic is a function from [`FakeRequest`][firsthand.testing.FakeRequest] to [`FakeResponse`][firsthand.testing.FakeResponse]. The
in-process httpx transports and the stdlib HTTP server translate to and from these, so every rule of
the contract lives in one place whichever way the stand-in is reached.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple
from urllib.parse import parse_qsl


@dataclass(frozen=True)
class FakeRequest:
    """One HTTP request as the stand-in sees it.

    Args:
        method: Upper-case HTTP method.
        path: The raw path, without the query string (``/v1/jobs/job_01…``), still percent-encoded.
        query: The raw query string, without ``?`` (``limit=5&cursor=…``).
        headers: Header names in lower case mapped to their values (the last one wins).
        body: The request body, exactly as sent.
        origin: ``scheme://host[:port]`` the request reached when served over HTTP (the stand-in builds
            file download URLs on it); ``None`` in process.

    Examples:
        >>> request = FakeRequest("GET", "/v1/jobs", "limit=5", {"authorization": "Bearer fh_test_x"})
        >>> request.header("Authorization"), request.params()
        ('Bearer fh_test_x', [('limit', '5')])
    """

    method: str
    path: str
    query: str = ""
    headers: Dict[str, str] = field(default_factory=dict[str, str])
    body: bytes = b""
    origin: Optional[str] = None

    def header(self, name: str) -> Optional[str]:
        """The value of a header, by case-insensitive name, or ``None``.

        Examples:
            >>> FakeRequest("GET", "/", headers={"prefer": "wait=5"}).header("Prefer")
            'wait=5'
        """
        return self.headers.get(name.lower())

    def params(self) -> List[Tuple[str, str]]:
        """The query parameters, decoded, in order (blank values kept).

        Examples:
            >>> FakeRequest("GET", "/", "a=1&b=&a=%20x").params()
            [('a', '1'), ('b', ''), ('a', ' x')]
        """
        return parse_qsl(self.query, keep_blank_values=True)


@dataclass
class FakeResponse:
    """One HTTP response from the stand-in, with the faults the transport must act out.

    Args:
        status: The HTTP status code.
        headers: ``(name, value)`` pairs, in order.
        body: The response body.
        delay: Seconds the transport waits before answering (``fake.faults.delay_next``).
        drop: The transport closes the connection partway through the body
            (``fake.faults.drop_next``): the request was processed, the caller never learns the answer.

    Examples:
        >>> response = FakeResponse(200, [("Content-Type", "application/json")], b"{}")
        >>> response.header("content-type"), response.delay, response.drop
        ('application/json', 0.0, False)
    """

    status: int
    headers: List[Tuple[str, str]] = field(default_factory=list[Tuple[str, str]])
    body: bytes = b""
    delay: float = 0.0
    drop: bool = False

    def header(self, name: str) -> Optional[str]:
        """The first value of a header, by case-insensitive name, or ``None``.

        Examples:
            >>> FakeResponse(204, [("X-Request-Id", "req_1")]).header("x-request-id")
            'req_1'
        """
        wanted = name.lower()
        for key, value in self.headers:
            if key.lower() == wanted:
                return value
        return None
