"""Immutable records for the model (policy, company, engine): what ``@dataclass(frozen=True)`` gave it, without
its import-time cost — building a dataclass compiles five or six methods from source and calls
``inspect.signature``, about 0.3 ms a class, paid on every start for ~25 classes whether they are used or not.

``@record`` reads the fields from the class annotations (in order; a class attribute is the default;
:func:`factory` marks a default built per instance; ``@record`` is a ``dataclass_transform``, so type checkers
check every construction) and adds ``__repr__``, ``__eq__`` and ``__hash__`` over
the fields (``eq=False``: equal only to itself, for entities) and refuses assignment (frozen). ``__init__``
is compiled the first time the class is instantiated, so a class that is only ever unpickled (the policy
model, read from the catalog cache) never pays for it; a class may define its own ``__init__``.
``__post_init__``, when defined, runs after ``__init__``. :func:`replace` is ``dataclasses.replace``.

Instances keep a ``__dict__`` (no ``__slots__``): pickle restores a ``__dict__`` in C, where frozen slots
would need a Python ``__setstate__`` per object, and the catalog holds thousands of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Literal, TypeVar, cast, dataclass_transform, overload

_MISSING = object()
R = TypeVar("R", bound="Record")
T = TypeVar("T")


class FrozenInstanceError(AttributeError):
    """Assigning to a field of a record (they are immutable)."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


class _Later:
    __slots__ = ()


def factory(*, default_factory: Callable[[], T]) -> T:
    """``amounts: dict = factory(default_factory=dict)``: a default built afresh for each instance. (Keyword
    arguments, as ``dataclasses.field``: type checkers read a record's fields from them.)"""
    return cast(T, _Factory(default_factory))


def later(*, init: Literal[False] = False) -> Any:
    """``totals: Totals = later(init=False)``: a field ``__post_init__`` sets (with ``object.__setattr__``), not an
    argument of ``__init__``."""
    return _Later()


class Record:
    """The base of every ``@record`` class."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _defaults: ClassVar[dict] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # replaced by the compiled one on first use
        cls = type(self)
        if "__init__" not in cls.__dict__:
            setattr(cls, "__init__", _compile_init(cls))  # noqa: B010 - mypy refuses assigning to a method
        cls.__init__(self, *args, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f}={self.__dict__[f]!r}' for f in self._fields)})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _values(self) -> tuple[Any, ...]:
        d = self.__dict__
        return tuple(d[f] for f in self._fields)


def _eq(self: Record, other: object) -> bool:
    if other.__class__ is self.__class__:
        return self._values() == other._values()  # the same class, by the test above
    return NotImplemented


def _hash(self: Record) -> int:
    return hash(self._values())


@overload
def record(cls: type[R], /) -> type[R]: ...
@overload
def record(*, eq: bool = True, frozen: bool = True) -> Callable[[type[R]], type[R]]: ...
@dataclass_transform(eq_default=True, frozen_default=True, field_specifiers=(factory, later))
def record(cls: type[R] | None = None, *, eq: bool = True, frozen: bool = True) -> Any:
    """Class decorator (see the module docstring); the class must derive from :class:`Record`. ``frozen=False``:
    fields may be assigned (and then ``eq`` must be False: a mutable value is not hashed)."""

    def wrap(cls: type[R]) -> type[R]:
        # The class's own annotations, in order (inspect.get_annotations would cost its ~2 ms import on every start).
        names = [n for n in cls.__dict__.get("__annotations__", {}) if n not in ("_fields", "_defaults")]  # noqa: RUF063
        fields = tuple(
            f for base in reversed(cls.__mro__[1:]) for f in getattr(base, "_fields", ()) if f not in names
        ) + tuple(names)
        defaults: dict[str, Any] = {}
        for base in reversed(cls.__mro__[1:]):
            defaults.update(getattr(base, "_defaults", {}))
        defaults.update({n: cls.__dict__[n] for n in names if n in cls.__dict__})
        cls._fields, cls._defaults = fields, defaults
        for n, value in defaults.items():
            if isinstance(value, (_Factory, _Later)) and n in cls.__dict__:
                delattr(cls, n)
        methods: dict[str, Any] = {}
        if not frozen:
            methods |= {"__setattr__": object.__setattr__, "__delattr__": object.__delattr__}
        methods |= {"__eq__": _eq, "__hash__": _hash} if eq else {"__eq__": object.__eq__, "__hash__": object.__hash__}
        for name, method in methods.items():
            setattr(cls, name, method)
        return cls

    return wrap if cls is None else wrap(cls)


def _compile_init(cls: type[Record]) -> Callable[..., None]:
    """``__init__(self, a, b=<default>, …)`` storing each field in ``__dict__``, then ``__post_init__``."""
    params: list[str] = []
    body: list[str] = []
    scope: dict[str, Any] = {"_MISSING": _MISSING}
    for i, f in enumerate(cls._fields):
        if f in cls._defaults:
            default = cls._defaults[f]
            if isinstance(default, _Later):
                continue
            if isinstance(default, _Factory):
                scope[f"_make{i}"] = default.make
                params.append(f"{f}=_MISSING")
                body.append(f"    d[{f!r}] = _make{i}() if {f} is _MISSING else {f}")
                continue
            scope[f"_default{i}"] = default
            params.append(f"{f}=_default{i}")
        else:
            params.append(f)
        body.append(f"    d[{f!r}] = {f}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(params)}):\n    d = self.__dict__\n" + "\n".join(body) + "\n"
    exec(source, scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def replace(obj: T, **changes: Any) -> T:
    """A copy of ``obj`` with ``changes`` (as ``dataclasses.replace``; also accepts a dataclass)."""
    fields = getattr(type(obj), "_fields", None)
    if fields is None:
        import dataclasses

        return dataclasses.replace(obj, **changes)  # type: ignore[type-var]  # a dataclass, by the test above
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {sorted(unknown)[0]!r}")
    d, defaults = obj.__dict__, cast(Record, obj)._defaults
    return type(obj)(
        **{f: changes[f] if f in changes else d[f] for f in fields if not isinstance(defaults.get(f), _Later)}
    )


def fields(obj: Record) -> tuple[str, ...]:
    return type(obj)._fields
