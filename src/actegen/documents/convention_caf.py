"""Context of the convention tripartite CAF – prêteur (UES) – allocataire (tiers payant).

One per household receiving the allocation logement and financing its purchase with the
case's loan (rapport 93/4-18: « une convention tripartite entre la CAF, l'UES et l'allocataire afin
que le montant des droits de ce dernier soit versés directement à l'UES, l'accédant restant
redevable du solde »). Legal basis by date: code de la sécurité sociale L.553-4 before the
housing aids moved into the code de la construction et de l'habitation (ordonnance
n° 2019-770 du 17 juillet 2019, in force on 1 September 2019), CCH L.842-1 and L.843-7 since
(parameter ``aides_logement.code_construction``). Before that date the article depends on the
allocation the household draws (notarial review, B13): the allocation de logement familiale (CSS
L.542-1; in the overseas départements L.755-21) is paid to the lender under L.553-4
(version of 2 June 1990: « versée après accord de l'allocataire et du bailleur ou du prêteur »),
the allocation de logement sociale (CSS L.831-1) under L.835-2. Where the case gives the AL the
CAF expects year by year, the convention shows the smoothed schedule (rapport n° 93/4-18, annexe
UES: « mensualités constantes pour l'accédant indépendamment de l'évolution … de l'Allocation
Logement »). The wording is a model, not a sourced form.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..case_types import Case, Lot
from ..compute.dossier import LotResult
from ..french import format_amount, spell_number
from ..money import ZERO
from ..naming import buyer_file_label
from ..parameters import lookup
from ..produits import act_date
from .common import capitalized, group_context, notary_context, person_context, place_context
from .figures import lot_calc

# The overseas départements of CSS L.751-1 (Guadeloupe, Guyane, Martinique, La Réunion; Mayotte
# since 2011), where the allocation de logement familiale is granted under L.755-21.
_DOM = frozenset({"Guadeloupe", "Guyane", "Martinique", "La Réunion", "Réunion", "Mayotte"})


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """The household receives the AL and repays the case's loan."""
    al = lot.get("menage", {}).get("allocation_logement", 0)
    return bool(al) and al > 0 and result.pret is not None and result.solvabilite is not None


def _base_legale(when: date, nature: str, dom: bool) -> dict[str, str]:
    """The article under which the AL is paid to the lender, by date and by allocation."""
    if not lookup("aides_logement.code_construction", when).as_bool:
        if nature == "sociale":
            return {
                "titre": "article L.835-2 du Code de la sécurité sociale",
                "visa": "le Code de la sécurité sociale, notamment son article L.831-1 relatif à l’allocation de "
                "logement sociale et son article L.835-2 qui permet le versement de cette allocation au prêteur, "
                "avec l’accord de l’allocataire",
            }
        attribution = (
            "ses articles L.542-1 et L.755-21, ce dernier relatif à l’attribution de l’allocation de logement "
            "familiale dans les départements d’outre-mer,"
            if dom
            else "son article L.542-1 relatif à l’allocation de logement familiale,"
        )
        return {
            "titre": "article L.553-4 du Code de la sécurité sociale",
            "visa": f"le Code de la sécurité sociale, notamment {attribution} et son article L.553-4 qui prévoit le "
            "versement de l’allocation de logement au prêteur après accord de l’allocataire et du prêteur",
        }
    return {
        "titre": "articles L.842-1 et L.843-7 du Code de la construction et de l’habitation",
        "visa": "le Code de la construction et de l’habitation, notamment ses articles L.842-1 et L.843-7 "
        "relatifs au versement de l’aide personnelle au logement au prêteur",
    }


def _emprunteurs(n: int) -> dict[str, Any]:
    """The borrowers' name in the convention and the verbs that agree with it: one borrower is
    « L’ALLOCATAIRE »; two are « LES EMPRUNTEURS », one of them being the allocataire."""
    if n == 1:
        return {
            "nom": "L’ALLOCATAIRE",
            "le_nom": "l’ALLOCATAIRE",
            "de_nom": "de l’ALLOCATAIRE",
            "pluriel": False,
            "reste": "reste",
            "paie": "paie",
            "acquiert": "acquiert",
            "occupe": "occupe",
            "finance": "finance",
            "engage": "s’engage",
            "est": "est",
            "societaires": "sociétaire",
            "proprietaires": "propriétaire",
        }
    return {
        "nom": "LES EMPRUNTEURS",
        "le_nom": "LES EMPRUNTEURS",
        "de_nom": "des EMPRUNTEURS",
        "pluriel": True,
        "reste": "restent",
        "paie": "paient",
        "acquiert": "acquièrent",
        "occupe": "occupent",
        "finance": "financent",
        "engage": "s’engagent",
        "est": "sont",
        "societaires": "sociétaires",
        "proprietaires": "propriétaires",
    }


def _composition(enfants: int | None) -> str:
    if enfants is None:
        return ""
    if enfants == 0:
        return "sans enfant à charge"
    if enfants == 1:
        return "un enfant à charge"
    return f"{spell_number(enfants)} enfants à charge"


def _lissage(result: LotResult) -> dict[str, Any] | None:
    """The smoothed schedule year by year, or None when the case gives no AL forecast."""
    lis = result.lissage
    if lis is None:
        return None
    aj = lis.ajustement_final
    return {
        "part_menage": lis.solde_menage,
        "annees": lis.annees,
        "ajustement": {"sens": "diminuée" if aj < 0 else "augmentée", "montant": abs(aj)} if aj else None,
    }


def _objet_pret(case: Case, calc: dict[str, Any]) -> str:
    """What the loan pays, in the acte's own terms: for an LTS sale the price excluding the
    frais de vente and the rents (the acte's « Prix »), the rent account, and the frais paid on
    top — the convention must not call « prix » a sum the acte splits (notarial review, A3)."""
    currency = case["operation"].get("devise", "EUR")
    prix = calc["prix"]
    if case["operation"]["produit"] != "lts" or "prix_hors_frais" not in prix:
        return f"prix du logement : {format_amount(calc['prix_de_vente'], currency)}"
    loyers = prix.get("loyers_impayes", ZERO)
    parts = [f"prix de vente : {format_amount(prix['prix_hors_frais'] - loyers, currency)}"]
    if loyers > 0:
        parts.append(f"loyers dus au vendeur : {format_amount(loyers, currency)}")
    elif loyers < 0:
        parts.append(f"déduction faite du trop-perçu de loyers : {format_amount(-loyers, currency)}")
    frais = prix.get("frais_de_vente", ZERO)
    if frais > 0:
        parts.append(f"frais de la vente : {format_amount(frais, currency)}")
    return " ; ".join(parts)


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    when = act_date(case, lot)
    fin = case["financement"]
    calc = lot_calc(result)
    calc["pret"] = {**calc["pret"], "duree_mois": calc["pret"]["duree_annees"] * 12}
    menage = lot["menage"]
    nature = menage.get("allocation_logement_nature", "familiale")
    dom = case["operation"].get("departement", "") in _DOM
    emprunteurs = [person_context(a) for a in lot["acquereurs"]]
    allocataire = next((a for a in emprunteurs if "numero_caf" in a), emprunteurs[0])
    return {
        "op": place_context(case["operation"], "lieu_acte", "commune"),
        "caf": case["caf"],
        "fin": fin,
        "preteur": {
            "denomination_capitalisee": capitalized(fin["preteur"]),
            "sigle": fin.get("sigle_preteur", ""),
        },
        "notaire": notary_context(case["notaire"]),
        "allocataires": emprunteurs,
        "allocataires_accord": group_context(lot["acquereurs"]),
        "allocataire": allocataire,
        "lot": lot,
        "menage": menage,
        "allocation": {
            "nature": nature,
            "libelle": f"allocation de logement {nature}",
            "composition": _composition(menage.get("enfants_a_charge")),
        },
        "emp": _emprunteurs(len(emprunteurs)),
        "calc": calc,
        "lissage": _lissage(result),
        "objet_pret": _objet_pret(case, calc),
        # An LTS acte sells the tréfonds: the household already owns the house (acte initial).
        "trefonds": case["operation"]["produit"] == "lts" and "acte_initial" in lot,
        "acte_date": when,
        "base_legale": _base_legale(when, nature, dom),
        # One original for each signatory: LA CAISSE, LE PRÊTEUR and each borrower.
        "originaux": 2 + len(emprunteurs),
    }


def filename(lot: Lot) -> str:
    return f"convention-caf_{buyer_file_label(lot)}.docx"


def title(lot: Lot) -> str:
    return f"Convention CAF – prêteur – allocataire — lot {lot['numero']}"
