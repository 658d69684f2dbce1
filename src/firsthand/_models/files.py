"""Files: the ``JobFile`` response model (the product of an approved submission) and its query."""

# No ``from __future__ import annotations``: pydantic resolves these annotations at runtime.

from typing import Any, Dict, List, Optional

from pydantic import Field, StrictInt
from typing_extensions import Annotated

from ._base import FirstHandModel, Timestamp
from ._list import ListEnvelope, PageParams

__all__ = ["DeviceInfo", "JobFile", "JobFileList", "JobFilesParams"]


class DeviceInfo(FirstHandModel):
    """The device a file was captured on.

    Examples:
        >>> DeviceInfo.model_validate({"device_model": "iPhone 15 Pro", "device_os": "iOS 18.3",
        ...     "app_version": "2.4.1"}).device_os
        'iOS 18.3'
    """

    device_model: Optional[str] = None
    device_os: Optional[str] = None
    app_version: Optional[str] = None


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

    object: str = "file"
    id: str
    job_id: str
    submission_id: str
    content_type: str
    size_bytes: int
    duration_seconds: Optional[float] = None
    width: Optional[int] = None
    height: Optional[int] = None
    content_hash: str
    captured_at: Optional[Timestamp] = None
    ai_star_rating: int
    device_info: DeviceInfo
    worker_region: Optional[str] = None
    download_url: str
    download_url_expires_at: Timestamp
    annotations: Optional[Dict[str, Any]] = None
    keyframes: Optional[List[Any]] = None
    created_at: Timestamp


class JobFilesParams(PageParams):
    """Query of ``get_job_files``: ``min_score`` (1–5; the server's default is 3) and paging.

    Examples:
        >>> JobFilesParams(min_score=4, limit=50).to_wire()
        {'limit': 50, 'min_score': 4}
        >>> JobFilesParams(min_score=0)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for JobFilesParams
        min_score
        ...
    """

    min_score: Optional[Annotated[StrictInt, Field(ge=1, le=5)]] = None


JobFileList = ListEnvelope[JobFile]
"""One page of files as the wire carries it (``GET /v1/jobs/{id}/files``)."""
