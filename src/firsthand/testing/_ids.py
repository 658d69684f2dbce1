"""Identifiers and secrets the stand-in issues: prefix + ULID (docs/api-contract.md, "Identifiers"), reproducible from a seed."""

from __future__ import annotations

import random
import string
from typing import List

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_SECRET_ALPHABET = string.ascii_letters + string.digits


class IdFactory:
    """Makes ``prefix + 26-character ULID`` ids that sort in creation order, and secrets.

    The 48-bit time part is the stand-in clock in milliseconds; the 80-bit random part comes from a
    seeded generator and is incremented within one millisecond, so ids made later always sort later
    (the newest-first lists rely on it) and the same seed gives the same ids.

    Examples:
        >>> ids = IdFactory(seed=0)
        >>> first, second = ids.new("job_", 1_800_000_000.0), ids.new("job_", 1_800_000_000.0)
        >>> len(first), first < second, first.startswith("job_01M")
        (30, True, True)
        >>> ids.secret("whsec_").startswith("whsec_")
        True
    """

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._last_ms = -1
        self._last_random = 0

    def ulid(self, now: float) -> str:
        """A ULID for the moment ``now`` (Unix seconds), later than every earlier one.

        Examples:
            >>> IdFactory().ulid(0.0)[:10]
            '0000000000'
        """
        ms = max(int(now * 1000), self._last_ms)
        if ms == self._last_ms:
            self._last_random += 1
        else:
            self._last_ms, self._last_random = ms, self._random.getrandbits(79)
        value = (ms << 80) | self._last_random
        chars: List[str] = []
        for _ in range(26):
            chars.append(_CROCKFORD[value & 31])
            value >>= 5
        return "".join(reversed(chars))

    def new(self, prefix: str, now: float) -> str:
        """``prefix`` + a ULID for ``now``.

        Examples:
            >>> IdFactory().new("req_", 0.0).startswith("req_0000000000")
            True
        """
        return prefix + self.ulid(now)

    def secret(self, prefix: str, length: int = 32) -> str:
        """``prefix`` + ``length`` random letters and digits (seeded).

        Examples:
            >>> len(IdFactory().secret("fh_test_sk_"))
            43
        """
        return prefix + "".join(self._random.choice(_SECRET_ALPHABET) for _ in range(length))

    def random(self) -> random.Random:
        """The seeded generator behind the simulation's choices.

        Examples:
            >>> 0 <= IdFactory(seed=1).random().random() < 1
            True
        """
        return self._random
