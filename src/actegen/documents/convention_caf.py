"""Context of the convention tripartite CAF – prêteur (UES) – allocataire (tiers payant).

One per household receiving the allocation logement and financing its purchase with the
case's loan (rapport 93/4-18: « une convention tripartite entre la CAF, l'UES et l'allocataire afin
que le montant des droits de ce dernier soit versés directement à l'UES, l'accédant restant
redevable du solde »). Legal basis by date: code de la sécurité sociale L.553-4 before the
housing aids moved into the code de la construction et de l'habitation (ordonnance
n° 2019-770 du 17 juillet 2019, in force on 1 September 2019), CCH L.842-1 and L.843-7 since
(parameter ``aides_logement.code_construction``). The wording is a model, not a sourced form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case_types import Case, Lot
from ..compute.dossier import LotResult
from ..naming import buyer_file_label
from ..parameters import lookup
from ..produits import act_date
from .common import capitalized, group_context, notary_context, person_context, place_context
from .figures import lot_calc


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """The household receives the AL and repays the case's loan."""
    al = lot.get("menage", {}).get("allocation_logement", 0)
    return bool(al) and al > 0 and result.pret is not None and result.solvabilite is not None


def _base_legale(when: date) -> dict[str, str]:
    if not lookup("aides_logement.code_construction", when).as_bool:
        return {
            "titre": "article L.553-4 du Code de la sécurité sociale",
            "visa": "le Code de la sécurité sociale, notamment son article L.553-4 qui permet le versement de "
            "l’allocation de logement au prêteur, avec l’accord de l’allocataire et du prêteur",
        }
    return {
        "titre": "articles L.842-1 et L.843-7 du Code de la construction et de l’habitation",
        "visa": "le Code de la construction et de l’habitation, notamment ses articles L.842-1 et L.843-7 "
        "relatifs au versement de l’aide personnelle au logement au prêteur",
    }


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    when = act_date(case, lot)
    fin = case["financement"]
    calc = lot_calc(result)
    calc["pret"] = {**calc["pret"], "duree_mois": calc["pret"]["duree_annees"] * 12}
    return {
        "op": place_context(case["operation"], "lieu_acte", "commune"),
        "caf": case["caf"],
        "fin": fin,
        "preteur": {
            "denomination_capitalisee": capitalized(fin["preteur"]),
            "sigle": fin.get("sigle_preteur", ""),
        },
        "notaire": notary_context(case["notaire"]),
        "allocataires": [person_context(a) for a in lot["acquereurs"]],
        "allocataires_accord": group_context(lot["acquereurs"]),
        "lot": lot,
        "menage": lot["menage"],
        "calc": calc,
        "acte_date": when,
        "base_legale": _base_legale(when),
    }


def filename(lot: Lot) -> str:
    return f"convention-caf_{buyer_file_label(lot)}.docx"


def title(lot: Lot) -> str:
    return f"Convention CAF – prêteur – allocataire — lot {lot['numero']}"
