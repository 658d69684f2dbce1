"""Every response and request model besides ``Job``/``JobCreateParams`` (see ``test_models.py``).

Response models: a realistic wire example parses, unknown fields and enum values are kept,
timestamps become aware UTC, ``to_dict()`` gives the wire shape back, item access, pickling, a
known field of the wrong type is rejected, secrets stay out of ``repr``/``str``.
Request models: a valid example, every documented limit broken just outside both ends (the error
names the field), unknown keys rejected, the ``...Dict`` twins agree with the models.
"""

from __future__ import annotations

import copy
import json
import pickle
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any, Optional, Sequence

import pytest
from pydantic import BaseModel, ValidationError
from typing_extensions import get_args

import firsthand
from firsthand import FirstHandValidationError
from firsthand._models.api_keys import ApiKeyList
from firsthand._models.audit import AuditEventList
from firsthand._models.billing import CreditTransactionList
from firsthand._models.files import JobFileList
from firsthand._models.submissions import SubmissionList
from firsthand._models.webhooks import (
    WEBHOOK_EVENT_TYPES,
    WebhookEndpointList,
    WebhookEventList,
)
from firsthand.models import (
    ApiKey,
    ApiKeyCreateParams,
    ApiKeyCreateParamsDict,
    ApiKeyScope,
    AuditActor,
    AuditEvent,
    AuditResource,
    CheckoutSession,
    CreditBalance,
    CreditPurchaseParams,
    CreditPurchaseParamsDict,
    CreditTransaction,
    DeviceInfo,
    FirstHandModel,
    JobFile,
    JobFilesParams,
    JobRateParams,
    JobRateParamsDict,
    JobSubmissionsParams,
    ListAuditEventsParams,
    ListEnvelope,
    ListSubmissionsParams,
    ListTransactionsParams,
    ListWebhookEventsParams,
    OrganizationSettings,
    OrganizationSettingsUpdateParams,
    OrganizationSettingsUpdateParamsDict,
    RequestModel,
    SignupParams,
    SignupParamsDict,
    SignupResult,
    Submission,
    SubmissionSummary,
    SubmissionSummaryParams,
    WebhookEndpoint,
    WebhookEndpointCreateParams,
    WebhookEndpointCreateParamsDict,
    WebhookEndpointUpdateParams,
    WebhookEndpointUpdateParamsDict,
    WebhookEvent,
    WebhookEventType,
)

TS = "2026-03-20T19:03:27.971Z"
TS2 = "2026-03-27T19:03:27.000Z"

# -- response models: realistic wire examples (every known field present) ----------------------


def _no_fields() -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ResponseCase:
    model: type[FirstHandModel]
    wire: dict[str, Any]
    timestamps: tuple[str, ...] = ()
    #: enum-like field -> a value this SDK version does not know (a list field gets a list)
    unknown_enums: dict[str, Any] = field(default_factory=_no_fields)
    #: known field -> a value of the wrong type
    wrong: dict[str, Any] = field(default_factory=_no_fields)
    secrets: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.model.__name__


DEVICE = {"device_model": "iPhone 15 Pro", "device_os": "iOS 18.3", "app_version": "2.4.1"}

CASES: list[ResponseCase] = [
    ResponseCase(DeviceInfo, DEVICE, wrong={"device_os": ["iOS"]}),
    ResponseCase(
        JobFile,
        {
            "object": "file",
            "id": "file_01JQ0000000000000000000001",
            "job_id": "job_01JQ0000000000000000000001",
            "submission_id": "sub_01JQ0000000000000000000001",
            "content_type": "video/mp4",
            "size_bytes": 4_821_330,
            "duration_seconds": 12.48,
            "width": 1920,
            "height": 1080,
            "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "captured_at": "2026-03-20T18:59:01.000Z",
            "ai_star_rating": 4,
            "device_info": DEVICE,
            "worker_region": "US-NY",
            "download_url": "https://files.firsthandapi.com/file_01JQ?X-Amz-Signature=abc",
            "download_url_expires_at": TS2,
            "annotations": {
                "annotation_model": "claude-sonnet-4-20250514",
                "objects": [{"label": "cup", "confidence": 0.97}],
            },
            "keyframes": [{"t": 0.0, "url": "https://files.firsthandapi.com/kf0.jpg"}],
            "created_at": TS,
        },
        timestamps=("captured_at", "download_url_expires_at", "created_at"),
        wrong={"size_bytes": "large", "device_info": "iPhone"},
    ),
    ResponseCase(
        Submission,
        {
            "object": "submission",
            "id": "sub_01JQ0000000000000000000001",
            "job_id": "job_01JQ0000000000000000000001",
            "worker_id": "wkr_01JQ0000000000000000000001",
            "status": "approved",
            "ai_star_rating": 4,
            "ai_reasoning": "Cup centred, in focus, good light.",
            "scored_at": "2026-03-20T19:03:39.120Z",
            "file_url": "https://files.firsthandapi.com/sub_01JQ.jpg",
            "content_type": "image/jpeg",
            "size_bytes": 482_133,
            "submitted_at": TS,
            "submission_latitude": 40.712776,
            "submission_longitude": -74.005974,
            "location_verified": True,
            "annotations": {"scene": "kitchen"},
            "dimensions": {"clarity": 5, "relevance": 4},
        },
        timestamps=("scored_at", "submitted_at"),
        unknown_enums={"status": "under_review"},
        wrong={"ai_star_rating": "four", "location_verified": "maybe"},
    ),
    ResponseCase(
        SubmissionSummary,
        {
            "object": "submission_summary",
            "job_id": "job_01JQ0000000000000000000001",
            "start_date": "2026-02-18T19:03:27.971Z",
            "end_date": TS,
            "total": 10,
            "approved": 7,
            "rejected": 2,
            "pending_score": 1,
            "retry_pending": 0,
            "approval_rate": 0.7,
            "average_star_rating": 3.8,
            "star_rating_distribution": {"1": 0, "2": 2, "3": 1, "4": 4, "5": 2},
        },
        timestamps=("start_date", "end_date"),
        wrong={"total": "ten", "star_rating_distribution": {"4": "many"}},
    ),
    ResponseCase(
        ApiKey,
        {
            "object": "api_key",
            "id": "key_01JQ0000000000000000000001",
            "name": "CI pipeline",
            "environment": "test",
            "scopes": ["jobs:read", "jobs:write"],
            "redacted_key": "fh_test_sk_…a1b2",
            "created_at": TS,
            "last_used_at": "2026-03-21T08:00:00.000Z",
            "revoked_at": None,
            "rotated_at": "2026-03-22T08:00:00.000Z",
            "secret": "fh_test_sk_01JQSECRETSECRETSECRETa1b2",
        },
        timestamps=("created_at", "last_used_at", "revoked_at", "rotated_at"),
        unknown_enums={"environment": "staging", "scopes": ["jobs:read", "payouts:write"]},
        wrong={"scopes": "jobs:read", "created_at": "yesterday"},
        secrets=("secret",),
    ),
    ResponseCase(
        WebhookEndpoint,
        {
            "object": "webhook_endpoint",
            "id": "wh_01JQ0000000000000000000001",
            "url": "https://example.com/hooks/firsthand",
            "events": ["submission.approved", "job.completed"],
            "status": "enabled",
            "description": "production receiver",
            "created_at": TS,
            "updated_at": TS2,
            "secret": "whsec_01JQSECRETSECRETSECRET",
        },
        timestamps=("created_at", "updated_at"),
        unknown_enums={"status": "paused", "events": ["job.completed", "payout.sent"]},
        wrong={"events": "job.completed", "url": 42},
        secrets=("secret",),
    ),
    ResponseCase(
        WebhookEvent,
        {
            "id": "evt_01JQ0000000000000000000001",
            "object": "event",
            "type": "submission.approved",
            "api_version": "2026-03-18",
            "created_at": TS,
            "data": {"object": "submission", "id": "sub_01JQ", "status": "approved"},
            "delivery_status": "failed",
            "delivery_attempts": 6,
            "last_attempt_at": TS2,
        },
        timestamps=("created_at", "last_attempt_at"),
        unknown_enums={"type": "payout.sent", "delivery_status": "throttled"},
        wrong={"data": ["not", "an", "object"], "delivery_attempts": "six"},
    ),
    ResponseCase(
        CreditBalance,
        {
            "object": "credit_balance",
            "available_cents": 96_250,
            "held_cents": 3_750,
            "total_cents": 100_000,
            "currency": "usd",
            "updated_at": TS,
        },
        timestamps=("updated_at",),
        wrong={"available_cents": "lots", "held_cents": 1.5},
    ),
    ResponseCase(
        CreditTransaction,
        {
            "object": "credit_transaction",
            "id": "crtx_01JQ0000000000000000000001",
            "type": "deduction",
            "amount_cents": -75,
            "description": "Approved file for job_01JQ",
            "job_id": "job_01JQ0000000000000000000001",
            "created_at": TS,
        },
        timestamps=("created_at",),
        unknown_enums={"type": "chargeback"},
        wrong={"amount_cents": "-75 cents"},
    ),
    ResponseCase(
        CheckoutSession,
        {
            "object": "checkout_session",
            "id": "cs_01JQ0000000000000000000001",
            "checkout_url": "https://checkout.stripe.com/c/pay/cs_test_01JQ",
            "amount_cents": 10_000,
            "credits_cents": 11_500,
            "status": "open",
            "expires_at": "2026-03-21T19:03:27.971Z",
        },
        timestamps=("expires_at",),
        unknown_enums={"status": "processing"},
        wrong={"amount_cents": "100 dollars"},
    ),
    ResponseCase(
        OrganizationSettings,
        {
            "object": "organization_settings",
            "organization_id": "org_01JQ0000000000000000000001",
            "default_type": "data_collection",
            "default_price_per_file_cents": 75,
            "auto_topup_enabled": True,
            "auto_topup_threshold_cents": 5_000,
            "auto_topup_amount_cents": 25_000,
            "low_balance_threshold_cents": 2_000,
            "updated_at": TS,
        },
        timestamps=("updated_at",),
        unknown_enums={"default_type": "survey"},
        wrong={"auto_topup_enabled": "sometimes", "auto_topup_amount_cents": "a lot"},
    ),
    ResponseCase(AuditActor, {"type": "api_key", "id": "key_01JQ"}, wrong={"id": ["k"]}),
    ResponseCase(AuditResource, {"type": "job", "id": "job_01JQ"}, wrong={"type": ["job"]}),
    ResponseCase(
        AuditEvent,
        {
            "object": "audit_event",
            "id": "aev_01JQ0000000000000000000001",
            "action": "job.created",
            "actor": {"type": "api_key", "id": "key_01JQ0000000000000000000001"},
            "resource": {"type": "job", "id": "job_01JQ0000000000000000000001"},
            "metadata": {"files_needed": 50, "ip": "203.0.113.7"},
            "created_at": TS,
        },
        timestamps=("created_at",),
        wrong={"actor": "someone", "metadata": ["x"]},
    ),
    ResponseCase(
        SignupResult,
        {
            "organization_id": "org_01JQ0000000000000000000001",
            "api_key": "fh_live_sk_01JQSECRETSECRETSECRET",
            "credits_cents": 500,
        },
        wrong={"credits_cents": "five hundred"},
        secrets=("api_key",),
    ),
]

CASE_IDS = [case.name for case in CASES]
EXTRAS = {"brand_new_field": {"nested": [1, 2, 3]}, "another_new_field": "surprise"}


def _parse(case: ResponseCase, data: dict[str, Any], *, from_json: bool) -> FirstHandModel:
    if from_json:
        return case.model.model_validate_json(json.dumps(data))
    return case.model.model_validate(copy.deepcopy(data))


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _same_wire(case: ResponseCase, got: dict[str, Any], expected: dict[str, Any]) -> None:
    assert set(got) == set(expected)
    for key, value in expected.items():
        if key in case.timestamps and value is not None:
            assert isinstance(got[key], str)
            assert _instant(got[key]) == _instant(value), key
        else:
            assert got[key] == value, key


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("from_json", [False, True], ids=["python", "json"])
def test_wire_example_parses_and_dumps_back(case: ResponseCase, from_json: bool) -> None:
    model = _parse(case, case.wire, from_json=from_json)
    assert type(model) is case.model
    assert set(case.wire) == set(case.model.model_fields), "the example must show every field"
    assert model.model_extra == {}
    wire = model.to_dict()
    _same_wire(case, wire, case.wire)
    json.dumps(wire)  # JSON-compatible all the way down
    assert wire == json.loads(model.model_dump_json())
    assert case.model.model_validate(wire) == model


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_item_access_by_wire_name(case: ResponseCase) -> None:
    model = _parse(case, {**case.wire, **EXTRAS}, from_json=True)
    first = next(iter(case.wire))
    assert model[first] == getattr(model, first)
    if "id" in case.wire:
        assert model["id"] == case.wire["id"]
    for key in case.model.model_fields:
        assert key in model
        assert model[key] is getattr(model, key)
    assert model["another_new_field"] == "surprise"
    with pytest.raises(KeyError):
        model["definitely_not_a_field"]
    assert model.get("definitely_not_a_field", 7) == 7


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_unknown_fields_are_kept_and_dumped(case: ResponseCase) -> None:
    model = _parse(case, {**case.wire, **EXTRAS}, from_json=True)
    assert model.model_extra == EXTRAS
    assert model["brand_new_field"] == {"nested": [1, 2, 3]}
    _same_wire(case, model.to_dict(), {**case.wire, **EXTRAS})


ENUM_CASES = [
    pytest.param(case, name, value, id=f"{case.name}.{name}")
    for case in CASES
    for name, value in case.unknown_enums.items()
]


@pytest.mark.parametrize(("case", "field_name", "value"), ENUM_CASES)
def test_unknown_enum_values_are_accepted(case: ResponseCase, field_name: str, value: Any) -> None:
    model = _parse(case, {**case.wire, field_name: value}, from_json=True)
    assert model[field_name] == value
    assert model.to_dict()[field_name] == value


TIMESTAMP_CASES = [
    pytest.param(case, name, id=f"{case.name}.{name}") for case in CASES for name in case.timestamps
]
UTC_INSTANT = datetime(2026, 3, 20, 19, 3, 27, tzinfo=timezone.utc)


@pytest.mark.parametrize(("case", "field_name"), TIMESTAMP_CASES)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-20T19:03:27Z", UTC_INSTANT),
        ("2026-03-20T19:03:27.971Z", UTC_INSTANT.replace(microsecond=971_000)),
        ("2026-03-20T21:03:27+02:00", UTC_INSTANT),
        ("2026-03-20T14:03:27.500-05:00", UTC_INSTANT.replace(microsecond=500_000)),
    ],
    ids=["seconds_Z", "millis_Z", "plus_offset", "minus_offset_millis"],
)
def test_timestamps_are_aware_utc(
    case: ResponseCase, field_name: str, text: str, expected: datetime
) -> None:
    model = _parse(case, {**case.wire, field_name: text}, from_json=True)
    value = model[field_name]
    assert isinstance(value, datetime)
    assert value.tzinfo == timezone.utc
    assert value == expected
    assert value.replace(tzinfo=None) == expected.replace(tzinfo=None)  # UTC wall clock


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_pickle_round_trip(case: ResponseCase, protocol: int) -> None:
    model = _parse(case, {**case.wire, **EXTRAS}, from_json=True)
    restored = pickle.loads(pickle.dumps(model, protocol=protocol))
    assert type(restored) is case.model
    assert restored == model
    assert restored.model_extra == EXTRAS
    assert restored.to_dict() == model.to_dict()


WRONG_CASES = [
    pytest.param(case, name, value, id=f"{case.name}.{name}")
    for case in CASES
    for name, value in case.wrong.items()
]


@pytest.mark.parametrize(("case", "field_name", "value"), WRONG_CASES)
def test_known_field_with_the_wrong_type_is_rejected(
    case: ResponseCase, field_name: str, value: Any
) -> None:
    with pytest.raises(ValidationError) as info:
        _parse(case, {**case.wire, field_name: value}, from_json=True)
    assert {err["loc"][0] for err in info.value.errors()} == {field_name}


REQUIRED_CASES = [
    pytest.param(case, name, id=f"{case.name}.{name}")
    for case in CASES
    for name, info in case.model.model_fields.items()
    if info.is_required()
]


@pytest.mark.parametrize(("case", "field_name"), REQUIRED_CASES)
def test_missing_required_field_is_rejected(case: ResponseCase, field_name: str) -> None:
    data = {k: v for k, v in case.wire.items() if k != field_name}
    with pytest.raises(ValidationError) as info:
        _parse(case, data, from_json=True)
    assert [(e["type"], e["loc"]) for e in info.value.errors()] == [("missing", (field_name,))]


SECRET_CASES = [
    pytest.param(case, name, id=f"{case.name}.{name}") for case in CASES for name in case.secrets
]


@pytest.mark.parametrize(("case", "field_name"), SECRET_CASES)
def test_secrets_never_show_in_repr_or_str(case: ResponseCase, field_name: str) -> None:
    secret = case.wire[field_name]
    model = _parse(case, case.wire, from_json=True)
    assert getattr(model, field_name) == secret  # readable on purpose...
    assert model.to_dict()[field_name] == secret  # ...and part of the wire shape
    for text in (repr(model), str(model), f"{model}", f"{model!r}", repr([model])):
        assert secret not in text
    assert "id=" in repr(model)  # the rest of the repr is still there
    # A broken response must not echo the secret either (pydantic shows the input of a failed
    # model in its message by default; a short input would be shown whole).
    with pytest.raises(ValidationError) as info:
        _parse(case, {field_name: secret}, from_json=True)
    message = str(info.value)
    assert "Field required" in message
    assert secret[:12] not in message
    assert "input_value" not in message  # (pydantic shortens long inputs, so check for any)


def test_secret_fields_are_hidden_from_repr_by_field_config() -> None:
    assert ApiKey.model_fields["secret"].repr is False
    assert WebhookEndpoint.model_fields["secret"].repr is False
    assert SignupResult.model_fields["api_key"].repr is False
    assert ApiKey.model_fields["name"].repr is True


# -- response models: particular shapes ---------------------------------------------------------


def test_pending_submission_has_no_score_yet() -> None:
    sub = Submission.model_validate_json(
        b'{"object": "submission", "id": "sub_1", "job_id": "job_1", "status": "pending_score",'
        b' "ai_star_rating": null, "ai_reasoning": null, "scored_at": null,'
        b' "file_url": "https://files.firsthandapi.com/sub_1.jpg", "content_type": "image/jpeg",'
        b' "submitted_at": "2026-03-20T19:03:27Z"}'
    )
    assert sub.status == "pending_score"
    assert (sub.ai_star_rating, sub.ai_reasoning, sub.scored_at) == (None, None, None)
    assert sub.worker_id is None  # the old webhook example omits it


def test_old_submission_webhook_example_parses() -> None:
    sub = Submission.model_validate(
        {
            "object": "submission",
            "id": "sub_01JQ",
            "job_id": "job_01JQ",
            "status": "approved",
            "ai_star_rating": 4,
            "ai_reasoning": "Clear photo",
            "file_url": "https://files.firsthandapi.com/x.jpg",
            "content_type": "image/jpeg",
            "submitted_at": "2026-03-15T10:00:00Z",
        }
    )
    assert sub.size_bytes is None
    assert sub.submitted_at == datetime(2026, 3, 15, 10, tzinfo=timezone.utc)


def test_credit_balance_reads_the_older_documented_shape() -> None:
    balance = CreditBalance.model_validate_json(
        b'{"balance_cents": 1500, "currency": "usd", "updated_at": "2026-03-15T10:00:00Z"}'
    )
    assert (balance.available_cents, balance.held_cents, balance.total_cents) == (1500, 0, 1500)
    assert balance["balance_cents"] == 1500  # kept as an extra field
    assert balance.object == "credit_balance"
    assert balance.to_dict()["balance_cents"] == 1500
    assert pickle.loads(pickle.dumps(balance)) == balance


def test_credit_balance_prefers_the_newer_shape_when_both_are_present() -> None:
    balance = CreditBalance.model_validate(
        {
            "available_cents": 10,
            "held_cents": 5,
            "total_cents": 15,
            "balance_cents": 999,
            "currency": "usd",
            "updated_at": TS,
        }
    )
    assert (balance.available_cents, balance.held_cents, balance.total_cents) == (10, 5, 15)
    assert balance.currency == "usd"


def test_credit_balance_old_shape_with_a_broken_balance_is_rejected() -> None:
    with pytest.raises(ValidationError):
        CreditBalance.model_validate({"balance_cents": "plenty", "currency": "usd"})
    with pytest.raises(ValidationError):
        CreditBalance.model_validate({"currency": "usd"})  # neither shape


def test_old_event_envelope_without_object_or_api_version_parses() -> None:
    event = WebhookEvent.model_validate(
        {"id": "evt_1", "type": "job.completed", "created_at": "2026-03-15T10:00:00Z", "data": {}}
    )
    assert (event.object, event.api_version, event.delivery_status) == ("event", None, None)
    assert event.delivery_attempts is None  # settled by the SDK, not documented: optional


def test_signup_result_has_no_object_field() -> None:
    assert "object" not in SignupResult.model_fields
    result = SignupResult.model_validate(
        {"organization_id": "org_1", "api_key": "fh_live_x", "credits_cents": 1000}
    )
    assert "object" not in result.to_dict()


def test_audit_event_without_actor_or_resource() -> None:
    event = AuditEvent.model_validate(
        {"object": "audit_event", "id": "aev_1", "action": "settings.updated", "created_at": TS}
    )
    assert (event.actor, event.resource, event.metadata) == (None, None, None)
    system = AuditEvent.model_validate(
        {"id": "aev_2", "action": "x", "actor": {"type": "system"}, "created_at": TS}
    )
    assert system.actor is not None
    assert system.actor.id is None


def test_nested_models_are_models() -> None:
    case = next(c for c in CASES if c.model is JobFile)
    job_file = JobFile.model_validate(case.wire)
    assert isinstance(job_file.device_info, DeviceInfo)
    assert job_file["device_info"]["device_model"] == "iPhone 15 Pro"
    audit_case = next(c for c in CASES if c.model is AuditEvent)
    event = AuditEvent.model_validate(audit_case.wire)
    assert isinstance(event.actor, AuditActor)
    assert isinstance(event.resource, AuditResource)


LIST_CASES = [
    (JobFileList, JobFile),
    (SubmissionList, Submission),
    (ApiKeyList, ApiKey),
    (WebhookEndpointList, WebhookEndpoint),
    (WebhookEventList, WebhookEvent),
    (CreditTransactionList, CreditTransaction),
    (AuditEventList, AuditEvent),
]


@pytest.mark.parametrize(("list_cls", "item_cls"), LIST_CASES, ids=lambda c: c.__name__)
def test_list_envelopes_parse_and_pickle(
    list_cls: type[ListEnvelope[Any]], item_cls: type[FirstHandModel]
) -> None:
    case = next(c for c in CASES if c.model is item_cls)
    envelope = list_cls.model_validate_json(
        json.dumps(
            {
                "object": "list",
                "data": [case.wire, {**case.wire, **EXTRAS}],
                "has_more": True,
                "next_cursor": "cur_2",
            }
        )
    )
    assert [type(item) for item in envelope.data] == [item_cls, item_cls]
    assert envelope.data[1].model_extra == EXTRAS
    restored = pickle.loads(pickle.dumps(envelope))
    assert type(restored) is type(envelope)
    assert restored == envelope
    assert restored.next_cursor == "cur_2"


def test_secret_of_a_list_item_is_not_in_its_repr() -> None:
    case = next(c for c in CASES if c.model is ApiKey)
    page = ApiKeyList.model_validate({"data": [case.wire], "has_more": False})
    assert case.wire["secret"] not in repr(page)
    assert case.wire["secret"] not in str(page)


def test_common_response_models_are_reexported_from_the_package() -> None:
    for name in (
        "JobFile",
        "Submission",
        "SubmissionSummary",
        "ApiKey",
        "WebhookEndpoint",
        "WebhookEvent",
        "CreditBalance",
        "CreditTransaction",
        "CheckoutSession",
        "OrganizationSettings",
        "AuditEvent",
        "SignupResult",
    ):
        assert getattr(firsthand, name) is getattr(firsthand.models, name)
        assert name in firsthand.__all__


def test_webhook_event_types() -> None:
    assert get_args(WebhookEventType) == WEBHOOK_EVENT_TYPES
    assert len(WEBHOOK_EVENT_TYPES) == len(set(WEBHOOK_EVENT_TYPES)) == 11
    assert WEBHOOK_EVENT_TYPES[:3] == (
        "submission.scored",
        "submission.approved",
        "submission.rejected",
    )
    assert WEBHOOK_EVENT_TYPES[-1] == "credits.expiring_soon"
    assert {"job.completed", "job.cancelled", "job.flagged"} <= set(WEBHOOK_EVENT_TYPES)


def test_api_key_scopes() -> None:
    assert set(get_args(ApiKeyScope)) == {
        "jobs:read",
        "jobs:write",
        "webhooks:read",
        "webhooks:write",
        "keys:manage",
        "billing:read",
        "billing:write",
        "audit:read",
        "usage:read",
    }


# -- request models -----------------------------------------------------------------------------

LONG_HTTPS = "https://example.com/" + "a" * (2048 - len("https://example.com/"))
assert len(LONG_HTTPS) == 2048


@dataclass(frozen=True)
class RequestCase:
    model: type[RequestModel]
    valid: dict[str, Any]
    #: (field, value) pairs that must each be rejected with the field in the error's loc
    bad: Sequence[tuple[str, Any]]
    #: (field, value) pairs just inside a limit, which must be accepted
    good: Sequence[tuple[str, Any]] = ()
    typed_dict: Optional[Any] = None

    @property
    def name(self) -> str:
        return self.model.__name__


_NAIVE = datetime(2026, 3, 1, 10, 0)
_BAD_DATES: list[Any] = [_NAIVE, "2026-03-01T10:00:00", "2026-02-30", "last week", 1_700_000_000]
_GOOD_DATES: list[Any] = [
    date(2026, 3, 1),
    datetime(2026, 3, 1, 10, tzinfo=timezone.utc),
    "2026-03-01",
    "2026-03-01T10:00:00Z",
    "2026-03-01T10:00:00.123+05:30",
]
_STRICT_INT_BREAKERS: list[Any] = [True, 3.0, 1.5, "3", None]
_PAGE_BAD: list[tuple[str, Any]] = [("limit", 0), ("limit", 101), ("limit", "10"), ("cursor", "")]
_PAGE_GOOD: list[tuple[str, Any]] = [("limit", 1), ("limit", 100), ("cursor", "c")]
_NO_SCOPES: list[str] = []
_ALL_SCOPES: list[str] = list(get_args(ApiKeyScope))

REQUEST_CASES: list[RequestCase] = [
    RequestCase(
        JobRateParams,
        {"rating": 5, "comment": "Great photos, fast."},
        bad=[("rating", 0), ("rating", 6), ("comment", "x" * 1001), ("comment", 5)]
        + [("rating", v) for v in _STRICT_INT_BREAKERS],
        good=[("rating", 1), ("rating", 5), ("comment", "x" * 1000), ("comment", "")],
        typed_dict=JobRateParamsDict,
    ),
    RequestCase(
        JobFilesParams,
        {"min_score": 3, "limit": 50, "cursor": "file_01JQ"},
        bad=[
            ("min_score", 0),
            ("min_score", 6),
            ("min_score", True),
            ("min_score", "4"),
            *_PAGE_BAD,
        ],
        good=[("min_score", 1), ("min_score", 5), *_PAGE_GOOD],
    ),
    RequestCase(
        JobSubmissionsParams,
        {"status": "approved", "limit": 20},
        bad=[("status", 5), ("status", ["approved"]), ("status", "brand_new_status"), *_PAGE_BAD],
        good=[("status", "retry_pending"), *_PAGE_GOOD],
    ),
    RequestCase(
        ListSubmissionsParams,
        {
            "job_id": "job_01JQ",
            "status": "rejected",
            "min_score": 2,
            "start_date": "2026-03-01T00:00:00Z",
            "end_date": "2026-03-20T00:00:00Z",
            "limit": 100,
        },
        bad=[("min_score", 0), ("min_score", 6), ("min_score", True), ("job_id", "")]
        + [("status", 5), ("status", "new_status"), *_PAGE_BAD]
        + [("start_date", v) for v in _BAD_DATES]
        + [("end_date", v) for v in _BAD_DATES],
        good=[("min_score", 1), ("min_score", 5), ("status", "pending_score"), *_PAGE_GOOD]
        + [("end_date", v) for v in _GOOD_DATES],
    ),
    RequestCase(
        SubmissionSummaryParams,
        {"job_id": "job_01JQ", "start_date": "2026-03-01", "end_date": "2026-03-20"},
        bad=[("job_id", ""), ("job_id", 5), ("end_date", "2026-02-28")]
        + [("start_date", v) for v in _BAD_DATES]
        + [("end_date", v) for v in _BAD_DATES],
        good=[("start_date", v) for v in _GOOD_DATES] + [("end_date", "2026-03-01")],
    ),
    RequestCase(
        ApiKeyCreateParams,
        {"name": "CI pipeline", "scopes": ["jobs:read", "jobs:write"], "environment": "test"},
        bad=[
            ("name", ""),
            ("name", "x" * 101),
            ("name", 5),
            ("environment", "staging"),
            ("scopes", _NO_SCOPES),
            ("scopes", ["jobs:read", "jobs:read"]),
            ("scopes", ["root"]),
            ("scopes", "jobs:read"),
        ],
        good=[
            ("name", "x"),
            ("name", "x" * 100),
            ("environment", "live"),
            ("scopes", _ALL_SCOPES),
        ],
        typed_dict=ApiKeyCreateParamsDict,
    ),
    RequestCase(
        WebhookEndpointCreateParams,
        {
            "url": "https://example.com/hooks/firsthand",
            "events": ["submission.approved", "job.completed"],
            "description": "production receiver",
        },
        bad=[
            ("url", "http://example.com/hooks"),
            ("url", ""),
            ("url", LONG_HTTPS + "a"),
            ("url", "https://"),
            ("url", "https:///path"),
            ("url", "example.com/hooks"),
            ("url", "ftp://example.com/hooks"),
            ("url", "https://exa mple.com/"),
            ("url", "https://example.com:99999/"),
            ("events", []),
            ("events", ["job.completed", "job.completed"]),
            ("events", ["job.exploded"]),
            ("events", "job.completed"),
            ("description", "x" * 501),
        ],
        good=[
            ("url", LONG_HTTPS),
            ("url", "HTTPS://Example.COM"),
            ("url", "https://[2001:db8::1]:8443/h?x=1#f"),
            ("events", ["submission.scored"]),
            ("description", "x" * 500),
        ],
        typed_dict=WebhookEndpointCreateParamsDict,
    ),
    RequestCase(
        WebhookEndpointUpdateParams,
        {"url": "https://example.com/v2", "events": ["job.completed"], "status": "disabled"},
        bad=[
            ("url", "http://example.com/hooks"),
            ("url", LONG_HTTPS + "a"),
            ("events", []),
            ("events", ["job.completed", "job.completed"]),
            ("status", "paused"),
            ("description", "x" * 501),
        ],
        good=[("url", LONG_HTTPS), ("status", "enabled"), ("description", "x" * 500)],
        typed_dict=WebhookEndpointUpdateParamsDict,
    ),
    RequestCase(
        ListWebhookEventsParams,
        {"type": "job.completed", "delivery_status": "failed", "limit": 10},
        bad=[
            ("type", 5),
            ("delivery_status", 5),
            ("type", "payout.sent"),
            ("delivery_status", "throttled"),
            *_PAGE_BAD,
        ],
        good=[("type", "job.flagged"), ("delivery_status", "pending"), *_PAGE_GOOD],
    ),
    RequestCase(
        CreditPurchaseParams,
        {"amount_cents": 10_000},
        bad=[("amount_cents", v) for v in (999, -1_000, "1000", True, 1000.0, None)],
        good=[("amount_cents", 1_000), ("amount_cents", 25_000)],
        typed_dict=CreditPurchaseParamsDict,
    ),
    RequestCase(
        ListTransactionsParams,
        {"type": "purchase", "limit": 5},
        bad=[("type", 5), ("type", "chargeback"), *_PAGE_BAD],
        good=[("type", "refund"), ("type", "payout"), *_PAGE_GOOD],
    ),
    RequestCase(
        OrganizationSettingsUpdateParams,
        {
            "default_type": "feedback",
            "default_price_per_file_cents": 75,
            "auto_topup_enabled": True,
            "auto_topup_threshold_cents": 5_000,
            "auto_topup_amount_cents": 25_000,
            "low_balance_threshold_cents": 2_000,
        },
        bad=[
            ("default_type", "survey"),
            ("default_price_per_file_cents", 9),
            ("default_price_per_file_cents", 50_001),
            ("default_price_per_file_cents", True),
            ("default_price_per_file_cents", 75.0),
            ("auto_topup_enabled", "true"),
            ("auto_topup_enabled", 1),
            ("auto_topup_threshold_cents", -1),
            ("auto_topup_threshold_cents", "5000"),
            ("auto_topup_amount_cents", 999),
            ("auto_topup_amount_cents", False),
            ("low_balance_threshold_cents", -1),
        ],
        good=[
            ("default_price_per_file_cents", 10),
            ("default_price_per_file_cents", 50_000),
            ("auto_topup_enabled", False),
            ("auto_topup_threshold_cents", 0),
            ("auto_topup_amount_cents", 1_000),
            ("low_balance_threshold_cents", 0),
        ],
        typed_dict=OrganizationSettingsUpdateParamsDict,
    ),
    RequestCase(
        ListAuditEventsParams,
        {"action": "job.created", "resource_id": "job_01JQ", "limit": 10},
        bad=[("action", ""), ("resource_id", ""), ("action", 5), *_PAGE_BAD],
        good=[("action", "something.new"), *_PAGE_GOOD],
    ),
    RequestCase(
        SignupParams,
        {"name": "Acme Research", "email": "ops@acme.example"},
        bad=[
            ("name", ""),
            ("name", "x" * 101),
            ("email", ""),
            ("email", "ops"),
            ("email", "ops@localhost"),
            ("email", "@acme.example"),
            ("email", "ops@@acme.example"),
            ("email", "ops@acme..example"),
            ("email", "ops@.example"),
            ("email", "o ps@acme.example"),
        ],
        good=[("name", "x"), ("name", "x" * 100), ("email", "first.last+tag@mail.co.uk")],
        typed_dict=SignupParamsDict,
    ),
]

REQUEST_IDS = [case.name for case in REQUEST_CASES]


@pytest.mark.parametrize("case", REQUEST_CASES, ids=REQUEST_IDS)
def test_valid_request_is_accepted_and_sent_as_given(case: RequestCase) -> None:
    params = case.model.model_validate(case.valid)
    wire = params.to_wire()
    assert set(wire) == set(case.valid)
    for key, value in case.valid.items():
        if "date" in key:
            assert _instant_or_date(wire[key]) == _instant_or_date(value)
        else:
            assert wire[key] == value, key
    json.dumps(wire)
    assert pickle.loads(pickle.dumps(params)) == params


def _instant_or_date(text: str) -> Any:
    return date.fromisoformat(text) if len(text) == 10 else _instant(text)


BAD_CASES = [
    pytest.param(case, name, value, id=f"{case.name}.{name}={value!r:.30}")
    for case in REQUEST_CASES
    for name, value in case.bad
]


@pytest.mark.parametrize(("case", "field_name", "value"), BAD_CASES)
def test_broken_limit_is_rejected_naming_the_field(
    case: RequestCase, field_name: str, value: Any
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        case.model.model_validate({**case.valid, field_name: value})
    details = info.value.details
    assert details
    assert {d["field"].split(".")[0] for d in details} == {field_name}


GOOD_CASES = [
    pytest.param(case, name, value, id=f"{case.name}.{name}={value!r:.30}")
    for case in REQUEST_CASES
    for name, value in case.good
]


@pytest.mark.parametrize(("case", "field_name", "value"), GOOD_CASES)
def test_value_just_inside_a_limit_is_accepted(
    case: RequestCase, field_name: str, value: Any
) -> None:
    params = case.model.model_validate({**case.valid, field_name: value})
    assert getattr(params, field_name) is not None


@pytest.mark.parametrize("case", REQUEST_CASES, ids=REQUEST_IDS)
def test_unknown_keys_are_rejected(case: RequestCase) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        case.model.model_validate({**case.valid, "colour": "blue"})
    assert info.value.details == [{"field": "colour", "message": "Extra inputs are not permitted"}]


@pytest.mark.parametrize("case", REQUEST_CASES, ids=REQUEST_IDS)
def test_missing_required_fields_are_named(case: RequestCase) -> None:
    required = _required_fields(case.model)
    if not required:
        return
    with pytest.raises(FirstHandValidationError) as info:
        case.model.model_validate({k: v for k, v in case.valid.items() if k not in required})
    assert {d["field"] for d in info.value.details if d["message"] == "Field required"} == required


def _required_fields(model: type[BaseModel]) -> set[str]:
    return {name for name, info in model.model_fields.items() if info.is_required()}


TYPED_DICT_CASES = [
    pytest.param(case.typed_dict, case.model, id=case.name)
    for case in REQUEST_CASES
    if case.typed_dict is not None
]


@pytest.mark.parametrize(("typed_dict", "model"), TYPED_DICT_CASES)
def test_typed_dict_twin_matches_the_model(typed_dict: Any, model: type[BaseModel]) -> None:
    assert set(typed_dict.__annotations__) == set(model.model_fields)
    assert set(typed_dict.__required_keys__) == _required_fields(model)
    assert set(typed_dict.__optional_keys__) == set(model.model_fields) - _required_fields(model)


def test_every_body_model_has_a_typed_dict_twin() -> None:
    from firsthand._operations import ROUTED

    bodies = {op.body for op in ROUTED if op.body is not None}
    assert {case.model for case in REQUEST_CASES if case.typed_dict is not None} <= bodies
    for body in bodies:
        assert getattr(firsthand.models, f"{body.__name__}Dict").__name__ == f"{body.__name__}Dict"


# -- request models: particular rules -----------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    [WebhookEndpointUpdateParams, OrganizationSettingsUpdateParams],
    ids=lambda m: m.__name__,
)
@pytest.mark.parametrize(
    "data", [{}, {"auto_topup_enabled": None, "url": None}], ids=["empty", "nulls"]
)
def test_update_needs_at_least_one_field(model: type[RequestModel], data: dict[str, Any]) -> None:
    data = {k: v for k, v in data.items() if k in model.model_fields}
    with pytest.raises(FirstHandValidationError) as info:
        model.model_validate(data)
    [error] = info.value.details
    assert error["field"] == "body"  # the whole body, not one field
    assert "at least one of" in error["message"]
    for name in model.model_fields:
        assert name in error["message"]


def test_webhook_url_is_sent_exactly_as_given() -> None:
    for url in ("HTTPS://Example.COM", "https://example.com", "https://example.com/a/../b?q=%2F"):
        params = WebhookEndpointCreateParams(url=url, events=["job.completed"])
        assert params.url == url
        assert params.to_wire()["url"] == url
        assert json.loads(params.model_dump_json())["url"] == url


def test_plain_http_webhook_url_says_why() -> None:
    with pytest.raises(FirstHandValidationError) as info:
        WebhookEndpointCreateParams(url="http://example.com/hooks", events=["job.completed"])
    assert "https://" in info.value.details[0]["message"]
    assert "http" in info.value.details[0]["message"]


def test_duplicate_entries_are_named() -> None:
    with pytest.raises(FirstHandValidationError) as info:
        ApiKeyCreateParams(name="CI", scopes=["jobs:read", "keys:manage", "jobs:read"])
    [error] = info.value.details
    assert error["field"] == "scopes"
    assert "'jobs:read' is listed more than once" in error["message"]


def test_update_params_send_only_what_was_set() -> None:
    assert WebhookEndpointUpdateParams(description="new").to_wire() == {"description": "new"}
    assert OrganizationSettingsUpdateParams(auto_topup_enabled=False).to_wire() == {
        "auto_topup_enabled": False
    }


# -- query dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (date(2026, 3, 1), "2026-03-01"),
        ("2026-03-01", "2026-03-01"),
        (datetime(2026, 3, 1, 10, tzinfo=timezone.utc), "2026-03-01T10:00:00Z"),
        (datetime(2026, 3, 1, 12, tzinfo=timezone(timedelta(hours=2))), "2026-03-01T10:00:00Z"),
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
        ("2026-03-01T10:00:00.250Z", "2026-03-01T10:00:00.250000Z"),
        ("2026-03-01T05:00:00-05:00", "2026-03-01T10:00:00Z"),
        ("2026-03-01T15:30:00+0530", "2026-03-01T10:00:00Z"),
        ("2026-03-01T10:00Z", "2026-03-01T10:00:00Z"),
    ],
)
@pytest.mark.parametrize("model", [ListSubmissionsParams, SubmissionSummaryParams])
def test_query_dates_are_sent_as_iso_8601_in_utc(
    model: type[RequestModel], value: Any, wire: str
) -> None:
    params = model.model_validate({"start_date": value, "end_date": value})
    assert params.to_wire() == {"start_date": wire, "end_date": wire}
    assert json.loads(params.model_dump_json(exclude_none=True)) == params.to_wire()
    start = params.model_dump()["start_date"]
    if isinstance(start, datetime):
        assert start.tzinfo == timezone.utc


@pytest.mark.parametrize(
    "value", [datetime(2026, 3, 1, 10), "2026-03-01T10:00:00", "2026-03-01T10:00"]
)
def test_naive_query_datetime_is_rejected_asking_for_a_timezone(value: Any) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        ListSubmissionsParams.model_validate({"start_date": value})
    [error] = info.value.details
    assert error["field"] == "start_date"
    assert "timezone" in error["message"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-20", "2026-03-01"),
        ("2026-03-01T10:00:00Z", "2026-03-01T09:59:59Z"),
        ("2026-03-01T10:00:00Z", "2026-03-01T11:59:59+02:00"),
        (date(2026, 3, 2), datetime(2026, 3, 1, 23, 59, tzinfo=timezone.utc)),
    ],
)
@pytest.mark.parametrize("model", [ListSubmissionsParams, SubmissionSummaryParams])
def test_end_date_before_start_date_is_rejected(
    model: type[RequestModel], start: Any, end: Any
) -> None:
    with pytest.raises(FirstHandValidationError) as info:
        model.model_validate({"start_date": start, "end_date": end})
    [error] = info.value.details
    assert error["field"] == "end_date"
    assert "end_date" in error["message"]
    assert "start_date" in error["message"]


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("2026-03-01", "2026-03-01"),
        ("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z"),
        ("2026-03-01T10:00:00Z", "2026-03-01T12:00:00+02:00"),  # same instant
        ("2026-03-01T10:00:00Z", "2026-03-01"),  # a plain date names the whole day
        (None, "2026-03-01"),
        ("2026-03-01", None),
    ],
)
def test_end_date_not_before_start_date_is_accepted(start: Any, end: Any) -> None:
    params = SubmissionSummaryParams.model_validate({"start_date": start, "end_date": end})
    assert set(params.to_wire()) == {k for k, v in (("start_date", start), ("end_date", end)) if v}


def test_query_models_drop_unset_filters() -> None:
    assert ListSubmissionsParams().to_wire() == {}
    assert SubmissionSummaryParams(job_id=None).to_wire() == {}
    assert JobFilesParams(min_score=None, limit=10).to_wire() == {"limit": 10}
