"""Reading a response body with bounded memory: a pure, incremental decoder (no I/O).

The clients stream each response and feed its raw bytes to a :class:`BodyReader`, which undoes the
``Content-Encoding`` itself (gzip, deflate, identity) with a bounded output, so a small compressed
body that inflates to gigabytes (a "gzip bomb") stops at the limit instead of filling memory. The
limit counts the bytes received and the bytes decoded alike.
"""

from __future__ import annotations

import zlib
from typing import Optional

__all__ = ["BodyError", "BodyReader", "BodyTooLarge", "BodyUndecodable"]


class BodyError(Exception):
    """The body could not be read within the rules; the client turns it into a FirstHandError."""


class BodyTooLarge(BodyError):
    """The body (received or decoded) is larger than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the response body is larger than {limit:,} bytes")
        self.limit = limit


class BodyUndecodable(BodyError):
    """The body does not decode as its ``Content-Encoding`` says (or names an unknown one)."""


#: Output decoded per zlib call: memory stays near what is kept, never a multiple of it.
_STEP = 256 * 1024


class _Inflater:
    """One ``gzip``/``deflate`` layer, decoding at most ``budget`` bytes per push."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._started = False
        wbits = zlib.MAX_WBITS | 16 if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._inflate = zlib.decompressobj(wbits)

    def push(self, data: bytes, budget: int) -> list[bytes]:
        """Decode ``data`` in pieces; raise :class:`BodyTooLarge` past ``budget`` bytes."""
        if not data:
            return []
        try:
            return self._decode(data, budget)
        except zlib.error:
            if self.encoding != "deflate" or self._started:
                raise BodyUndecodable(f"the body is not valid {self.encoding} data") from None
        # "deflate" is often sent raw (without the zlib header), as browsers accept.
        self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            return self._decode(data, budget)
        except zlib.error:
            raise BodyUndecodable("the body is not valid deflate data") from None

    def _decode(self, data: bytes, budget: int) -> list[bytes]:
        pieces: list[bytes] = []
        produced = 0
        while data:
            piece = self._inflate.decompress(data, _STEP)
            self._started = True
            produced += len(piece)
            if produced > budget:
                raise BodyTooLarge(budget)
            if piece:
                pieces.append(piece)
            data = self._inflate.unconsumed_tail
        return pieces

    def finish(self, budget: int) -> list[bytes]:
        """What the decoder still holds, once the input has ended."""
        if not self._started:
            return []
        try:
            out = self._inflate.flush()
        except zlib.error:
            raise BodyUndecodable(f"the body is not valid {self.encoding} data") from None
        if len(out) > budget:
            raise BodyTooLarge(budget)
        return [out] if out else []


_SUPPORTED = frozenset({"gzip", "x-gzip", "deflate"})


class BodyReader:
    """Accumulates one response body, decoded, within ``limit`` bytes.

    Args:
        content_encoding: The ``Content-Encoding`` header (``None`` when absent).
        limit: Most bytes accepted, counted on the wire and again after each decoding layer.

    Examples:
        >>> import gzip
        >>> reader = BodyReader("gzip", limit=1024)
        >>> reader.feed(gzip.compress(b'{"ok": true}'))
        >>> reader.finish()
        b'{"ok": true}'
        >>> bomb = BodyReader("gzip", limit=1024)
        >>> bomb.feed(gzip.compress(bytes(10_000)))
        Traceback (most recent call last):
        ...
        firsthand._body.BodyTooLarge: the response body is larger than 1,024 bytes
        >>> BodyReader("br", limit=1024)
        Traceback (most recent call last):
        ...
        firsthand._body.BodyUndecodable: the body is encoded as 'br', which the SDK does not decode
    """

    def __init__(self, content_encoding: Optional[str], *, limit: int) -> None:
        self.limit = limit
        self.received = 0
        self._size = 0
        self._parts: list[bytes] = []
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        layers: list[_Inflater] = []
        for name in reversed(names):  # the last encoding applied is the first to undo
            if name in ("", "identity"):
                continue
            if name not in _SUPPORTED:
                raise BodyUndecodable(
                    f"the body is encoded as {name[:40]!r}, which the SDK does not decode"
                )
            layers.append(_Inflater(name))
        self._layers = layers

    def feed(self, chunk: bytes) -> None:
        """Add raw bytes as received; raises :class:`BodyError` as soon as a rule is broken."""
        self.received += len(chunk)
        if self.received > self.limit:
            raise BodyTooLarge(self.limit)
        self._run([chunk], final=False)

    def finish(self) -> bytes:
        """The whole decoded body (flushing every decoding layer)."""
        self._run([], final=True)
        body = b"".join(self._parts)
        self._parts = [body]
        return body

    def _run(self, parts: list[bytes], *, final: bool) -> None:
        last = len(self._layers) - 1
        for index, layer in enumerate(self._layers):
            out: list[bytes] = []
            for part in parts:
                out.extend(self._kept(layer.push(part, self._budget(index == last)), index == last))
            if final:
                out.extend(self._kept(layer.finish(self._budget(index == last)), index == last))
            parts = out
        if not self._layers:
            for part in parts:
                self._keep(part)

    def _kept(self, pieces: list[bytes], last: bool) -> list[bytes]:
        """The last layer's pieces are kept as they come (so its budget shrinks); others pass on."""
        if not last:
            return pieces
        for piece in pieces:
            self._keep(piece)
        return []

    def _budget(self, last: bool) -> int:
        # The last layer's output is kept: it may only fill what is left. An inner layer's output
        # is passed on at once, so one push may produce up to the whole limit.
        return self.limit - self._size if last else self.limit

    def _keep(self, data: bytes) -> None:
        if not data:
            return
        self._size += len(data)
        if self._size > self.limit:
            raise BodyTooLarge(self.limit)
        self._parts.append(data)
