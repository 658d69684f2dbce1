"""Contract properties, by hypothesis, driven by the strategies users get
(``firsthand.testing.strategies``).

Wire → model → wire normalisation (what "the same wire" means below):

* a field the wire leaves out comes back with the model's default: ``null`` for an optional
  field, ``0``/``[]``/``{}``/``"usd"``/the ``object`` name where the model declares one;
* timestamps compare as instants (the SDK writes them back in UTC with ``Z``);
* numbers compare by value (a float field sent as ``5`` comes back as ``5.0``), but a boolean
  only ever equals a boolean;
* everything else, unknown fields and unknown enum values included, comes back unchanged.

Request bodies compare the same way (a ``deadline`` with an offset may be sent in another
notation of the same instant); query values compare as their text, query datetimes as instants.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime
from typing import Any, Optional, cast, get_args

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from firsthand import (
    FirstHandAuthenticationError,
    FirstHandClient,
    FirstHandConflictError,
    FirstHandError,
    FirstHandIdempotencyError,
    FirstHandInsufficientCreditsError,
    FirstHandNotFoundError,
    FirstHandPermissionError,
    FirstHandRateLimitError,
    FirstHandResponseValidationError,
    FirstHandServerError,
    FirstHandValidationError,
)
from firsthand._operations import OPERATIONS, Operation
from firsthand.models import (
    ApiKey,
    AuditActor,
    AuditEvent,
    AuditResource,
    CheckoutSession,
    CreditBalance,
    CreditTransaction,
    DeviceInfo,
    Job,
    JobCreateParams,
    JobFile,
    JobLocation,
    JobLocationParams,
    ListEnvelope,
    OrganizationSettings,
    OrganizationSettingsUpdateParams,
    PageParams,
    SignupResult,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEndpointUpdateParams,
    WebhookEvent,
)
from firsthand.testing.strategies import (
    arbitrary_json,
    credit_balance_legacy_wire,
    error_response,
    invalid_request,
    valid_request,
    wire_for,
)
from test_documented_fields import MINIMAL

BASE_URL = "https://api.firsthandapi.com"
API_KEY = "fh_test_sk_properties000000000000"

#: CI runs fewer examples per property so that the whole file stays well under a minute.
_CI = bool(os.environ.get("CI"))
SOME = settings(
    max_examples=10 if _CI else 25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(
    max_examples=5 if _CI else 12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

RESPONSE_MODELS: list[type[BaseModel]] = [
    Job,
    JobLocation,
    JobFile,
    DeviceInfo,
    Submission,
    SubmissionSummary,
    ApiKey,
    WebhookEndpoint,
    WebhookEvent,
    CreditBalance,
    CreditTransaction,
    CheckoutSession,
    OrganizationSettings,
    AuditActor,
    AuditResource,
    AuditEvent,
    SignupResult,
]
PAGE_MODELS: list[type[BaseModel]] = sorted(
    {op.result for op in OPERATIONS if op.result is not None and ListEnvelope in op.result.__mro__},
    key=lambda model: model.__name__,
)
#: Every request model: each operation's body and query (derived from OPERATIONS, so a new
#: operation is covered without an edit here), and the nested ones.
REQUEST_MODELS: list[type[BaseModel]] = [
    JobLocationParams,
    PageParams,
    *dict.fromkeys(
        model for op in OPERATIONS for model in (op.body, op.query) if model is not None
    ),
]
BODY_OPS = [op for op in OPERATIONS if op.has_body]
QUERY_OPS = [op for op in OPERATIONS if op.has_query]


def _name(value: object) -> str:
    if isinstance(value, Operation):
        return value.name
    return getattr(value, "__name__", str(value))


# -- normalisation -------------------------------------------------------------------------------

_ISO_INSTANT = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}:?\d{2})"
)
_INSTANT = TypeAdapter(datetime)


def _instant(text: str) -> Optional[datetime]:
    if not _ISO_INSTANT.fullmatch(text):
        return None
    return _INSTANT.validate_python(text)


def _as_list(value: Any) -> list[Any]:
    return cast("list[Any]", value)


def assert_same(actual: Any, expected: Any, path: str = "$") -> None:
    """``actual == expected`` under the normalisation in the module docstring (with a path to
    the first difference)."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: {actual!r} is not an object"
        got, want = cast("dict[str, Any]", actual), cast("dict[str, Any]", expected)
        assert set(got) == set(want), f"{path}: keys {sorted(got)} != {sorted(want)}"
        for key, value in want.items():
            assert_same(got[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list), f"{path}: {actual!r} is not an array"
        items, wanted = _as_list(actual), _as_list(expected)
        assert len(items) == len(wanted), f"{path}: {len(items)} items != {len(wanted)}"
        for index, (item, want_item) in enumerate(zip(items, wanted)):
            assert_same(item, want_item, f"{path}[{index}]")
    elif isinstance(expected, bool) or isinstance(actual, bool):
        assert actual is expected, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, (int, float)):
        assert isinstance(actual, (int, float)), f"{path}: {actual!r} is not a number"
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"
    elif isinstance(expected, str) and isinstance(actual, str) and actual != expected:
        # Different text: only the same instant written another way passes.
        got_instant, want_instant = _instant(actual), _instant(expected)
        assert got_instant is not None, f"{path}: {actual!r} != {expected!r}"
        assert got_instant == want_instant, f"{path}: {actual!r} != {expected!r}"
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def _nested_model(annotation: object) -> Optional[type[BaseModel]]:
    """The response model inside ``Optional[X]`` / ``List[X]`` / ``X``, if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _nested_model(arg)
        if found is not None:
            return found
    return None


def _as_object(value: Any) -> dict[str, Any]:
    assert isinstance(value, dict)
    return cast("dict[str, Any]", value)


def expected_wire(model: type[BaseModel], wire: dict[str, Any]) -> dict[str, Any]:
    """What ``model.model_validate(wire).to_dict()`` must equal: absent fields filled with the
    model's defaults, nested objects likewise, unknown fields kept."""
    out: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if name not in wire:
            out[name] = field.get_default(call_default_factory=True)
            continue
        value: Any = wire[name]
        nested = _nested_model(field.annotation)
        if nested is not None and isinstance(value, dict):
            value = expected_wire(nested, cast("dict[str, Any]", value))
        elif nested is not None and isinstance(value, list):
            value = [expected_wire(nested, _as_object(item)) for item in _as_list(value)]
        out[name] = value
    out.update({k: v for k, v in wire.items() if k not in model.model_fields})
    return out


# -- wire → model → wire -------------------------------------------------------------------------


def _check_round_trip(model: type[BaseModel], wire: dict[str, Any]) -> None:
    parsed = model.model_validate_json(json.dumps(wire))
    dumped: dict[str, Any] = parsed.to_dict()  # type: ignore[attr-defined]

    assert parsed == model.model_validate(wire)  # JSON and Python input read alike
    assert_same(dumped, expected_wire(model, wire))
    assert json.loads(json.dumps(dumped)) == dumped  # to_dict() is plain JSON
    assert model.model_validate(dumped) == parsed  # model → to_dict() → the same model


@pytest.mark.parametrize("model", RESPONSE_MODELS, ids=_name)
@SOME
@given(data=st.data())
def test_wire_round_trips_through_the_model(model: type[BaseModel], data: st.DataObject) -> None:
    _check_round_trip(model, data.draw(wire_for(model), label="wire"))


@pytest.mark.parametrize("model", PAGE_MODELS, ids=_name)
@FEW
@given(data=st.data())
def test_a_page_round_trips_through_its_envelope(
    model: type[BaseModel], data: st.DataObject
) -> None:
    _check_round_trip(model, data.draw(wire_for(model), label="wire"))


@SOME
@given(wire=credit_balance_legacy_wire())
def test_the_legacy_balance_shape_reads_as_available_and_total(wire: dict[str, Any]) -> None:
    balance = CreditBalance.model_validate_json(json.dumps(wire))

    assert (balance.available_cents, balance.held_cents, balance.total_cents) == (
        wire["balance_cents"],
        0,
        wire["balance_cents"],
    )
    assert balance["balance_cents"] == wire["balance_cents"]
    assert CreditBalance.model_validate(balance.to_dict()) == balance


# -- valid requests ------------------------------------------------------------------------------


@pytest.mark.parametrize("model", REQUEST_MODELS, ids=_name)
@SOME
@given(data=st.data())
def test_every_valid_request_is_accepted_and_sent_as_given(
    model: type[BaseModel], data: st.DataObject
) -> None:
    body = data.draw(valid_request(model), label="body")

    wire: dict[str, Any] = model.model_validate(body).to_wire()  # type: ignore[attr-defined]

    assert_same(json.loads(json.dumps(wire)), body)


def _path_params(op: Operation[Any]) -> dict[str, str]:
    return {name: f"{name[:-3]}_01JQPROPERTIES" for name in re.findall(r"\{(\w+)\}", op.path)}


#: The smallest answer each result model accepts (the list ones: an empty page): the documented
#: minimum of each object (tests/test_documented_fields.py).
_MINIMAL_REPLIES: dict[str, dict[str, Any]] = {
    model.__name__: body for model, body in MINIMAL.items()
}
_EMPTY_PAGE: dict[str, Any] = {"object": "list", "data": [], "has_more": False, "next_cursor": None}


def _reply_for(op: Operation[Any]) -> httpx.Response:
    headers = {"X-Request-Id": "req_properties"}
    if op.result is None:
        return httpx.Response(204, headers=headers)
    name = op.result.__name__
    body = _EMPTY_PAGE if name.startswith("ListEnvelope[") else _MINIMAL_REPLIES[name]
    return httpx.Response(200, json=body, headers=headers)


@pytest.mark.parametrize("op", [op for op in OPERATIONS if op.result is not None], ids=_name)
def test_the_minimal_replies_parse(op: Operation[Any]) -> None:
    assert op.result is not None
    reply = _reply_for(op)

    op.result.model_validate_json(reply.content)


class _Answering:
    """A client whose own pool is answered with ``reply`` through its ``transport=`` hook (no
    patching of httpx, no proxy lookup: cheap enough to build per example), and the requests
    that reached it."""

    def __init__(self, reply: httpx.Response) -> None:
        self.reply = reply
        self.requests: list[httpx.Request] = []
        transport = httpx.MockTransport(self._answer)
        self.client = FirstHandClient(
            api_key=API_KEY, base_url=BASE_URL, max_retries=0, transport=transport
        )

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        reply = self.reply
        return httpx.Response(reply.status_code, headers=reply.headers, content=reply.content)

    def __enter__(self) -> _Answering:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()


@pytest.mark.parametrize("op", BODY_OPS, ids=_name)
@SOME
@given(data=st.data())
def test_every_valid_body_reaches_the_wire_unchanged(
    op: Operation[Any], data: st.DataObject
) -> None:
    assert op.body is not None
    body = data.draw(valid_request(op.body), label="body")
    with _Answering(_reply_for(op)) as server:
        getattr(server.client, op.name)(**_path_params(op), body=body)

    [request] = server.requests
    assert (request.method, request.url.path) == (op.method, op.path.format(**_path_params(op)))
    assert request.headers["Content-Type"] == "application/json"
    assert_same(json.loads(request.content), body)


@pytest.mark.parametrize("op", QUERY_OPS, ids=_name)
@SOME
@given(data=st.data())
def test_every_valid_query_reaches_the_wire_unchanged(
    op: Operation[Any], data: st.DataObject
) -> None:
    assert op.query is not None
    query = data.draw(valid_request(op.query), label="query")
    with _Answering(_reply_for(op)) as server:
        getattr(server.client, op.name)(**_path_params(op), **query)

    [request] = server.requests
    sent = dict(request.url.params)
    assert_same(sent, {key: str(value) for key, value in query.items()})


# -- invalid requests ----------------------------------------------------------------------------


def _top_fields(details: list[Any]) -> set[str]:
    return {str(d["field"]).split(".")[0] for d in details}


@pytest.mark.parametrize("model", REQUEST_MODELS, ids=_name)
@SOME
@given(data=st.data())
def test_each_broken_limit_is_rejected_by_the_model_naming_the_field(
    model: type[BaseModel], data: st.DataObject
) -> None:
    body, field = data.draw(invalid_request(model), label="case")

    with pytest.raises(FirstHandValidationError) as caught:
        model.model_validate(body)

    assert _top_fields(caught.value.details) == {field}


@pytest.mark.parametrize("op", BODY_OPS, ids=_name)
@SOME
@given(data=st.data())
def test_each_broken_body_limit_fails_locally_and_sends_nothing(
    op: Operation[Any], data: st.DataObject
) -> None:
    assert op.body is not None
    body, field = data.draw(invalid_request(op.body), label="case")
    with (
        _Answering(httpx.Response(500)) as server,
        pytest.raises(FirstHandValidationError) as caught,
    ):
        getattr(server.client, op.name)(**_path_params(op), body=body)

    assert server.requests == []
    assert caught.value.status is None
    assert _top_fields(caught.value.details) == {field}
    assert field in str(caught.value)


@pytest.mark.parametrize("op", QUERY_OPS, ids=_name)
@SOME
@given(data=st.data())
def test_each_broken_query_limit_fails_locally_and_sends_nothing(
    op: Operation[Any], data: st.DataObject
) -> None:
    assert op.query is not None
    # Query parameters are keyword arguments: an unknown one is Python's own TypeError.
    query, field = data.draw(invalid_request(op.query, unknown_keys=False), label="case")
    with (
        _Answering(httpx.Response(500)) as server,
        pytest.raises(FirstHandValidationError) as caught,
    ):
        getattr(server.client, op.name)(**_path_params(op), **query)

    assert server.requests == []
    assert caught.value.status is None
    assert _top_fields(caught.value.details) == {field}


@pytest.mark.parametrize(
    "model", [WebhookEndpointUpdateParams, OrganizationSettingsUpdateParams], ids=_name
)
def test_an_update_that_sets_nothing_is_rejected(model: type[BaseModel]) -> None:
    with pytest.raises(FirstHandValidationError, match="at least one of"):
        model.model_validate({})


def test_a_deadline_of_bare_digits_is_not_read_as_unix_time() -> None:
    body = {
        "type": "data_collection",
        "description": "Take a clear photo of any coffee cup from above.",
        "files_needed": 1,
        "accepted_formats": ["image/jpeg"],
        "price_per_file_cents": 75,
        "deadline": "20260301",  # ISO 8601 basic format; pydantic alone reads it as unix time
    }
    with pytest.raises(FirstHandValidationError) as caught:
        JobCreateParams.model_validate(body)

    assert [d["field"] for d in caught.value.details] == ["deadline"]


# -- whatever the server answers, only FirstHandError escapes ------------------------------------

_MINIMAL_BODIES: dict[str, dict[str, Any]] = {
    "create_job": {
        "type": "feedback",
        "description": "Record a short clip of your street at noon.",
        "files_needed": 1,
        "accepted_formats": ["video/mp4"],
        "price_per_file_cents": 200,
    },
    "rate_job": {"rating": 5},
    "create_api_key": {"name": "CI"},
    "create_webhook_endpoint": {"url": "https://example.com/hooks", "events": ["job.completed"]},
    "update_webhook_endpoint": {"status": "disabled"},
    "purchase_credits": {"amount_cents": 1_000},
    "update_settings": {"auto_topup_enabled": False},
}


def _call(op: Operation[Any], reply: httpx.Response) -> Any:
    arguments: dict[str, Any] = dict(_path_params(op))
    if op.has_body:
        arguments["body"] = _MINIMAL_BODIES[op.name]
    with _Answering(reply) as server:
        return getattr(server.client, op.name)(**arguments)


def test_every_operation_with_a_body_has_a_minimal_body() -> None:
    assert {op.name for op in BODY_OPS} == set(_MINIMAL_BODIES)


json_or_bytes = st.one_of(
    arbitrary_json().map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
)


@pytest.mark.parametrize("op", OPERATIONS, ids=_name)
@FEW
@given(content=json_or_bytes, status=st.sampled_from([200, 201, 202, 204]))
def test_any_2xx_body_parses_or_raises_a_response_validation_error(
    op: Operation[Any], content: bytes, status: int
) -> None:
    reply = httpx.Response(status, content=content, headers={"Content-Type": "application/json"})
    error: Optional[FirstHandError] = None
    result: Any = None
    try:
        result = _call(op, reply)
    except FirstHandError as exc:
        error = exc

    if error is not None:
        assert isinstance(error, FirstHandResponseValidationError), repr(error)
        assert error.status == status
        assert op.result is not None
    elif op.result is None:
        assert result is None
    else:
        # A 204 or an empty body means "no result" (docs/api-contract.md, "success status").
        assert result is not None or status == 204 or not content


@pytest.mark.parametrize("op", OPERATIONS, ids=_name)
@FEW
@given(content=json_or_bytes, status=st.integers(400, 599))
def test_any_error_answer_raises_a_firsthand_error(
    op: Operation[Any], content: bytes, status: int
) -> None:
    reply = httpx.Response(status, content=content)

    with pytest.raises(FirstHandError) as caught:
        _call(op, reply)

    assert caught.value.status == status
    assert caught.value.retryable == (status == 429 or status >= 500 or status == 408)


#: docs/api-contract.md "Errors": the class by HTTP status (and 409's ``type``).
_CLASS_BY_STATUS: dict[int, type[FirstHandError]] = {
    400: FirstHandValidationError,
    401: FirstHandAuthenticationError,
    402: FirstHandInsufficientCreditsError,
    403: FirstHandPermissionError,
    404: FirstHandNotFoundError,
    409: FirstHandConflictError,
    429: FirstHandRateLimitError,
}


@SOME
@given(answer=error_response(), op=st.sampled_from(OPERATIONS))
def test_a_documented_error_becomes_its_class_with_the_envelope_fields(
    answer: tuple[int, dict[str, Any]], op: Operation[Any]
) -> None:
    status, envelope = answer
    inner = envelope["error"]

    with pytest.raises(FirstHandError) as caught:
        _call(op, httpx.Response(status, json=envelope))

    error = caught.value
    expected: type[FirstHandError] = (
        FirstHandServerError if status >= 500 else _CLASS_BY_STATUS[status]
    )
    if inner["type"] in ("idempotency_error", "idempotency_conflict"):
        expected = FirstHandIdempotencyError
    assert type(error) is expected
    assert (error.status, error.type) == (status, inner["type"])
    assert error.request_id == inner.get("request_id")
    assert [d["field"] for d in error.details] == [d["field"] for d in inner.get("details", [])]


# -- the package without hypothesis --------------------------------------------------------------


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_firsthand_testing_imports_without_loading_hypothesis() -> None:
    proc = _run("import sys, firsthand.testing; print('hypothesis' in sys.modules)")

    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_the_strategies_say_how_to_install_hypothesis_when_it_is_missing() -> None:
    code = (
        "import sys\n"
        "sys.modules['hypothesis'] = None  # as if it were not installed\n"
        "import firsthand.testing\n"
        "try:\n"
        "    import firsthand.testing.strategies\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    proc = _run(code)

    assert proc.returncode == 0, proc.stderr
    assert 'pip install "firsthand[hypothesis]"' in proc.stdout
