"""Rules on the facts the tax sections of the acte need: the zone that opens the reduced TVA
rate of an accession sociale, and a PSLA price that follows its contract."""

from __future__ import annotations

from collections.abc import Iterator

from ..case_types import Case
from ..compute.location_accession import prix_location_accession
from ..errors import CaseError, FieldPath
from ..french import format_amount
from ..load import LoadedCase
from ..money import HUNDRED, ZERO
from ..parameters import history, lookup
from ..produits import act_date
from .common import err


def _anniversaires(n: int) -> str:
    if n == 0:
        return "avant toute date anniversaire"
    return f"après {n} date{'s' if n > 1 else ''} anniversaire{'s' if n > 1 else ''}"


def reduced_vat_rate_has_its_basis(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """An accession sociale at the reduced rate must say which quartier opens it (CGI art. 278
    sexies, III, 2°): the acte states it among the conditions of the rate."""
    if case["operation"]["produit"] != "accession_sociale":
        return
    for i, lot in enumerate(case["lots"]):
        prix = lot["prix"]
        if not prix.get("tva_incluse") or "taux_tva" not in prix:
            continue
        reduit = lookup("tva.taux_reduit_accession_sociale", act_date(case, lot)).as_decimal
        if prix["taux_tva"] / HUNDRED == reduit and "zone_taux_reduit" not in prix:
            yield err(
                loaded,
                ("lots", i, "prix", "taux_tva"),
                "taux réduit de TVA en accession sociale : indiquer le quartier qui y ouvre droit "
                "(prix.zone_taux_reduit, CGI art. 278 sexies, III, 2°)",
            )


def psla_price_follows_the_contract(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The levée d'option price is the contract's initial price less its minorations: the acte
    justifies the one from the other."""
    if case["operation"]["produit"] != "psla":
        return
    for i, lot in enumerate(case["lots"]):
        la = lot.get("location_accession")
        if la is None or "date_levee_option" not in lot or "prix_de_vente" not in lot["prix"]:
            continue
        rate = lot["prix"].get("taux_tva", ZERO) / HUNDRED
        calc = prix_location_accession(la, lot["date_levee_option"], rate)
        if calc.prix_minore != lot["prix"]["prix_de_vente"]:
            yield err(
                loaded,
                ("lots", i, "prix", "prix_de_vente"),
                f"prix de levée d'option différent du prix du contrat minoré "
                f"({format_amount(calc.prix_minore, case['operation']['devise'])}, {_anniversaires(calc.nombre_anniversaires)}) : vérifier "
                "location_accession.prix_initial et minoration_annuelle",
            )


_TAX_PARAMETERS = (
    "dmto.taux_departemental",
    "dmto.taux_neuf",
    "csi.taux",
    "emoluments_notaire.vente",
    "frais_acquisition.debours_et_formalites",
)


def tax_rates_are_known_at_the_act_date(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The « Déclarations fiscales » and « Frais » of a modern acte state the rates in force: an
    act dated before the first encoded value of one of them is refused, not printed without it."""
    if case["operation"]["produit"] == "lts":
        return
    first = max(history(name)[0].start for name in _TAX_PARAMETERS)
    for i, lot in enumerate(case["lots"]):
        when = act_date(case, lot)
        if when < first:
            path: FieldPath = ("lots", i, "date_acte") if "date_acte" in lot else ("operation", "date_acte")
            yield err(
                loaded,
                path,
                f"acte du {when.strftime('%d/%m/%Y')} : les droits de mutation, la contribution de sécurité "
                f"immobilière et les émoluments du notaire ne sont encodés qu'à partir du "
                f"{first.strftime('%d/%m/%Y')} (paramètres dmto, csi, emoluments_notaire)",
            )
            return
