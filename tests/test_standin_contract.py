"""The stand-in, the SDK's request models and docs/openapi.json agree where a contract tool looks.

Found by running schemathesis against the served stand-in (``nox -s contract``): "null means not
given" on request bodies, empty query values, integral JSON numbers, the webhook URL rule, the
submission summary's 404 and unrouted methods (docs/decisions.md, "What the OpenAPI document
promises").
"""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Dict, Type, cast

import httpx
import pytest

from firsthand._models._base import RequestModel
from firsthand.models import (
    ApiKeyCreateParams,
    JobCreateParams,
    OrganizationSettingsUpdateParams,
    SignupParams,
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


#: One TLS context for every test's client (building one loads the CA bundle: ~0.1 s each).
_TLS = httpx.create_ssl_context()


@pytest.fixture
def served() -> Iterator[tuple[FakeFirstHand, httpx.Client]]:
    """The stand-in over real HTTP, and a raw client with the test key (the "generated client")."""
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with fake.serve() as base_url, httpx.Client(base_url=base_url, verify=_TLS) as http:
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
    # The spec says so too: at least one member, and not every member null.
    from openapi_schema_validator import OAS31Validator

    for name in ("OrganizationSettingsUpdateParams", "WebhookEndpointUpdateParams"):
        schema = SPEC["components"]["schemas"][name]
        assert schema["minProperties"] == 1
        validator = OAS31Validator({**SPEC, "$ref": f"#/components/schemas/{name}"})
        first, second = sorted(schema["properties"])[:2]
        assert not validator.is_valid({})
        assert not validator.is_valid({first: None})
        assert not validator.is_valid({first: None, second: None})
        one_set = (
            {"description": "x"} if name.startswith("Webhook") else {"auto_topup_enabled": True}
        )
        assert validator.is_valid({first: None, **one_set})


# -- numbers, webhook URLs, dates, empty query values ------------------------------------------


def test_an_integral_number_is_an_integer(served: tuple[FakeFirstHand, httpx.Client]) -> None:
    _, http = served
    body = {**JOB, "files_needed": 2.0, "price_per_file_cents": 50.0}
    answer = http.post("/v1/jobs", json=body, headers={"Idempotency-Key": "floats"})
    assert answer.status_code == 201, answer.text
    assert answer.json()["files_needed"] == 2
    assert "2.0" not in answer.text.split('"files_needed":')[1][:5]
    fractional = http.post(
        "/v1/jobs", json={**JOB, "files_needed": 2.5}, headers={"Idempotency-Key": "fraction"}
    )
    assert fractional.status_code == 400


WEBHOOK_URL_SCHEMA = SPEC["components"]["schemas"]["WebhookEndpointCreateParams"]["properties"][
    "url"
]


@pytest.mark.parametrize(
    ("url", "accepted"),
    [
        ("https://example.com/hooks", True),
        ("HTTPS://example.com", True),
        ("https://user:pw@example.com:8443/a?b=c#d", True),
        ("https://[2001:db8::1]/hooks", True),
        ("http://example.com/hooks", False),
        ("0", False),
        ("https://", False),
        ("https:///path", False),
        ("https://exa mple.com", False),
        ("https://example.com/a b", False),
        ("https://@/", False),
        ("https://example.com/" + "a" * 2048, False),
    ],
    ids=lambda value: str(value)[:40],
)
def test_the_webhook_url_rule_is_the_specs_pattern(
    served: tuple[FakeFirstHand, httpx.Client], url: str, accepted: bool
) -> None:
    _, http = served
    pattern = WEBHOOK_URL_SCHEMA["pattern"]
    in_spec = re.fullmatch(pattern, url) is not None and len(url) <= WEBHOOK_URL_SCHEMA["maxLength"]
    assert in_spec is accepted
    answer = http.post(
        "/v1/webhook_endpoints",
        json={"url": url, "events": ["job.completed"]},
        headers={"Idempotency-Key": f"url-{len(url)}-{url[:100]}"},
    )
    assert answer.status_code == (200 if accepted else 422), answer.text
    update = SPEC["components"]["schemas"]["WebhookEndpointUpdateParams"]["properties"]["url"]
    assert update["anyOf"][0]["pattern"] == pattern


def test_filter_dates_are_rfc_3339_dates_or_date_times(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    for path in ("/v1/submissions", "/v1/submissions/summary"):
        parameters = SPEC["paths"][path]["get"]["parameters"]
        for parameter in parameters:
            if parameter["name"] in ("start_date", "end_date"):
                formats = [branch["format"] for branch in parameter["schema"]["anyOf"]]
                assert formats == ["date", "date-time"]
        for good in ("2026-03-01", "2026-03-01T09:30:00Z", "2026-03-01t09:30:00.5+02:00"):
            assert http.get(path, params={"start_date": good}).status_code == 200, good
        for bad in ("2026-03-01T09:30:00", "20260301", "2026-03-01T09:30Z", "2026-02-30", "x"):
            answer = http.get(path, params={"start_date": bad})
            assert answer.status_code == 400, bad
            assert answer.json()["error"]["details"][0]["field"] == "start_date"


#: One request per filter of every list: (path, parameter).
FILTERS = [
    (path, parameter["name"])
    for path, methods in SPEC["paths"].items()
    for parameter in methods.get("get", {}).get("parameters", [])
    if parameter.get("in") == "query"
]


@pytest.mark.parametrize(("path", "name"), FILTERS)
def test_an_empty_query_value_is_a_400_on_every_filter(
    served: tuple[FakeFirstHand, httpx.Client], path: str, name: str
) -> None:
    _, http = served
    job = http.post("/v1/jobs", json=JOB, headers={"Idempotency-Key": "job"}).json()
    url = path.replace("{job_id}", job["id"])
    answer = http.get(f"{url}?{name}=")
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["details"] == [{"field": name, "message": "must not be empty"}]
    # The spec says the same: no schema of a query parameter admits "".
    schema = next(
        p["schema"] for p in SPEC["paths"][path]["get"]["parameters"] if p["name"] == name
    )
    branches = schema.get("anyOf", [schema])
    assert all(
        b.get("minLength", 0) >= 1 or "enum" in b or b.get("type") == "integer" or "format" in b
        for b in branches
    ), schema


def test_query_enums_in_the_spec_are_what_the_server_accepts(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    schema = next(
        p["schema"] for p in SPEC["paths"]["/v1/jobs"]["get"]["parameters"] if p["name"] == "status"
    )
    assert "anyOf" not in schema
    assert "completed" in schema["enum"]
    assert http.get("/v1/jobs", params={"status": "someday"}).status_code == 400


def test_the_summary_of_an_unknown_job_is_the_404_the_spec_lists(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    answer = http.get("/v1/submissions/summary", params={"job_id": "job_unknown"})
    assert answer.status_code == 404
    assert answer.json()["error"]["type"] == "not_found"
    responses = SPEC["paths"]["/v1/submissions/summary"]["get"]["responses"]
    assert responses["404"] == {"$ref": "#/components/responses/NotFound"}


def test_a_start_after_the_default_end_is_an_empty_window(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    only_end = http.get("/v1/submissions/summary", params={"end_date": "2000-01-01"})
    assert only_end.status_code == 200, only_end.text
    assert only_end.json()["total"] == 0
    only_start = http.get("/v1/submissions", params={"start_date": "2999-01-01"})
    assert only_start.status_code == 200
    assert only_start.json()["data"] == []
    both = http.get(
        "/v1/submissions", params={"start_date": "2026-03-02", "end_date": "2026-03-01"}
    )
    assert both.status_code == 400
    assert both.json()["error"]["details"][0]["field"] == "start_date"


def test_a_purchase_has_no_upper_limit_the_docs_do_not_show(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    schema = SPEC["components"]["schemas"]["CreditPurchaseParams"]["properties"]["amount_cents"]
    assert "maximum" not in schema
    answer = http.post(
        "/v1/billing/credits/purchase",
        json={"amount_cents": 33_554_431},
        headers={"Idempotency-Key": "big"},
    )
    assert answer.status_code == 200, answer.text


# -- unrouted methods ----------------------------------------------------------------------------

#: (method, path, the Allow header): methods the API does not route on paths it knows.
UNROUTED = [
    ("TRACE", "/v1/jobs", "GET, POST"),
    ("PUT", "/v1/jobs/job_1", "GET"),
    ("DELETE", "/v1/jobs/job_1", "GET"),
    ("OPTIONS", "/v1/organization/settings", "GET, PATCH"),
    ("PATCH", "/v1/api_keys/key_1/revoke", "POST"),
    ("HEAD", "/v1/webhook_endpoints/wh_1/rotate_secret", "POST"),
    ("CONNECT", "/v1/billing/credits", "GET"),
    ("PROPFIND", "/v1/webhook_endpoints/wh_1", "DELETE, GET, PATCH"),
]


def _check_405(answer: httpx.Response, method: str, allow: str) -> None:
    assert answer.status_code == 405, answer.text
    assert answer.headers["Allow"] == allow
    assert answer.headers["Content-Type"] == "application/json"
    if method != "HEAD":
        error = answer.json()["error"]
        assert error["type"] == "method_not_allowed"
        assert method in error["message"]
        assert error["request_id"] == answer.headers["X-Request-Id"]


@pytest.mark.parametrize(("method", "path", "allow"), UNROUTED)
def test_an_unrouted_method_is_a_json_405_with_allow_over_http(
    served: tuple[FakeFirstHand, httpx.Client], method: str, path: str, allow: str
) -> None:
    _, http = served
    _check_405(http.request(method, path), method, allow)


@pytest.mark.parametrize(("method", "path", "allow"), UNROUTED)
def test_an_unrouted_method_is_a_json_405_with_allow_in_process(
    method: str, path: str, allow: str
) -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with httpx.Client(transport=fake.transport(), base_url="https://api.firsthandapi.com") as http:
        answer = http.request(method, path, headers={"Authorization": f"Bearer {fake.api_key}"})
    _check_405(answer, method, allow)


def test_the_spec_routes_exactly_what_allow_says() -> None:
    for method, path, allow in UNROUTED:
        template = re.sub(r"/(job|key|wh)_1", "/{id}", path)
        declared = next(
            sorted(m.upper() for m in methods)
            for spec_path, methods in SPEC["paths"].items()
            if re.sub(r"\{[^}]+\}", "{id}", spec_path) == template
        )
        assert ", ".join(declared) == allow
        assert method not in declared


@pytest.mark.parametrize("method", ["GET", "TRACE", "FOO"])
def test_an_unknown_path_keeps_its_json_404(
    served: tuple[FakeFirstHand, httpx.Client], method: str
) -> None:
    _, http = served
    answer = http.request(method, "/v1/no_such_thing")
    assert answer.status_code == 404, answer.text
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.json()["error"]["type"] == "not_found"
    assert "Allow" not in answer.headers


def test_a_malformed_request_gets_a_json_error_not_an_html_page(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    host, port = str(http.base_url).rstrip("/").rsplit("//", 1)[1].rsplit(":", 1)
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET /v1/jobs HTTP/9.9\r\nHost: x\r\n\r\n")
        raw = b""
        while b"\r\n\r\n" not in raw or not raw.rstrip().endswith(b"}"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.split(b" ")[1] == b"505"
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["error"]["type"] == "http_version_not_supported"


def test_a_window_before_the_year_1000_is_echoed_in_rfc_3339(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    _, http = served
    answer = http.get("/v1/submissions/summary", params={"start_date": "0350-11-10"})
    assert answer.status_code == 200
    assert answer.json()["start_date"] == "0350-11-10T00:00:00.000Z"


# -- webhooks --------------------------------------------------------------------------------------


def _validator(schema_name: str) -> Any:
    from openapi_schema_validator import OAS31Validator

    # The whole document as the root, so every "#/components/..." reference resolves.
    return OAS31Validator({**SPEC, "$ref": f"#/components/schemas/{schema_name}"})


def test_the_spec_has_a_webhook_for_every_event_type() -> None:
    from firsthand.webhooks import SIGNATURE_HEADER, WEBHOOK_EVENT_TYPES

    assert sorted(SPEC["webhooks"]) == sorted(WEBHOOK_EVENT_TYPES)
    assert len(SPEC["webhooks"]) == 11
    signature = SPEC["components"]["parameters"]["WebhookSignature"]
    assert (signature["name"], signature["in"], signature["required"]) == (
        SIGNATURE_HEADER,
        "header",
        True,
    )
    for event_type, item in SPEC["webhooks"].items():
        post = item["post"]
        assert {"$ref": "#/components/parameters/WebhookSignature"} in post["parameters"]
        assert post["security"] == []
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        schema = SPEC["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert schema["properties"]["type"]["const"] == event_type


def test_the_stand_ins_deliveries_match_the_spec_webhooks() -> None:
    fake = FakeFirstHand(rate_limit_per_minute=None)
    with fake.client() as client:
        client.create_webhook_endpoint(
            {"url": "https://example.com/hooks", "events": list(SPEC["webhooks"])}
        )
        done = client.create_job(cast(Any, {**JOB, "files_needed": 2}))
        fake.advance(3_600)
        cancelled = client.create_job(cast(Any, JOB))
        client.cancel_job(cancelled.id)
        assert client.get_job(done.id).status == "completed"
    deliveries = fake.webhook_deliveries
    seen = {delivery.event_type for delivery in deliveries}
    assert {"submission.scored", "submission.approved", "job.completed", "job.cancelled"} <= seen
    signature = SPEC["components"]["parameters"]["WebhookSignature"]["schema"]["pattern"]
    for delivery in deliveries:
        post = SPEC["webhooks"][delivery.event_type]["post"]
        ref = post["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        _validator(ref.rsplit("/", 1)[1]).validate(json.loads(delivery.body))
        assert re.fullmatch(signature, delivery.headers["X-FirstHand-Signature"])


@pytest.mark.parametrize("schema", ["WebhookEndpointCreateParams", "WebhookEndpointUpdateParams"])
def test_an_endpoint_description_has_the_specs_limit_on_the_stand_in(
    served: tuple[FakeFirstHand, httpx.Client], schema: str
) -> None:
    """The spec and the SDK said 500 characters while the stand-in took 1,000 (found by
    ``nox -s contract``): one limit, the spec's, everywhere."""
    _, http = served
    limit = SPEC["components"]["schemas"][schema]["properties"]["description"]["anyOf"][0]
    longest = limit["maxLength"]
    created = http.post(
        "/v1/webhook_endpoints",
        json={"url": "https://example.com/hooks", "events": ["job.completed"]},
        headers={"Idempotency-Key": f"description-{schema}"},
    ).json()

    def send(description: str, attempt: str) -> httpx.Response:
        if schema == "WebhookEndpointUpdateParams":
            return http.patch(
                f"/v1/webhook_endpoints/{created['id']}", json={"description": description}
            )
        return http.post(
            "/v1/webhook_endpoints",
            json={
                "url": "https://example.com/h",
                "events": ["job.completed"],
                "description": description,
            },
            headers={"Idempotency-Key": f"description-{schema}-{attempt}"},
        )

    assert send("x" * longest, "fits").status_code == 200
    too_long = send("x" * (longest + 1), "too-long")
    assert too_long.status_code == 400, too_long.text
    assert too_long.json()["error"]["details"][0]["field"] == "description"


@pytest.mark.parametrize(
    ("schema", "field", "value"),
    [
        ("WebhookEndpointCreateParams", "events", ["job.completed", "job.completed"]),
        ("WebhookEndpointUpdateParams", "events", ["job.completed", "job.completed"]),
        ("ApiKeyCreateParams", "scopes", ["jobs:read", "jobs:read"]),
    ],
)
def test_a_list_the_sdk_holds_to_each_once_is_unique_in_the_spec_and_the_stand_in(
    served: tuple[FakeFirstHand, httpx.Client], schema: str, field: str, value: list[str]
) -> None:
    """The SDK refused a repeated event type or scope, but the spec allowed it and the stand-in
    stored the repeat (found by ``nox -s contract``'s stateful phase): one rule everywhere."""
    _, http = served
    spec = SPEC["components"]["schemas"][schema]["properties"][field]
    listed = spec["anyOf"][0] if "anyOf" in spec else spec
    assert listed.get("uniqueItems") is True
    key = {"Idempotency-Key": f"unique-{schema}"}
    if schema == "ApiKeyCreateParams":
        answer = http.post("/v1/api_keys", json={"name": "CI", field: value}, headers=key)
    elif schema == "WebhookEndpointCreateParams":
        body = {"url": "https://example.com/hooks", field: value}
        answer = http.post("/v1/webhook_endpoints", json=body, headers=key)
    else:
        created = http.post(
            "/v1/webhook_endpoints",
            json={"url": "https://example.com/hooks", "events": ["job.completed"]},
            headers=key,
        ).json()
        answer = http.patch(f"/v1/webhook_endpoints/{created['id']}", json={field: value})
    assert answer.status_code == 400, answer.text
    assert answer.json()["error"]["details"][0]["field"] == field


def test_a_signup_name_has_the_sdks_limit_on_the_stand_in(
    served: tuple[FakeFirstHand, httpx.Client],
) -> None:
    """The SDK said 100 characters while the stand-in took 200: one settled limit."""
    _, http = served
    # Signup is not in the document (it is not an operation of the clients): the SDK's model says it.
    longest = SignupParams.model_json_schema()["properties"]["name"]["maxLength"]

    def signup(name: str) -> httpx.Response:
        return http.post(
            "/v1/auth/signup",
            json={"name": name, "email": "ops@acme.example"},
            headers={"Idempotency-Key": f"signup-{len(name)}", "Authorization": ""},
        )

    assert signup("x" * longest).status_code == 200
    too_long = signup("x" * (longest + 1))
    assert too_long.status_code == 400, too_long.text
    assert too_long.json()["error"]["details"][0]["field"] == "name"
