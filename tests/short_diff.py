"""A failed ``==`` between large values, explained in a few lines (``conftest.py`` hooks it in).

pytest explains a failed comparison with difflib's ``ndiff``, whose ``_fancy_replace`` is
cubic in the length of the lines it pairs, and on CI (``CI`` set) it does not truncate. A
failed ``assert tree_a == tree_b`` over two output folders — DOCX bytes by path — then ran
for over an hour before CI's limit killed the run, with nothing printed. Above ``LARGE``
characters or bytes in all, the explanation is instead what differs: the paths missing,
added or changed, and for each the sizes and the first differing offset, with a little
context on either side — computed in linear time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

CI_VARIABLES = ("CI", "BUILD_NUMBER")
"""Where pytest sees a CI, and then never truncates its explanations (``running_on_ci``)."""
LARGE = 20_000
"""Characters or bytes, both sides together, beyond which pytest's own diff is not used."""
SHOWN = 12
"""Differing keys or items named, at most."""
CONTEXT = 60
"""Characters or bytes shown on either side of the first difference."""


def size(value: Any) -> int:
    """Characters or bytes in ``value``, through dicts and sequences (other values count 1)."""
    if isinstance(value, str | bytes | bytearray):
        return len(value)
    if isinstance(value, Mapping):
        return sum(size(k) + size(v) for k, v in value.items())
    if isinstance(value, Sequence | set | frozenset):
        return sum(size(v) for v in value)
    return 1


def explain(left: Any, right: Any) -> list[str] | None:
    """Lines saying how ``left`` and ``right`` differ, or None to let pytest say it (small
    values, or values that compare equal)."""
    if size(left) + size(right) < LARGE:
        return None
    head = f"{_describe(left)} == {_describe(right)} (comparaison abrégée : valeurs trop grandes)"
    if isinstance(left, Mapping) and isinstance(right, Mapping):
        return [head, *_mappings(left, right)]
    if isinstance(left, str | bytes | bytearray) and type(left) is type(right):
        return [head, _brief(left, right)]
    if isinstance(left, list | tuple) and isinstance(right, list | tuple):
        return [head, *_sequences(left, right)]
    return [head, f"gauche : {_clip(repr(left))}", f"droite : {_clip(repr(right))}"]


def _mappings(left: Mapping[Any, Any], right: Mapping[Any, Any]) -> list[str]:
    lines: list[str] = []
    missing = [k for k in left if k not in right]
    extra = [k for k in right if k not in left]
    changed = [k for k in left if k in right and left[k] != right[k]]
    for label, keys in (("seulement à gauche", missing), ("seulement à droite", extra)):
        if keys:
            lines.append(f"{label} ({len(keys)}) : {', '.join(map(repr, keys[:SHOWN]))}{_more(keys)}")
    if changed:
        lines.append(f"différentes ({len(changed)}) :")
        for key in changed[:SHOWN]:
            lines.append(f"  {key!r} : {_brief(left[key], right[key])}")
        if len(changed) > SHOWN:
            lines.append(f"  … et {len(changed) - SHOWN} autres")
    return lines


def _sequences(left: Sequence[Any], right: Sequence[Any]) -> list[str]:
    first = next((i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b), None)
    lines = [f"longueurs : {len(left)} et {len(right)}"]
    if first is not None:
        lines.append(f"premier élément différent : [{first}] : {_brief(left[first], right[first])}")
    return lines


def _brief(a: Any, b: Any) -> str:
    """One line: the sizes and hashes of two values, and where they first differ."""
    if isinstance(a, str | bytes | bytearray) and type(a) is type(b):
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        lo = max(0, at - CONTEXT)
        return (
            f"{len(a)} et {len(b)} ({_digest(a)} et {_digest(b)}), première différence à {at} : "
            f"{a[lo : at + CONTEXT]!r} / {b[lo : at + CONTEXT]!r}"
        )
    return f"{_clip(repr(a))} / {_clip(repr(b))}"


def _digest(value: str | bytes | bytearray) -> str:
    data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else bytes(value)
    return "sha256:" + hashlib.sha256(data).hexdigest()[:12]


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f"str de {len(value)} caractères"
    if isinstance(value, bytes | bytearray):
        return f"{type(value).__name__} de {len(value)} octets"
    if isinstance(value, Mapping | Sequence | set | frozenset):
        return f"{type(value).__name__} de {len(value)} éléments"
    return type(value).__name__


def _clip(text: str, limit: int = 2 * CONTEXT) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} caractères)"


def _more(keys: list[Any]) -> str:
    return f" … et {len(keys) - SHOWN} autres" if len(keys) > SHOWN else ""
