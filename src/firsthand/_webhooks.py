"""Webhook signatures: verify a delivery, parse it into a typed event, sign payloads for tests.

The scheme (docs/api-contract.md, "Webhooks"): header ``X-FirstHand-Signature:
t=<unix seconds>,v1=<hex>[,v1=<hex>…]``; each ``v1`` is HMAC-SHA256, keyed with the endpoint
secret's UTF-8 bytes as given (``whsec_`` prefix included), over ``b"<t>." + raw body``. During a
secret rotation a delivery carries one ``v1`` per secret; any match passes.

Everything that can go wrong raises [`FirstHandSignatureVerificationError`][firsthand.FirstHandSignatureVerificationError] with a ``reason``;
no other exception escapes, whatever the input.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Optional, Union, cast

from ._exceptions import FirstHandSignatureVerificationError

if TYPE_CHECKING:
    from ._models.events import Event

__all__ = [
    "DEFAULT_TOLERANCE",
    "EVENT_ID_HEADER",
    "SIGNATURE_HEADER",
    "SIGNATURE_HEADERS",
    "construct_event",
    "generate_webhook_signature",
    "verify_webhook_signature",
]

#: Seconds a delivery's timestamp may differ from the receiver's clock, either way.
DEFAULT_TOLERANCE = 300
SIGNATURE_HEADER = "X-FirstHand-Signature"
#: Header names read from a header mapping, in order (the second is the older SDK's spelling).
SIGNATURE_HEADERS = (SIGNATURE_HEADER, "X-FirstHandAPI-Signature")
EVENT_ID_HEADER = "X-FirstHand-Event-Id"

#: A real header is ~80 characters per secret; anything this long is not one (and is not parsed).
_MAX_HEADER_LENGTH = 8192
#: Unix seconds fit in 11 digits until the year 5138; more digits is not a timestamp.
_MAX_TIMESTAMP_DIGITS = 11
_HEX = frozenset("0123456789abcdef")

Payload = Union[bytes, bytearray, memoryview, str]
Secret = Union[str, bytes]
SecretOrSecrets = Union[str, bytes, Iterable[Union[str, bytes]]]
SignatureOrHeaders = Union[str, bytes, Mapping[str, Any], Any]

_RAW_BODY_HINT = (
    "pass the raw request body exactly as received (bytes or str), not parsed JSON: "
    "re-serialising changes the bytes and no signature would match "
    "(Flask: request.get_data(); FastAPI/Starlette: await request.body(); Django: request.body)"
)


def _fail(reason: str, message: str) -> FirstHandSignatureVerificationError:
    return FirstHandSignatureVerificationError(message, reason=reason)


def _payload_bytes(payload: object) -> bytes:
    if isinstance(payload, bytes):
        return payload
    if isinstance(payload, bytearray):
        return bytes(payload)
    if isinstance(payload, memoryview):
        return payload.tobytes()
    if isinstance(payload, str):
        try:
            return payload.encode("utf-8")
        except UnicodeEncodeError:
            raise _fail(
                "invalid_payload",
                "The payload str cannot be encoded as UTF-8 (lone surrogates); " + _RAW_BODY_HINT,
            ) from None
    kind = type(payload).__name__
    raise _fail("invalid_payload", f"The payload is a {kind}; " + _RAW_BODY_HINT)


def _secret_keys(secret: object) -> list[bytes]:
    kind = type(secret).__name__
    candidates: list[object]
    if isinstance(secret, (str, bytes)):
        candidates = [secret]
    elif isinstance(secret, Iterable) and not isinstance(secret, Mapping):
        candidates = list(cast("Iterable[object]", secret))
    else:
        raise _fail(
            "invalid_secret",
            f"secret must be the endpoint's signing secret (str or bytes) or a list of them, "
            f"not {kind}",
        )
    keys: list[bytes] = []
    for candidate in candidates:
        if isinstance(candidate, str):
            try:
                key = candidate.encode("utf-8")
            except UnicodeEncodeError:
                raise _fail("invalid_secret", "A secret cannot be encoded as UTF-8") from None
        elif isinstance(candidate, bytes):
            key = candidate
        else:
            raise _fail(
                "invalid_secret",
                f"Each secret must be a str or bytes, not {type(candidate).__name__}",
            )
        if not key.strip():
            raise _fail("invalid_secret", "A secret is empty: pass the endpoint's signing secret")
        keys.append(key)
    if not keys:
        raise _fail("invalid_secret", "No secret given: pass the endpoint's signing secret")
    return keys


def _header_from_mapping(headers: Any) -> object:
    """The signature header of a header mapping, matched case-insensitively; Django's
    ``request.META`` spelling (``HTTP_X_FIRSTHAND_SIGNATURE``) works too."""
    wanted = [name.lower() for name in SIGNATURE_HEADERS]
    found: dict[str, object] = {}
    try:
        for item in list(headers.items()):
            if not isinstance(item, tuple) or len(item) != 2:  # pyright: ignore[reportUnknownArgumentType]
                continue
            name, value = cast("tuple[object, object]", item)
            if not isinstance(name, str):
                continue
            key = name.lower()
            if key.startswith("http_"):
                key = key[5:].replace("_", "-")
            if key in wanted and key not in found and not _blank(value):
                found[key] = value
    except Exception:  # a mapping-like object that cannot list its items
        raise _fail("missing_header", "The headers given cannot be read") from None
    for name in wanted:
        if name in found:
            return found[name]
    return None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, (str, bytes)) and not value.strip())


def _header_text(signature: object) -> str:
    if signature is not None and not isinstance(signature, (str, bytes, bytearray)):
        if hasattr(signature, "items"):
            signature = _header_from_mapping(signature)
        else:
            raise _fail(
                "malformed_header",
                f"The signature must be the {SIGNATURE_HEADER} header value or the request's "
                f"headers, not {type(signature).__name__}",
            )
    if isinstance(signature, (list, tuple)):  # a framework that keeps repeated headers apart
        parts: list[str] = []
        for part in cast("list[object]", list(signature)):  # pyright: ignore[reportUnknownArgumentType]
            if isinstance(part, (bytes, bytearray)):
                try:
                    part = bytes(part).decode("ascii")
                except UnicodeDecodeError:
                    raise _fail(
                        "malformed_header", f"The {SIGNATURE_HEADER} header is not ASCII"
                    ) from None
            if not isinstance(part, str):
                raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header is not text")
            parts.append(part)
        signature = ",".join(parts)
    if isinstance(signature, (bytes, bytearray)):
        try:
            signature = bytes(signature).decode("ascii")
        except UnicodeDecodeError:
            raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header is not ASCII") from None
    if signature is None or (isinstance(signature, str) and not signature.strip()):
        raise _fail("missing_header", f"No {SIGNATURE_HEADER} header: not a signed delivery")
    if not isinstance(signature, str):
        raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header is not text")
    return signature


def _parse_header(header: str) -> tuple[str, list[str]]:
    """The timestamp (its digits, as sent) and the well-formed ``v1`` signatures of a header."""
    if len(header) > _MAX_HEADER_LENGTH:
        raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header is too long")
    if not header.isascii():
        raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header is not ASCII")
    timestamps: list[str] = []
    signatures: list[str] = []
    for part in header.split(","):
        key, sep, value = part.strip().partition("=")
        if not sep:
            continue  # tolerate stray commas and unknown flags
        key, value = key.strip(), value.strip()
        if key == "t":
            timestamps.append(value)
        elif key == "v1":
            candidate = value.lower()
            if len(candidate) == 64 and set(candidate) <= _HEX:
                signatures.append(candidate)
    if len(timestamps) != 1:
        what = "no timestamp (t=)" if not timestamps else "more than one timestamp (t=)"
        raise _fail("malformed_header", f"The {SIGNATURE_HEADER} header has {what}")
    text = timestamps[0]
    if not text.isdigit() or len(text) > _MAX_TIMESTAMP_DIGITS:
        raise _fail(
            "malformed_header",
            f"The {SIGNATURE_HEADER} timestamp is not Unix seconds: {text[:20]!r}",
        )
    if not signatures:
        raise _fail(
            "malformed_header",
            f"The {SIGNATURE_HEADER} header has no v1= signature (64 hex characters)",
        )
    return text, signatures


def _finite(value: object) -> Optional[float]:
    """``value`` as a finite float, or ``None`` (not a number, a bool, inf/nan, or an int too
    large for a float)."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _now_seconds(now: object) -> float:
    if now is None:
        return time.time()
    if isinstance(now, datetime):
        if now.tzinfo is None:
            raise _fail("invalid_argument", "now must be an aware datetime (add a timezone)")
        return now.timestamp()
    seconds = _finite(now)
    if seconds is not None:
        return seconds
    raise _fail("invalid_argument", f"now must be Unix seconds or an aware datetime, not {now!r}")


def _check_tolerance(tolerance: object) -> Optional[float]:
    if tolerance is None:
        return None
    seconds = _finite(tolerance)
    if seconds is not None and seconds >= 0:
        return seconds
    raise _fail(
        "invalid_argument",
        f"tolerance must be seconds >= 0 (or None to skip the timestamp check), not {tolerance!r}",
    )


def _sign(key: bytes, timestamp: str, body: bytes) -> str:
    # The timestamp exactly as the header carries it: the signed string is "{t}." + body.
    mac = hmac.new(key, timestamp.encode("ascii") + b".", hashlib.sha256)
    mac.update(body)
    return mac.hexdigest()


def verify_webhook_signature(
    payload: Payload,
    signature: SignatureOrHeaders,
    secret: SecretOrSecrets,
    *,
    tolerance: Optional[float] = DEFAULT_TOLERANCE,
    now: Union[float, datetime, None] = None,
) -> bool:
    """Check that a webhook delivery is genuine and fresh; returns ``True`` or raises.

    Args:
        payload: The raw request body (``bytes`` or ``str``), exactly as received.
        signature: The ``X-FirstHand-Signature`` header value, or the request's headers (any
            mapping, read case-insensitively; ``X-FirstHandAPI-Signature`` is read too).
        secret: The endpoint's signing secret (``whsec_…``), or several during a rotation.
        tolerance: Seconds the delivery's timestamp may differ from ``now``, in either
            direction (default 300); ``None`` skips the check (for re-verifying stored bodies).
        now: The receiver's clock (Unix seconds or an aware ``datetime``); defaults to now.

    Raises:
        FirstHandSignatureVerificationError: with ``reason`` ``missing_header``,
            ``malformed_header``, ``no_matching_signature``, ``timestamp_too_old``,
            ``timestamp_in_future``, ``invalid_payload``, ``invalid_secret`` or
            ``invalid_argument``.

    Examples:
        >>> body = b'{"id": "evt_1", "type": "job.completed"}'
        >>> header = generate_webhook_signature(body, "whsec_test", timestamp=1_774_000_000)
        >>> verify_webhook_signature(body, header, "whsec_test", now=1_774_000_060)
        True
        >>> verify_webhook_signature(body, header, "whsec_other", now=1_774_000_060)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandSignatureVerificationError: signature_verification_error: No v1 signature in the X-FirstHand-Signature header matches the secret (1 signature, 1 secret)
    """
    body = _payload_bytes(payload)
    keys = _secret_keys(secret)
    window = _check_tolerance(tolerance)
    current = _now_seconds(now)
    stamp, signatures = _parse_header(_header_text(signature))
    timestamp = int(stamp)

    matched = False
    for key in keys:
        expected = _sign(key, stamp, body)
        for candidate in signatures:
            # Constant time per comparison, and every entry compared (no early exit).
            matched |= hmac.compare_digest(expected, candidate)
    if not matched:
        raise _fail(
            "no_matching_signature",
            f"No v1 signature in the {SIGNATURE_HEADER} header matches the secret "
            f"({len(signatures)} signature{'s' if len(signatures) != 1 else ''}, "
            f"{len(keys)} secret{'s' if len(keys) != 1 else ''})",
        )
    if window is not None:
        age = current - timestamp
        if age > window:
            raise _fail(
                "timestamp_too_old",
                f"The delivery was signed {age:.0f} s ago, more than the {window:g} s tolerance "
                "(a replay, or a receiver clock that is off)",
            )
        if -age > window:
            raise _fail(
                "timestamp_in_future",
                f"The delivery is timestamped {-age:.0f} s in the future, more than the "
                f"{window:g} s tolerance (check the receiver's clock)",
            )
    return True


def construct_event(
    payload: Payload,
    signature_or_headers: SignatureOrHeaders,
    secret: SecretOrSecrets,
    *,
    tolerance: Optional[float] = DEFAULT_TOLERANCE,
    now: Union[float, datetime, None] = None,
) -> Event:
    """Verify a delivery (as [`verify_webhook_signature`][firsthand.webhooks.verify_webhook_signature]), then parse it into a typed event.

    The class is chosen by the event's ``type`` (``JobCompletedEvent``, ``SubmissionScoredEvent``,
    …); a type this SDK version does not know gives an [`UnknownEvent`][firsthand.webhooks.UnknownEvent]. A genuine body that
    is not an event raises [`FirstHandSignatureVerificationError`][firsthand.FirstHandSignatureVerificationError] with reason
    ``invalid_event``.

    Examples:
        >>> body = (b'{"id": "evt_1", "object": "event", "type": "credits.purchased", '
        ...     b'"api_version": "2026-03-18", "created_at": "2026-03-20T19:03:27Z", "data": '
        ...     b'{"available_cents": 11500, "held_cents": 0, "total_cents": 11500, '
        ...     b'"currency": "usd", "amount_cents": 11500}}')
        >>> headers = {"x-firsthand-signature": generate_webhook_signature(body, "whsec_test")}
        >>> event = construct_event(body, headers, "whsec_test")
        >>> type(event).__name__, event.id, event.data.amount_cents
        ('CreditsPurchasedEvent', 'evt_1', 11500)
    """
    verify_webhook_signature(payload, signature_or_headers, secret, tolerance=tolerance, now=now)
    body = _payload_bytes(payload)
    from pydantic import ValidationError

    from ._models.events import event_adapter

    try:
        event: Event = event_adapter().validate_json(body)
    except ValidationError as exc:
        fields = sorted({".".join(str(p) for p in err["loc"]) or "body" for err in exc.errors()})
        raise _fail(
            "invalid_event",
            "The delivery is genuine but its body is not a FirstHandAPI event "
            f"(at {', '.join(fields[:5])})",
        ) from None
    return event


def generate_webhook_signature(
    payload: Payload,
    secret: SecretOrSecrets,
    *,
    timestamp: Union[int, datetime, None] = None,
) -> str:
    """The ``X-FirstHand-Signature`` value FirstHandAPI would send for ``payload``: for your tests.

    Several secrets give one ``v1`` entry each, as during a secret rotation.

    Examples:
        >>> generate_webhook_signature(b"{}", "whsec_test", timestamp=1_774_000_000)
        't=1774000000,v1=30bccd39a9ccbc78500885d9b22eda2ebef133cf5feeb10ea25a84d0ac84662b'
    """
    body = _payload_bytes(payload)
    keys = _secret_keys(secret)
    seconds: Optional[int] = None
    if timestamp is None:
        seconds = int(time.time())
    elif isinstance(timestamp, datetime):
        if timestamp.tzinfo is not None:
            seconds = int(timestamp.timestamp())
    elif isinstance(timestamp, int) and not isinstance(timestamp, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
        seconds = timestamp
    if seconds is None or not 0 <= seconds < 10**_MAX_TIMESTAMP_DIGITS:
        raise _fail(
            "invalid_argument",
            f"timestamp must be Unix seconds (an int from 0 to 11 digits) or an aware datetime, "
            f"not {timestamp!r}",
        )
    entries = ",".join(f"v1={_sign(key, str(seconds), body)}" for key in keys)
    return f"t={seconds},{entries}"
