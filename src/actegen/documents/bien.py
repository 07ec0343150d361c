"""Facts on the property for the acte's sections « Situation hypothécaire », « Urbanisme »,
« Droits de préemption », « Servitudes », « Garanties de construction et assurances »,
« Faculté de rétractation » and « Charges et conditions ».

The case states the facts (``bien``, operation then lot); this module adds only what follows
from them and from the act's date: the end of the cooling-off period (CCH L.271-1), the end of
the ten years after réception (C. civ. 1792-4-1, formerly 2270) and whether the act must name
the building insurances (C. assur. L.243-2), the wording of the accédant's guarantee (C. civ.
2402, 6° since 1 January 2022).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..case_types import Case, Lot
from ..clause_catalogue import (
    construction_within_ten_years,
    property_facts,
    retractation_days,
    ten_years_after,
)
from ..parameters import lookup

_MODES = {
    "lettre_recommandee": (
        "par lettre recommandée avec demande d’avis de réception présentée pour la première fois",
        "première présentation",
    ),
    "lettre_recommandee_electronique": ("par lettre recommandée électronique reçue", "réception"),
    "remise_en_main_propre": ("par remise en main propre", "remise"),
}

_CONTRATS = {
    "vente_hlm": "le bail de l’ACQUÉREUR",
    "psla": "le contrat de location-accession",
}


def _of(name: str) -> str:
    """« de » before a name, contracted with its article (« du Crédit Coopératif »)."""
    for article, contracted in (("le ", "du "), ("les ", "des "), ("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return "de " + name


def _etat_hypothecaire(facts: dict[str, Any]) -> dict[str, Any] | None:
    etat = facts.get("etat_hypothecaire")
    if etat is None:
        return None
    return {
        **etat,
        "inscriptions": [
            {**i, "beneficiaire_de": _of(i["beneficiaire"])} for i in etat.get("inscriptions", [])
        ],
    }


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _retractation(facts: dict[str, Any], when: date) -> dict[str, Any] | None:
    days = retractation_days(when)
    notice = facts.get("retractation")
    if days == 0 or notice is None:
        return None
    phrase, nom = _MODES[notice["mode"]]
    return {
        **notice,
        "mode_phrase": phrase,
        "mode_nom": nom,
        "delai_jours": days,
        "date_fin": notice["date_notification"] + timedelta(days=days),
    }


def retractation_end(facts: dict[str, Any], when: date) -> date | None:
    """The last day of the cooling-off period, or None when there is none."""
    r = _retractation(facts, when)
    return None if r is None else r["date_fin"]


def _construction(facts: dict[str, Any], when: date) -> dict[str, Any]:
    c = facts.get("construction")
    if c is None:
        return {"dans_les_dix_ans": False}
    return {
        "dommages_ouvrage": None,
        "absence_dommages_ouvrage": None,
        "constructeurs": [],
        **c,
        "dans_les_dix_ans": construction_within_ten_years(facts, when),
        "date_fin": ten_years_after(c["date_reception"]) - timedelta(days=1),
        "article": lookup("bien.garantie_decennale.article", when).as_text,
        "mention_l243_2": lookup("bien.assurance_construction.mention_acte", when).as_bool,
        "attestations_annexees": lookup("bien.assurance_construction.attestation_annexee", when).as_bool,
    }


def bien_context(case: Case, lot: Lot, when: date) -> dict[str, Any]:
    """The ``bien`` of the acte's context: the case's facts and what follows from them."""
    produit = case["operation"]["produit"]
    facts = property_facts(case, lot)
    depot = facts.get("depot_garantie")
    return {
        **facts,
        "etat_hypothecaire": _etat_hypothecaire(facts),
        "retractation": _retractation(facts, when),
        "construction": _construction(facts, when),
        "depot_garantie": {
            **depot,
            "contrat_maj": _first_upper(_CONTRATS.get(produit, "le bail de l’ACQUÉREUR")),
        }
        if depot is not None
        else None,
        "garantie_accedant": "article 2402, 6° du Code civil"
        if lookup("suretes.hypotheque_legale_speciale_vendeur", when).as_bool
        else None,
    }
