"""Webhook verification properties, by hypothesis.

* Whatever is passed (headers, payloads, secrets, tolerance, clock), the only exception that
  escapes is ``FirstHandSignatureVerificationError``, with one of the documented reasons.
* What ``generate_webhook_signature`` signs, ``verify_webhook_signature`` accepts, and the
  signature agrees with an HMAC computed here by hand.
* Any single-byte change of the body, the timestamp digits or the signature hex fails, with the
  reason that change deserves.
* A rotation header (one ``v1`` per secret) verifies with either secret alone or both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import datetime, timedelta, timezone
from typing import Any, Callable, Union

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from firsthand import FirstHandSignatureVerificationError
from firsthand.webhooks import (
    BaseEvent,
    construct_event,
    generate_webhook_signature,
    verify_webhook_signature,
)

#: CI runs fewer examples per property so that the whole file stays well under 30 s.
_CI = bool(os.environ.get("CI"))
SOME = settings(
    max_examples=50 if _CI else 200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FEW = settings(
    max_examples=20 if _CI else 80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

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

#: The largest timestamp the header may carry (11 digits).
MAX_TS = 10**11 - 1
HEX = "0123456789abcdef"
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="

Key = Union[str, bytes]


def mac(secret: Key, timestamp: int, body: bytes) -> str:
    key = secret.encode("utf-8") if isinstance(secret, str) else secret
    return hmac.new(key, f"{timestamp}.".encode("ascii") + body, hashlib.sha256).hexdigest()


def outcome(call: Callable[[], object]) -> tuple[str, object]:
    """``("ok", result)``, or ``(reason, error)`` for the verification error (and nothing else)."""
    try:
        return "ok", call()
    except FirstHandSignatureVerificationError as exc:
        return exc.reason, exc


def reason_of(payload: Any, signature: Any, secret: Any, **kwargs: Any) -> str:
    reason, _ = outcome(lambda: verify_webhook_signature(payload, signature, secret, **kwargs))
    return "verified" if reason == "ok" else reason


def as_view(raw: bytes) -> memoryview:
    return memoryview(raw)


# --- strategies ------------------------------------------------------------------------------

timestamps = st.integers(min_value=0, max_value=MAX_TS)
hex64 = st.text(alphabet=HEX + "ABCDEF", min_size=64, max_size=64)
surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)


def entry(key: str, value: object) -> str:
    return f"{key}={value}"


def joined(parts: list[str], sep: str) -> str:
    return sep.join(parts)


def repeated(count: int, char: str) -> str:
    return char * count


def concat(head: str, tail: str) -> str:
    return head + tail


def utf8(text: str) -> bytes:
    return text.encode("utf-8", "surrogatepass")


header_parts: st.SearchStrategy[str] = st.one_of(
    st.builds(entry, st.just("t"), st.integers(min_value=-(10**12), max_value=10**12)),
    st.builds(entry, st.just("t"), st.builds(repeated, st.integers(10, 400), st.just("7"))),
    st.builds(entry, st.just("v1"), hex64),
    st.builds(entry, st.just("v1"), st.text(alphabet=HEX + "xyz=, ", max_size=80)),
    st.builds(
        entry, st.sampled_from(["v0", "v2", "T", " t ", "v1 ", "", "="]), st.text(max_size=20)
    ),
    st.text(max_size=20),
)
header_soups: st.SearchStrategy[str] = st.builds(
    joined, st.lists(header_parts, max_size=8), st.sampled_from([",", ", ", ",,", ";"])
)
header_texts: st.SearchStrategy[str] = st.one_of(
    header_soups,
    st.text(max_size=200),
    st.builds(repeated, st.integers(8000, 9000), st.sampled_from(["a", "é", ","])),
    st.builds(
        concat, header_soups, st.text(st.characters(min_codepoint=128), min_size=1, max_size=5)
    ),
)
header_names = st.sampled_from(
    [
        "X-FirstHand-Signature",
        "x-firsthand-signature",
        "X-FirstHandAPI-Signature",
        "HTTP_X_FIRSTHAND_SIGNATURE",
        "HTTP_X_FIRSTHANDAPI_SIGNATURE",
        "Content-Type",
        "HTTP_",
        "http_x_firsthand_signature",
    ]
)
header_values: st.SearchStrategy[Any] = st.one_of(
    header_texts,
    st.binary(max_size=200),
    st.none(),
    st.integers(),
    st.lists(header_texts, max_size=3),
    st.lists(st.binary(max_size=50), max_size=3),
)
signatures: st.SearchStrategy[Any] = st.one_of(
    header_texts,
    st.binary(max_size=300),
    header_texts.map(utf8),
    st.none(),
    st.integers(),
    st.floats(),
    st.dictionaries(
        st.one_of(header_names, st.text(max_size=30), st.integers()), header_values, max_size=4
    ),
    st.lists(st.text(max_size=20), max_size=3),
)
payloads: st.SearchStrategy[Any] = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300),
    surrogates,
    st.none(),
    st.integers(),
    st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
    st.lists(st.integers(), max_size=3),
    st.binary(max_size=100).map(bytearray),
    st.binary(max_size=100).map(as_view),
)
one_secret: st.SearchStrategy[Any] = st.one_of(
    st.text(max_size=60), st.binary(max_size=60), surrogates, st.none(), st.integers()
)
secret_inputs: st.SearchStrategy[Any] = st.one_of(
    one_secret,
    st.lists(one_secret, max_size=4),
    st.tuples(one_secret, one_secret),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.just(""),
    st.just([]),
)
#: Floats, and ints up to far beyond what a float can hold.
numbers = st.one_of(
    st.integers(min_value=-(10**300), max_value=10**300),
    st.integers(min_value=1, max_value=10**600).map(lambda n: n * 10**320),
    st.floats(allow_nan=True, allow_infinity=True),
)
aware = st.datetimes(
    min_value=datetime(1, 1, 2),
    max_value=datetime(9999, 12, 30),
    timezones=st.builds(
        timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
    ),
)
clock_values: st.SearchStrategy[Any] = st.one_of(
    st.none(), numbers, st.booleans(), aware, st.datetimes(), st.text(max_size=5)
)
tolerance_values: st.SearchStrategy[Any] = st.one_of(
    st.none(), numbers, st.booleans(), st.text(max_size=5), st.timedeltas()
)

#: Non-empty keys (not blank): what a real endpoint secret can be.
real_secrets: st.SearchStrategy[Key] = st.one_of(
    st.text(min_size=1, max_size=60).filter(lambda s: bool(s.strip())),
    st.binary(min_size=1, max_size=60).filter(lambda b: bool(b.strip())),
    # Shaped like a real one (its suffix often valid base64, which must not be decoded).
    st.builds(concat, st.just("whsec_"), st.text(alphabet=BASE64, min_size=0, max_size=44)),
)
text_bodies = st.text(max_size=300)
bodies: st.SearchStrategy[Any] = st.one_of(
    st.binary(max_size=400), text_bodies, st.binary(max_size=100).map(bytearray)
)


def body_bytes(body: Any) -> bytes:
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def key_bytes(secret: Key) -> bytes:
    return secret.encode("utf-8") if isinstance(secret, str) else secret


# --- nothing but the verification error ever escapes ----------------------------------------


@SOME
@given(payloads, signatures, secret_inputs, tolerance_values, clock_values)
def test_only_the_verification_error_escapes(
    payload: Any, signature: Any, secret: Any, tolerance: Any, now: Any
) -> None:
    reason, result = outcome(
        lambda: verify_webhook_signature(payload, signature, secret, tolerance=tolerance, now=now)
    )
    if reason == "ok":
        assert result is True
    else:
        assert reason in REASONS - {"invalid_event"}
        assert isinstance(result, ValueError)
    if not isinstance(payload, (bytes, bytearray, memoryview, str)):
        assert reason == "invalid_payload"  # parsed JSON is the first mistake reported


@SOME
@given(payloads, signatures, secret_inputs)
def test_construct_event_lets_only_the_verification_error_escape(
    payload: Any, signature: Any, secret: Any
) -> None:
    reason, event = outcome(lambda: construct_event(payload, signature, secret, tolerance=None))
    if reason == "ok":
        assert isinstance(event, BaseEvent)
    else:
        assert reason in REASONS


@SOME
@given(
    st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300),
        st.recursive(
            st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
            lambda kids: st.one_of(
                st.lists(kids, max_size=3), st.dictionaries(st.text(max_size=8), kids, max_size=4)
            ),
            max_leaves=12,
        ).map(json.dumps),
    ),
    st.sampled_from([None, "submission.scored", "job.flagged", "credits.purchased", "x.new", 5]),
    real_secrets,
)
def test_a_genuine_body_either_parses_or_is_invalid_event(
    raw: Any, event_type: Any, secret: Key
) -> None:
    body = body_bytes(raw)
    if event_type is not None:  # also try bodies shaped like an envelope
        body = json.dumps(
            {
                "id": "evt_1",
                "type": event_type,
                "created_at": "2026-03-20T19:03:27Z",
                "data": raw if isinstance(raw, str) else {},
            }
        ).encode()
    header = f"t=1774000000,v1={mac(secret, 1_774_000_000, body)}"
    reason, event = outcome(lambda: construct_event(body, header, secret, now=1_774_000_000))
    if reason == "ok":
        assert isinstance(event, BaseEvent)
    else:
        assert reason == "invalid_event"


# --- generate -> verify ----------------------------------------------------------------------


@SOME
@given(
    bodies,
    st.one_of(real_secrets, st.lists(real_secrets, min_size=1, max_size=4)),
    timestamps,
    st.integers(min_value=-300, max_value=300),
)
def test_what_generate_signs_verify_accepts(
    body: Any, secret: Union[Key, list[Key]], timestamp: int, skew: int
) -> None:
    header = generate_webhook_signature(body, secret, timestamp=timestamp)
    keys: list[Key] = secret if isinstance(secret, list) else [secret]
    raw = body_bytes(body)
    expected = f"t={timestamp}," + ",".join(f"v1={mac(k, timestamp, raw)}" for k in keys)
    assert header == expected
    assert verify_webhook_signature(body, header, secret, now=timestamp + skew) is True
    for key in keys:  # each secret alone, as a receiver that knows only one of them
        assert verify_webhook_signature(raw, header.encode(), key, now=timestamp - skew) is True
    assert verify_webhook_signature(body, {"x-firsthand-signature": header}, secret, tolerance=None)


@FEW
@given(
    bodies,
    real_secrets,
    st.datetimes(
        min_value=datetime(1970, 1, 3),
        max_value=datetime(5000, 1, 1),
        timezones=st.builds(
            timezone, st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23))
        ),
    ),
    st.floats(min_value=-300, max_value=300),
)
def test_a_datetime_timestamp_round_trips(
    body: Any, secret: Key, at: datetime, skew: float
) -> None:
    header = generate_webhook_signature(body, secret, timestamp=at)
    seconds = int(at.timestamp())
    assert header == f"t={seconds},v1={mac(secret, seconds, body_bytes(body))}"
    assert verify_webhook_signature(body, header, secret, now=seconds + skew) is True


# --- every single-byte change fails ----------------------------------------------------------


@SOME
@given(st.binary(min_size=1, max_size=300), real_secrets, timestamps, st.data())
def test_any_changed_body_byte_fails(
    body: bytes, secret: Key, timestamp: int, data: st.DataObject
) -> None:
    header = f"t={timestamp},v1={mac(secret, timestamp, body)}"
    index = data.draw(st.integers(min_value=0, max_value=len(body) - 1))
    byte = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != body[index]))
    changed = body[:index] + bytes([byte]) + body[index + 1 :]
    assert reason_of(changed, header, secret, tolerance=None) == "no_matching_signature"
    assert reason_of(body, header, secret, now=timestamp) == "verified"


@SOME
@given(st.binary(max_size=200), real_secrets, timestamps, st.data())
def test_any_changed_timestamp_digit_fails(
    body: bytes, secret: Key, timestamp: int, data: st.DataObject
) -> None:
    digits = str(timestamp)
    signature = mac(secret, timestamp, body)
    index = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    digit = data.draw(st.sampled_from("0123456789").filter(lambda d: d != digits[index]))
    changed = digits[:index] + digit + digits[index + 1 :]
    header = f"t={changed},v1={signature}"
    # Whatever the clock says: a changed timestamp is a forgery first.
    assert reason_of(body, header, secret, tolerance=None) == "no_matching_signature"
    assert reason_of(body, header, secret, now=int(changed)) == "no_matching_signature"
    assert reason_of(body, header, secret, now=timestamp) == "no_matching_signature"


@SOME
@given(st.binary(max_size=200), real_secrets, timestamps, st.data())
def test_any_other_byte_in_the_timestamp_fails(
    body: bytes, secret: Key, timestamp: int, data: st.DataObject
) -> None:
    digits = str(timestamp)
    index = data.draw(st.integers(min_value=0, max_value=len(digits) - 1))
    byte = data.draw(
        st.integers(min_value=0, max_value=255).filter(lambda b: b != ord(digits[index]))
    )
    changed = digits.encode()[:index] + bytes([byte]) + digits.encode()[index + 1 :]
    header = b"t=" + changed + b",v1=" + mac(secret, timestamp, body).encode()
    reason = reason_of(body, header, secret, tolerance=None)
    if changed.isdigit():
        assert reason == "no_matching_signature"
    else:
        assert reason in {"malformed_header", "no_matching_signature"}


@SOME
@given(st.binary(max_size=200), real_secrets, timestamps, st.data())
def test_any_changed_signature_character_fails_with_the_right_reason(
    body: bytes, secret: Key, timestamp: int, data: st.DataObject
) -> None:
    signature = mac(secret, timestamp, body)
    index = data.draw(st.integers(min_value=0, max_value=63))
    new = data.draw(st.characters(codec="utf-8").filter(lambda c: c != signature[index]))
    changed = signature[:index] + new + signature[index + 1 :]
    header = f"t={timestamp},v1={changed}"
    reason = reason_of(body, header, secret, now=timestamp)
    if new.lower() == signature[index]:
        assert reason == "verified"  # the same hex in upper case
    elif new.lower() in HEX:
        assert reason == "no_matching_signature"
    else:  # no longer 64 hex characters: not a v1 signature, and it was the only one
        assert reason == "malformed_header"
    # With a genuine entry beside it, the changed one is harmless (if the header is still ASCII).
    if new.isascii():
        assert reason_of(body, f"{header},v1={signature}", secret, now=timestamp) == "verified"


@SOME
@given(st.binary(max_size=200), real_secrets, timestamps, st.data())
def test_any_changed_signature_byte_in_a_bytes_header_fails(
    body: bytes, secret: Key, timestamp: int, data: st.DataObject
) -> None:
    good = f"t={timestamp},v1={mac(secret, timestamp, body)}".encode()
    start = good.index(b"v1=") + 3
    index = data.draw(st.integers(min_value=start, max_value=len(good) - 1))
    byte = data.draw(st.integers(min_value=0, max_value=255).filter(lambda b: b != good[index]))
    changed = good[:index] + bytes([byte]) + good[index + 1 :]
    reason = reason_of(body, changed, secret, now=timestamp)
    if bytes([byte]).lower() == good[index : index + 1]:
        assert reason == "verified"
    elif bytes([byte]).lower() in HEX.encode() and byte < 128:
        assert reason == "no_matching_signature"
    else:
        assert reason == "malformed_header"


# --- the window and the header name ---------------------------------------------------------


@SOME
@given(
    st.binary(max_size=100),
    real_secrets,
    timestamps,
    st.one_of(
        st.integers(min_value=-100_000, max_value=100_000),
        st.floats(min_value=-1000, max_value=1000, allow_nan=False),
    ),
    st.one_of(st.integers(min_value=0, max_value=3600), st.floats(min_value=0, max_value=3600)),
)
def test_the_window_is_symmetric_and_inclusive(
    body: bytes, secret: Key, timestamp: int, offset: float, tolerance: float
) -> None:
    header = f"t={timestamp},v1={mac(secret, timestamp, body)}"
    now = timestamp + offset
    age = now - timestamp  # what the clock says, float rounding included
    reason = reason_of(body, header, secret, tolerance=tolerance, now=now)
    if abs(age) <= tolerance:
        assert reason == "verified"
    elif age > 0:
        assert reason == "timestamp_too_old"
    else:
        assert reason == "timestamp_in_future"
    assert reason_of(body, header, secret, tolerance=None, now=now) == "verified"
    # The default window is 300 s.
    assert (reason_of(body, header, secret, now=now) == "verified") == (abs(age) <= 300)


def recased(name: str, upper: list[bool]) -> str:
    return "".join(c.upper() if up else c.lower() for c, up in zip(name, upper))


@SOME
@given(
    st.binary(max_size=100),
    real_secrets,
    st.sampled_from(["X-FirstHand-Signature", "X-FirstHandAPI-Signature"]),
    st.lists(st.booleans(), min_size=24, max_size=24),
    st.booleans(),
    st.dictionaries(
        st.text(max_size=20).filter(lambda n: "signature" not in n.lower()),
        st.text(max_size=40),
        max_size=4,
    ),
)
def test_a_header_mapping_in_any_letter_case(
    body: bytes, secret: Key, name: str, upper: list[bool], meta: bool, others: dict[str, str]
) -> None:
    key = recased(name, upper)
    if meta:  # Django's request.META spelling
        key = "HTTP_" + key.upper().replace("-", "_")
    header = f"t=1774000000,v1={mac(secret, 1_774_000_000, body)}"
    headers = {**others, key: header}
    assert reason_of(body, headers, secret, now=1_774_000_000) == "verified"
    assert reason_of(body, others, secret, now=1_774_000_000) == "missing_header"


# --- rotation --------------------------------------------------------------------------------


@SOME
@given(bodies, real_secrets, real_secrets, real_secrets, timestamps)
def test_rotation_either_secret_or_both(
    body: Any, old: Key, new: Key, stranger: Key, timestamp: int
) -> None:
    assume(key_bytes(old) != key_bytes(new))
    assume(key_bytes(stranger) not in {key_bytes(old), key_bytes(new)})
    raw = body_bytes(body)
    header = f"t={timestamp},v1={mac(old, timestamp, raw)},v1={mac(new, timestamp, raw)}"
    assert generate_webhook_signature(body, [old, new], timestamp=timestamp) == header
    for secret in (old, new, [old, new], [new, old], [stranger, new], (old, stranger)):
        assert verify_webhook_signature(body, header, secret, now=timestamp) is True
    assert reason_of(body, header, stranger, now=timestamp) == "no_matching_signature"
    assert reason_of(body, header, [stranger], now=timestamp) == "no_matching_signature"
