"""Dated parameters with their legal references, in the manner of OpenFisca.

Rates and ceilings that a law, a décret or a contract sets live in the YAML files of this
folder, one value per period of validity, each with its reference (title, article, URL
where one exists). A computation asks for a parameter *at the date of the act*, never at
"today", so a 1993 act and a 2026 act each use the rules of their day (issue 4; style.md
practice 5; OpenFisca's ``parameters/`` and its ``metadata.reference``).

File layout (one file per subject; the file's stem is the first part of every name)::

    description: Assurance revente (sécurisation Hlm)
    plafond_indemnite:                 # → "assurance_revente.plafond_indemnite"
      description: Plafond de l'indemnité
      unit: currency-EUR
      reference: {titre: ..., article: ..., url: ...}   # default for every value
      values:
        1997-01-01: {value: "40000", reference: "..."}
        2018-04-01: {value: "35000", reference: "..."}
        2030-01-01: {value: null}      # no value in force from that date

A node that has ``values`` is a parameter; any other mapping is a group of parameters.
A scale (barème by tranches) gives, at each date, ``brackets: [{threshold, rate}, ...]``
instead of ``value``.

Numbers are read from the text of the YAML scalar, never through a float: the loader keeps
every plain scalar as a string and each parameter's ``unit`` says how to read it:

``/1`` a rate as a fraction (``"0.105"`` is 10,5 %) → Decimal; ``currency-EUR``,
``currency-FRF``, ``currency`` (either) → Decimal; ``year``, ``month``, ``count`` → int;
``bool`` (oui/non, true/false) → bool; ``text`` → str; ``list`` → tuple[str, ...].

Every value is checked when the files are loaded, so a malformed file stops at once with
a :class:`ParameterError` naming the file and the parameter.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeAlias

import yaml

from actegen.errors import ParameterError

__all__ = [
    "Bracket",
    "ParamValue",
    "ParameterSet",
    "Scale",
    "TrancheCalculee",
    "default_parameters",
    "get",
    "history",
    "load_parameters",
    "lookup",
    "names",
]

PARAMETERS_DIR = Path(__file__).resolve().parent

_METADATA_KEYS = frozenset({"description", "reference", "documentation", "unit", "values"})
_UNITS = frozenset(
    {"/1", "currency", "currency-EUR", "currency-FRF", "year", "month", "count", "bool", "text", "list"}
)
_TRUE = frozenset({"oui", "true", "vrai", "yes"})
_FALSE = frozenset({"non", "false", "faux", "no"})
_NULL = frozenset({"null", "~", ""})


# --------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Bracket:
    """One tranche of a scale: ``rate`` applies to the part of the base above ``threshold``
    (and below the next bracket's threshold)."""

    threshold: Decimal
    rate: Decimal


@dataclass(frozen=True)
class TrancheCalculee:
    """The part of a base that falls in one tranche, and the (unrounded) amount due on it."""

    de: Decimal
    a: Decimal | None  # None: no upper bound
    taux: Decimal
    assiette: Decimal
    montant: Decimal  # assiette × taux, unrounded: the caller rounds, once


@dataclass(frozen=True)
class Scale:
    """A marginal scale (barème par tranches), as OpenFisca's ``MarginalRateTaxScale``."""

    brackets: tuple[Bracket, ...]

    def tranches(self, base: Decimal) -> tuple[TrancheCalculee, ...]:
        """Split ``base`` over the tranches; tranches the base does not reach are left out."""
        out: list[TrancheCalculee] = []
        for i, bracket in enumerate(self.brackets):
            upper = self.brackets[i + 1].threshold if i + 1 < len(self.brackets) else None
            if base <= bracket.threshold:
                break
            top = base if upper is None else min(base, upper)
            part = top - bracket.threshold
            out.append(TrancheCalculee(bracket.threshold, upper, bracket.rate, part, part * bracket.rate))
        return tuple(out)

    def calc(self, base: Decimal) -> Decimal:
        """Sum over the tranches, unrounded."""
        return sum((t.montant for t in self.tranches(base)), Decimal(0))


Value: TypeAlias = Decimal | int | bool | str | tuple[str, ...] | Scale


@dataclass(frozen=True)
class ParamValue:
    """A parameter's value at a date, with what a notary needs to check it."""

    name: str
    value: Value
    start: date
    end: date | None  # first day it is no longer in force (None: still in force)
    unit: str
    description: str
    references: tuple[str, ...]

    @property
    def reference(self) -> str:
        return " ; ".join(self.references)

    # Typed access: a computation says what it expects, a wrong unit stops loudly.

    def _expect(self, kind: type | tuple[type, ...], what: str) -> Any:
        if isinstance(self.value, bool) and kind is not bool:
            raise ParameterError(f"{self.name} : {what} attendu, valeur {self.value!r}")
        if not isinstance(self.value, kind):
            raise ParameterError(f"{self.name} : {what} attendu, valeur {self.value!r}")
        return self.value

    @property
    def as_decimal(self) -> Decimal:
        return self._expect(Decimal, "nombre décimal")  # type: ignore[no-any-return]

    @property
    def as_int(self) -> int:
        return self._expect(int, "entier")  # type: ignore[no-any-return]

    @property
    def as_bool(self) -> bool:
        return self._expect(bool, "booléen")  # type: ignore[no-any-return]

    @property
    def as_text(self) -> str:
        return self._expect(str, "texte")  # type: ignore[no-any-return]

    @property
    def as_list(self) -> tuple[str, ...]:
        return self._expect(tuple, "liste")  # type: ignore[no-any-return]

    @property
    def as_scale(self) -> Scale:
        return self._expect(Scale, "barème")  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Entry:
    start: date
    value: Value | None  # None: no value in force from ``start``
    references: tuple[str, ...]


@dataclass(frozen=True)
class _Parameter:
    name: str
    description: str
    unit: str
    source: str
    entries: tuple[_Entry, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- YAML


class _TextLoader(yaml.SafeLoader):
    """A safe loader that keeps every plain scalar as text and refuses duplicate keys.

    With no implicit resolvers, ``0.105`` stays the string "0.105" (never a float),
    ``1993-01-01`` stays a string (parsed here with ``date.fromisoformat``) and "non" is
    not a boolean (style.md practice 6).
    """

    yaml_implicit_resolvers = {}  # noqa: RUF012 - a class attribute of the yaml API

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
            return yaml.load(handle, Loader=_TextLoader)
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


def _parameter(name: str, node: dict[str, Any], source: str, inherited: tuple[str, ...]) -> _Parameter:
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
    entries: list[_Entry] = []
    for key, item in values.items():
        start = _parse_start(key, where)
        at = f"{where} au {start.isoformat()}"
        if not isinstance(item, dict):
            raise ParameterError(f"{at}: attendu {{value: ..., reference: ...}}")
        extra = set(item) - {"value", "brackets", "reference"}
        if extra or ("value" in item) == ("brackets" in item):
            raise ParameterError(f"{at}: attendu « value » ou « brackets » (et « reference »)")
        refs = _format_reference(item.get("reference"), at) or default_refs
        if "brackets" in item:
            value: Value | None = _scale(item["brackets"], at)
        else:
            raw = item["value"]
            value = None if isinstance(raw, str) and raw.strip() in _NULL else _convert(raw, unit, at)
        if value is not None and not refs:
            raise ParameterError(f"{at}: valeur sans référence")
        entries.append(_Entry(start, value, refs))
    starts = [e.start for e in entries]
    if starts != sorted(starts):
        raise ParameterError(f"{where}: dates non classées dans l'ordre chronologique")
    return _Parameter(name, str(node["description"]), unit, source, tuple(entries))


def _walk(prefix: str, node: Any, source: str, inherited: tuple[str, ...] = ()) -> Iterator[_Parameter]:
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


# --------------------------------------------------------------------------- lookup


class ParameterSet:
    """All the parameters read from one folder, looked up by name and date."""

    def __init__(self, parameters: dict[str, _Parameter]):
        self._parameters = parameters

    def names(self) -> tuple[str, ...]:
        return tuple(sorted(self._parameters))

    def _find(self, name: str) -> _Parameter:
        try:
            return self._parameters[name]
        except KeyError:
            raise ParameterError(f"paramètre inconnu : {name}") from None

    def lookup(self, name: str, at: date) -> ParamValue:
        """The value in force at ``at``, with its period and references."""
        if not isinstance(at, date):
            raise TypeError(f"date attendue pour {name}, reçu {at!r}")
        param = self._find(name)
        current: _Entry | None = None
        end: date | None = None
        for entry in param.entries:
            if entry.start <= at:
                current = entry
            else:
                end = entry.start
                break
        if current is None:
            raise ParameterError(
                f"{name} : aucune valeur en vigueur au {at.isoformat()} "
                f"(première valeur au {param.entries[0].start.isoformat()})"
            )
        if current.value is None:
            raise ParameterError(
                f"{name} : plus de valeur en vigueur au {at.isoformat()} "
                f"(valeur abrogée le {current.start.isoformat()})"
            )
        return ParamValue(
            name, current.value, current.start, end, param.unit, param.description, current.references
        )

    def get(self, name: str, at: date) -> Value:
        return self.lookup(name, at).value

    def history(self, name: str) -> tuple[ParamValue, ...]:
        """Every period of a parameter, in order (periods without value left out)."""
        param = self._find(name)
        out = []
        for i, entry in enumerate(param.entries):
            end = param.entries[i + 1].start if i + 1 < len(param.entries) else None
            if entry.value is not None:
                out.append(
                    ParamValue(
                        name, entry.value, entry.start, end, param.unit, param.description, entry.references
                    )
                )
        return tuple(out)


def load_parameters(directory: Path | str | None = None) -> ParameterSet:
    """Read every ``*.yaml`` of ``directory`` (default: this package's folder)."""
    folder = Path(directory) if directory is not None else PARAMETERS_DIR
    parameters: dict[str, _Parameter] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _read_yaml(path)
        if not isinstance(data, dict):
            raise ParameterError(f"{path.name}: un fichier de paramètres est un dictionnaire")
        if not data.get("description"):
            raise ParameterError(f"{path.name}: « description » manquante")
        for param in _walk(path.stem, data, path.name):
            if param.name in parameters:  # pragma: no cover - stems are unique
                raise ParameterError(f"{path.name}: paramètre en double : {param.name}")
            parameters[param.name] = param
    return ParameterSet(parameters)


@functools.lru_cache(maxsize=1)
def default_parameters() -> ParameterSet:
    """The parameters shipped with actegen, read once."""
    return load_parameters()


def lookup(name: str, at: date) -> ParamValue:
    """The shipped parameter ``name`` in force at ``at``, with its references."""
    return default_parameters().lookup(name, at)


def get(name: str, at: date) -> Value:
    """The value of the shipped parameter ``name`` in force at ``at``."""
    return default_parameters().get(name, at)


def history(name: str) -> tuple[ParamValue, ...]:
    return default_parameters().history(name)


def names() -> tuple[str, ...]:
    return default_parameters().names()
