"""The case schema: where it lives, and how its formats become Python values.

``schemas/case.schema.json`` (JSON Schema 2020-12) is the single description of a case
file. It is shipped inside the wheel; in a source checkout the top-level ``schemas/``
folder is used, so that editing it takes effect at once.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_NAME = "case.schema.json"


def _repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


def schemas_dir() -> Path:
    """The top-level ``schemas/`` of a checkout, else the copy shipped in the package."""
    checkout = _repo_root() / "schemas"
    if (checkout / SCHEMA_NAME).is_file():
        return checkout
    return Path(str(resources.files("actegen") / "_data" / "schemas"))


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
    ``Decimal`` built from the int or Decimal the loader produced (never a float).
    """
    root = case_schema()
    return _coerce(value, root, root)


def _coerce(value: Any, node: dict[str, Any], root: dict[str, Any]) -> Any:
    """``coerce`` of ``value``, described by the schema ``node`` of the schema ``root``."""
    node = resolve_ref(node, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        out = {}
        for key, item in value.items():
            child = props.get(key) or (extra if isinstance(extra, dict) else {})
            out[key] = _coerce(item, child, root)
        return out
    if isinstance(value, list):
        return [_coerce(item, node.get("items", {}), root) for item in value]
    if isinstance(value, str) and node.get("format") == "date":
        return date.fromisoformat(value)
    types = node.get("type")
    if types == "number" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value
