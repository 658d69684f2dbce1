"""Test helpers for code that uses firsthand: a stand-in FirstHandAPI and hypothesis strategies.

[`FakeFirstHand`][firsthand.testing.FakeFirstHand] is a stateful FirstHandAPI in memory, faithful to the contract: use it in
process (``fake.client()``, ``fake.async_client()``, ``fake.transport()``), over real HTTP
(``with fake.serve() as base_url``) or from the shell (``python -m firsthand.testing serve``).

``firsthand.testing.strategies`` holds `hypothesis <https://hypothesis.readthedocs.io>`_
strategies for every FirstHandAPI payload: responses exactly as the server sends them (``job_wire()``,
``list_wire(job_wire())``, ``error_response()``, ...), valid request bodies and queries
(``job_create_params()``, ...) and bodies that break exactly one documented limit
(``invalid_request(JobCreateParams)``). It needs hypothesis: ``pip install "firsthand[hypothesis]"``.

Importing this package needs nothing beyond firsthand itself (hypothesis is loaded by
``firsthand.testing.strategies`` only).

Examples:
    >>> from firsthand.testing import FakeFirstHand
    >>> with FakeFirstHand().client() as client:
    ...     client.get_credit_balance().available_cents
    100000
    >>> import importlib.util
    >>> importlib.util.find_spec("firsthand.testing.strategies") is not None
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from firsthand.testing._clock import FakeClock
    from firsthand.testing._deliveries import WebhookDelivery
    from firsthand.testing._fake import FakeFirstHand
    from firsthand.testing._faults import Fault, Faults
    from firsthand.testing._http import FakeRequest, FakeResponse
    from firsthand.testing._transport import FakeTransport

__all__ = [
    "FakeClock",
    "FakeFirstHand",
    "FakeRequest",
    "FakeResponse",
    "FakeTransport",
    "Fault",
    "Faults",
    "WebhookDelivery",
]

#: Public name -> the module defining it (loaded on first use: importing this package stays cheap).
_LAZY = {
    "FakeClock": "firsthand.testing._clock",
    "FakeFirstHand": "firsthand.testing._fake",
    "FakeRequest": "firsthand.testing._http",
    "FakeResponse": "firsthand.testing._http",
    "FakeTransport": "firsthand.testing._transport",
    "Fault": "firsthand.testing._faults",
    "Faults": "firsthand.testing._faults",
    "WebhookDelivery": "firsthand.testing._deliveries",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'firsthand.testing' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
