"""A rule book as plain data and back, driven by the attrs fields and type hints of the model.

The cache stores what :func:`encoder` makes of a ``RuleBook`` as JSON (the standard library's),
which decodes to lists, strings and numbers only: nothing in a cache file can name a function or a
class to call. :func:`decoder` rebuilds the book through the classes the type hints name, so the only
constructors that ever run are the model's own (validators included).

Nothing here lists the model's fields: a class gaining a field (``Rule.outcome``) is encoded with
it. The plan for each type is built once per process from ``attrs.fields`` and ``get_type_hints``:

- an attrs class is a list of its ``init`` fields' values, in field order;
- ``X | None`` is ``None`` or ``X``; a union of several types is ``[index, value]``;
- ``tuple[X, ...]`` and ``frozenset[X]`` are lists; ``tuple[X, Y]`` a list of two;
- ``Decimal`` is its exact text, ``date``/``datetime`` ISO text, an enum its value.

A type it cannot plan (``Any``, a dict, a class of another library) raises ``TypeError`` when the
plan is made: a bug to fix here, surfaced by the round-trip test of the shipped workbooks.
"""

from __future__ import annotations

import builtins
import datetime as dt
import enum
import functools
import importlib
import sys
import types
import typing
from decimal import Decimal
from typing import Any

import attrs

Encode = typing.Callable[[Any], Any]
Decode = typing.Callable[[Any], Any]

MODEL_MODULES = (
    "routing._model",
    "routing._book",
    "routing._timing",
    "routing._workdays",
    "routing._meetings",
)
"""Modules whose names the model's type hints use (some only under ``TYPE_CHECKING``)."""

_SCALARS = (str, int, bool, float, type(None))


def _identity(value: Any) -> Any:
    return value


@functools.cache
def _namespace() -> dict[str, Any]:
    # The model imports some of its field types only for type checkers (import cycles); resolve
    # every hint against the globals of all loaded routing modules.
    for name in MODEL_MODULES:
        importlib.import_module(name)
    merged: dict[str, Any] = {}
    for name, module in list(sys.modules.items()):
        if (name == "routing" or name.startswith("routing.")) and module is not None:
            merged.update(vars(module))
    return merged


class _Names(dict[str, Any]):
    """Hint names: the routing modules' globals; any other name a stand-in class.

    ``get_type_hints`` reads every annotation of a class, also those of methods' cached results
    (``RuleBook.router: Router``) that are not fields and whose modules a cached load never
    imports. A field whose type is a stand-in cannot be planned and raises ``TypeError``.
    """

    def __missing__(self, name: str) -> Any:
        if name in vars(builtins):
            raise KeyError(name)
        return type(name, (), {"__module__": "<unresolved>"})


def _hints(cls: type) -> dict[str, Any]:
    names = _Names(_namespace())
    names.update(vars(sys.modules[cls.__module__]))
    return typing.get_type_hints(cls, globalns={}, localns=names)


def _union_members(hint: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(hint)
    if origin is typing.Union or origin is types.UnionType:
        return typing.get_args(hint)
    return None


@functools.cache
def encoder(hint: Any) -> Encode:
    """The function that turns a value of type ``hint`` into plain data."""
    if hint in _SCALARS:
        return _identity
    if hint is Decimal:
        return str
    if hint in {dt.date, dt.datetime}:
        return _isoformat
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return _enum_value
    if isinstance(hint, type) and attrs.has(hint):
        return _attrs_encoder(hint)
    members = _union_members(hint)
    if members is not None:
        return _union_encoder(members)
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and not _variadic(arguments):
        parts = tuple(encoder(argument) for argument in arguments)
        return lambda value: [part(item) for part, item in zip(parts, value, strict=True)]
    if origin in {tuple, frozenset}:
        item = encoder(arguments[0])
        if item is _identity:
            return list
        return lambda value: [item(member) for member in value]
    raise TypeError(f"the cache cannot encode the type {hint!r}")


@functools.cache
def decoder(hint: Any) -> Decode:
    """The function that rebuilds a value of type ``hint`` from what ``encoder`` made."""
    if hint in _SCALARS:
        return _identity
    if hint is Decimal:
        return Decimal
    if hint is dt.date:
        return dt.date.fromisoformat
    if hint is dt.datetime:
        return dt.datetime.fromisoformat
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return hint
    if isinstance(hint, type) and attrs.has(hint):
        return _attrs_decoder(hint)
    members = _union_members(hint)
    if members is not None:
        return _union_decoder(members)
    origin, arguments = typing.get_origin(hint), typing.get_args(hint)
    if origin is tuple and not _variadic(arguments):
        parts = tuple(decoder(argument) for argument in arguments)
        return lambda value: tuple(part(item) for part, item in zip(parts, value, strict=True))
    if origin in {tuple, frozenset}:
        item = decoder(arguments[0])
        if item is _identity:
            return origin  # type: ignore[no-any-return]  # tuple or frozenset of scalars
        return lambda value: origin(map(item, value))
    raise TypeError(f"the cache cannot decode the type {hint!r}")


def _variadic(arguments: tuple[Any, ...]) -> bool:
    return len(arguments) == 2 and arguments[1] is Ellipsis


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _fields(cls: type) -> list[tuple[str, Any, bool]]:
    hints = _hints(cls)
    return [(f.name, hints[f.name], f.kw_only) for f in attrs.fields(cls) if f.init]


def _attrs_encoder(cls: type) -> Encode:
    plan: list[tuple[str, Encode]] = []

    def encode(value: Any) -> list[Any]:
        if not plan:  # planned on first use: a class may refer to itself
            plan.extend((name, encoder(hint)) for name, hint, _ in _fields(cls))
        if type(value) is not cls:
            raise TypeError(f"the cache expected {cls.__name__}, got {type(value).__name__}")
        return [encode_field(getattr(value, name)) for name, encode_field in plan]

    return encode


def _attrs_decoder(cls: type) -> Decode:
    names: list[str] = []
    # The fields whose values need a decoder, by position: text, numbers and flags stay as read.
    converted: list[tuple[int, Decode]] = []
    keywords: list[bool] = []

    def decode(value: list[Any]) -> Any:
        if not names:  # planned on first use: a class may refer to itself
            fields = _fields(cls)
            names.extend(name for name, _, _ in fields)
            parts = [decoder(hint) for _, hint, _ in fields]
            converted.extend((i, part) for i, part in enumerate(parts) if part is not _identity)
            keywords.append(any(kw_only for _, _, kw_only in fields))
        if len(value) != len(names):
            raise ValueError(f"a cached {cls.__name__} has {len(value)} fields, not {len(names)}")
        arguments = list(value)
        for index, part in converted:
            arguments[index] = part(arguments[index])
        if keywords[0]:
            return cls(**dict(zip(names, arguments, strict=True)))
        return cls(*arguments)

    return decode


def _union_encoder(members: tuple[Any, ...]) -> Encode:
    others = tuple(member for member in members if member is not type(None))
    if len(others) == 1:
        inner = encoder(others[0])
        return lambda value: None if value is None else inner(value)
    # Several types: tag the value with its member's index. datetime before date: it is one.
    classes = tuple(typing.get_origin(member) or member for member in others)
    parts = tuple(encoder(member) for member in others)
    order = sorted(range(len(others)), key=lambda i: classes[i] is dt.date)

    def encode(value: Any) -> Any:
        if value is None:
            return None
        for index in order:
            if isinstance(value, classes[index]):
                return [index, parts[index](value)]
        raise TypeError(f"the cache cannot encode {type(value).__name__} as {members!r}")

    return encode


def _union_decoder(members: tuple[Any, ...]) -> Decode:
    others = tuple(member for member in members if member is not type(None))
    if len(others) == 1:
        inner = decoder(others[0])
        return lambda value: None if value is None else inner(value)
    parts = tuple(decoder(member) for member in others)
    return lambda value: None if value is None else parts[value[0]](value[1])
