"""Required means documented: a response field is required only where the public docs show it.

For every operation and the 11 webhook event types, the smallest body the public
docs allow parses, on both clients; every field the SDK settled on its own may be absent; the
models' required fields are exactly the documented table (``firsthand._models._documented``), and
the table in ``docs/decisions.md`` says the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Optional

import httpx
import pytest
import respx
from hypothesis.strategies import SearchStrategy
from pydantic import BaseModel

from firsthand import AsyncFirstHandClient, FirstHandClient
from firsthand._models._base import FirstHandModel
from firsthand._models._documented import DOCUMENTED, SOURCES
from firsthand._models._list import ListEnvelope
from firsthand._operations import OPERATIONS
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
    JobFile,
    JobLocation,
    OrganizationSettings,
    SignupResult,
    Submission,
    SubmissionSummary,
    WebhookEndpoint,
    WebhookEvent,
)
from firsthand.testing import strategies
from firsthand.webhooks import (
    WEBHOOK_EVENT_TYPES,
    BaseEvent,
    CreditEventData,
    JobEventData,
    JobFlaggedData,
    construct_event,
    generate_webhook_signature,
)
from test_operations import BY_NAME

ROOT = Path(__file__).resolve().parent.parent
API_KEY = "fh_test_documented"
BASE_URL = "https://api.firsthandapi.com"
TS = "2026-03-20T19:03:27.971Z"

#: The smallest body of each response object that the public docs allow: exactly the fields every
#: documented example or table of the object shows with a value (nothing the SDK settled itself).
MINIMAL: dict[type[FirstHandModel], dict[str, Any]] = {
    Job: {
        "id": "job_01JQ",
        "type": "data_collection",
        "status": "open",
        "description": "Photo of a coffee cup from above",
        "files_needed": 50,
        "files_approved": 0,
        "price_per_file_cents": 75,
        "created_at": TS,
    },
    JobFile: {
        "id": "file_01JQ",
        "job_id": "job_01JQ",
        "submission_id": "sub_01JQ",
        "content_type": "image/jpeg",
        "size_bytes": 482133,
        "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "ai_star_rating": 4,
        "device_info": {},
        "download_url": "https://files.firsthandapi.com/file_01JQ?sig=abc",
        "download_url_expires_at": "2026-03-27T19:03:27Z",
        "created_at": TS,
    },
    Submission: {
        "id": "sub_01JQ",
        "job_id": "job_01JQ",
        "status": "approved",
        "file_url": "https://files.firsthandapi.com/sub_01JQ.jpg",
        "content_type": "image/jpeg",
        "submitted_at": TS,
    },
    SubmissionSummary: {},
    ApiKey: {"id": "key_01JQ"},
    WebhookEndpoint: {"id": "wh_01JQ"},
    WebhookEvent: {"id": "evt_01JQ", "type": "job.completed", "created_at": TS, "data": {}},
    CreditBalance: {
        "available_cents": 96250,
        "held_cents": 3750,
        "total_cents": 100000,
        "currency": "usd",
        "updated_at": TS,
    },
    CreditTransaction: {
        "id": "crtx_01JQ",
        "type": "deduction",
        "amount_cents": -75,
        "description": "Approved file",
    },
    CheckoutSession: {"checkout_url": "https://checkout.stripe.com/c/pay/cs_01JQ"},
    OrganizationSettings: {},
    AuditEvent: {"id": "aev_01JQ"},
    SignupResult: {"organization_id": "org_01JQ", "api_key": "fh_live_x", "credits_cents": 500},
    JobLocation: {},
    DeviceInfo: {},
    AuditActor: {},
    AuditResource: {},
    JobEventData: {},
    JobFlaggedData: {},
    CreditEventData: {},
}

#: The ``data`` of each event type at its smallest: a submission for ``submission.*``; nothing is
#: documented of ``job.*`` and ``credits.*`` payloads, so an empty object must do.
MINIMAL_EVENT_DATA: dict[str, dict[str, Any]] = {
    kind: (MINIMAL[Submission] if kind.startswith("submission.") else {})
    for kind in WEBHOOK_EVENT_TYPES
}


def _required(model: type[BaseModel]) -> set[str]:
    return {name for name, info in model.model_fields.items() if info.is_required()}


def _documented_required(name: str) -> set[str]:
    return {field for field, doc in DOCUMENTED[name].items() if doc.required}


def _response_models() -> list[type[FirstHandModel]]:
    """Every concrete response model of the SDK (each operation's result and the items of its
    list, their nested models, and the event payloads)."""
    return list(MINIMAL)


# -- the table and the models agree ----------------------------------------------------------------


@pytest.mark.parametrize("model", _response_models(), ids=lambda m: m.__name__)
def test_required_fields_are_exactly_the_documented_ones(model: type[FirstHandModel]) -> None:
    assert _required(model) == _documented_required(model.__name__)


@pytest.mark.parametrize("model", _response_models(), ids=lambda m: m.__name__)
def test_every_documented_field_is_declared_with_a_known_source(
    model: type[FirstHandModel],
) -> None:
    for field, doc in DOCUMENTED[model.__name__].items():
        assert field in model.model_fields, f"{model.__name__}.{field} is documented, not declared"
        assert doc.source in SOURCES


@pytest.mark.parametrize("model", _response_models(), ids=lambda m: m.__name__)
def test_the_minimal_body_is_exactly_the_required_fields(model: type[FirstHandModel]) -> None:
    # Minimal: nothing in it that could be left out. Sufficient: it parses.
    assert set(MINIMAL[model]) == _required(model)
    model.model_validate_json(json.dumps(MINIMAL[model]))


def test_the_envelopes_follow_the_rule_too() -> None:
    assert (
        _required(ListEnvelope[Job])
        == _documented_required("ListEnvelope")
        == {
            "data",
            "has_more",
        }
    )
    for kind in WEBHOOK_EVENT_TYPES:
        event = _event_class(kind)
        assert (
            _required(event)
            == _documented_required("BaseEvent")
            == {
                "id",
                "type",
                "created_at",
                "data",
            }
        )


def test_every_operation_result_is_covered() -> None:
    covered = set(MINIMAL)
    for op in OPERATIONS:
        result = op.result
        if result is None:
            continue
        item = _item_model(result)
        assert (item or result) in covered, op.name


@pytest.mark.parametrize("model", _response_models(), ids=lambda m: m.__name__)
def test_a_missing_settled_field_is_never_an_error(model: type[FirstHandModel]) -> None:
    settled = set(model.model_fields) - _documented_required(model.__name__)
    for name in sorted(settled):
        assert not model.model_fields[name].is_required(), f"{model.__name__}.{name}"


# -- each settled field can be absent from an otherwise full object --------------------------------

_FULL_STRATEGIES: dict[type[FirstHandModel], Callable[[], SearchStrategy[dict[str, Any]]]] = {
    Job: strategies.job_wire,
    JobFile: strategies.job_file_wire,
    Submission: strategies.submission_wire,
    SubmissionSummary: strategies.submission_summary_wire,
    ApiKey: strategies.api_key_wire,
    WebhookEndpoint: strategies.webhook_endpoint_wire,
    WebhookEvent: strategies.webhook_event_wire,
    CreditBalance: strategies.credit_balance_wire,
    CreditTransaction: strategies.credit_transaction_wire,
    CheckoutSession: strategies.checkout_session_wire,
    OrganizationSettings: strategies.organization_settings_wire,
    AuditEvent: strategies.audit_event_wire,
    SignupResult: strategies.signup_result_wire,
}


def _full(model: type[FirstHandModel]) -> dict[str, Any]:
    """An object with every declared field set (drawn once, then completed with the minimal
    body's values and a value for each field the draw left out)."""
    from hypothesis import HealthCheck, given, settings

    found: list[dict[str, Any]] = []

    @settings(
        max_examples=1,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(_FULL_STRATEGIES[model]())
    def draw(wire: dict[str, Any]) -> None:
        found.append(wire)

    draw()
    return found[0]


SETTLED_CASES = [
    pytest.param(model, name, id=f"{model.__name__}.{name}")
    for model in _FULL_STRATEGIES
    for name in sorted(set(model.model_fields) - _documented_required(model.__name__))
    if name != "object"
]


@pytest.mark.parametrize(("model", "field_name"), SETTLED_CASES)
def test_each_settled_field_can_be_absent(model: type[FirstHandModel], field_name: str) -> None:
    full = {**_full(model), **MINIMAL[model]}
    full.pop(field_name, None)
    parsed = model.model_validate_json(json.dumps(full))
    value = getattr(parsed, field_name)
    assert value is None, f"{model.__name__}.{field_name} absent reads {value!r}, not None"


# -- every operation, on both clients --------------------------------------------------------------


def _item_model(result: type[BaseModel]) -> Optional[type[BaseModel]]:
    if issubclass(result, ListEnvelope):
        args = result.__pydantic_generic_metadata__["args"]
        return args[0] if args else None
    return None


def _minimal_answer(result: type[BaseModel]) -> dict[str, Any]:
    item = _item_model(result)
    if item is not None:
        return {"data": [MINIMAL[item]], "has_more": False}  # type: ignore[index]
    return MINIMAL[result]  # type: ignore[index]


ANSWERING = [pytest.param(op, id=op.name) for op in OPERATIONS if op.result is not None]


@pytest.mark.parametrize("op", ANSWERING)
@pytest.mark.parametrize("kind", ["sync", "async"])
async def test_the_smallest_documented_answer_parses(op: Any, kind: str) -> None:
    case = BY_NAME[op.name]
    answer = _minimal_answer(op.result)
    with respx.mock(base_url=BASE_URL, assert_all_called=True) as api:
        api.route().respond(200, json=answer)
        if kind == "sync":
            with FirstHandClient(api_key=API_KEY, max_retries=0) as client:
                result = getattr(client, op.name)(*case.args())
        else:
            async with AsyncFirstHandClient(api_key=API_KEY, max_retries=0) as aclient:
                result = await getattr(aclient, op.name)(*case.args())
    item = _item_model(op.result)
    if item is None:
        parsed = [result]
        assert isinstance(result, op.result)
    else:
        parsed = list(result.data)
        assert [type(x) for x in parsed] == [item]
        assert result.has_more is False
    # Everything the answer left out reads as None (``object`` keeps the model's own name).
    first: FirstHandModel = parsed[0]
    model: type[FirstHandModel] = type(first)
    for name in set(model.model_fields) - set(MINIMAL[model]) - {"object"}:
        assert getattr(parsed[0], name) is None, f"{model.__name__}.{name}"


# -- the examples of the issue that raised before ---------------------------------------------------


def _mock(answer: dict[str, Any]) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=answer))


def test_a_checkout_session_with_only_its_url_parses() -> None:
    answer = {"object": "checkout_session", "checkout_url": "https://checkout.stripe.com/c/pay/x"}
    with FirstHandClient(api_key=API_KEY, http_client=httpx.Client(transport=_mock(answer))) as c:
        session = c.purchase_credits({"amount_cents": 2500})
    assert session.checkout_url == answer["checkout_url"]
    assert (session.id, session.amount_cents, session.status) == (None, None, None)


def test_a_webhook_endpoint_without_status_or_timestamps_parses() -> None:
    answer = {
        "id": "wh_01JQ",
        "url": "https://example.com/hooks",
        "events": ["job.completed"],
        "secret": "whsec_x",
    }
    with FirstHandClient(api_key=API_KEY, http_client=httpx.Client(transport=_mock(answer))) as c:
        created = c.create_webhook_endpoint(
            {"url": "https://example.com/hooks", "events": ["job.completed"]}
        )
        fetched = c.get_webhook_endpoint("wh_01JQ")
    assert created.secret == "whsec_x"
    assert (fetched.status, fetched.created_at, fetched.updated_at) == (None, None, None)


def test_a_submission_summary_of_counts_only_parses() -> None:
    answer = {"total": 10, "approved": 7, "rejected": 2, "pending_score": 1}
    with FirstHandClient(api_key=API_KEY, http_client=httpx.Client(transport=_mock(answer))) as c:
        summary = c.get_submission_summary()
    assert (summary.total, summary.approved) == (10, 7)
    assert (summary.start_date, summary.approval_rate, summary.retry_pending) == (None, None, None)


def test_a_missing_documented_field_is_still_an_error() -> None:
    from firsthand import FirstHandResponseValidationError

    answer = {k: v for k, v in MINIMAL[Job].items() if k != "files_needed"}
    http = httpx.Client(transport=_mock(answer))
    with (
        FirstHandClient(api_key=API_KEY, http_client=http) as c,
        pytest.raises(FirstHandResponseValidationError) as info,
    ):
        c.get_job("job_01JQ")
    assert "files_needed" in str(info.value)


# -- the 11 event types ------------------------------------------------------------------------------


def _event_class(kind: str) -> type[BaseEvent]:
    from firsthand._models.events import event_adapter

    body = {"id": "evt_1", "type": kind, "created_at": TS, "data": MINIMAL_EVENT_DATA[kind]}
    return type(event_adapter().validate_python(body))


@pytest.mark.parametrize("kind", WEBHOOK_EVENT_TYPES)
def test_the_smallest_documented_event_parses(kind: str) -> None:
    body = json.dumps(
        {"id": "evt_01JQ", "type": kind, "created_at": TS, "data": MINIMAL_EVENT_DATA[kind]}
    ).encode()
    event = construct_event(body, generate_webhook_signature(body, "whsec_t"), "whsec_t")
    assert event.type == kind
    assert type(event).__name__ != "UnknownEvent"
    assert (event.object, event.api_version) == ("event", None)


# -- docs/decisions.md carries the same table ----------------------------------------------------------

_TABLE_START = "<!-- documented-fields: start -->"
_TABLE_END = "<!-- documented-fields: end -->"


def documented_fields_table() -> str:
    """The markdown table of docs/decisions.md, rendered from the models and DOCUMENTED."""
    lines = [
        "| model | required (documented) | optional, documented | optional, settled by the SDK |"
        " where the docs show it |",
        "|---|---|---|---|---|",
    ]
    models: list[type[FirstHandModel]] = [*_FULL_STRATEGIES]
    models += [JobLocation, DeviceInfo, AuditActor, AuditResource]
    for model in models:
        lines.append(_row(model.__name__, model.model_fields))
    lines.append(_row("ListEnvelope", ListEnvelope[Job].model_fields, label="list envelope"))
    event_fields = {**_event_class("job.completed").model_fields}
    lines.append(_row("BaseEvent", event_fields, label="every event (`construct_event`)"))
    for model in (JobEventData, JobFlaggedData, CreditEventData):
        lines.append(_row(model.__name__, model.model_fields))
    return "\n".join(lines)


def _row(name: str, fields: dict[str, Any], *, label: str = "") -> str:
    documented = DOCUMENTED[name]
    required = [f for f in fields if f in documented and documented[f].required]
    optional_doc = [f for f in fields if f in documented and not documented[f].required]
    settled = [f for f in fields if f not in documented]
    sources = sorted({SOURCES[doc.source] for doc in documented.values()})

    def cell(names: list[str]) -> str:
        return ", ".join(f"`{n}`" for n in names) or "–"

    return (
        f"| {label or f'`{name}`'} | {cell(required)} | {cell(optional_doc)} | {cell(settled)} | "
        f"{'; '.join(sources) or 'nothing: every field is optional'} |"
    )


def test_decisions_page_holds_the_current_table() -> None:
    text = (ROOT / "docs" / "decisions.md").read_text(encoding="utf-8")
    match = re.search(re.escape(_TABLE_START) + r"\n(.*?)\n" + re.escape(_TABLE_END), text, re.S)
    assert match, "docs/decisions.md lacks the documented-fields table markers"
    expected = documented_fields_table()
    assert match.group(1) == expected, (
        "docs/decisions.md's table is stale; replace it with:\n" + expected
    )


def test_the_openapi_document_marks_documented_and_settled_fields() -> None:
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    schemas = document["components"]["schemas"]
    for name in ("Job", "JobFile", "Submission", "CheckoutSession", "WebhookEndpoint", "JobList"):
        schema = schemas[name]
        settled = set(schema["x-firsthand-settled"])
        documented = set(schema["x-firsthand-documented"])
        assert settled | documented == set(schema["properties"]), name
        assert not settled & set(schema.get("required", [])), name
        assert set(schema.get("required", [])) <= documented, name
    assert schemas["CheckoutSession"]["required"] == ["checkout_url"]
