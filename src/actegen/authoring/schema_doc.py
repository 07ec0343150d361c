"""`actegen schema --doc`: the reference of every case field, in Markdown, from the schema.

One row per field: its path (``lots[].prix.foncier``), type, constraints (required,
allowed values, bounds, format), French description and an example. A committed copy
lives in ``docs/schema.md``; a test keeps it equal to this output.
"""

from __future__ import annotations

import json
from typing import Any

from ..load import load_case
from ..schema import case_schema, resolve_ref
from . import shipped_cases

_TYPES = {
    "string": "texte",
    "number": "nombre",
    "integer": "entier",
    "boolean": "booléen",
    "object": "objet",
    "array": "liste",
}


def _type(node: dict[str, Any]) -> str:
    t = node.get("type")
    if isinstance(t, list):
        return " ou ".join(_TYPES.get(x, str(x)) for x in t)
    if t is None and "const" in node:
        return "constante"
    if t == "string" and node.get("format") == "date":
        return "date"
    return _TYPES.get(str(t), str(t))


def _constraints(node: dict[str, Any], required: bool) -> str:
    out = ["**obligatoire**" if required else "facultatif"]
    if "enum" in node:
        out.append("valeurs : " + ", ".join(f"`{v}`" for v in node["enum"]))
    if "const" in node:
        out.append(f"vaut `{node['const']}`")
    if "minimum" in node and node.get("type") != ["integer", "string"]:
        out.append(f"≥ {node['minimum']}")
    if "maximum" in node:
        out.append(f"≤ {node['maximum']}")
    if "minItems" in node:
        out.append(f"au moins {node['minItems']} élément(s)")
    if "maxItems" in node:
        out.append(f"au plus {node['maxItems']} élément(s)")
    if "pattern" in node:
        out.append(f"forme `{node['pattern']}`")
    if node.get("format") == "date":
        out.append("AAAA-MM-JJ")
    if node.get("format") == "email":
        out.append("adresse électronique")
    if node.get("additionalProperties") is False:
        out.append("aucun autre champ")
    return " ; ".join(out)


def _example_values() -> dict[str, Any]:
    """The first value of each field path in the shipped example cases."""
    found: dict[str, Any] = {}

    def walk(value: Any, path: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{path}.{key}" if path else key)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                walk(item, path + "[]")
        else:
            found.setdefault(path, value)

    for case in shipped_cases():
        try:
            walk(load_case(case).data, "")
        except Exception:  # noqa: BLE001 - an example that does not load gives no example
            continue
    return found


def _render_example(value: Any) -> str:
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value[:3]) + (", …" if len(value) > 3 else "")
        return f"`[{text}]`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    text = str(value)
    return f"`{text[:60] + '…' if len(text) > 60 else text}`"


def _example(node: dict[str, Any], path: str = "", examples: dict[str, Any] | None = None) -> str:
    if examples and path in examples and examples[path] is not None:
        return _render_example(examples[path])
    if "examples" in node:
        return f"`{json.dumps(node['examples'][0], ensure_ascii=False)}`"
    if "enum" in node:
        return f"`{node['enum'][0]}`"
    if node.get("format") == "date":
        return "`2026-11-01`"
    kind = node.get("type")
    if isinstance(kind, list):
        kind = kind[0]
    return {"number": "`1250.50`", "integer": "`2`", "boolean": "`true`"}.get(str(kind), "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _walk(
    node: dict[str, Any],
    path: str,
    required: bool,
    root: dict[str, Any],
    rows: list[str],
    examples: dict[str, Any],
) -> None:
    node = resolve_ref(node, root)
    if path:
        example = "" if node.get("type") in ("object",) else _example(node, path, examples)
        rows.append(
            f"| `{path}` | {_type(node)} | {_cell(_constraints(node, required))} | "
            f"{_cell(node.get('description', ''))} | {_cell(example)} |"
        )
    if node.get("type") == "object":
        needed = set(node.get("required", []))
        for key, child in node.get("properties", {}).items():
            _walk(child, f"{path}.{key}" if path else key, key in needed, root, rows, examples)
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            _walk(extra, f"{path}.<nom>", False, root, rows, examples)
    elif node.get("type") == "array" and isinstance(node.get("items"), dict):
        items = resolve_ref(node["items"], root)
        if items.get("type") == "object":
            needed = set(items.get("required", []))
            for key, child in items.get("properties", {}).items():
                _walk(child, f"{path}[].{key}", key in needed, root, rows, examples)


def markdown() -> str:
    """The whole reference, deterministic (schema order)."""
    root = case_schema()
    rows = ["| Champ | Type | Contraintes | Description | Exemple |", "|---|---|---|---|---|"]
    _walk(root, "", True, root, rows, _example_values())
    head = [
        "# Référence des champs d'un dossier actegen",
        "",
        "Produit par `actegen schema --doc` à partir de `schemas/case.schema.json` "
        f"(version du format : {root['properties']['version'].get('const')}). Ne pas modifier à la main.",
        "",
        root.get("description", ""),
        "",
        "Les chemins suivent la notation des messages d'erreur : `lots[].prix.foncier` désigne le champ "
        "`foncier` du `prix` de chaque lot. Un champ non listé ici est refusé (faute de frappe).",
        "",
    ]
    return "\n".join(head + rows) + "\n"
