"""JSON Schema errors → French messages, located at the line and column where the offending
value (or unknown key) was written."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ..errors import CaseError, FieldPath
from ..load import LoadedCase
from ..schema import case_schema
from .schema_fast import says_valid

if TYPE_CHECKING:
    import jsonschema

_TYPE_FR = {
    "string": "un texte",
    "number": "un nombre",
    "integer": "un nombre entier",
    "boolean": "true ou false",
    "object": "une liste de champs (clé: valeur)",
    "array": "une liste (lignes commençant par « - »)",
    "null": "une valeur vide",
}


def _type_of(value: Any) -> str:
    """The kind of a value, in French, without its content (it may be personal data)."""
    if value is None:
        return "une valeur vide"
    if isinstance(value, bool):
        return "un booléen"
    if isinstance(value, int):
        return "un nombre entier"
    if isinstance(value, Decimal):
        return "un nombre décimal"
    if isinstance(value, str):
        return "un texte"
    if isinstance(value, list):
        return "une liste"
    if isinstance(value, dict):
        return "une liste de champs"
    return type(value).__name__


def _expected(types: Any) -> str:
    if isinstance(types, list):
        return " ou ".join(_TYPE_FR.get(t, str(t)) for t in types)
    return _TYPE_FR.get(types, str(types))


Message = tuple[str, FieldPath | None]
"""A French message, and the path of the key to point at (an unknown key), if any."""


def _required(inst: Any, arg: Any, schema: dict[str, Any], hint: str) -> Message:
    missing = [k for k in arg if isinstance(inst, dict) and k not in inst]
    name = missing[0] if missing else "?"
    sub = schema.get("properties", {}).get(name, {})
    what = sub.get("description", "")
    return f"champ obligatoire manquant : « {name} »" + (f" — {what}" if what else ""), None


def _additional(inst: Any, arg: Any, schema: dict[str, Any], hint: str) -> Message:
    """An unknown key, pointed at but never repeated: a value typed one indentation step off
    becomes a key, and may be a household's name or figure."""
    allowed = sorted(schema.get("properties", {}))
    extra = sorted(set(inst) - set(allowed)) if isinstance(inst, dict) else []
    name = extra[0] if extra else "?"
    close = closest(str(name), allowed)
    tip = f" ; vouliez-vous dire « {close} » ?" if close else " ; faute de frappe, ou valeur mal indentée ?"
    listed = ", ".join(allowed) if len(allowed) <= 12 else ", ".join(allowed[:12]) + ", …"
    return f"champ inconnu{tip} (champs permis : {listed})", (name,)


def _format(inst: Any, arg: Any, schema: dict[str, Any], hint: str) -> Message:
    if arg == "date":
        return "date attendue au format AAAA-MM-JJ (ex. 1993-07-24), et qui existe", None
    return f"format {arg} attendu", None


NOMBRE_MAX = (999999999.99, 999999999)
"""The schema's bound on every number (amounts, then counts): an act spells every amount in
letters (up to 999 999 999 999, ``french.MAX_SPELLED``), and totals add many of them; beyond
a billion a figure of a social-housing sale is a typing mistake. A test checks that every
number of the schema has this bound or a smaller one."""
_TOO_BIG = "nombre trop grand : au plus 999 999 999,99"
_CHECK = " (montant à vérifier)"


_FORMATTERS: dict[str, Callable[[Any, Any, dict[str, Any], str], Message]] = {
    "type": lambda inst, arg, schema, hint: (
        f"{_expected(arg)} attendu, trouvé {_type_of(inst)}{hint}",
        None,
    ),
    "required": _required,
    "additionalProperties": _additional,
    "enum": lambda inst, arg, schema, hint: (
        "valeur non permise ; valeurs possibles : " + ", ".join(str(x) for x in arg),
        None,
    ),
    "const": lambda inst, arg, schema, hint: (f"la seule valeur possible est {arg}", None),
    "minimum": lambda inst, arg, schema, hint: (
        _TOO_BIG + " en valeur absolue" + _CHECK
        if -arg in NOMBRE_MAX
        else f"doit être supérieur ou égal à {arg}",
        None,
    ),
    "maximum": lambda inst, arg, schema, hint: (
        _TOO_BIG + _CHECK if arg in NOMBRE_MAX else f"doit être inférieur ou égal à {arg}",
        None,
    ),
    "minLength": lambda inst, arg, schema, hint: (f"ne doit pas être vide{hint}", None),
    "minItems": lambda inst, arg, schema, hint: (f"au moins {arg} élément(s) attendu(s)", None),
    "maxItems": lambda inst, arg, schema, hint: (f"au plus {arg} élément(s) permis", None),
    "pattern": lambda inst, arg, schema, hint: (
        f"forme non valable : {schema.get('description', arg)}",
        None,
    ),
    "format": _format,
}
"""One formatter per JSON Schema keyword; any other keyword gets the generic message."""


def _message(err: jsonschema.ValidationError) -> Message:
    """A French message for a schema error, and the path of the key to point at, if any."""
    v, inst, arg = err.validator, err.instance, err.validator_value
    schema = err.schema if isinstance(err.schema, dict) else {}
    desc = schema.get("description", "")
    hint = f" ({desc})" if desc and v in ("type", "minLength") else ""
    formatter = _FORMATTERS.get(str(v))
    if formatter is None:
        return f"valeur refusée par le schéma ({v})", None
    return formatter(inst, arg, schema, hint)


def closest(name: str, allowed: list[str]) -> str | None:
    """The allowed name closest to a mistyped one, if one is close enough."""
    match = difflib.get_close_matches(name, allowed, n=1, cutoff=0.75)
    return match[0] if match else None


@functools.cache
def _schema_validator() -> jsonschema.Draft202012Validator:
    """Built once per process: compiling the schema is the slow part of validation."""
    import jsonschema  # here, not at the top: a valid case never needs it (0,15 s of import)

    return jsonschema.Draft202012Validator(case_schema(), format_checker=jsonschema.FormatChecker())


def schema_errors(loaded: LoadedCase) -> list[CaseError]:
    """Every schema violation of the case, located and in French."""
    if says_valid(loaded.data):
        return []
    out: list[CaseError] = []
    for err in _schema_validator().iter_errors(loaded.data):
        path: FieldPath = tuple(err.absolute_path)
        message, key = _message(err)
        if key is not None:  # located at the key, named by its parent: the key is not repeated
            source = loaded.source_of(path + key, key=True)
        else:
            source = loaded.source_of(path)
        out.append(CaseError(source, path, message))
    return out
