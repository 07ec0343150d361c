"""Context of the acte de vente (one per lot).

The template holds the wording; this builder hands it the case's parties, the lot, the
computed figures (``calc``) and the few phrases that depend on the date or the seller
(the sûreté of the seller changed name on 1 January 2022, C. civ. art. 2402).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .. import french
from .common import buyers_designation, lot_label, names_of, person_context, slug

HYPOTHEQUE_LEGALE_SPECIALE = date(2022, 1, 1)
"""Ordonnance n° 2021-1192 du 15 septembre 2021: the privilège du vendeur became an
hypothèque légale spéciale (C. civ. art. 2402) for acts signed from 1 January 2022."""

DIAGNOSTICS_OBLIGATOIRES = date(2006, 11, 1)
"""CCH L.271-4 (ordonnance n° 2005-655 du 8 juin 2005): the dossier de diagnostic technique
is annexed to the act of sale from 1 November 2006."""

_RANKS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième"}


def _surete_phrase(case: dict[str, Any], lot_calc: dict[str, Any], act_date: date) -> str:
    fin = case.get("financement", {})
    rank = _RANKS[fin.get("rang_garantie_vendeur", 1)]
    consigned = lot_calc.get("paiement")
    if act_date >= HYPOTHEQUE_LEGALE_SPECIALE:
        guarantee = "l'hypothèque légale spéciale du vendeur (article 2402, 1° du code civil)"
    else:
        guarantee = "le privilège du vendeur et l'action résolutoire"
    if consigned is None:
        return (f"Le prix étant payé comptant ce jour, le VENDEUR renonce à {guarantee} "
                "et dispense le notaire d'en requérir l'inscription.")
    behind = " derrière l'inscription prise au profit du prêteur" if rank != "premier" else ""
    return (f"À la sûreté du solde du prix consigné, le VENDEUR se réserve {guarantee}, qui sera "
            f"inscrit en {rank} rang{behind}, conformément à l'autorisation donnée par la délibération "
            f"du {case['vendeur']['autorisation']['organe']}.")


def _autorisation_phrase(vendeur: dict[str, Any]) -> str:
    auth = vendeur["autorisation"]
    nature = {"deliberation": "d'une délibération", "decision": "d'une décision", "mandat": "d'un mandat",
              "procuration": "d'une procuration"}[auth["nature"]]
    numero = f" n° {auth['numero']}" if "numero" in auth else ""
    return f"{nature} du {auth['organe']}{numero} en date du {french.format_date_long(auth['date'])}"


def _diagnostics_phrase(act_date: date) -> str:
    if act_date >= DIAGNOSTICS_OBLIGATOIRES:
        return ("Le dossier de diagnostic technique prévu par l'article L.271-4 du code de la construction "
                "et de l'habitation est annexé aux présentes ; l'ACQUÉREUR déclare en avoir pris connaissance.")
    return ("L'ACQUÉREUR, occupant des lieux, déclare bien connaître le bien vendu pour l'habiter et "
            "dispense le VENDEUR de toute autre description ou constat.")


def context(case: dict[str, Any], lot: dict[str, Any], lot_calc: dict[str, Any],
            clauses: list[dict[str, Any]]) -> dict[str, Any]:
    op = case["operation"]
    act_date = lot.get("date_acte", op["date_acte"])
    people = lot["acquereurs"]
    rep = case["vendeur"]["representant"]
    return {
        "op": op,
        "vendeur": case["vendeur"],
        "notaire": case["notaire"],
        "mandataire": case.get("mandataire"),
        "seance": case.get("seance", {}),
        "fin": case.get("financement", {}),
        "lot": lot,
        "calc": lot_calc,
        "acquereurs": [person_context(p) for p in people],
        "acquereurs_noms": names_of(people),
        "acquereurs_designation": buyers_designation(people),
        "acte": {"date": act_date},
        "representant_accord": "e" if rep["civilite"] == "Madame" else "",
        "autorisation_phrase": _autorisation_phrase(case["vendeur"]),
        "cadastre_lieudit": lot["cadastre"].get("lieudit", lot["adresse"]),
        "surete": {"phrase": _surete_phrase(case, lot_calc, act_date)},
        "diagnostics_phrase": _diagnostics_phrase(act_date),
        "clauses": clauses,
    }


def filename(lot: dict[str, Any]) -> str:
    first = lot["acquereurs"][0]["nom"]
    return f"acte-de-vente_lot-{lot_label(lot['numero'])}_{slug(first, limit=24)}.docx"
