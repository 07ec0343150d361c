"""The typed shapes of a case follow the schema: same keys, same required keys."""

from __future__ import annotations

import typing

import pytest

from actegen import case_types
from actegen.schema import case_schema, resolve_ref

_ROOT = case_schema()


def _object(node: dict) -> dict:
    while "$ref" in node:
        node = resolve_ref(node, _ROOT)
    return node


def _schema_objects() -> dict[str, dict]:
    root = _ROOT
    lot = _object(root["properties"]["lots"]["items"])
    return {
        "Case": root,
        "Operation": _object(root["properties"]["operation"]),
        "Notaire": _object(root["properties"]["notaire"]),
        "Vendeur": _object(root["properties"]["vendeur"]),
        "Seance": _object(root["properties"]["seance"]),
        "Lot": lot,
        "Acquereur": _object(lot["properties"]["acquereurs"]["items"]),
    }


@pytest.mark.parametrize("name", sorted(_schema_objects()))
def test_each_typed_shape_has_the_keys_and_required_keys_of_the_schema(name: str) -> None:
    schema = _schema_objects()[name]
    shape = getattr(case_types, name)
    hints = typing.get_type_hints(shape)
    assert set(hints) == set(schema["properties"])
    assert set(shape.__required_keys__) == set(schema.get("required", []))
