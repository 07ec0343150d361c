"""Context of the bulletin de souscription d'assurance revente (per acquisition where offered).

The fields of a real adhesion certificate: contract and adhesion numbers, one
or two adhérents with their contact details, the property, its price and the date of the
reservation (VEFA) or of the act, the product, the premium, the computed ceiling of the cover,
its duration, then the mentions of the code des assurances (L.112-2, L.112-3, L.112-9) and of
data protection, and the signatures.
"""

from __future__ import annotations

from typing import Any

from ..case_types import Case, Lot
from ..compute.dossier import LotResult
from ..naming import buyer_file_label
from ..produits import LIBELLES_PRODUITS, Produit, act_date
from .common import group_context, legal_person_context, notary_context, person_context, place_context
from .figures import assurance_context, lot_calc


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """Offered and subscribed: the insurance was computed for the lot and the lot has its adhesion."""
    return result.assurance is not None and "assurance_revente" in lot


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    when = act_date(case, lot)
    if "vefa" in lot:
        reference = {"libelle": "Date du contrat de réservation", "date": lot["vefa"]["date_reservation"]}
    else:
        reference = {"libelle": "Date de l’acte de vente", "date": when}
    calc = lot_calc(result)
    calc["assurance"] = assurance_context(result.assurance)
    return {
        "op": case["operation"],
        "produit_libelle": LIBELLES_PRODUITS[Produit(case["operation"]["produit"])],
        "vendeur": legal_person_context(case["vendeur"]),
        "notaire": notary_context(case["notaire"]),
        "assurance": case["assurance_revente"],
        "adhesion": {**place_context(lot["assurance_revente"], "lieu_souscription"), "date_effet": when},
        "adherents": [person_context(a) for a in lot["acquereurs"]],
        "adherents_accord": group_context(lot["acquereurs"]),
        "lot": lot,
        "calc": calc,
        "date_reference": reference,
    }


def filename(lot: Lot) -> str:
    return f"bulletin-assurance-revente_{buyer_file_label(lot)}.docx"


def title(lot: Lot) -> str:
    return f"Bulletin de souscription d’assurance revente — lot {lot['numero']}"
