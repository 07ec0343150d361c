"""`actegen new CASE.yaml --type …`: a case skeleton for a product, ready to fill in.

The skeleton is the shipped example case of that product (fictitious people, real rules),
rewritten with a French comment above every field taken from the schema's description,
so that it validates and renders as it is and explains itself; the user replaces the
values. The file is created, never overwritten.
"""

from __future__ import annotations

import os
import re
import tempfile
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import ActegenError
from ..load import load_case
from ..schema import SCHEMA_NAME, case_schema, resolve_ref, schemas_dir
from . import shipped_cases

TYPES = {
    "lts": "lts",
    "psla": "psla",
    "vefa": "accession_sociale",
    "brs": "brs",
    "vente-hlm": "vente_hlm",
    "portage": "portage",
}

WIDTH = 96


def example_for(produit: str, kind: str = "") -> Path:
    """The shipped case of ``produit``; the one named after the type first (``vefa`` takes
    vefa-accession-2025, not the accession sociale of a completed home)."""
    cases = shipped_cases()
    for path in sorted(cases, key=lambda p: not (kind and p.stem.startswith(kind))):
        data = load_case(path).data
        if data.get("operation", {}).get("produit") == produit:
            return path
    raise ActegenError(f"aucun dossier d'exemple livré pour le produit « {produit} »")


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value  # the loader keeps dates as text: no quotes needed
    text = yaml.safe_dump(value, allow_unicode=True, width=10**6, default_style=None)
    return text.removesuffix("\n...\n").rstrip("\n")


def _comment(node: dict[str, Any], required: bool, pad: str) -> list[str]:
    description = node.get("description", "").strip()
    if not description:
        return []
    if required:
        description += " [obligatoire]"
    return [pad + "# " + line for line in textwrap.wrap(description, WIDTH - len(pad) - 2)]


def _value_lines(
    key: str, value: Any, node: dict[str, Any], pad: str, root: dict[str, Any], comments: bool
) -> list[str]:
    node = resolve_ref(node, root)
    if isinstance(value, dict):
        return [f"{pad}{key}:"] + _mapping(value, node, pad + "  ", root, comments)
    if isinstance(value, list):
        items = resolve_ref(node.get("items", {}), root)
        if value and all(isinstance(v, dict) for v in value):
            out = [f"{pad}{key}:"]
            for i, item in enumerate(value):
                inner = _mapping(item, items, pad + "    ", root, comments and i == 0)
                first = next(j for j, line in enumerate(inner) if not line.lstrip().startswith("#"))
                inner[first] = pad + "  - " + inner[first][len(pad) + 4 :]
                out += inner
            return out
        flow = "[" + ", ".join(_scalar(v) for v in value) + "]"
        if len(pad) + len(key) + len(flow) + 2 <= WIDTH:
            return [f"{pad}{key}: {flow}"]
        out = [f"{pad}{key}:"]
        for v in value:
            out += _folded("- ", v, pad + "  ") if isinstance(v, str) else [f"{pad}  - {_scalar(v)}"]
        return out
    if (
        isinstance(value, str)
        and len(pad) + len(key) + len(value) + 2 > WIDTH
        and "\n" not in value
        and value == value.strip()
        and "  " not in value
    ):
        return _folded(f"{key}: ", value, pad)
    return [f"{pad}{key}: {_scalar(value)}"]


def _folded(head: str, text: str, pad: str) -> list[str]:
    body = textwrap.wrap(text, WIDTH - len(pad) - 2, break_long_words=False, break_on_hyphens=False)
    return [f"{pad}{head}>-"] + [f"{pad}  {line}" for line in body]


def _mapping(
    data: dict[str, Any], node: dict[str, Any], pad: str, root: dict[str, Any], comments: bool
) -> list[str]:
    node = resolve_ref(node, root)
    props = node.get("properties", {})
    extra = node.get("additionalProperties")
    required = set(node.get("required", []))
    out: list[str] = []
    for key, value in data.items():
        child = props.get(key) or (extra if isinstance(extra, dict) else {})
        child = resolve_ref(child, root)
        if comments:
            out += _comment(child, key in required, pad)
        out += _value_lines(key, value, child, pad, root, comments)
    return out


def skeleton(kind: str, case_id: str) -> str:
    """The commented YAML of a new case of product ``kind`` (a ``TYPES`` key)."""
    produit = TYPES[kind]
    data = load_case(example_for(produit, kind)).data
    data["id"] = case_id
    root = case_schema()
    schema_path = (schemas_dir() / SCHEMA_NAME).resolve()
    head = [
        f"# yaml-language-server: $schema={schema_path.as_uri()}",
        "#",
        f"# Dossier {kind} créé par « actegen new » à partir de l'exemple livré : les personnes sont",
        "# fictives, les règles réelles. Remplacer chaque valeur, puis vérifier avec",
        "#   actegen validate CE_FICHIER.yaml",
        "# et produire les documents avec « actegen render CE_FICHIER.yaml ».",
        "",
    ]
    body: list[str] = []
    for key, value in data.items():
        child = resolve_ref(root["properties"].get(key, {}), root)
        body += _comment(child, key in root.get("required", []), "")
        body += _value_lines(key, value, child, "", root, True)
        if isinstance(value, (dict, list)):
            body.append("")
    return "\n".join(head + body).rstrip("\n") + "\n"


def case_id_from(path: Path) -> str:
    stem = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-")[:64]
    return stem if re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", stem or "") else "nouveau-dossier"


def write_new(path: Path, kind: str) -> Path:
    """Create ``path`` with the skeleton; refuse to overwrite anything."""
    if path.exists():
        raise ActegenError(f"{path} existe déjà : choisir un autre nom (actegen n'écrase jamais un dossier)")
    if path.suffix not in (".yaml", ".yml"):
        raise ActegenError(f"{path} : le fichier doit avoir l'extension .yaml")
    text = skeleton(kind, case_id_from(path))
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise ActegenError(f"dossier introuvable : {parent}")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.link(tmp, path)  # fails if someone created the file meanwhile: never overwrite
    except FileExistsError:
        raise ActegenError(f"{path} existe déjà : choisir un autre nom") from None
    finally:
        os.unlink(tmp)
    return path
