"""What a document depends on: a hash of its context, for the manifest's ``entrees``.

Also what tells the render stage whether the prepared path can take a context: a context
with something opaque in it (docxtpl objects) has no digest, and goes down the plain path.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import hashlib
import json
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any


class _Opaque(Exception):
    """A value without a stable text: the context cannot be hashed."""


def _canonical(obj: Any) -> Any:
    """JSON form of the values a context holds; anything else is opaque."""
    if isinstance(obj, Decimal):
        return {"$d": str(obj)}
    if isinstance(obj, (datetime, date, time)):
        return {"$t": type(obj).__name__, "v": obj.isoformat()}
    if isinstance(obj, enum.Enum):
        return {"$e": type(obj).__qualname__, "v": obj.value}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            "$c": f"{type(obj).__module__}.{type(obj).__qualname__}",
            "f": {name: getattr(obj, name) for name in _field_names(type(obj))},
        }
    if isinstance(obj, (set, frozenset)):
        return {"$s": sorted(_json(x) for x in obj)}
    raise _Opaque(type(obj).__name__)


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


# What ``json.dumps(obj, default=_canonical, ensure_ascii=False[, separators=…])`` makes for
# each call, made once: the same text, without an encoder built per value.
_KEY = json.JSONEncoder(default=_canonical, ensure_ascii=False)
_VALUE = json.JSONEncoder(default=_canonical, ensure_ascii=False, separators=(",", ":"))


def _json(obj: Any, encoder: json.JSONEncoder = _KEY) -> str:
    """``obj`` as JSON text. What JSON refuses in a value — a dict key that is not a string
    or a number (TypeError), a value that holds itself (ValueError) — makes it opaque."""
    try:
        return encoder.encode(obj)
    except (TypeError, ValueError) as exc:
        raise _Opaque(type(obj).__name__) from exc


def context_digest(context: dict[str, Any]) -> str | None:
    """A hash of everything a context holds, or None if it holds something opaque.

    Dicts are hashed in their order (a template iterates them in that order); decimals by
    their text (``1.0`` and ``1.00`` print differently). A context holding docxtpl objects
    or anything without a stable value (None) is always rendered, by the plain path. The
    context is hashed piece by piece: the JSON of a 1 000-lot note de calcul is 40 MB, never
    held at once.
    """
    h = hashlib.sha256()
    try:
        _digest_into(h, context, 0)
    except _Opaque:
        return None
    return h.hexdigest()


def _digest_into(h: Any, obj: Any, depth: int) -> None:
    """Feed ``obj`` to ``h``: the context and the dicts just under it key by key, long lists
    (a lot's lines, the operation's lots) item by item — each framed with its length, so that
    no two values feed the same bytes —, the rest as one JSON text."""
    if isinstance(obj, dict) and depth < 2 and obj:
        h.update(b"{%d:" % len(obj))
        for key, value in obj.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise _Opaque(type(key).__name__)
            h.update(_json(key).encode("utf-8") + b":")
            _digest_into(h, value, depth + 1)
        h.update(b"}")
    elif isinstance(obj, (list, tuple)) and len(obj) > 32 and depth < 4:
        h.update(b"[%d:" % len(obj))
        for item in obj:
            _digest_into(h, item, depth + 1)
        h.update(b"]")
    else:
        h.update(_json(obj, _VALUE).encode("utf-8"))
        h.update(b";")


def context_is_plain(context: dict[str, Any]) -> bool:
    """Whether the prepared path can render this context (no docxtpl objects in it)."""
    return context_digest(context) is not None
