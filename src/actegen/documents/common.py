"""Phrases shared by several documents: persons, agreements, safe file names.

These are the small grammatical decisions a template cannot make by itself (« né » or
« née », « marié sous le régime … »), kept out of the templates so that an office can
restyle the wording around them without re-deriving the grammar.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from .. import french

_SITUATION = {
    "celibataire": ("célibataire", "célibataire"),
    "marie": ("marié", "mariée"),
    "pacse": ("lié par un pacte civil de solidarité", "liée par un pacte civil de solidarité"),
    "divorce": ("divorcé", "divorcée"),
    "veuf": ("veuf", "veuve"),
    "concubin": ("vivant en concubinage", "vivant en concubinage"),
}


def feminine(person: dict[str, Any]) -> bool:
    return person["civilite"] == "Madame"


def person_context(person: dict[str, Any]) -> dict[str, Any]:
    """A buyer's fields plus the agreed words the acts need."""
    fem = feminine(person)
    situation = _SITUATION[person["situation_matrimoniale"]][1 if fem else 0]
    regime = person.get("regime_matrimonial")
    if regime:
        if regime.startswith(("communauté", "séparation", "participation")):
            situation += f" sous le régime de la {regime}"
        else:
            situation += f", {regime}"
    ctx = dict(person)
    ctx.update(ne="née" if fem else "né", e="e" if fem else "", situation=situation,
               nom_complet=f"{person['civilite']} {person['prenoms']} {person['nom'].upper()}")
    return ctx


def names_of(people: list[dict[str, Any]]) -> str:
    """« Monsieur Jean DUPONT et Madame Marie DUPONT »."""
    names = [f"{p['civilite']} {p['prenoms']} {p['nom'].upper()}" for p in people]
    return " et ".join(names)


def buyers_designation(people: list[dict[str, Any]]) -> str:
    if len(people) == 1:
        term = "Ci-après dénommée « L'ACQUÉREUR »." if feminine(people[0]) else "Ci-après dénommé « L'ACQUÉREUR »."
        return term
    shares = [p.get("quote_part") for p in people]
    if all(s is not None for s in shares):
        parts = " et ".join(f"{p['prenoms']} {p['nom'].upper()} à concurrence de {french.format_percent(s)}"
                            for p, s in zip(people, shares))
        return f"Ci-après dénommés ensemble « L'ACQUÉREUR », acquérant en indivision : {parts}, et agissant solidairement entre eux."
    return "Ci-après dénommés ensemble « L'ACQUÉREUR », agissant solidairement entre eux."


def slug(text: str, *, limit: int = 40) -> str:
    """A file-name-safe ASCII slug: no path separator, no dot-file, no reserved device name."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")
    if not cleaned or cleaned.upper() in {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(10)),
                                           *(f"LPT{i}" for i in range(10))}:
        cleaned = f"x-{cleaned}" if cleaned else "sans-nom"
    return cleaned


def lot_label(numero: Any) -> str:
    n = str(numero)
    return f"{int(n):02d}" if n.isdigit() else slug(n, limit=16)
