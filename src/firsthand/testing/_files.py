"""The bytes of simulated files: deterministic, so their SHA-256 is known ahead (``content_hash``)."""

from __future__ import annotations

import hashlib
import struct
import zlib


def sandbox_file_content(file_id: str, content_type: str) -> bytes:
    """The deterministic bytes of a simulated file; their SHA-256 is the file's ``content_hash``.

    ``image/png`` files are real 48×32 PNG images (a colour derived from the id, the id in a text
    chunk); other types are labelled filler bytes.

    Examples:
        >>> png = sandbox_file_content("file_01ABC", "image/png")
        >>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n", png == sandbox_file_content("file_01ABC", "image/png")
        (True, True)
        >>> sandbox_file_content("file_01ABC", "audio/mpeg")[:30]
        b'FirstHand sandbox file file_01'
    """
    digest = hashlib.sha256(file_id.encode()).digest()
    if content_type == "image/png":
        return _png(48, 32, digest[:3], f"FirstHand sandbox file {file_id}")
    header = f"FirstHand sandbox file {file_id} ({content_type})\n".encode()
    filler = b"".join(hashlib.sha256(digest + bytes([i])).digest() for i in range(64))
    return header + filler


def _png(width: int, height: int, rgb: bytes, comment: str) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + rgb * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"tEXt", b"Comment\x00" + comment.encode("latin-1"))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )
