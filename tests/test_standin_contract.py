"""The stand-in, the SDK's request models and docs/openapi.json agree where a contract tool looks.

Found by running schemathesis against the served stand-in (``nox -s contract``): "null means not
given" on request bodies, empty query values, integral JSON numbers, the webhook URL rule, the
submission summary's 404 and unrouted methods (docs/decisions.md, "What the OpenAPI document
promises").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Dict, Type

import httpx
import pytest

from firsthand._models._base import RequestModel
from firsthand.models import (
    ApiKeyCreateParams,
    JobCreateParams,
    OrganizationSettingsUpdateParams,
    WebhookEndpointUpdateParams,
)
from firsthand.testing import FakeFirstHand

SPEC: Dict[str, Any] = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "openapi.json").read_text(encoding="utf-8")
)

JOB = {
    "type": "data_collection",
    "description": "A photo of a coffee cup from above",
    "files_needed": 1,
    "accepted_formats": ["image/png"],
    "price_per_file_cents": 50,
}

#: The request fields the spec declares nullable (``anyOf [..., null]``) that the stand-in used to
#: answer ``null`` with a 400: (schema, field).
NULLABLE_FIELDS = [
    ("JobCreateParams", "files_per_submission"),
    ("JobCreateParams", "min_star_rating"),
    ("ApiKeyCreateParams", "environment"),
    ("ApiKeyCreateParams", "scopes"),
    ("WebhookEndpointUpdateParams", "url"),
    ("WebhookEndpointUpdateParams", "events"),
    ("WebhookEndpointUpdateParams", "status"),
    ("OrganizationSettingsUpdateParams", "default_type"),
    ("OrganizationSettingsUpdateParams", "default_price_per_file_cents"),
    ("OrganizationSettingsUpdateParams", "auto_topup_enabled"),
    ("OrganizationSettingsUpdateParams", "auto_topup_threshold_cents"),
    ("OrganizationSettingsUpdateParams", "auto_topup_amount_cents"),
    ("OrganizationSettingsUpdateParams", "low_balance_threshold_cents"),
]

MODELS: Dict[str, Type[RequestModel]] = {
    "JobCreateParams": JobCreateParams,
    "ApiKeyCreateParams": ApiKeyCreateParams,
    "WebhookEndpointUpdateParams": WebhookEndpointUpdateParams,
    "OrganizationSettingsUpdateParams": OrganizationSettingsUpdateParams,
}


@pytest.fixture
def served() -> Iterator[tuple[FakeFirstHand, httpx.Client]]:
    """The stand-in over real HTTP, and a raw client with the test key (the "generated client")."""
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with fake.serve() as base_url, httpx.Client(base_url=base_url) as http:
        http.headers["Authorization"] = f"Bearer {fake.api_key}"
        yield fake, http


def _send_with_null(http: httpx.Client, schema: str, name: str) -> httpx.Response:
    """One request of ``schema``'s operation whose body has ``name: null`` (plus what it needs)."""
    key = {"Idempotency-Key": f"null-{schema}-{name}"}
    if schema == "JobCreateParams":
        return http.post("/v1/jobs", json={**JOB, name: None}, headers=key)
    if schema == "ApiKeyCreateParams":
        return http.post("/v1/api_keys", json={"name": "CI", name: None}, headers=key)
    if schema == "WebhookEndpointUpdateParams":
        created = http.post(
            "/v1/webhook_endpoints",
            json={"url": "https://example.com/hooks", "events": ["job.completed"]},
            headers=key,
        ).json()
        body = {"description": "moved", name: None}
        return http.patch(f"/v1/webhook_endpoints/{created['id']}", json=body)
    other = (
        "low_balance_threshold_cents" if name != "low_balance_threshold_cents" else "default_type"
    )
    value: Any = 2_000 if other == "low_balance_threshold_cents" else "feedback"
    return http.patch("/v1/organization/settings", json={other: value, name: None})


@pytest.mark.parametrize(("schema", "name"), NULLABLE_FIELDS)
def test_null_means_not_given_in_the_spec_the_sdk_and_the_stand_in(
    served: tuple[FakeFirstHand, httpx.Client], schema: str, name: str
) -> None:
    _, http = served
    field_schema = SPEC["components"]["schemas"][schema]["properties"][name]
    assert {"type": "null"} in field_schema["anyOf"]  # the spec: nullable
    model = MODELS[schema]
    assert model.model_fields[name].default is None  # the SDK: None is "not given"
    answer = _send_with_null(http, schema, name)
    assert answer.status_code in (200, 201), answer.text
    # Not given: the server's default (or the unchanged value), never a stored null.
    result = answer.json()
    if name in result:
        assert result[name] is not None


def test_null_leaves_an_update_field_unchanged(served: tuple[FakeFirstHand, httpx.Client]) -> None:
    _, http = served
    before = http.get("/v1/organization/settings").json()
    answer = http.patch(
        "/v1/organization/settings", json={"default_type": None, "low_balance_threshold_cents": 7}
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["default_type"] == before["default_type"]
    assert answer.json()["low_balance_threshold_cents"] == 7


def test_an_update_of_nulls_only_sets_nothing(served: tuple[FakeFirstHand, httpx.Client]) -> None:
    _, http = served
    answer = http.patch("/v1/organization/settings", json={"default_type": None})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "validation_error"
    # The spec says so too: at least one member, and at least one that is not null.
    for name in ("OrganizationSettingsUpdateParams", "WebhookEndpointUpdateParams"):
        schema = SPEC["components"]["schemas"][name]
        assert schema["minProperties"] == 1
        alternatives = schema["anyOf"]
        assert sorted(alt["required"][0] for alt in alternatives) == sorted(schema["properties"])
