# pyright: reportUnnecessaryTypeIgnoreComment=true
"""Negative proofs for the stand-in's records: its stored objects are TypedDicts, so a misspelled
field or a value of the wrong type is a type error in the stand-in's own code.

Marked as in ``check_errors.py``: mypy reads each ``# type: ignore[<code>]``, pyright each
``# pyright: ignore[<rule>]``, and both fail on one that hides no error. pytest never collects
this directory.
"""

from __future__ import annotations

from firsthand.testing._records import (
    Account,
    ApiKeyRecord,
    JobRecord,
    Organization,
    WebhookEventRecord,
)


def check_misspelled_keys(account: Account, job: JobRecord) -> None:
    """A key the record does not have, read or written, is an error."""
    job["file_needed"] = 3  # type: ignore[typeddict-unknown-key]  # pyright: ignore[reportGeneralTypeIssues]
    for submission in account.submissions.values():
        if submission["star_rating"]:  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]
            break
    for event in account.webhook_events.values():
        event["delivery_state"] = "failed"  # type: ignore[typeddict-unknown-key]  # pyright: ignore[reportGeneralTypeIssues]
    if job["files_aproved"]:  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]
        job["files_approved"] += 1


def check_wrong_values(job: JobRecord, event: WebhookEventRecord, key: ApiKeyRecord) -> None:
    """A value of the wrong type, or a state the contract does not have, is an error."""
    job["files_approved"] = "1"  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]
    job["status"] = "done"  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]
    event["delivery_status"] = "sent"  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]
    key.wire["environment"] = "staging"  # type: ignore[typeddict-item]  # pyright: ignore[reportGeneralTypeIssues]


def check_settings(organization: Organization) -> None:
    """Settings are typed too: a misspelled setting is an error."""
    organization.settings["auto_topup"] = True  # type: ignore[typeddict-unknown-key]  # pyright: ignore[reportGeneralTypeIssues]
