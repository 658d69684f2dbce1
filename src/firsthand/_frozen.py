"""``Frozen``: the base of the SDK's internal immutable records, written out by hand.

``@dataclass(frozen=True)`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and ``__setattr__`` as source and compiles it while the module is imported: a few
million instructions per class on every import. A record here has the same behaviour (assigning
raises ``dataclasses.FrozenInstanceError``; ``==``, ``hash`` and ``repr`` read the fields in
order; ``replace`` as ``dataclasses.replace``) with its ``__init__`` compiled once, into the
module's bytecode cache.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError
from typing import TYPE_CHECKING, Any, ClassVar, cast

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["Frozen"]


class Frozen:
    """An immutable record: subclasses name their fields and write ``__init__``.

    ``_fields``: the constructor's keyword arguments (what ``replace`` passes on); ``_compare``:
    those ``==`` and ``hash`` use; ``_repr``: those ``repr`` shows. ``__init__`` sets each with
    ``object.__setattr__``.

    Examples:
        >>> class Point(Frozen):
        ...     __slots__ = ("x", "y")
        ...     _fields = _compare = _repr = ("x", "y")
        ...     def __init__(self, x: int, y: int = 0) -> None:
        ...         object.__setattr__(self, "x", x)
        ...         object.__setattr__(self, "y", y)
        >>> p = Point(1)
        >>> p, p == Point(1, 0), hash(p) == hash(Point(1, 0)), p.replace(y=2)
        (Point(x=1, y=0), True, True, Point(x=1, y=2))
        >>> p.x = 3
        Traceback (most recent call last):
        ...
        dataclasses.FrozenInstanceError: cannot assign to field 'x'
        >>> import copy
        >>> copy.copy(p) == p  # copy and pickle rebuild through ``__init__``
        True
    """

    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    _compare: ClassVar[tuple[str, ...]] = ()
    _repr: ClassVar[tuple[str, ...]] = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self._compare)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__ and isinstance(other, Frozen):
            return self._key() == other._key()
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._repr)
        return f"{type(self).__qualname__}({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Slots cannot be restored by ``setattr`` on a frozen record: rebuild with ``__init__``.
        return (_rebuild, (type(self), {name: getattr(self, name) for name in self._fields}))

    def replace(self, **changes: Any) -> Self:
        """A copy with some fields changed, as ``dataclasses.replace`` makes it."""
        values = {name: getattr(self, name) for name in self._fields}
        values.update(changes)
        cls: Any = type(self)
        return cast("Self", cls(**values))


def _rebuild(cls: Any, values: dict[str, Any]) -> Any:
    return cls(**values)
