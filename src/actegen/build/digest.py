"""What a document depends on: a hash of its context, for the manifest's ``entrees``.

Also what tells the render stage whether the prepared path can take a context: a context
with something opaque in it (docxtpl objects) has no digest, and goes down the plain path.

The JSON text is written by orjson (in C, ~10× the standard json module); only the values
it cannot write itself, or would write without their type, come back to ``_canonical``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import operator
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import orjson


class _Opaque(Exception):
    """A value without a stable text: the context cannot be hashed."""


def _canonical(obj: Any) -> Any:
    """JSON form of the values orjson leaves to us; anything else is opaque.

    Each is tagged with its type, so that ``Decimal("1.0")`` is neither the text ``"1.0"``
    nor ``Decimal("1.00")``, and a date is not its ISO text. Decimals are most of the calls
    (80 000 for a 200-lot case), hence the exact-type test first.
    """
    if type(obj) is Decimal:
        return {"$d": str(obj)}
    form = _DATACLASS_FORMS.get(type(obj))
    if form is not None:
        return {"$c": form[0], "f": form[1](obj)}
    if isinstance(obj, Decimal):
        return {"$d": str(obj)}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        form = _DATACLASS_FORMS[type(obj)] = _dataclass_form(type(obj))
        return {"$c": form[0], "f": form[1](obj)}
    if isinstance(obj, (datetime, date, time)):
        return {"$t": type(obj).__name__, "v": obj.isoformat()}
    if isinstance(obj, (set, frozenset)):
        # Sorted by their text: a set's order changes with PYTHONHASHSEED.
        return {"$s": sorted(_json(x).decode("utf-8") for x in obj)}
    if isinstance(obj, tuple):  # a named tuple: orjson writes only plain tuples
        return list(obj)
    raise _Opaque(type(obj).__name__)


_DATACLASS_FORMS: dict[type, tuple[str, Callable[[Any], tuple[Any, ...]]]] = {}


def _dataclass_form(cls: type) -> tuple[str, Callable[[Any], tuple[Any, ...]]]:
    """A dataclass's tag — its class and field names — and what reads its field values.

    orjson's own form of a dataclass would skip the ``_private`` fields and drop the class;
    the names are in the tag, so that the values go as a tuple (half the cost of a dict).
    """
    names = tuple(f.name for f in dataclasses.fields(cls))
    tag = f"{cls.__module__}.{cls.__qualname__}({','.join(names)})"
    if len(names) == 1:
        (name,) = names
        return tag, lambda obj: (getattr(obj, name),)
    if not names:
        return tag, lambda obj: ()
    return tag, operator.attrgetter(*names)  # a tuple of the values, in C


_OPTIONS = orjson.OPT_PASSTHROUGH_DATACLASS | orjson.OPT_PASSTHROUGH_DATETIME
# A dict key that is an int, a float, a bool or None: written as its text (the standard json
# module did so too). The option slows every dict down, so it is tried only after a failure:
# str keys are written the same with or without it, so the text does not depend on the try.
_NON_STR_KEYS = _OPTIONS | orjson.OPT_NON_STR_KEYS


def _json(obj: Any) -> bytes:
    """``obj`` as JSON text. What orjson refuses in a value — a dict key that is not a string
    or a number, a value that holds itself (its depth limit), an int beyond 64 bits, an opaque
    value (``_canonical`` raising) — makes it opaque. Enums are written as their value, str
    subclasses (Markup) as str, tuples as lists, as the standard json module did."""
    try:
        return orjson.dumps(obj, default=_canonical, option=_OPTIONS)
    except orjson.JSONEncodeError:
        pass
    try:
        return orjson.dumps(obj, default=_canonical, option=_NON_STR_KEYS)
    except orjson.JSONEncodeError as exc:
        raise _Opaque(type(obj).__name__) from exc


def context_digest(context: dict[str, Any]) -> str | None:
    """A hash of everything a context holds, or None if it holds something opaque.

    Dicts are hashed in their order (a template iterates them in that order); decimals by
    their text (``1.0`` and ``1.00`` print differently). A context holding docxtpl objects
    or anything without a stable value (None) is always rendered, by the plain path. The
    context is hashed piece by piece: the JSON of a 1 000-lot note de calcul is never held
    at once.
    """
    h = hashlib.sha256()
    try:
        _digest_into(h, context, 0)
    except _Opaque:
        return None
    return h.hexdigest()


_LONG = 32


def _is_long(obj: Any) -> bool:
    return isinstance(obj, (list, tuple)) and len(obj) > _LONG


def _holds_long_list(obj: dict[Any, Any], depth: int) -> bool:
    """Whether ``_digest_into`` would cut a long list out of this dict (a loop, not ``any``
    over ``_is_long``: it looks at every value of every context)."""
    for value in obj.values():
        if isinstance(value, (list, tuple)):
            if len(value) > _LONG:
                return True
        elif depth == 0 and isinstance(value, dict) and _holds_long_list(value, 1):
            return True
    return False


def _digest_into(h: Any, obj: Any, depth: int) -> None:
    """Feed ``obj`` to ``h`` as one JSON text, except where that text grows with the number of
    lots: long lists (the operation's lots, a group's lines) go item by item, and so do the
    context and the dicts just under it key by key when they hold one. Each cut is framed
    with its length, and starts with a byte no JSON text starts with (``{3:``, ``[40:``), so
    that no two values feed the same bytes. A plain acte's context is one piece.
    """
    if isinstance(obj, dict) and depth < 2 and _holds_long_list(obj, depth):
        h.update(b"{%d:" % len(obj))
        for key, value in obj.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise _Opaque(type(key).__name__)
            h.update(_json(key) + b":")
            _digest_into(h, value, depth + 1)
        h.update(b"}")
    elif _is_long(obj) and depth < 4:
        h.update(b"[%d:" % len(obj))
        for item in obj:
            _digest_into(h, item, depth + 1)
        h.update(b"]")
    else:
        h.update(_json(obj) + b";")


def context_is_plain(context: dict[str, Any]) -> bool:
    """Whether the prepared path can render this context (no docxtpl objects in it)."""
    return context_digest(context) is not None
