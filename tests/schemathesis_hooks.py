"""Schemathesis hooks for the contract run (``tests/contract_check.py``, ``nox -s contract``).

Loaded by schemathesis through ``SCHEMATHESIS_HOOKS=schemathesis_hooks`` (never collected by pytest:
it needs schemathesis, which installs on Python 3.11+ only). Two things a schema cannot say:

- Three refusals of schema-valid requests depend on more than the schema, and are accepted (and
  counted as dropped in the run's summary); nothing else is. ``cursor`` is opaque: only a value a
  list issued is valid, so a made-up one is a 400 by design (docs/decisions.md). A ``start_date``
  after the ``end_date`` is a 400: a relation between two parameters that JSON Schema cannot
  state. A job costing more than the balance is a 402 (documented for ``create_job``).
- Generated ``Idempotency-Key`` values repeat; each send gets a fresh one (see ``before_call``).
- The run's own API key must survive the run: ``revoke_api_key`` on it (whose id the runner puts in
  ``FIRSTHAND_CONTRACT_KEY_ID``) would answer every later request 401. It is never revoked; every
  other key is fair game.

The hooks are typed ``Any`` where schemathesis passes its objects: the type checkers run on Pythons
where schemathesis is not installed.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any, Dict, cast

import schemathesis

#: The record id (``key_…``) of the API key the run authenticates with.
PROTECTED_KEY_ID = os.environ.get("FIRSTHAND_CONTRACT_KEY_ID", "")


def _error(content: bytes) -> Dict[str, Any]:
    try:
        body: Any = json.loads(content)
    except ValueError:
        return {}
    if not isinstance(body, dict):
        return {}
    error: Any = cast(Dict[str, Any], body).get("error")
    return cast(Dict[str, Any], error) if isinstance(error, dict) else {}


def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Accept the three refusals of schema-valid requests that the schema cannot foresee: a
    made-up ``cursor``, ``start_date`` after ``end_date`` (400s naming only those) and a job whose
    escrow the balance cannot cover (402 ``insufficient_credits``)."""
    if failure.code != "ST202":
        return True
    status: int = response.status_code
    error = _error(response.content)
    if status == 400:
        details: Any = error.get("details") or [{}]
        problems = {
            (cast(Dict[str, Any], detail).get("field"), cast(Dict[str, Any], detail).get("message"))
            for detail in details
        }
        return not problems <= {
            ("cursor", "is not a cursor this list issued"),
            ("start_date", "must not be after end_date"),
        }
    return not (status == 402 and error.get("type") == "insufficient_credits")


def before_call(context: Any, case: Any, kwargs: Any) -> None:
    """Give every request with a valid ``Idempotency-Key`` a fresh one, on every send: generated
    keys repeat (``"0"``), and hypothesis sends a stateful step again while it shrinks, so a
    create would be answered with the stored answer of an earlier, identical create whose
    resource a later step deleted (right, but not what the run tests: it showed as ST302
    "created resource not found" on ``DELETE /v1/webhook_endpoints/{id}``). ``map_case`` ran once
    per generated case, not once per send, and missed the re-sends."""
    headers: Any = case.headers
    if isinstance(headers, dict):
        key: Any = cast(Dict[str, Any], headers).get("Idempotency-Key")
        if isinstance(key, str) and 1 <= len(key) <= 255:
            headers["Idempotency-Key"] = str(uuid.uuid4())


def map_case(context: Any, case: Any) -> Any:
    """Never revoke the key the run authenticates with: aim such a revoke at an unknown id."""
    parameters: Any = case.path_parameters
    operation_id: Any = case.operation.definition.raw.get("operationId")
    if (
        operation_id == "revoke_api_key"
        and isinstance(parameters, dict)
        and cast(Dict[str, Any], parameters).get("key_id") == PROTECTED_KEY_ID
    ):
        parameters["key_id"] = "key_not_the_contract_runs_own"
    return case


_register: Any = getattr(schemathesis, "hook")  # noqa: B009 (schemathesis may be untyped here)
_register(filter_failure)
_register(before_call)
_register(map_case)
