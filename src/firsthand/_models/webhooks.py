"""Webhooks: endpoint and event response models, the endpoint create/update bodies, event queries."""

# No ``from __future__ import annotations`` here: TypedDict must see ``Required``/``NotRequired``
# at runtime, and pydantic resolves these annotations at runtime.

from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Dict,
    List,
    Literal,
    Optional,
    Tuple,
    Union,
    get_args,
)
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from typing_extensions import Annotated, NotRequired, Required, Self, TypedDict

from ._base import FirstHandModel, RequestModel, Timestamp, lazy_pages
from ._checks import at_least_one_field, at_least_one_field_schema, no_duplicates
from ._list import ListEnvelope, PageParams

__all__ = [
    "ListWebhookEventsParams",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEndpointCreateParams",
    "WebhookEndpointCreateParamsDict",
    "WebhookEndpointStatus",
    "WebhookEndpointUpdateParams",
    "WebhookEndpointUpdateParamsDict",
    "WebhookEvent",
    "WebhookEventType",
]

WebhookEventType = Literal[
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
]
"""The event types an endpoint can subscribe to."""

#: Every event type this SDK version knows, in documentation order.
WEBHOOK_EVENT_TYPES: Tuple[str, ...] = get_args(WebhookEventType)

WebhookEndpointStatus = Literal["enabled", "disabled"]
"""A disabled endpoint receives no deliveries."""

WebhookDeliveryStatus = Literal["pending", "delivered", "failed"]
"""Where an event's delivery stands; ``failed`` after the last retry (replay it by hand)."""


class WebhookEndpoint(FirstHandModel):
    """A URL that receives signed event deliveries. ``secret`` (``whsec_…``) is present only in
    the answers of ``create_webhook_endpoint`` and ``rotate_webhook_secret``.

    The secret never appears in ``repr()`` or ``str()`` of the model (``to_dict()`` does carry it).

    Examples:
        >>> ep = WebhookEndpoint.model_validate_json(b'''{"object": "webhook_endpoint",
        ...   "id": "wh_01JQ", "url": "https://example.com/hooks/firsthand",
        ...   "events": ["submission.approved", "job.completed"], "status": "enabled",
        ...   "description": "prod", "created_at": "2026-03-20T19:03:27.971Z",
        ...   "updated_at": "2026-03-20T19:03:27.971Z", "secret": "whsec_EXAMPLE"}''')
        >>> ep.events, ep.status, ep.secret
        (['submission.approved', 'job.completed'], 'enabled', 'whsec_EXAMPLE')
        >>> "whsec_EXAMPLE" in repr(ep) + str(ep)
        False
    """

    model_config: ClassVar[ConfigDict] = ConfigDict(hide_input_in_errors=True)

    object: str = Field(
        default="webhook_endpoint",
        description="Always `webhook_endpoint`.",
        examples=["webhook_endpoint"],
    )
    id: str = Field(
        description="The endpoint's id (`wh_…`).", examples=["wh_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    url: Optional[str] = Field(
        default=None,
        description="The HTTPS URL deliveries are posted to.",
        examples=["https://example.com/webhooks/firsthand"],
    )
    events: Optional[List[Union[WebhookEventType, str]]] = Field(
        default=None,
        description="The event types delivered to it.",
        examples=[["submission.approved", "job.completed"]],
    )
    status: Optional[Union[WebhookEndpointStatus, str]] = Field(
        default=None,
        description="`enabled` or `disabled` (nothing is delivered to a disabled endpoint).",
        examples=["enabled"],
    )
    description: Optional[str] = Field(
        default=None, description="Your note about the endpoint.", examples=["Production receiver"]
    )
    created_at: Optional[Timestamp] = Field(
        default=None,
        description="When the endpoint was created.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    updated_at: Optional[Timestamp] = Field(
        default=None, description="When it last changed.", examples=["2026-03-20T19:03:27.971Z"]
    )
    secret: Optional[str] = Field(
        default=None,
        repr=False,
        description="The signing secret (`whsec_…`): only in the answers of `create_webhook_endpoint` and `rotate_webhook_secret`; store it then. Never in `repr()`.",
        examples=["whsec_EXAMPLE"],
    )


class WebhookEvent(FirstHandModel):
    """An event as listed by ``list_webhook_events`` (or returned by a replay): the delivery
    envelope plus where its delivery stands.

    Examples:
        >>> evt = WebhookEvent.model_validate_json(b'''{"id": "evt_01JQ", "object": "event",
        ...   "type": "job.completed", "api_version": "2026-03-18",
        ...   "created_at": "2026-03-20T19:03:27.971Z", "data": {"object": "job", "id": "job_01JQ"},
        ...   "delivery_status": "delivered", "delivery_attempts": 1,
        ...   "last_attempt_at": "2026-03-20T19:03:28Z"}''')
        >>> evt.type, evt.data["id"], evt.delivery_status, evt.delivery_attempts
        ('job.completed', 'job_01JQ', 'delivered', 1)
    """

    id: str = Field(
        description="The event's id (`evt_…`), the same on every delivery attempt.",
        examples=["evt_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    object: str = Field(default="event", description="Always `event`.", examples=["event"])
    type: Union[WebhookEventType, str] = Field(
        description="The event type, e.g. `job.completed`; a newer server may send types this SDK does not know.",
        examples=["job.completed"],
    )
    api_version: Optional[str] = Field(
        default=None, description="The API version the payload follows.", examples=["2026-03-18"]
    )
    created_at: Timestamp = Field(
        description="When the event happened.", examples=["2026-03-20T19:03:27.971Z"]
    )
    data: Dict[str, Any] = Field(
        description="The object the event is about, as a dict (`construct_event` parses deliveries into typed events).",
        examples=[{"id": "job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N", "status": "completed"}],
    )
    delivery_status: Optional[Union[WebhookDeliveryStatus, str]] = Field(
        default=None, description="`pending`, `delivered` or `failed`.", examples=["delivered"]
    )
    delivery_attempts: Optional[int] = Field(
        default=None,
        description="Delivery attempts so far (at most 6, over about 10.6 hours).",
        examples=[1],
    )
    last_attempt_at: Optional[Timestamp] = Field(
        default=None,
        description="When delivery was last attempted.",
        examples=["2026-03-20T19:03:27.971Z"],
    )


#: The https rule of a webhook URL as a regular expression (ECMA-262 and Python alike), stated in
#: the OpenAPI document as the ``url`` field's ``pattern``: ``https://`` (any case), an optional
#: ``user@``, a host (a name or a bracketed IPv6 address), an optional ``:port``, then any path,
#: query and fragment; no whitespace or control characters anywhere. The SDK checks the same and
#: a little more (a port above 65535 is refused), with a message saying which part is wrong.
WEBHOOK_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]://"
    r"(?:[^\s\x00-\x1f\x7f/?#@]*@)?"
    r"(?:\[[0-9A-Fa-f:.]+\]|[^\s\x00-\x1f\x7f/?#@:\[\]]+)"
    r"(?::[0-9]{0,5})?"
    r"(?:[/?#][^\s\x00-\x1f\x7f]*)?$"
)
#: The longest webhook URL accepted.
WEBHOOK_URL_MAX_LENGTH = 2048


def _url_error(why: str) -> PydanticCustomError:
    return PydanticCustomError("https_url", "must be an absolute https:// URL{why}", {"why": why})


def _https_url(url: str) -> str:
    # Checked, never rewritten: the URL is sent exactly as given (pydantic's HttpUrl would
    # normalise it, e.g. add a trailing slash).
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise _url_error(" without whitespace or control characters")
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises ValueError for a port that is not a number in range
    except ValueError:
        raise _url_error(" (its host or port is malformed)") from None
    scheme = parts.scheme.lower()
    if scheme != "https":
        raise _url_error(" (plain http is refused)" if scheme == "http" else "")
    if not parts.hostname:
        raise _url_error(" with a host")
    return url


_WebhookUrl = Annotated[
    str,
    Field(
        min_length=1,
        max_length=WEBHOOK_URL_MAX_LENGTH,
        json_schema_extra={"pattern": WEBHOOK_URL_PATTERN},
    ),
    AfterValidator(_https_url),
]
_EventTypes = Annotated[
    List[WebhookEventType],
    Field(min_length=1, json_schema_extra={"uniqueItems": True}),
    AfterValidator(no_duplicates),
]
_Description = Annotated[str, Field(max_length=500)]


class WebhookEndpointCreateParams(RequestModel):
    """The body of ``create_webhook_endpoint``: an ``https://`` URL (sent exactly as given, at
    most 2048 characters), the event types to deliver, and an optional description.

    Examples:
        >>> WebhookEndpointCreateParams(url="https://example.com/hooks",
        ...     events=["job.completed"]).to_wire()
        {'url': 'https://example.com/hooks', 'events': ['job.completed']}
        >>> WebhookEndpointCreateParams(url="http://example.com/hooks", events=["job.completed"])
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: WebhookEndpointCreateParams is invalid (url) [url: must be an absolute https:// URL (plain http is refused)]
    """

    url: _WebhookUrl = Field(
        description="Where deliveries are posted: an `https://` URL, at most 2,048 characters.",
        examples=["https://example.com/webhooks/firsthand"],
    )
    events: _EventTypes = Field(
        description="The event types to deliver, at least one, each once.",
        examples=[["submission.approved", "job.completed"]],
    )
    description: Optional[_Description] = Field(
        default=None,
        description="Your note about the endpoint, at most 500 characters.",
        examples=["Production receiver"],
    )


class WebhookEndpointUpdateParams(RequestModel):
    """The body of ``update_webhook_endpoint``: any of ``url``, ``events``, ``status`` and
    ``description`` (same rules as on create), at least one of them. ``None`` means not given (null
    on the wire means the same).

    Examples:
        >>> WebhookEndpointUpdateParams(status="disabled").to_wire()
        {'status': 'disabled'}
        >>> WebhookEndpointUpdateParams()
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: WebhookEndpointUpdateParams is invalid (body) [body: WebhookEndpointUpdateParams needs at least one of url, events, status, description: an update that sets nothing would change nothing]
    """

    url: Optional[_WebhookUrl] = Field(
        default=None,
        description="A new `https://` URL, at most 2,048 characters.",
        examples=["https://example.com/webhooks/firsthand"],
    )
    events: Optional[_EventTypes] = Field(
        default=None,
        description="The new list of event types, at least one, each once.",
        examples=[["job.completed"]],
    )
    status: Optional[WebhookEndpointStatus] = Field(
        default=None, description="`enabled` or `disabled`.", examples=["disabled"]
    )
    description: Optional[_Description] = Field(
        default=None,
        description="A new note, at most 500 characters.",
        examples=["Production receiver"],
    )

    model_config: ClassVar[ConfigDict] = ConfigDict(json_schema_extra=at_least_one_field_schema)

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        at_least_one_field(
            type(self).__name__, {name: getattr(self, name) for name in type(self).model_fields}
        )
        return self


class WebhookEndpointCreateParamsDict(TypedDict, total=False):
    """``create_webhook_endpoint`` body as a plain dict (see [`WebhookEndpointCreateParams`][firsthand.models.WebhookEndpointCreateParams]).

    Examples:
        >>> body: WebhookEndpointCreateParamsDict = {"url": "https://example.com/hooks",
        ...     "events": ["submission.approved"]}
        >>> WebhookEndpointCreateParams.model_validate(body).events
        ['submission.approved']
    """

    url: Required[str]
    events: Required[List[WebhookEventType]]
    description: NotRequired[str]


class WebhookEndpointUpdateParamsDict(TypedDict, total=False):
    """``update_webhook_endpoint`` body as a plain dict (see [`WebhookEndpointUpdateParams`][firsthand.models.WebhookEndpointUpdateParams]).

    Examples:
        >>> body: WebhookEndpointUpdateParamsDict = {"events": ["job.completed", "job.cancelled"]}
        >>> WebhookEndpointUpdateParams.model_validate(body).status is None
        True
    """

    url: NotRequired[str]
    events: NotRequired[List[WebhookEventType]]
    status: NotRequired[WebhookEndpointStatus]
    description: NotRequired[str]


class ListWebhookEventsParams(PageParams):
    """Query of ``list_webhook_events``: filter by event ``type`` and ``delivery_status``.

    Both filters take the documented values only (a typo is refused before sending); send a value
    newer than the SDK with the ``extra_query`` request option.

    Examples:
        >>> ListWebhookEventsParams(type="job.completed", delivery_status="failed").to_wire()
        {'type': 'job.completed', 'delivery_status': 'failed'}
    """

    type: Optional[WebhookEventType] = Field(
        default=None, description="Only events of this type.", examples=["job.completed"]
    )
    delivery_status: Optional[WebhookDeliveryStatus] = Field(
        default=None,
        description="Only events whose delivery is `pending`, `delivered` or `failed`.",
        examples=["failed"],
    )


if TYPE_CHECKING:
    WebhookEndpointList = ListEnvelope[WebhookEndpoint]
    """One page of webhook endpoints as the wire carries it (``GET /v1/webhook_endpoints``)."""
    WebhookEventList = ListEnvelope[WebhookEvent]
    """One page of webhook events as the wire carries it (``GET /v1/webhook_events``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(
        __name__, {"WebhookEndpointList": "WebhookEndpoint", "WebhookEventList": "WebhookEvent"}
    )
