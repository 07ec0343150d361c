"""The case schema, and how its formats become Python values.

``schemas/case.schema.json`` (JSON Schema 2020-12) is the single description of a case
file; where it is found is ``schema_paths``'s.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .schema_paths import SCHEMA_NAME, schemas_dir

__all__ = ["SCHEMA_NAME", "case_schema", "coerce", "resolve_ref", "schemas_dir"]


@lru_cache(maxsize=1)
def case_schema() -> dict[str, Any]:
    return json.loads((schemas_dir() / SCHEMA_NAME).read_text(encoding="utf-8"))


def resolve_ref(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (``#/$defs/…``); any other node is returned as it is."""
    ref = node.get("$ref")
    if ref and ref.startswith("#/"):
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        return target
    return node


def coerce(value: Any) -> Any:
    """Turn a schema-valid case into Python values: ``format: date`` → ``date``, numbers → ``Decimal``.

    Integers declared ``integer`` stay ``int`` (counts, years); every ``number`` becomes a
    ``Decimal`` built from the int or Decimal the loader produced (never a float). Dicts and
    lists are copies: the loaded data is left as it was.
    """
    root = case_schema()
    return _coerce(value, _plan(root, root))


class _Plan:
    """What ``coerce`` does with a value described by one schema node, worked out once per
    node instead of once per value (a 200-lot case has some 13 000 values)."""

    __slots__ = ("converts", "extra", "is_date", "is_number", "items", "node", "properties", "root")

    def __init__(self, node: dict[str, Any], root: dict[str, Any]) -> None:
        self.node, self.root = node, root  # the node after its $ref
        self.is_date = node.get("format") == "date"
        self.is_number = node.get("type") == "number"
        self.converts = self.is_date or self.is_number
        self.properties: dict[str, _Plan] | None = None  # filled on first use (see _children)
        self.extra: _Plan | None = None
        self.items: _Plan | None = None

    def _children(self) -> None:
        """The plans of the node's properties, other keys and items. A property whose schema
        is empty (``{}``) follows ``additionalProperties``, as ``props.get(key) or extra`` did."""
        extra = self.node.get("additionalProperties")
        self.extra = _plan(extra if isinstance(extra, dict) else {}, self.root)
        self.properties = {k: _plan(v, self.root) for k, v in self.node.get("properties", {}).items() if v}
        self.items = _plan(self.node.get("items", {}), self.root)


_PLANS: dict[int, tuple[dict[str, Any], dict[int, _Plan]]] = {}
"""The plans of one schema's nodes by ``id``, under the ``id`` of the schema, which is kept
alive with them (so that no ``id`` is reused while the table is)."""


def _plan(node: dict[str, Any], root: dict[str, Any]) -> _Plan:
    entry = _PLANS.get(id(root))
    if entry is None or entry[0] is not root:  # another schema (a test's): start afresh
        _PLANS.clear()
        entry = _PLANS[id(root)] = (root, {})
    node = resolve_ref(node, root)
    plan = entry[1].get(id(node))
    if plan is None:
        plan = entry[1][id(node)] = _Plan(node, root)
    return plan


def _coerce(value: Any, plan: _Plan) -> Any:
    """``coerce`` of ``value``, described by the schema node of ``plan``."""
    if isinstance(value, dict):
        if plan.properties is None:
            plan._children()
        props, extra = plan.properties, plan.extra
        assert props is not None and extra is not None
        out = {}
        for key, item in value.items():
            child = props.get(key) or extra
            # most values are texts or flags under a node that converts nothing: kept as they are
            if child.converts or isinstance(item, (dict, list)):
                item = _coerce(item, child)
            out[key] = item
        return out
    if isinstance(value, list):
        if plan.items is None:
            plan._children()
        items = plan.items
        assert items is not None
        return [_coerce(item, items) for item in value]
    if plan.is_date and isinstance(value, str):
        return date.fromisoformat(value)
    if plan.is_number and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value
