"""Reading the parameter files: YAML kept as text (never through a float), each value
checked against its unit, so that a malformed file stops at once naming file and parameter."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from actegen.errors import ParameterError

from .values import Bracket, Entry, Parameter, Scale, Value

_METADATA_KEYS = frozenset({"description", "reference", "documentation", "unit", "values"})
_UNITS = frozenset(
    {"/1", "currency", "currency-EUR", "currency-FRF", "year", "month", "count", "bool", "text", "list"}
)
_TRUE = frozenset({"oui", "true", "vrai", "yes"})
_FALSE = frozenset({"non", "false", "faux", "no"})
_NULL = frozenset({"null", "~", ""})


# libyaml's parser where PyYAML was built with it (the wheels are): the same nodes, 5× faster
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(_SAFE_LOADER):  # type: ignore[valid-type,misc]
    """A safe loader that keeps every plain scalar as text and refuses duplicate keys.

    With no implicit resolvers, ``0.105`` stays the string "0.105" (never a float),
    ``1993-01-01`` stays a string (parsed here with ``date.fromisoformat``) and "non" is
    not a boolean (style.md practice 6). The mention tables (``mentions``) are read with it too.
    """

    yaml_implicit_resolvers: dict[str, Any] = {}  # noqa: RUF012 - a class attribute of the yaml API

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise ParameterError(
                    f"{mark.name}:{mark.line + 1}:{mark.column + 1}: clé en double « {key} »"
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=TextLoader)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{path.name}: YAML illisible : {exc}") from exc


def _format_reference(ref: Any, where: str) -> tuple[str, ...]:
    """``"texte"``, ``{titre, article, url}`` or a list of them → formatted strings."""
    if ref is None:
        return ()
    if isinstance(ref, str):
        text = ref.strip()
        return (text,) if text else ()
    if isinstance(ref, list):
        out: list[str] = []
        for item in ref:
            out.extend(_format_reference(item, where))
        return tuple(out)
    if isinstance(ref, dict):
        unknown = set(ref) - {"titre", "article", "url", "note"}
        if unknown:
            raise ParameterError(f"{where}: clés de référence inconnues : {sorted(unknown)}")
        if "titre" not in ref:
            raise ParameterError(f"{where}: une référence doit avoir un « titre »")
        text = str(ref["titre"]).strip()
        if ref.get("article"):
            text += f", {str(ref['article']).strip()}"
        if ref.get("note"):
            text += f" ({str(ref['note']).strip()})"
        if ref.get("url"):
            text += f" <{str(ref['url']).strip()}>"
        return (text,)
    raise ParameterError(f"{where}: référence illisible : {ref!r}")


def _decimal(text: Any, where: str) -> Decimal:
    if not isinstance(text, str):
        raise ParameterError(f"{where}: nombre attendu, reçu {text!r}")
    try:
        number = Decimal(text.strip().replace("_", ""))
    except InvalidOperation:
        raise ParameterError(f"{where}: nombre illisible : {text!r}") from None
    if not number.is_finite():
        raise ParameterError(f"{where}: nombre non fini : {text!r}")
    return number


def _convert(raw: Any, unit: str, where: str) -> Value:
    if unit in {"/1", "currency", "currency-EUR", "currency-FRF"}:
        return _decimal(raw, where)
    if unit in {"year", "month", "count"}:
        number = _decimal(raw, where)
        if number != number.to_integral_value():
            raise ParameterError(f"{where}: entier attendu, reçu {raw!r}")
        return int(number)
    if unit == "bool":
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise ParameterError(f"{where}: booléen attendu (oui/non), reçu {raw!r}")
    if unit == "text":
        if not isinstance(raw, str):
            raise ParameterError(f"{where}: texte attendu, reçu {raw!r}")
        return raw
    if unit == "list":
        if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
            raise ParameterError(f"{where}: liste de textes attendue, reçu {raw!r}")
        return tuple(raw)
    raise ParameterError(f"{where}: unité inconnue {unit!r}")  # pragma: no cover


def _scale(raw: Any, where: str) -> Scale:
    if not isinstance(raw, list) or not raw:
        raise ParameterError(f"{where}: « brackets » doit être une liste non vide")
    brackets: list[Bracket] = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) != {"threshold", "rate"}:
            raise ParameterError(f"{where}: tranche {i + 1} : attendu {{threshold, rate}}")
        brackets.append(
            Bracket(
                _decimal(item["threshold"], f"{where} tranche {i + 1}"),
                _decimal(item["rate"], f"{where} tranche {i + 1}"),
            )
        )
    thresholds = [b.threshold for b in brackets]
    if thresholds[0] != 0 or thresholds != sorted(set(thresholds)):
        raise ParameterError(f"{where}: seuils croissants à partir de 0 attendus : {thresholds}")
    return Scale(tuple(brackets))


def _parse_start(key: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(key))
    except ValueError:
        raise ParameterError(f"{where}: date de début illisible : {key!r} (AAAA-MM-JJ)") from None


def _parameter(name: str, node: dict[str, Any], source: str, inherited: tuple[str, ...]) -> Parameter:
    where = f"{source}: {name}"
    for key in ("description", "unit"):
        if not node.get(key):
            raise ParameterError(f"{where}: « {key} » manquant")
    unit = str(node["unit"])
    if unit not in _UNITS:
        raise ParameterError(f"{where}: unité inconnue {unit!r} (attendu : {sorted(_UNITS)})")
    unknown = set(node) - _METADATA_KEYS
    if unknown:
        raise ParameterError(f"{where}: clés inconnues {sorted(unknown)}")
    default_refs = _format_reference(node.get("reference"), where) or inherited
    values = node["values"]
    if not isinstance(values, dict) or not values:
        raise ParameterError(f"{where}: « values » doit associer des dates à des valeurs")
    entries: list[Entry] = []
    for key, item in values.items():
        start = _parse_start(key, where)
        at = f"{where} au {start.isoformat()}"
        if not isinstance(item, dict):
            raise ParameterError(f"{at}: attendu {{value: ..., reference: ...}}")
        extra = set(item) - {"value", "brackets", "reference", "origine"}
        if extra or ("value" in item) == ("brackets" in item):
            raise ParameterError(f"{at}: attendu « value » ou « brackets » (et « reference », « origine »)")
        refs = _format_reference(item.get("reference"), at) or default_refs
        if "brackets" in item:
            value: Value | None = _scale(item["brackets"], at)
        else:
            raw = item["value"]
            value = None if isinstance(raw, str) and raw.strip() in _NULL else _convert(raw, unit, at)
        if value is not None and not refs:
            raise ParameterError(f"{at}: valeur sans référence")
        origine = str(item["origine"]).strip() if item.get("origine") else None
        entries.append(Entry(start, value, refs, origine))
    starts = [e.start for e in entries]
    if starts != sorted(starts):
        raise ParameterError(f"{where}: dates non classées dans l'ordre chronologique")
    return Parameter(name, str(node["description"]), unit, source, tuple(entries))


def _walk(prefix: str, node: Any, source: str, inherited: tuple[str, ...] = ()) -> Iterator[Parameter]:
    """Yield the parameters under ``node``; a group's ``reference`` is the default of the
    parameters it contains (a parameter's or a value's own reference replaces it)."""
    if not isinstance(node, dict):
        raise ParameterError(f"{source}: {prefix}: groupe ou paramètre attendu")
    if "values" in node:
        yield _parameter(prefix, node, source, inherited)
        return
    refs = _format_reference(node.get("reference"), f"{source}: {prefix}") or inherited
    for key, child in node.items():
        if key in {"description", "reference", "documentation"}:
            continue
        yield from _walk(f"{prefix}.{key}", child, source, refs)


def read_file(path: Path) -> Iterator[Parameter]:
    """The parameters of one file; the file's stem is the first part of their names."""
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise ParameterError(f"{path.name}: un fichier de paramètres est un dictionnaire")
    if not data.get("description"):
        raise ParameterError(f"{path.name}: « description » manquante")
    yield from _walk(path.stem, data, path.name)
