"""The buyers as the acte names them: each married buyer with his spouse, each pacsé buyer
with his partner, a married woman's usage name as « épouse », and the communauté that
acquires.

An act subject to publication names each party's spouse (décret n° 55-22 du 4 janvier 1955,
art. 5); the spouse is the co-buyer, or the buyer's ``conjoint`` when only one of them buys.
« dite » introduces a pseudonym, not a usage name: a married woman's usage name is her
husband's (« épouse »), a widow's her late husband's (« veuve »).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .common import feminine, person_context

_COUPLE = ("marie", "pacse")


def _name(p: Mapping[str, Any]) -> str:
    return f"{p['civilite']} {p['prenoms']} {p['nom'].upper()}"


def same_regime(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two spouses state one régime (a missing one is reported by validation, not here)."""
    ra, rb = a.get("regime_matrimonial"), b.get("regime_matrimonial")
    return ra is None or rb is None or ra == rb


def _partner(person: Mapping[str, Any], people: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The spouse or partner: the ``conjoint`` field, else the one co-buyer in the same
    situation with the same regime."""
    if "conjoint" in person:
        return person["conjoint"]
    others = [
        p
        for p in people
        if p is not person
        and p["situation_matrimoniale"] == person["situation_matrimoniale"]
        and same_regime(p, person)
    ]
    return others[0] if len(others) == 1 else None


def _situation(person: Mapping[str, Any], partner: Mapping[str, Any] | None, base: str) -> str:
    fem = feminine(person)
    if partner is None:
        return base
    if person["situation_matrimoniale"] == "marie":
        head = "mariée" if fem else "marié"
        return f"{head} avec {_name(partner)}{base[len(head) :]}"
    avec = "laquelle" if feminine(partner) else "lequel"
    head = ("liée" if fem else "lié") + " par un pacte civil de solidarité"
    rest = base[len(head) :]
    return f"partenaire de {_name(partner)}, avec {avec} {'elle' if fem else 'il'} a conclu un pacte civil de solidarité{rest}"


def _usage(person: Mapping[str, Any]) -> str:
    if "nom_usage" not in person:
        return ""
    usage = person["nom_usage"].upper()
    if feminine(person) and person["situation_matrimoniale"] == "marie":
        return f", épouse {usage}"
    if feminine(person) and person["situation_matrimoniale"] == "veuf":
        return f", veuve {usage}"
    return f", nom d’usage {usage}"


def buyers_context(people: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Each buyer's context (``person_context``) with ``situation`` naming the spouse or
    partner and ``nom_usage_phrase``."""
    out = []
    for p in people:
        ctx = person_context(p)
        partner = _partner(p, people) if p["situation_matrimoniale"] in _COUPLE else None
        ctx["situation"] = _situation(p, partner, ctx["situation"])
        ctx["nom_usage_phrase"] = _usage(p)
        out.append(ctx)
    return out


def communaute_phrase(people: Sequence[Mapping[str, Any]]) -> str:
    """« Les époux acquièrent pour le compte de leur communauté. » when the buyers are
    spouses under a community regime; for a married buyer alone under a community regime,
    the acquisition falls into the communauté with the named spouse."""
    married = [p for p in people if p["situation_matrimoniale"] == "marie"]
    community = [p for p in married if p.get("regime_matrimonial", "").startswith("communauté")]
    if not community:
        return ""
    if len(people) == 2 and len(community) == 2 and _partner(people[0], people) is people[1]:
        return "Les époux acquièrent pour le compte de leur communauté."
    if len(people) == 1 and "conjoint" in people[0]:
        spouse = people[0]["conjoint"]
        return f"L’ACQUÉREUR acquiert pour le compte de la communauté existant entre {'elle' if feminine(people[0]) else 'lui'} et {_name(spouse)}."
    return ""
