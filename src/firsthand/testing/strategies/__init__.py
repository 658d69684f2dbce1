"""Hypothesis strategies for FirstHandAPI payloads: server responses, valid and invalid requests.

Needs hypothesis: ``pip install "firsthand[hypothesis]"``.

**Responses** (``*_wire()``) are JSON-compatible dicts exactly as the server sends them: ids are a
prefix plus a 26-character ULID, timestamps are ISO 8601 with or without milliseconds and with
``Z`` or an offset, money is integer cents, enum fields carry a documented value or, now and then,
one this SDK version has never heard of, optional fields are sometimes ``null`` and sometimes
absent, and now and then an object carries a field nobody documented yet. Every one of them must
parse into its model (``Job.model_validate(wire)``); [`wire_for`][firsthand.testing.strategies.wire_for] finds the strategy of a
response model, [`list_wire`][firsthand.testing.strategies.list_wire] wraps items in the list envelope, [`error_response`][firsthand.testing.strategies.error_response] draws
``(status, error envelope)`` pairs of the documented error types.

**Requests** (``*_params()``) are plain dicts (typed like the ``...Dict`` twins) that respect
every documented limit, so the request models and the clients accept them; [`valid_request`][firsthand.testing.strategies.valid_request]
finds the strategy of a request model. [`invalid_request`][firsthand.testing.strategies.invalid_request] draws ``(body, field)`` pairs: a
valid body with exactly one documented limit broken, and the name of the field at fault.

Use them in your own tests::

    from hypothesis import given
    from firsthand.models import Job, JobCreateParams
    from firsthand.testing.strategies import invalid_request, job_create_params, job_wire

    @given(job_wire())
    def test_the_dashboard_renders_any_job(wire):
        render_job_row(Job.model_validate(wire))          # your code under test

    @given(job_create_params())
    def test_the_form_round_trips(body):
        assert form_to_body(body_to_form(body)) == body   # your code under test

    @given(invalid_request(JobCreateParams))
    def test_the_form_reports_the_field(case):
        body, field = case
        assert field in my_form_errors(body)              # your code under test

Examples:
    >>> from hypothesis.strategies import SearchStrategy
    >>> isinstance(job_wire(), SearchStrategy)
    True
"""

from __future__ import annotations

from firsthand.testing.strategies._base import (
    arbitrary_json,
    https_url,
    object_id,
    timestamp_wire,
    ulid,
)
from firsthand.testing.strategies._invalid import (
    invalid_request,
)
from firsthand.testing.strategies._requests import (
    api_key_create_params,
    credit_purchase_params,
    job_create_params,
    job_files_params,
    job_location_params,
    job_rate_params,
    job_submissions_params,
    list_audit_events_params,
    list_jobs_params,
    list_submissions_params,
    list_transactions_params,
    list_webhook_events_params,
    organization_settings_update_params,
    page_params,
    signup_params,
    submission_summary_params,
    valid_request,
    webhook_endpoint_create_params,
    webhook_endpoint_update_params,
)
from firsthand.testing.strategies._responses import (
    api_key_wire,
    audit_actor_wire,
    audit_event_wire,
    audit_resource_wire,
    checkout_session_wire,
    credit_balance_legacy_wire,
    credit_balance_wire,
    credit_transaction_wire,
    device_info_wire,
    error_response,
    error_wire,
    job_file_wire,
    job_location_wire,
    job_wire,
    list_wire,
    organization_settings_wire,
    signup_result_wire,
    submission_summary_wire,
    submission_wire,
    webhook_endpoint_wire,
    webhook_event_wire,
    wire_for,
)

__all__ = [
    "api_key_create_params",
    "api_key_wire",
    "arbitrary_json",
    "audit_actor_wire",
    "audit_event_wire",
    "audit_resource_wire",
    "checkout_session_wire",
    "credit_balance_legacy_wire",
    "credit_balance_wire",
    "credit_purchase_params",
    "credit_transaction_wire",
    "device_info_wire",
    "error_response",
    "error_wire",
    "https_url",
    "invalid_request",
    "job_create_params",
    "job_file_wire",
    "job_files_params",
    "job_location_params",
    "job_location_wire",
    "job_rate_params",
    "job_submissions_params",
    "job_wire",
    "list_audit_events_params",
    "list_jobs_params",
    "list_submissions_params",
    "list_transactions_params",
    "list_webhook_events_params",
    "list_wire",
    "object_id",
    "organization_settings_update_params",
    "organization_settings_wire",
    "page_params",
    "signup_params",
    "signup_result_wire",
    "submission_summary_params",
    "submission_summary_wire",
    "submission_wire",
    "timestamp_wire",
    "ulid",
    "valid_request",
    "webhook_endpoint_create_params",
    "webhook_endpoint_update_params",
    "webhook_endpoint_wire",
    "webhook_event_wire",
    "wire_for",
]
