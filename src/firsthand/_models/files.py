"""Files: the ``JobFile`` response model (the product of an approved submission) and its query."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

from typing import TYPE_CHECKING, Any, Dict, List, Optional

from pydantic import Field, StrictInt
from typing_extensions import Annotated

from ._base import FirstHandModel, Timestamp, lazy_pages
from ._list import ListEnvelope, PageParams

__all__ = ["DeviceInfo", "JobFile", "JobFilesParams"]


class DeviceInfo(FirstHandModel):
    """The device a file was captured on.

    Examples:
        >>> DeviceInfo.model_validate({"device_model": "iPhone 15 Pro", "device_os": "iOS 18.3",
        ...     "app_version": "2.4.1"}).device_os
        'iOS 18.3'
    """

    device_model: Optional[str] = Field(
        default=None, description="The capturing device's model.", examples=["Pixel 8"]
    )
    device_os: Optional[str] = Field(
        default=None, description="Its operating system and version.", examples=["Android 15"]
    )
    app_version: Optional[str] = Field(
        default=None,
        description="Version of the worker app that uploaded the file.",
        examples=["2.4.1"],
    )


class JobFile(FirstHandModel):
    """An approved file of a job, with its AI labels and a pre-signed ``download_url``.

    ``download_url`` is valid for 7 days (``download_url_expires_at``); ``refresh_file_url`` issues
    a new one. ``content_hash`` is the SHA-256 of the bytes.

    Examples:
        >>> f = JobFile.model_validate_json(b'''{"object": "file", "id": "file_01JQ",
        ...   "job_id": "job_01JQ", "submission_id": "sub_01JQ", "content_type": "image/jpeg",
        ...   "size_bytes": 482133, "width": 3024, "height": 4032,
        ...   "content_hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        ...   "ai_star_rating": 4, "device_info": {"device_model": "Pixel 8"},
        ...   "download_url": "https://files.firsthandapi.com/file_01JQ?sig=abc",
        ...   "download_url_expires_at": "2026-03-27T19:03:27Z",
        ...   "created_at": "2026-03-20T19:03:27.971Z"}''')
        >>> f.ai_star_rating, f["device_info"].device_model, f.download_url_expires_at.tzname()
        (4, 'Pixel 8', 'UTC')
    """

    object: str = Field(default="file", description="Always `file`.", examples=["file"])
    id: str = Field(
        description="The file's id (`file_…`).", examples=["file_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"]
    )
    job_id: str = Field(
        description="The job the file was collected for.",
        examples=["job_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    submission_id: str = Field(
        description="The approved submission that produced the file.",
        examples=["sub_01JQ8Z9X2Y3W4V5T6S7R8Q9P0N"],
    )
    content_type: str = Field(description="The file's MIME type.", examples=["image/jpeg"])
    size_bytes: int = Field(description="Size of the file in bytes.", examples=[482133])
    duration_seconds: Optional[float] = Field(
        default=None, description="Length of an audio or video file, in seconds.", examples=[12.5]
    )
    width: Optional[int] = Field(
        default=None, description="Width in pixels (images and video).", examples=[4032]
    )
    height: Optional[int] = Field(
        default=None, description="Height in pixels (images and video).", examples=[3024]
    )
    content_hash: str = Field(
        description="SHA-256 of the file's bytes, in hex: check a download against it.",
        examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"],
    )
    captured_at: Optional[Timestamp] = Field(
        default=None,
        description="When the file was captured (from its EXIF data), if known.",
        examples=["2026-03-20T19:03:27.971Z"],
    )
    ai_star_rating: int = Field(description="The AI's score of the file, 1–5 stars.", examples=[4])
    device_info: DeviceInfo = Field(
        description="The device the file was captured on.",
        examples=[{"device_model": "Pixel 8", "device_os": "Android 15", "app_version": "2.4.1"}],
    )
    worker_region: Optional[str] = Field(
        default=None,
        description="Where the worker was, ISO 3166 style (from GPS), if known.",
        examples=["US-NY"],
    )
    download_url: str = Field(
        description="Pre-signed URL of the file, valid for 7 days; `refresh_file_url` issues a new one.",
        examples=["https://files.firsthandapi.com/file_01JQ.jpg?X-Amz-Signature=…"],
    )
    download_url_expires_at: Timestamp = Field(
        description="When `download_url` stops working.", examples=["2026-03-27T19:03:27Z"]
    )
    annotations: Optional[Dict[str, Any]] = Field(
        default=None,
        description="Automatic labels (objects, text, transcript, …) with the `annotation_model` that made them; `None` when scoring failed or the file was auto-rejected.",
        examples=[{"annotation_model": "claude-sonnet-4-20250514", "scene": "kitchen"}],
    )
    keyframes: Optional[List[Any]] = Field(
        default=None, description="Keyframe images of a video file."
    )
    created_at: Timestamp = Field(
        description="When the file was approved and stored.", examples=["2026-03-20T19:03:27.971Z"]
    )


class JobFilesParams(PageParams):
    """Query of ``get_job_files``: ``min_score`` (1–5; the server's default is 3) and paging.

    Examples:
        >>> JobFilesParams(min_score=4, limit=50).to_wire()
        {'limit': 50, 'min_score': 4}
        >>> JobFilesParams(min_score=0)
        Traceback (most recent call last):
        ...
        firsthand.FirstHandValidationError: validation_error: JobFilesParams is invalid (min_score) [min_score: Input should be greater than or equal to 1]
    """

    min_score: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = Field(
        default=None,
        description="Only files whose AI star rating is at least this, 1–5 (the server's default is 3).",
        examples=[4],
    )


if TYPE_CHECKING:
    JobFileList = ListEnvelope[JobFile]
    """One page of files as the wire carries it (``GET /v1/jobs/{id}/files``)."""
else:  # made on first use (see ``lazy_pages``)
    __getattr__ = lazy_pages(__name__, {"JobFileList": "JobFile"})
