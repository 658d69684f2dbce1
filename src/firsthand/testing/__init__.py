"""Test helpers for code that uses firsthand.

``firsthand.testing.strategies`` holds `hypothesis <https://hypothesis.readthedocs.io>`_
strategies for every FirstHandAPI payload: responses exactly as the server sends them (``job_wire()``,
``list_wire(job_wire())``, ``error_response()``, ...), valid request bodies and queries
(``job_create_params()``, ...) and bodies that break exactly one documented limit
(``invalid_request(JobCreateParams)``). It needs hypothesis: ``pip install "firsthand[hypothesis]"``.

Importing this package needs nothing beyond firsthand itself (hypothesis is loaded by
``firsthand.testing.strategies`` only).

Examples:
    >>> import firsthand.testing
    >>> firsthand.testing.__name__
    'firsthand.testing'
    >>> import importlib.util
    >>> importlib.util.find_spec("firsthand.testing.strategies") is not None
    True
"""

from __future__ import annotations

__all__: list[str] = []
