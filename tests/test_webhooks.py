"""Webhook verification, typed events and the test signer (issue 4).

Every expected signature here is computed with ``hmac``/``hashlib`` in this file, never with the
SDK's own signer, so a wrong scheme in the SDK cannot agree with itself. Each malformed header is
built so that it *would* verify if the rule it breaks were not enforced.

Spec: docs/api-contract.md ("Webhooks": signatures, event ``data``, delivery) and docs/webhooks.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import pickle
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any, Callable, Optional, Union, get_args

import httpx
import pytest

import firsthand
import firsthand.webhooks as webhooks
from firsthand import FirstHandError, FirstHandSignatureVerificationError, Submission
from firsthand.webhooks import (
    WEBHOOK_EVENT_TYPES,
    CreditEventData,
    CreditsAutoToppedUpEvent,
    CreditsExpiredEvent,
    CreditsExpiringSoonEvent,
    CreditsLowBalanceEvent,
    CreditsPurchasedEvent,
    Event,
    JobCancelledEvent,
    JobCompletedEvent,
    JobEventData,
    JobFlaggedData,
    JobFlaggedEvent,
    SubmissionApprovedEvent,
    SubmissionRejectedEvent,
    SubmissionScoredEvent,
    UnknownEvent,
    construct_event,
    generate_webhook_signature,
    verify_webhook_signature,
)

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # its suffix is valid base64 (24 bytes)
OTHER = "whsec_7dQbcYjK2uHq0xv1ZrWn5sTgLmPoEa3F"
TS = 1_774_000_000
BODY = b'{"id": "evt_01JQ", "object": "event", "type": "job.completed"}'

#: A secret no redaction pattern knows: if it shows up in an error, it leaked.
DISTINCTIVE = "correct-horse-battery-staple-7731-NOT-A-WHSEC"

REASONS = {
    "missing_header",
    "malformed_header",
    "timestamp_too_old",
    "timestamp_in_future",
    "no_matching_signature",
    "invalid_payload",
    "invalid_secret",
    "invalid_argument",
    "invalid_event",
}

Key = Union[str, bytes]


def mac(secret: Key, timestamp: Union[int, str], body: bytes) -> str:
    """HMAC-SHA256 hex over ``b"{t}." + body``, keyed with the secret's UTF-8 bytes as given."""
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(key, f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()


def header(timestamp: Union[int, str], *signatures: str) -> str:
    return ",".join([f"t={timestamp}", *(f"v1={s}" for s in signatures)])


def good_header(body: bytes = BODY, secret: Key = SECRET, timestamp: int = TS) -> str:
    return header(timestamp, mac(secret, timestamp, body))


def failure(call: Callable[[], object]) -> FirstHandSignatureVerificationError:
    with pytest.raises(FirstHandSignatureVerificationError) as caught:
        call()
    return caught.value


def reason_of(call: Callable[[], object]) -> str:
    return failure(call).reason


def verify(
    payload: Any = BODY,
    signature: Any = None,
    secret: Any = SECRET,
    *,
    tolerance: Any = 300,
    now: Any = TS,
) -> bool:
    """``verify_webhook_signature`` with this file's defaults (a genuine header, now = signing time)."""
    sig = good_header() if signature is None else signature
    return verify_webhook_signature(payload, sig, secret, tolerance=tolerance, now=now)


# --- the vector itself -----------------------------------------------------------------------


def test_a_pinned_vector_matches_the_documented_scheme() -> None:
    # Computed once with hmac by hand; the SDK's docstring example shows the same value.
    expected = "30bccd39a9ccbc78500885d9b22eda2ebef133cf5feeb10ea25a84d0ac84662b"
    assert mac("whsec_test", 1_774_000_000, b"{}") == expected
    assert verify_webhook_signature(
        b"{}", f"t=1774000000,v1={expected}", "whsec_test", now=1_774_000_000
    )
    flipped = expected[:-1] + ("a" if expected[-1] != "a" else "b")
    assert (
        reason_of(
            lambda: verify_webhook_signature(
                b"{}", f"t=1774000000,v1={flipped}", "whsec_test", now=1_774_000_000
            )
        )
        == "no_matching_signature"
    )


def test_the_signed_string_is_timestamp_dot_body() -> None:
    # Other plausible schemes (no dot, body only, timestamp after the body) must not verify.
    key = SECRET.encode()
    for wrong in (
        hmac.new(key, f"{TS}".encode() + BODY, hashlib.sha256).hexdigest(),
        hmac.new(key, BODY, hashlib.sha256).hexdigest(),
        hmac.new(key, BODY + f".{TS}".encode(), hashlib.sha256).hexdigest(),
        hashlib.sha256(key + f"{TS}.".encode() + BODY).hexdigest(),
        hmac.new(key, f"{TS}.".encode() + BODY, hashlib.sha1).hexdigest().ljust(64, "0"),
    ):
        assert reason_of(partial(verify, signature=header(TS, wrong))) == "no_matching_signature"
    assert verify(signature=header(TS, mac(SECRET, TS, BODY))) is True


# --- payloads ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [BODY, BODY.decode(), bytearray(BODY), memoryview(BODY), memoryview(b"xx" + BODY)[2:]],
    ids=["bytes", "str", "bytearray", "memoryview", "memoryview-slice"],
)
def test_every_raw_body_type_verifies(payload: Any) -> None:
    assert verify(payload) is True


def test_a_str_body_is_hashed_as_its_utf8_bytes() -> None:
    text = '{"description": "Café ☕ — naïve 東京"}'
    raw = text.encode("utf-8")
    assert verify(text, good_header(raw)) is True
    # Another encoding of the same text is other bytes, so another signature.
    utf16 = text.encode("utf-16")
    assert reason_of(lambda: verify(text, good_header(utf16))) == "no_matching_signature"


def test_non_utf8_bytes_are_signed_as_they_are() -> None:
    raw = b"\xff\xfe\x00 not text at all \x80"
    assert verify(raw, good_header(raw)) is True


@pytest.mark.parametrize(
    "payload",
    [
        json.loads(BODY),
        [json.loads(BODY)],
        None,
        42,
        True,
        12.5,
        ("a", "b"),
        "\ud800 lone surrogate",
    ],
    ids=["dict", "list", "None", "int", "bool", "float", "tuple", "surrogate-str"],
)
def test_a_parsed_or_odd_payload_is_refused_with_a_raw_body_hint(payload: Any) -> None:
    err = failure(lambda: verify(payload))
    assert err.reason == "invalid_payload"
    assert "raw request body" in err.message
    for framework_hint in ("request.get_data()", "await request.body()", "request.body"):
        assert framework_hint in err.message


def test_the_payload_is_checked_before_the_header() -> None:
    # A dict body is the #1 mistake: say so even when the header is missing too.
    assert reason_of(lambda: verify({"id": "evt_1"}, "")) == "invalid_payload"


# --- secrets -----------------------------------------------------------------------------------


def test_a_wrong_secret_or_an_altered_body_fails() -> None:
    assert reason_of(lambda: verify(secret=OTHER)) == "no_matching_signature"
    assert reason_of(lambda: verify(BODY + b" ")) == "no_matching_signature"
    assert reason_of(lambda: verify(BODY.replace(b"completed", b"cancelled"))) == (
        "no_matching_signature"
    )


@pytest.mark.parametrize(
    "secrets",
    [
        [SECRET],
        [SECRET, OTHER],
        [OTHER, SECRET],
        (OTHER, "whsec_third", SECRET),
        [OTHER.encode(), SECRET],
        [SECRET.encode()],
    ],
    ids=["one-in-list", "good-first", "good-last", "tuple-middle", "mixed-types", "bytes-list"],
)
def test_any_of_several_secrets_may_match(secrets: Any) -> None:
    assert verify(secret=secrets) is True


def test_several_secrets_none_matching_fails() -> None:
    assert reason_of(lambda: verify(secret=[OTHER, "whsec_third"])) == "no_matching_signature"


def test_a_secret_may_be_bytes_including_non_utf8() -> None:
    raw_key = b"\x00\xff binary key \x80"
    assert verify(signature=good_header(secret=raw_key), secret=raw_key) is True
    assert verify(secret=SECRET.encode()) is True


def test_the_whsec_prefix_is_part_of_the_key_and_nothing_is_base64_decoded() -> None:
    decoded_key = base64.b64decode(SECRET[len("whsec_") :], validate=True)
    as_base64 = hmac.new(decoded_key, f"{TS}.".encode() + BODY, hashlib.sha256).hexdigest()
    without_prefix = mac(SECRET[len("whsec_") :], TS, BODY)
    verbatim = mac(SECRET, TS, BODY)
    # The vector tells the three readings apart...
    assert len({as_base64, without_prefix, verbatim}) == 3
    # ...and only the verbatim one verifies.
    assert verify(signature=header(TS, verbatim)) is True
    assert reason_of(lambda: verify(signature=header(TS, as_base64))) == "no_matching_signature"
    assert reason_of(lambda: verify(signature=header(TS, without_prefix))) == (
        "no_matching_signature"
    )


@pytest.mark.parametrize(
    "secret",
    ["", b"", "   ", None, 0, 12345, {"secret": SECRET}, [], [SECRET, ""], [SECRET, None], [1.5]],
    ids=[
        "empty-str",
        "empty-bytes",
        "blank",
        "None",
        "zero",
        "int",
        "dict",
        "empty-list",
        "list-with-empty",
        "list-with-None",
        "list-with-float",
    ],
)
def test_an_unusable_secret_is_refused(secret: Any) -> None:
    assert reason_of(lambda: verify(secret=secret)) == "invalid_secret"


# --- the header: where it comes from ---------------------------------------------------------


def test_the_header_may_be_bytes() -> None:
    assert verify(signature=good_header().encode()) is True
    assert verify(signature=bytearray(good_header().encode())) is True


@pytest.mark.parametrize(
    "name",
    [
        "X-FirstHand-Signature",
        "x-firsthand-signature",
        "X-FIRSTHAND-SIGNATURE",
        "x-FirstHand-SIGNATURE",
        "X-FirstHandAPI-Signature",
        "x-firsthandapi-signature",
        "HTTP_X_FIRSTHAND_SIGNATURE",
        "HTTP_X_FIRSTHANDAPI_SIGNATURE",
    ],
)
def test_a_header_mapping_is_read_case_insensitively(name: str) -> None:
    headers = {"Content-Type": "application/json", name: good_header(), "X-Other": "t=1,v1=00"}
    assert verify(signature=headers) is True


def test_django_meta_style_mapping() -> None:
    meta = {
        "CONTENT_TYPE": "application/json",
        "HTTP_X_FIRSTHAND_EVENT_ID": "evt_01JQ",
        "HTTP_X_FIRSTHAND_SIGNATURE": good_header(),
        "REMOTE_ADDR": "203.0.113.7",
    }
    assert verify(signature=meta) is True


def test_the_current_header_name_wins_over_the_old_one() -> None:
    headers = {
        "X-FirstHandAPI-Signature": good_header(secret=OTHER),
        "x-firsthand-signature": good_header(),
    }
    assert verify(signature=headers) is True
    assert reason_of(lambda: verify(signature=headers, secret=OTHER)) == "no_matching_signature"


def test_httpx_headers_work() -> None:
    headers = httpx.Headers(
        {"X-FirstHand-Signature": good_header(), "X-FirstHand-Event-Id": "evt_1"}
    )
    assert verify(signature=headers) is True


def test_a_header_value_given_as_a_list_is_joined() -> None:
    ts_part, sig_part = good_header().split(",")
    assert verify(signature={"X-FirstHand-Signature": [ts_part, sig_part]}) is True
    assert verify(signature={"X-FirstHand-Signature": [good_header()]}) is True


def test_a_header_value_given_as_bytes_in_a_mapping() -> None:
    assert verify(signature={"x-firsthand-signature": good_header().encode()}) is True


@pytest.mark.parametrize(
    "signature",
    [
        None,
        "",
        "   ",
        b"",
        {},
        {"Content-Type": "application/json"},
        {"X-FirstHand-Signature": None},
    ],
    ids=["None", "empty", "blank", "empty-bytes", "empty-dict", "dict-without", "dict-None"],
)
def test_a_missing_header_is_missing_header(signature: Any) -> None:
    assert (
        reason_of(lambda: verify_webhook_signature(BODY, signature, SECRET, now=TS))
        == "missing_header"
    )


class _OddHeaders:
    """Mapping-like (it has ``items``) but its items are not (name, value) pairs."""

    def items(self) -> list[object]:
        return ["abc", ("a", "b", "c"), 5]


def test_a_mapping_like_object_with_odd_items_raises_only_the_verification_error() -> None:
    assert reason_of(lambda: verify(signature=_OddHeaders())) in {
        "missing_header",
        "malformed_header",
    }


def test_a_signature_of_a_wrong_type_is_malformed() -> None:
    for odd in (12345, 1.5, ["t=1"], object()):
        assert reason_of(partial(verify, signature=odd)) == "malformed_header"


# --- the header: its entries ---------------------------------------------------------------


def test_several_v1_entries_any_position() -> None:
    good = mac(SECRET, TS, BODY)
    bad1, bad2 = mac(OTHER, TS, BODY), mac("whsec_third", TS, BODY)
    for order in ([bad1, bad2, good], [good, bad1, bad2], [bad1, good, bad2]):
        assert verify(signature=header(TS, *order)) is True
    assert reason_of(lambda: verify(signature=header(TS, bad1, bad2))) == "no_matching_signature"


def test_v0_and_v2_entries_are_ignored_even_when_they_hold_the_right_mac() -> None:
    good = mac(SECRET, TS, BODY)
    assert verify(signature=f"t={TS},v0={'0' * 64},v2=abc,v1={good}") is True
    assert verify(signature=f"v0=zz,t={TS},scheme=x,v1={good},v2={good}") is True
    # The right value under another version is not a v1 signature.
    for key in ("v0", "v2", "V1", "v"):
        assert reason_of(partial(verify, signature=f"t={TS},{key}={good}")) == "malformed_header"


def test_uppercase_hex_is_accepted() -> None:
    assert verify(signature=header(TS, mac(SECRET, TS, BODY).upper())) is True


def test_whitespace_around_parts_is_tolerated() -> None:
    good = mac(SECRET, TS, BODY)
    assert verify(signature=f"  t = {TS} ,  v1 = {good}  ") is True
    assert verify(signature=f"t={TS},\tv1={good}\n") is True
    assert verify(signature=f"t={TS},,v1={good},") is True


def test_malformed_v1_entries_are_skipped_when_a_good_one_is_there() -> None:
    good = mac(SECRET, TS, BODY)
    assert verify(signature=f"t={TS},v1=nothex,v1={good[:10]},v1={good}") is True
    assert reason_of(lambda: verify(signature=f"t={TS},v1=nothex,v1={mac(OTHER, TS, BODY)}")) == (
        "no_matching_signature"
    )


def _malformed_headers() -> Iterator[Any]:
    good = mac(SECRET, TS, BODY)
    yield pytest.param(f"v1={good}", id="no-t")
    yield pytest.param(f"t={TS},t={TS},v1={good}", id="two-t-same")
    yield pytest.param(f"t={TS},v1={good},t={TS + 1}", id="two-t-different")
    yield pytest.param(f"t=,v1={good}", id="empty-t")
    yield pytest.param(f"t=abc,v1={mac(SECRET, 'abc', BODY)}", id="t-letters")
    yield pytest.param(f"t={TS}.5,v1={mac(SECRET, f'{TS}.5', BODY)}", id="t-decimal")
    yield pytest.param(f"t=+{TS},v1={good}", id="t-plus-sign")
    yield pytest.param(f"t={TS:_},v1={good}", id="t-underscores")
    yield pytest.param(f"t=0x{TS:x},v1={mac(SECRET, TS, BODY)}", id="t-hex")
    yield pytest.param(f"t=-{TS},v1={mac(SECRET, -TS, BODY)}", id="t-negative")
    yield pytest.param(f"t={'0' * 390}{TS},v1={good}", id="t-400-digits-same-value")
    yield pytest.param(f"t={'9' * 400},v1={mac(SECRET, '9' * 400, BODY)}", id="t-400-nines")
    yield pytest.param(f"t={TS}", id="no-v1")
    yield pytest.param(f"t={TS},v1=", id="empty-v1")
    yield pytest.param(f"t={TS},v1={good}0", id="v1-65-chars")
    yield pytest.param(f"t={TS},v1={good[:-1]}", id="v1-63-chars")
    yield pytest.param(f"t={TS},v1={good[:-1]}g", id="v1-non-hex")
    yield pytest.param(f"t={TS},v1={good[:32]}", id="v1-half")
    yield pytest.param(
        f"t={TS},v1={base64.b64encode(bytes.fromhex(good)).decode()}", id="v1-base64"
    )
    yield pytest.param(f"t={TS},v1={good},note=café", id="non-ascii-str")
    yield pytest.param(f"t={TS},v1={good},note=caf\xe9".encode("latin-1"), id="non-ascii-bytes")
    yield pytest.param(f"t=١٧٧٤٠٠٠٠٠٠,v1={good}", id="arabic-indic-digits")
    yield pytest.param("t=,=,v1,,=", id="soup")
    yield pytest.param(f"t={TS},v1={good}," + "v0=" + "0" * 8200, id="over-8kb-str")
    yield pytest.param((f"t={TS},v1={good}," + ",v0=0" * 1700).encode(), id="over-8kb-bytes")


@pytest.mark.parametrize("signature", list(_malformed_headers()))
def test_a_malformed_header_is_malformed_header(signature: Any) -> None:
    # tolerance=None: a parser that accepted the odd timestamp would then have nothing to stop it.
    assert reason_of(lambda: verify(signature=signature, tolerance=None)) == "malformed_header"


def test_a_header_just_under_8kb_still_verifies() -> None:
    head = good_header() + ",v0="
    padded = head + "0" * (8192 - len(head))
    assert len(padded) == 8192
    assert verify(signature=padded) is True
    assert reason_of(lambda: verify(signature=padded + "0")) == "malformed_header"


def test_an_eleven_digit_timestamp_is_read() -> None:
    far = 99_999_999_999
    assert verify(signature=good_header(timestamp=far), now=far) is True


# --- the timestamp window ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("offset", "reason"),
    [
        (0, None),
        (300, None),
        (-300, None),
        (301, "timestamp_too_old"),
        (-301, "timestamp_in_future"),
        (300.5, "timestamp_too_old"),
        (-300.5, "timestamp_in_future"),
        (86_400, "timestamp_too_old"),
        (-86_400, "timestamp_in_future"),
    ],
)
def test_the_default_window_is_300_seconds_both_ways(offset: float, reason: Optional[str]) -> None:
    if reason is None:
        assert verify(now=TS + offset) is True
    else:
        assert reason_of(lambda: verify(now=TS + offset)) == reason


def test_the_default_tolerance_is_300() -> None:
    head = good_header()
    assert verify_webhook_signature(BODY, head, SECRET, now=TS + 300) is True
    assert (
        reason_of(lambda: verify_webhook_signature(BODY, head, SECRET, now=TS + 301))
        == "timestamp_too_old"
    )
    assert (
        reason_of(lambda: verify_webhook_signature(BODY, head, SECRET, now=TS - 301))
        == "timestamp_in_future"
    )


@pytest.mark.parametrize("tolerance", [0, 10, 10.5, 3600])
def test_a_custom_tolerance(tolerance: float) -> None:
    assert verify(now=TS + tolerance, tolerance=tolerance) is True
    assert verify(now=TS - tolerance, tolerance=tolerance) is True
    assert reason_of(lambda: verify(now=TS + tolerance + 1, tolerance=tolerance)) == (
        "timestamp_too_old"
    )
    assert reason_of(lambda: verify(now=TS - tolerance - 1, tolerance=tolerance)) == (
        "timestamp_in_future"
    )


def test_tolerance_none_disables_the_window() -> None:
    assert verify(now=TS + 10 * 365 * 86_400, tolerance=None) is True
    assert verify(now=TS - 10 * 365 * 86_400, tolerance=None) is True
    assert verify(now=0, tolerance=None) is True


def test_the_signature_is_checked_before_the_timestamp() -> None:
    # A forged and stale delivery is reported as forged.
    forged = good_header(secret=OTHER)
    assert reason_of(lambda: verify(signature=forged, now=TS + 10_000)) == "no_matching_signature"


def test_now_as_float_and_aware_datetime() -> None:
    assert verify(now=float(TS) + 299.999) is True
    assert reason_of(lambda: verify(now=float(TS) + 300.001)) == "timestamp_too_old"
    at = datetime.fromtimestamp(TS, tz=timezone.utc)
    assert verify(now=at + timedelta(seconds=300)) is True
    assert reason_of(lambda: verify(now=at + timedelta(seconds=301))) == "timestamp_too_old"
    assert reason_of(lambda: verify(now=at - timedelta(seconds=301))) == "timestamp_in_future"
    # Another zone, same instant.
    tokyo = at.astimezone(timezone(timedelta(hours=9)))
    assert verify(now=tokyo + timedelta(seconds=300)) is True
    assert reason_of(lambda: verify(now=tokyo + timedelta(seconds=301))) == "timestamp_too_old"


def test_now_defaults_to_the_clock() -> None:
    fresh = good_header(timestamp=int(time.time()))
    assert verify_webhook_signature(BODY, fresh, SECRET) is True
    stale = good_header(timestamp=int(time.time()) - 3600)
    assert reason_of(lambda: verify_webhook_signature(BODY, stale, SECRET)) == "timestamp_too_old"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"tolerance": -1},
        {"tolerance": -0.5},
        {"tolerance": float("nan")},
        {"tolerance": float("inf")},
        {"tolerance": True},
        {"tolerance": "300"},
        {"tolerance": timedelta(seconds=300)},
        {"now": "1774000000"},
        {"now": True},
        {"now": float("nan")},
        {"now": float("inf")},
        {"now": datetime(2026, 3, 20, 19, 3, 27)},  # naive
        {"now": [TS]},
    ],
    ids=lambda kwargs: f"{next(iter(kwargs))}={next(iter(kwargs.values()))!r}",
)
def test_a_bad_tolerance_or_now_is_invalid_argument(kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"tolerance": 300, "now": TS, **kwargs}
    assert reason_of(lambda: verify(**args)) == "invalid_argument"


@pytest.mark.parametrize(
    "kwargs",
    [{"tolerance": 10**400}, {"now": 10**400}, {"now": -(10**400)}],
    ids=["tolerance", "now", "now-negative"],
)
def test_an_int_too_large_for_a_float_is_invalid_argument(kwargs: dict[str, Any]) -> None:
    args: dict[str, Any] = {"tolerance": 300, "now": TS, **kwargs}
    assert reason_of(lambda: verify(**args)) == "invalid_argument"


# --- the error ---------------------------------------------------------------------------------


def test_the_error_is_a_firsthand_error_and_a_value_error_and_pickles() -> None:
    err = failure(lambda: verify(secret=OTHER))
    assert isinstance(err, FirstHandError)
    assert isinstance(err, ValueError)
    assert err.reason == "no_matching_signature"
    assert err.type == "signature_verification_error"
    assert err.status is None
    assert not err.retryable
    clone = pickle.loads(pickle.dumps(err))
    assert type(clone) is FirstHandSignatureVerificationError
    assert clone.reason == "no_matching_signature"
    assert clone.message == err.message
    assert str(clone) == str(err)
    # A framework catching ValueError for "bad request" catches it too.
    with pytest.raises(ValueError, match="No v1 signature"):
        verify(secret=OTHER)


def _one_failure_per_reason(secret: Any) -> Iterator[tuple[str, Callable[[], object]]]:
    body = BODY
    mine = good_header(body, DISTINCTIVE)
    yield "missing_header", lambda: verify(body, "", secret)
    yield "malformed_header", lambda: verify(body, f"t=x,v1={DISTINCTIVE}", secret)
    yield "malformed_header", lambda: verify(body, f"t={TS},v1={'f' * 64},n={DISTINCTIVE}é", secret)
    yield "timestamp_too_old", lambda: verify(body, mine, secret, now=TS + 301)
    yield "timestamp_in_future", lambda: verify(body, mine, secret, now=TS - 301)
    nobody = good_header(body, "whsec_nobody")
    yield "no_matching_signature", lambda: verify(body, nobody, secret)
    yield "invalid_payload", lambda: verify({"secret": DISTINCTIVE}, mine, secret)
    yield "invalid_argument", lambda: verify(body, mine, secret, now="soon")
    yield "invalid_argument", lambda: verify(body, mine, secret, tolerance=-1)
    not_json = b"not json " + DISTINCTIVE.encode()
    yield (
        "invalid_event",
        lambda: construct_event(not_json, good_header(not_json, DISTINCTIVE), secret, now=TS),
    )
    broken = json.dumps(
        {
            "id": "evt_1",
            "type": "job.completed",
            "created_at": "x",
            "data": {"description": DISTINCTIVE},
        }
    ).encode()
    yield (
        "invalid_event",
        lambda: construct_event(broken, good_header(broken, DISTINCTIVE), secret, now=TS),
    )


@pytest.mark.parametrize(
    "secret",
    [
        DISTINCTIVE,
        DISTINCTIVE.encode(),
        [DISTINCTIVE],
        [OTHER, DISTINCTIVE],
        (DISTINCTIVE.encode(), "whsec_third"),
    ],
    ids=["str", "bytes", "list", "list-second", "tuple-bytes"],
)
def test_no_error_shows_the_secret(secret: Any) -> None:
    seen: set[str] = set()
    for reason, call in _one_failure_per_reason(secret):
        err = failure(call)
        assert err.reason == reason
        seen.add(reason)
        for text in (err.message, str(err), repr(err), *map(str, err.args)):
            assert DISTINCTIVE not in text
            assert DISTINCTIVE.encode().hex() not in text
    assert seen == REASONS - {"invalid_secret"}


@pytest.mark.parametrize(
    "secret",
    [[DISTINCTIVE, ""], [DISTINCTIVE, 5], [DISTINCTIVE, None], f"{DISTINCTIVE}\ud800"],
    ids=["with-empty", "with-int", "with-None", "surrogate"],
)
def test_an_invalid_secret_error_does_not_show_the_good_one(secret: Any) -> None:
    err = failure(lambda: verify(secret=secret))
    assert err.reason == "invalid_secret"
    for text in (err.message, str(err), repr(err), *map(str, err.args)):
        assert DISTINCTIVE not in text


def test_a_whsec_shaped_secret_never_shows_either() -> None:
    err = failure(lambda: verify(signature=good_header(secret=OTHER), secret=[SECRET]))
    assert SECRET not in str(err) + repr(err) + err.message


# --- constant-time comparison --------------------------------------------------------------


@pytest.mark.parametrize(
    ("secrets", "position"),
    [
        ([SECRET], 0),
        ([SECRET, OTHER], 0),
        ([OTHER, SECRET, "whsec_third"], 2),
        ([OTHER, "whsec_third", SECRET], 1),
    ],
)
def test_every_v1_entry_is_compared_with_every_secret_by_compare_digest(
    monkeypatch: pytest.MonkeyPatch, secrets: list[str], position: int
) -> None:
    entries = [mac(f"whsec_decoy_{i}", TS, BODY) for i in range(3)]
    entries.insert(position, mac(SECRET, TS, BODY))  # the good one, first/middle/last
    calls: list[tuple[object, object]] = []
    real = hmac.compare_digest

    def counting(a: Any, b: Any) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    assert verify(signature=header(TS, *entries), secret=secrets) is True
    # No early exit: every (secret, entry) pair went through compare_digest.
    assert len(calls) == len(entries) * len(secrets)
    compared = {(str(a).lower(), str(b).lower()) for a, b in calls}
    for key in secrets:
        expected = mac(key, TS, BODY)
        for entry in entries:
            assert (expected, entry) in compared or (entry, expected) in compared


def test_compare_digest_is_what_decides(monkeypatch: pytest.MonkeyPatch) -> None:
    forged = good_header(secret=OTHER)

    def always(a: object, b: object) -> bool:
        return True

    def never(a: object, b: object) -> bool:
        return False

    monkeypatch.setattr(hmac, "compare_digest", always)
    assert verify(signature=forged) is True  # only compare_digest said no before
    monkeypatch.setattr(hmac, "compare_digest", never)
    assert reason_of(lambda: verify()) == "no_matching_signature"


def test_a_failed_verification_also_compares_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = hmac.compare_digest

    def counting(a: Any, b: Any) -> bool:
        calls.append(1)
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", counting)
    entries = [mac(f"whsec_decoy_{i}", TS, BODY) for i in range(4)]
    assert reason_of(lambda: verify(signature=header(TS, *entries), secret=[SECRET, OTHER])) == (
        "no_matching_signature"
    )
    assert len(calls) == 8


# --- construct_event -------------------------------------------------------------------------

_CREATED = "2026-03-20T19:03:27Z"

_SUBMISSION: dict[str, Any] = {
    "object": "submission",
    "id": "sub_01JQ",
    "job_id": "job_01JQ",
    "status": "approved",
    "ai_star_rating": 4,
    "ai_reasoning": "Cup centred, sharp, well lit.",
    "file_url": "https://files.firsthandapi.com/sub_01JQ.jpg",
    "content_type": "image/jpeg",
    "submitted_at": "2026-03-20T19:03:00Z",
}

_JOB: dict[str, Any] = {
    "object": "job",
    "id": "job_01JQ",
    "type": "data_collection",
    "status": "completed",
    "description": "Photo of a coffee cup from above",
    "files_needed": 2,
    "files_approved": 2,
    "price_per_file_cents": 75,
    "created_at": "2026-03-20T18:00:00Z",
}

_BALANCE: dict[str, Any] = {
    "object": "credit_balance",
    "available_cents": 11500,
    "held_cents": 250,
    "total_cents": 11750,
    "currency": "usd",
    "updated_at": _CREATED,
}

#: type -> (class, data sent, a check of the typed data)
_EVENTS: dict[str, tuple[type[Any], dict[str, Any], Callable[[Any], None]]] = {}


def _submission_check(status: str) -> Callable[[Any], None]:
    def check(data: Any) -> None:
        assert isinstance(data, Submission)
        assert data.id == "sub_01JQ"
        assert data.status == status
        assert data.ai_star_rating == 4
        assert data.submitted_at == datetime(2026, 3, 20, 19, 3, 0, tzinfo=timezone.utc)

    return check


def _scored_check(data: Any) -> None:
    _submission_check("approved")(data)
    assert data.dimensions == {"relevance": 4, "quality": 4, "completeness": 5}
    assert data.annotations == {"objects": ["cup"]}


def _job_check(status: str, cls: type[JobEventData] = JobEventData) -> Callable[[Any], None]:
    def check(data: Any) -> None:
        assert type(data) is cls
        assert data.id == "job_01JQ"
        assert data.status == status
        assert data.files_needed == 2
        assert data.price_per_file_cents == 75
        assert data.created_at == datetime(2026, 3, 20, 18, 0, tzinfo=timezone.utc)

    return check


def _flagged_check(data: Any) -> None:
    _job_check("open", JobFlaggedData)(data)
    assert data.flag_reason == "unsafe location"


def _credit_check(amount: Optional[int]) -> Callable[[Any], None]:
    def check(data: Any) -> None:
        assert isinstance(data, CreditEventData)
        assert (data.available_cents, data.held_cents, data.total_cents) == (11500, 250, 11750)
        assert data.amount_cents == amount

    return check


_EVENTS.update(
    {
        "submission.scored": (
            SubmissionScoredEvent,
            {
                **_SUBMISSION,
                "dimensions": {"relevance": 4, "quality": 4, "completeness": 5},
                "annotations": {"objects": ["cup"]},
            },
            _scored_check,
        ),
        "submission.approved": (
            SubmissionApprovedEvent,
            _SUBMISSION,
            _submission_check("approved"),
        ),
        "submission.rejected": (
            SubmissionRejectedEvent,
            {**_SUBMISSION, "status": "rejected"},
            _submission_check("rejected"),
        ),
        "job.completed": (JobCompletedEvent, _JOB, _job_check("completed")),
        "job.cancelled": (
            JobCancelledEvent,
            {**_JOB, "status": "cancelled"},
            _job_check("cancelled"),
        ),
        "job.flagged": (
            JobFlaggedEvent,
            {**_JOB, "status": "open", "flag_reason": "unsafe location"},
            _flagged_check,
        ),
        "credits.purchased": (
            CreditsPurchasedEvent,
            {**_BALANCE, "amount_cents": 11500},
            _credit_check(11500),
        ),
        "credits.low_balance": (CreditsLowBalanceEvent, _BALANCE, _credit_check(None)),
        "credits.auto_topped_up": (
            CreditsAutoToppedUpEvent,
            {**_BALANCE, "amount_cents": 5000},
            _credit_check(5000),
        ),
        "credits.expired": (
            CreditsExpiredEvent,
            {**_BALANCE, "amount_cents": 1000},
            _credit_check(1000),
        ),
        "credits.expiring_soon": (
            CreditsExpiringSoonEvent,
            {**_BALANCE, "amount_cents": 2500},
            _credit_check(2500),
        ),
    }
)


def envelope(event_type: str, data: Any, *, old: bool = False, **extra: Any) -> bytes:
    body: dict[str, Any] = {
        "id": "evt_01JQ",
        "object": "event",
        "type": event_type,
        "api_version": "2026-03-18",
        "created_at": _CREATED,
        "data": data,
    }
    if old:
        del body["object"], body["api_version"]
    body.update(extra)
    return json.dumps(body).encode()


def construct(body: bytes, secret: Any = SECRET, **kwargs: Any) -> Any:
    kwargs.setdefault("now", TS)
    return construct_event(body, good_header(body, SECRET), secret, **kwargs)


def test_the_event_table_covers_every_documented_type() -> None:
    assert set(_EVENTS) == set(WEBHOOK_EVENT_TYPES)


@pytest.mark.parametrize("event_type", list(WEBHOOK_EVENT_TYPES))
@pytest.mark.parametrize("old", [False, True], ids=["envelope", "old-envelope"])
def test_each_event_type_parses_into_its_class(event_type: str, old: bool) -> None:
    cls, data, check = _EVENTS[event_type]
    event = construct(envelope(event_type, data, old=old))
    assert type(event) is cls
    assert event.type == event_type
    assert event.id == "evt_01JQ"
    assert event.object == "event"
    assert event.api_version == (None if old else "2026-03-18")
    assert event.created_at == datetime(2026, 3, 20, 19, 3, 27, tzinfo=timezone.utc)
    check(event.data)


def test_construct_event_reads_a_header_mapping_and_str_bodies() -> None:
    body = envelope("job.completed", _JOB)
    headers = {
        "Content-Type": "application/json",
        "X-FirstHand-Event-Id": "evt_01JQ",
        "x-firsthand-signature": good_header(body),
    }
    event = construct_event(body.decode(), headers, SECRET, now=TS)
    assert isinstance(event, JobCompletedEvent)
    assert event.id == headers["X-FirstHand-Event-Id"]
    assert construct_event(bytearray(body), httpx.Headers(headers), [OTHER, SECRET], now=TS).id == (
        "evt_01JQ"
    )


def test_an_unknown_type_gives_an_unknown_event_with_dict_data() -> None:
    data = {"payout_id": "po_1", "amount_cents": 500, "nested": {"a": [1, 2]}}
    event = construct(envelope("payout.sent", data))
    assert type(event) is UnknownEvent
    assert event.type == "payout.sent"
    assert event.id == "evt_01JQ"
    assert event.data == data


def test_an_unknown_type_is_verified_like_any_other() -> None:
    body = envelope("payout.sent", {"amount_cents": 500})
    forged = good_header(body, OTHER)
    assert (
        reason_of(lambda: construct_event(body, forged, SECRET, now=TS)) == "no_matching_signature"
    )
    assert reason_of(lambda: construct(body, now=TS + 301)) == "timestamp_too_old"


def test_construct_event_applies_tolerance_and_now() -> None:
    body = envelope("job.completed", _JOB)
    assert reason_of(lambda: construct(body, now=TS - 301)) == "timestamp_in_future"
    assert isinstance(construct(body, now=TS + 301, tolerance=None), JobCompletedEvent)
    assert isinstance(construct(body, now=TS + 30, tolerance=30), JobCompletedEvent)
    assert reason_of(lambda: construct(body, now=TS + 31, tolerance=30)) == "timestamp_too_old"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b'{"id": "evt_1", "type": "job.completed",',
        b"[]",
        b'"a string"',
        b"42",
        b"null",
        envelope("job.completed", _JOB)[:-1],
        json.dumps({"type": "job.completed", "created_at": _CREATED, "data": _JOB}).encode(),
        json.dumps({"id": "evt_1", "created_at": _CREATED, "data": {}}).encode(),
        json.dumps({"id": "evt_1", "type": 7, "created_at": _CREATED, "data": {}}).encode(),
        json.dumps({"id": "evt_1", "type": "x.new", "created_at": _CREATED, "data": []}).encode(),
        envelope("job.completed", {"id": "job_1", "files_needed": "lots"}),
        envelope("job.completed", None),
        envelope("submission.scored", {**_SUBMISSION, "submitted_at": "yesterday"}),
        envelope("credits.purchased", {"available_cents": "lots"}),
        envelope("job.flagged", "job_1"),
        envelope("job.completed", _JOB, created_at="not a time"),
    ],
    ids=[
        "empty",
        "not-json",
        "truncated-json",
        "array",
        "string",
        "number",
        "null",
        "cut-off-envelope",
        "no-id",
        "no-type",
        "type-not-str",
        "unknown-type-list-data",
        "job-broken-field",
        "job-null-data",
        "submission-bad-time",
        "credits-bad-balance",
        "flagged-str-data",
        "bad-created-at",
    ],
)
def test_a_genuine_body_that_is_not_an_event_is_invalid_event(body: bytes) -> None:
    err = failure(lambda: construct(body))
    assert err.reason == "invalid_event"
    assert "genuine" in err.message


def test_a_known_type_with_broken_data_does_not_fall_back_to_unknown_event() -> None:
    with pytest.raises(FirstHandSignatureVerificationError) as caught:
        construct(envelope("job.completed", {"id": "job_1", "files_needed": "lots"}))
    assert caught.value.reason == "invalid_event"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"",
        b"[]",
        envelope("job.completed", {"id": "job_1"}),
        envelope("job.completed", _JOB),
    ],
    ids=["not-json", "empty", "array", "broken-event", "good-event"],
)
def test_a_forged_body_never_reaches_parsing(body: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    from firsthand._models import events

    def no_parsing() -> Any:
        raise AssertionError("a forged body reached the event parser")

    monkeypatch.setattr(events, "event_adapter", no_parsing)
    forged = good_header(body, OTHER)
    assert reason_of(lambda: construct_event(body, forged, SECRET, now=TS)) == (
        "no_matching_signature"
    )
    assert reason_of(lambda: construct_event(body, {}, SECRET, now=TS)) == "missing_header"
    assert reason_of(lambda: construct_event(body, "t=1", SECRET, now=TS)) == "malformed_header"


def test_construct_event_refuses_a_parsed_body() -> None:
    body = envelope("job.completed", _JOB)
    err = failure(lambda: construct_event(json.loads(body), good_header(body), SECRET, now=TS))
    assert err.reason == "invalid_payload"


# --- generate_webhook_signature ------------------------------------------------------------


def test_generate_matches_an_independent_hmac() -> None:
    produced = generate_webhook_signature(BODY, SECRET, timestamp=TS)
    assert produced == f"t={TS},v1={mac(SECRET, TS, BODY)}"
    assert generate_webhook_signature(BODY.decode(), SECRET.encode(), timestamp=TS) == produced
    assert generate_webhook_signature(memoryview(BODY), [SECRET], timestamp=TS) == produced


def test_generate_gives_one_v1_per_secret_in_order() -> None:
    produced = generate_webhook_signature(BODY, [OTHER, SECRET, b"raw"], timestamp=TS)
    assert produced == header(
        TS, mac(OTHER, TS, BODY), mac(SECRET, TS, BODY), mac(b"raw", TS, BODY)
    )


def test_generate_with_a_datetime_or_now() -> None:
    at = datetime.fromtimestamp(TS, tz=timezone.utc)
    assert generate_webhook_signature(BODY, SECRET, timestamp=at) == good_header()
    assert (
        generate_webhook_signature(
            BODY,
            SECRET,
            timestamp=at.astimezone(timezone(timedelta(hours=-5)))
            + timedelta(microseconds=900_000),
        )
        == good_header()
    )
    before = int(time.time())
    produced = generate_webhook_signature(BODY, SECRET)
    after = int(time.time())
    ts = int(produced.split(",")[0].removeprefix("t="))
    assert before <= ts <= after
    assert produced == good_header(timestamp=ts)
    assert verify_webhook_signature(BODY, produced, SECRET) is True


@pytest.mark.parametrize(
    "timestamp",
    [-1, 1.5, float(TS), "1774000000", True, datetime(2026, 3, 20), [TS]],
    ids=["negative", "float", "float-whole", "str", "bool", "naive-datetime", "list"],
)
def test_generate_refuses_a_bad_timestamp(timestamp: Any) -> None:
    err = failure(lambda: generate_webhook_signature(BODY, SECRET, timestamp=timestamp))
    assert err.reason == "invalid_argument"


@pytest.mark.parametrize(
    ("payload", "secret", "reason"),
    [
        ({"a": 1}, SECRET, "invalid_payload"),
        (BODY, "", "invalid_secret"),
        (BODY, [], "invalid_secret"),
    ],
)
def test_generate_refuses_what_verify_refuses(payload: Any, secret: Any, reason: str) -> None:
    assert reason_of(lambda: generate_webhook_signature(payload, secret, timestamp=TS)) == reason


@pytest.mark.parametrize(
    "timestamp",
    [10**11, 10**12, 10**400, datetime(1969, 12, 31, 23, 0, tzinfo=timezone.utc)],
    ids=["12-digits", "13-digits", "400-digits", "pre-1970-datetime"],
)
def test_generate_never_signs_what_verify_refuses(timestamp: Any) -> None:
    # verify reads at most 11 digits and no sign: a header it refuses is no help in a test.
    err = failure(lambda: generate_webhook_signature(BODY, SECRET, timestamp=timestamp))
    assert err.reason == "invalid_argument"
    assert verify(signature=good_header(timestamp=10**11 - 1), now=10**11 - 1) is True


# --- event types and the public surface ----------------------------------------------------


def test_webhook_event_types_are_the_eleven_documented_ones() -> None:
    assert WEBHOOK_EVENT_TYPES == (
        "submission.scored",
        "submission.approved",
        "submission.rejected",
        "job.completed",
        "job.cancelled",
        "job.flagged",
        "credits.purchased",
        "credits.low_balance",
        "credits.auto_topped_up",
        "credits.expired",
        "credits.expiring_soon",
    )
    assert isinstance(WEBHOOK_EVENT_TYPES, tuple)


def test_the_event_union_knows_exactly_those_types() -> None:
    union, *_ = get_args(Event)
    tags: dict[str, type[Any]] = {}
    for member in get_args(union):
        cls, *metadata = get_args(member)
        (tag,) = [m.tag for m in metadata if hasattr(m, "tag")]
        tags[tag] = cls
    assert tags.pop("unknown") is UnknownEvent
    assert set(tags) == set(WEBHOOK_EVENT_TYPES)
    assert len(tags) == 11
    for tag, cls in tags.items():
        # Each class's `type` literal is its tag, and the class is the one construct_event picks.
        assert get_args(cls.model_fields["type"].annotation) == (tag,)
        assert cls is _EVENTS[tag][0]


@pytest.mark.parametrize(
    "name",
    [
        "verify_webhook_signature",
        "construct_event",
        "generate_webhook_signature",
        "WEBHOOK_EVENT_TYPES",
        "Event",
        "UnknownEvent",
        "FirstHandSignatureVerificationError",
    ],
)
def test_public_names_are_importable_from_both_modules(name: str) -> None:
    assert name in firsthand.__all__
    assert name in webhooks.__all__
    assert getattr(firsthand, name) is getattr(webhooks, name)


def test_the_error_class_is_shown_under_the_public_path() -> None:
    assert FirstHandSignatureVerificationError.__module__ == "firsthand"
    assert firsthand.FirstHandSignatureVerificationError is FirstHandSignatureVerificationError


# --- details of reading the header -------------------------------------------------------------


def test_a_list_of_bytes_header_values_is_read_as_text() -> None:
    # Some servers keep repeated headers apart, and some give bytes (ASGI scopes do).
    good = good_header().encode("ascii")
    stamp, entry = good.split(b",", 1)
    assert verify(signature={"X-FirstHand-Signature": [stamp, entry]}) is True
    assert (
        reason_of(lambda: verify(signature={"X-FirstHand-Signature": [stamp, "v1=é".encode()]}))
        == "malformed_header"
    )


def test_an_empty_primary_header_falls_back_to_the_older_name() -> None:
    headers = {"X-FirstHand-Signature": "  ", "X-FirstHandAPI-Signature": good_header()}
    assert verify(signature=headers) is True
    assert reason_of(lambda: verify(signature={"X-FirstHand-Signature": ""})) == "missing_header"


def test_the_timestamp_is_signed_exactly_as_the_header_carries_it() -> None:
    # "{t}." is the literal text of t: a leading zero changes the signed string.
    padded = f"0{TS}"
    assert verify(signature=header(padded, mac(SECRET, padded, BODY))) is True
    assert (
        reason_of(lambda: verify(signature=header(padded, mac(SECRET, TS, BODY))))
        == "no_matching_signature"
    )
