"""A fast yes/no check of the case schema, so that a valid case skips python-jsonschema.

python-jsonschema gives the located French messages (``schema_errors``) but walks a 200-lot
case in about 0,4 s; jsonschema-rs (Rust) tells whether the same case is valid in about
0,02 s. ``says_valid`` answers True only when python-jsonschema would find no error; False
sends the case to python-jsonschema, whose errors (possibly none) are the ones reported. So
the messages are python-jsonschema's, always; a wrong "invalid" would only cost time.

jsonschema-rs reads our schema as python-jsonschema does but on three points, each made safe
here (``tests/test_validate_fast.py`` checks them, and a property test that both agree on
mutated cases):

- ``format: date``: year 0000 passes jsonschema-rs, not ``date.fromisoformat``: the copy of
  the schema given to jsonschema-rs refuses it (``_fast_schema``);
- ``type: integer``: python-jsonschema wants a Python ``int``; jsonschema-rs takes any number
  of integral value, so ``Decimal("5.0")`` (YAML ``5.0``) passes it: the values at the
  integer fields of the case are looked at in Python (``_non_int_at_an_integer``);
- ``pattern``: ``$`` matches before a final line break in Python's ``re.search``, not in
  jsonschema-rs: there jsonschema-rs is the stricter, which is safe.

Both compare numbers exactly (a Decimal against the schema's bounds). The data is the loader's
(``dict`` with ``str`` keys, ``list``, ``str``, ``int``, ``bool``, ``None``, ``Decimal``):
jsonschema-rs would take a tuple for an array, which python-jsonschema refuses, but the
loader builds none. Without jsonschema-rs (not installed, or failing to import), or with a
schema using keywords this module does not follow, every case goes to python-jsonschema.
"""

from __future__ import annotations

import copy
import functools
import numbers
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..schema import case_schema, resolve_ref

try:
    import jsonschema_rs
except ImportError:  # an optional speed-up: python-jsonschema alone gives the same answers
    HAVE_JSONSCHEMA_RS = False
else:
    HAVE_JSONSCHEMA_RS = True

_NOT_YEAR_ZERO = {"not": {"pattern": "^0000"}}
"""Put beside every ``format: date`` for jsonschema-rs: ``date.fromisoformat`` has no year 0."""

_MAPS_OF_SCHEMAS = ("properties", "$defs")
_SCHEMAS = ("additionalProperties", "items")
"""The keywords of the case schema whose values are schemas (the others are not followed)."""

_UNFOLLOWED = frozenset(
    {
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
        "prefixItems", "additionalItems", "contains", "patternProperties", "propertyNames",
        "dependentSchemas", "dependencies", "unevaluatedItems", "unevaluatedProperties",
        "$dynamicRef", "$recursiveRef",
    }
)  # fmt: skip
"""Keywords that apply further schemas to a value: the case schema uses none; if it ever
does, the integer sites below would miss what they apply, so the fast check is not used."""


def _subschemas(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schemas directly inside ``node`` (a property named ``format`` is not a keyword)."""
    for key in _MAPS_OF_SCHEMAS:
        yield from node.get(key, {}).values()
    for key in _SCHEMAS:
        if isinstance(node.get(key), dict):
            yield node[key]


def _followable(node: dict[str, Any]) -> bool:
    """Whether this module understands every way ``node`` and its subschemas reach values."""
    if _UNFOLLOWED & node.keys():
        return False
    ref = node.get("$ref")
    if ref is not None and not (isinstance(ref, str) and ref.startswith("#/")):
        return False
    return all(_followable(sub) for sub in _subschemas(node))


def _fast_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """The case schema as jsonschema-rs should read it: a copy, year 0000 refused in dates."""
    fast = copy.deepcopy(schema)

    def visit(node: dict[str, Any]) -> None:
        if node.get("format") == "date":
            node.update(_NOT_YEAR_ZERO)  # no "not" of its own: _followable refused those
        for sub in _subschemas(node):
            visit(sub)

    visit(fast)
    return fast


@dataclass
class _IntegerSites:
    """Where, at and below one schema node, the schema wants an integer and no other number."""

    here: bool = False
    names: frozenset[str] = frozenset()  # every property the node declares
    properties: dict[str, _IntegerSites] = field(default_factory=dict)  # those with sites below
    additional: _IntegerSites | None = None
    items: _IntegerSites | None = None


def _sites(node: dict[str, Any], root: dict[str, Any], depth: int = 0) -> _IntegerSites | None:
    """The integer sites of ``node``, None if it has none. Values are reached through
    ``properties``, ``additionalProperties``, ``items`` and ``$ref``, as in ``schema.coerce``."""
    if depth > 100:  # a $ref cycle: the case schema has none, and this would not end
        raise RecursionError("schéma récursif")
    node = resolve_ref(node, root)
    types = node.get("type")
    listed = types if isinstance(types, list) else [types]
    out = _IntegerSites(here="integer" in listed and "number" not in listed)
    props = node.get("properties", {})
    out.names = frozenset(props)
    for name, sub in props.items():
        found = _sites(sub, root, depth + 1)
        if found is not None:
            out.properties[name] = found
    if isinstance(node.get("additionalProperties"), dict):
        out.additional = _sites(node["additionalProperties"], root, depth + 1)
    if isinstance(node.get("items"), dict):
        out.items = _sites(node["items"], root, depth + 1)
    if out.here or out.properties or out.additional or out.items:
        return out
    return None


def _non_int_at_an_integer(value: Any, sites: _IntegerSites) -> bool:
    """Whether a number other than an ``int`` (a ``Decimal``, a float) stands where the
    schema says ``integer``: python-jsonschema refuses it, jsonschema-rs may not."""
    if sites.here and isinstance(value, numbers.Number) and not isinstance(value, int):
        return True
    if isinstance(value, dict):
        for key, item in value.items():
            # as in JSON Schema: a declared property follows its own schema, any other key
            # additionalProperties
            sub = sites.properties.get(key) if key in sites.names else sites.additional
            if sub is not None and _non_int_at_an_integer(item, sub):
                return True
    elif isinstance(value, list) and sites.items is not None:
        return any(_non_int_at_an_integer(item, sites.items) for item in value)
    return False


@functools.cache
def _fast_check() -> Callable[[Any], bool] | None:
    """The fast validity test of the case schema (built once per process), or None."""
    schema = case_schema()
    if not HAVE_JSONSCHEMA_RS or not _followable(schema):
        return None
    is_valid = jsonschema_rs.validator_for(_fast_schema(schema), validate_formats=True).is_valid
    sites = _sites(schema, schema)

    def check(data: Any) -> bool:
        return bool(is_valid(data)) and not (sites is not None and _non_int_at_an_integer(data, sites))

    return check


def says_valid(data: Any) -> bool:
    """True only if python-jsonschema finds no error in ``data``; False means "ask it"."""
    check = _fast_check()
    if check is None:
        return False
    try:
        return check(data)
    except Exception:  # noqa: BLE001 - whatever jsonschema-rs cannot read, python-jsonschema judges
        return False
