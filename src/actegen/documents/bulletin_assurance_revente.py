"""Context of the bulletin de souscription d'assurance revente (per acquisition where offered).

The fields of a real adhesion certificate: contract and adhesion numbers, one
or two adhérents with their contact details, the property, its price and the date of the
reservation (VEFA) or of the act, the product, the premium, the computed ceiling of the cover,
its duration, then the mentions of the code des assurances as in force at the subscription
date: the intermediaries' identification, complaints, médiation and supervisor (L.112-2,
L.521-2 since the DDA, 1 October 2018), the notice handed over (L.112-2, L.141-4), the covered
events and the exclusions in very apparent characters (L.112-4), the claims procedure and the
prescription with every cause of interruption (L.114-1, L.114-2, R.112-1), the renunciation
(L.112-9), data protection, and the signatures (no « lu et approuvé », which has no legal
effect). The cover of each formula is its own source's (notarial review, B11).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case_types import Case, Lot
from ..compute.dossier import LotResult
from ..french import format_date_long
from ..naming import buyer_file_label
from ..parameters import lookup
from ..produits import LIBELLES_PRODUITS, Produit, act_date
from .common import group_context, legal_person_context, notary_context, person_context, place_context
from .figures import assurance_context, lot_calc


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """Offered and subscribed: the insurance was computed for the lot and the lot has its adhesion."""
    return result.assurance is not None and "assurance_revente" in lot


def _date_effet(case: Case, lot: Lot, when: date, signed: date) -> str:
    """When the cover starts: the act's date, or — for a home sold before completion — the
    point the parameter gives, or where its source is silent the contract's (the case's
    ``assurance_revente.prise_effet_vefa``, required by validation)."""
    if "vefa" not in lot:
        return format_date_long(when)
    depart = lookup("assurance_revente.prise_effet_vefa", signed).value
    if depart == "contrat":
        depart = case["assurance_revente"]["prise_effet_vefa"]
    if depart == "livraison":
        return (
            "à la livraison du logement, constatée par le procès-verbal de livraison (achèvement prévu au "
            f"plus tard le {format_date_long(lot['vefa']['date_achevement_prevue'])})"
        )
    return f"{format_date_long(when)}, date de la signature de l’acte de vente"


def _garanties_vendeur(result: LotResult) -> str:
    """The seller's guarantees the acte of this lot actually gives (none in a BRS), so that the
    bulletin names only those: « ni la vente ni les garanties de rachat et de relogement … »."""
    names = [
        n for n, g in (("de rachat", result.rachat), ("de relogement", result.relogement)) if g is not None
    ]
    if not names:
        return "pas la vente"
    if len(names) == 1:
        return f"ni la vente ni la garantie {names[0]} consentie par le vendeur"
    return "ni la vente ni les garanties de rachat et de relogement consenties par le vendeur"


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    when = act_date(case, lot)
    if "vefa" in lot:
        reference = {"libelle": "Date du contrat de réservation", "date": lot["vefa"]["date_reservation"]}
    else:
        reference = {"libelle": "Date de l’acte de vente", "date": when}
    calc = lot_calc(result)
    calc["assurance"] = assurance_context(result.assurance)
    signed = lot["assurance_revente"]["date_souscription"]  # the rules the adhesion was signed under
    return {
        "op": case["operation"],
        "produit_libelle": LIBELLES_PRODUITS[Produit(case["operation"]["produit"])],
        "vendeur": legal_person_context(case["vendeur"]),
        "notaire": notary_context(case["notaire"]),
        "assurance": case["assurance_revente"],
        "adhesion": {
            **place_context(lot["assurance_revente"], "lieu_souscription"),
            "date_effet": _date_effet(case, lot, when, signed),
        },
        "adherents": [person_context(a) for a in lot["acquereurs"]],
        "adherents_accord": group_context(lot["acquereurs"]),
        "lot": lot,
        "calc": calc,
        "date_reference": reference,
        "ne_conditionne": _garanties_vendeur(result),
        "regles": {
            "dda": lookup("assurance_revente.distribution_dda", signed).as_bool,
            "code_civil_2008": lookup("assurance_revente.prescription_code_civil_2008", signed).as_bool,
            "envoi_electronique": lookup("assurance_revente.prescription_envoi_electronique", signed).as_bool,
        },
    }


def filename(lot: Lot) -> str:
    return f"bulletin-assurance-revente_{buyer_file_label(lot)}.docx"


def title(lot: Lot) -> str:
    return f"Bulletin de souscription d’assurance revente — lot {lot['numero']}"
