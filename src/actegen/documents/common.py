"""Phrases shared by several documents: persons, agreements, safe file names.

These are the small grammatical decisions a template cannot make by itself (« né » or
« née », « marié sous le régime … »), kept out of the templates so that an office can
restyle the wording around them without re-deriving the grammar.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .. import french
from ..case_types import Case
from ..render import RenderSettings, make_environment

_SITUATION = {
    "celibataire": ("célibataire", "célibataire"),
    "marie": ("marié", "mariée"),
    "pacse": ("lié par un pacte civil de solidarité", "liée par un pacte civil de solidarité"),
    "divorce": ("divorcé", "divorcée"),
    "veuf": ("veuf", "veuve"),
    "concubin": ("vivant en concubinage", "vivant en concubinage"),
}


def feminine(person: Mapping[str, Any]) -> bool:
    return person["civilite"] == "Madame"


def person_context(person: Mapping[str, Any]) -> dict[str, Any]:
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
    ctx.update(
        ne="née" if fem else "né",
        e="e" if fem else "",
        situation=situation,
        nom_complet=f"{person['civilite']} {person['prenoms']} {person['nom'].upper()}",
    )
    return ctx


def names_of(people: Sequence[Mapping[str, Any]]) -> str:
    """« Monsieur Jean DUPONT et Madame Marie DUPONT »."""
    names = [f"{p['civilite']} {p['prenoms']} {p['nom'].upper()}" for p in people]
    return " et ".join(names)


def buyers_designation(people: Sequence[Mapping[str, Any]]) -> str:
    if len(people) == 1:
        term = (
            "Ci-après dénommée « L'ACQUÉREUR »."
            if feminine(people[0])
            else "Ci-après dénommé « L'ACQUÉREUR »."
        )
        return term
    shares = [p.get("quote_part") for p in people]
    if all(s is not None for s in shares):
        parts = " et ".join(
            f"{p['prenoms']} {p['nom'].upper()} à concurrence de {french.format_percent(s)}"
            for p, s in zip(people, shares)
        )
        return f"Ci-après dénommés ensemble « L'ACQUÉREUR », acquérant en indivision : {parts}, et agissant solidairement entre eux."
    return "Ci-après dénommés ensemble « L'ACQUÉREUR », agissant solidairement entre eux."


_ENVIRONMENTS: dict[tuple[str, bool], Any] = {}


def environment(case: Case) -> Any:
    """The Jinja environment the case's documents render in (strict, escaping, sandboxed,
    with the French filters bound to the case's currency and spelling); one per process
    and per setting, so that compiled clause files are reused."""
    op = case["operation"]
    key = (op["devise"], op.get("orthographe") == "rectifiee_1990")
    if key not in _ENVIRONMENTS:
        _ENVIRONMENTS[key] = make_environment(
            RenderSettings(
                currency=key[0], reform1990=key[1], author="", timestamp=datetime(1980, 1, 1), reference=""
            )
        )
    return _ENVIRONMENTS[key]


def capitalized(text: str) -> str:
    """« l'Union d'économie sociale » → « L'Union d'économie sociale » (start of a sentence)."""
    return text[:1].upper() + text[1:]


_ORDINALS = {
    2: "deuxième",
    3: "troisième",
    4: "quatrième",
    5: "cinquième",
    6: "sixième",
    7: "septième",
    8: "huitième",
    9: "neuvième",
    10: "dixième",
    11: "onzième",
    12: "douzième",
}


def ordinal(n: int) -> str:
    """« sixième »: the ordinals a guarantee clause needs (2 to 12)."""
    return _ORDINALS[n]


def fraction_denominator(n: int, *, reform1990: bool = False) -> str:
    """The denominator of a share in letters, plural: 10 000 → « dix-millièmes », 1 000 →
    « millièmes », 245 → « deux cent quarante-cinquièmes » (the ordinal drops a final e,
    cinq takes a u, neuf a v; a compound of mille is hyphenated, as the dictionaries write
    « dix-millième »)."""
    words = french.spell_number(int(n), reform1990=reform1990)
    if words.startswith(("un million", "un-million")):
        words = words[3:]
    if words.endswith(("cents", "vingts")):
        words = words[:-1]
    if words.endswith("e"):
        words = words[:-1]
    elif words.endswith("q"):
        words += "u"
    elif words.endswith("f"):
        words = words[:-1] + "v"
    words += "ièmes"
    if words.endswith("millièmes"):
        words = words.replace(" ", "-")
    return words
