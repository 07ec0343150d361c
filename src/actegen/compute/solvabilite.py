"""Solvabilité des accédants: effort, 25 % ceiling, the four hypotheses (rapport n° 93/4-18).

« Cet effort doit rester conforme aux dispositions de la Loi du 31 décembre 1989 et il
convient alors de réserver à priori l'accession aux familles dont les mensualités
prévisibles ne dépassent pas 25 % de l'ensemble des revenus mensuels » (rapport
n° 93/4-18). The effort is the household's own share of the payment over its monthly
income::

    taux d'effort = (mensualité − AL) / revenu mensuel

The ceiling (parameter ``solvabilite.taux_effort_max``, 25 %) is compared with the exact
ratio; « ne dépassent pas » means an effort of exactly 25 % is within it. Above it the
household is classed in hypothesis 4, with a *warning*: it may still buy (issue 4).
The ratio is shown rounded to 0,01 % (half-up) for display only.

A household in hypothesis 4 stays a tenant: the case produces neither its acte de vente nor
its convention CAF (``motif_sans_acte``), unless the lot records a derogation with its
reason (``derogation_accession.motif``), which the acte then states. A household that does
not want to buy never gets an acte: a sale needs the buyer's consent (C. civ. art. 1108 in
1993, art. 1583).

The four hypotheses of the report: (1) pays the whole price in cash on the day of the sale;
(2) brings part of the price and borrows the rest; (3) borrows the whole price; (4) payment
above 25 % of income, or no wish to become owner (stays a tenant).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from actegen.compute.explain import TAUX, Explication, Ligne
from actegen.french import format_computed, format_computed_rate
from actegen.money import ZERO, to_decimal
from actegen.parameters import lookup

__all__ = ["LIBELLES_HYPOTHESES", "Hypothese", "Solvabilite", "motif_sans_acte", "solvabilite"]

SEED_004 = (
    "Rapport n° 93/4-18 au conseil municipal de Saint-Denis, les 4 hypothèses (séance du 24 juillet 1993)"
)


class Hypothese(StrEnum):
    COMPTANT = "comptant"
    APPORT_ET_PRET = "apport_et_pret"
    PRET_TOTAL = "pret_total"
    LOCATAIRE = "locataire"  # effort above the ceiling or no wish to buy


LIBELLES_HYPOTHESES = {
    Hypothese.COMPTANT: "paie le prix intégralement le jour de la vente",
    Hypothese.APPORT_ET_PRET: "apporte une partie du prix et emprunte le reste",
    Hypothese.PRET_TOTAL: "emprunte l’intégralité du prix",
    Hypothese.LOCATAIRE: (
        "mensualités au-delà de 25 % des revenus ou pas de souhait d’accéder : reste locataire"
    ),
}


@dataclass(frozen=True)
class Solvabilite:
    prix: Decimal
    apport: Decimal
    mensualite: Decimal  # payment of the loan actually taken (0 when paying cash)
    al: Decimal
    solde_menage: Decimal  # mensualité − AL
    revenu_mensuel: Decimal | None
    taux_effort: Decimal | None  # exact ratio; None when the income is unknown
    taux_effort_affiche: Decimal | None  # rounded to 0,0001 (0,01 %), half-up
    plafond: Decimal
    depasse_plafond: bool | None
    hypothese: Hypothese
    avertissements: tuple[str, ...]
    lignes: tuple[Ligne, ...]


def solvabilite(
    *,
    prix: Decimal,
    mensualite: Decimal,
    date_acte: date,
    apport: Decimal = ZERO,
    al: Decimal = ZERO,
    revenu_mensuel: Decimal | None = None,
    souhaite_acheter: bool = True,
    derogation: str | None = None,
    currency: str | None = "FRF",
) -> Solvabilite:
    """Effort and hypothesis of one household (see the module docstring)."""
    prix, apport, al = to_decimal(prix), to_decimal(apport), to_decimal(al)
    mensualite = to_decimal(mensualite)
    ex = Explication()
    pv = lookup("solvabilite.taux_effort_max", date_acte)
    plafond = pv.as_decimal
    warnings: list[str] = []
    ex.ajouter("Prix", "donnée", prix)
    ex.ajouter("Apport", "donnée du ménage", apport)
    comptant = apport >= prix
    if comptant:
        mensualite = ZERO
    ex.ajouter(
        "Mensualité du prêt (hors AL)",
        "prêt (prix − apport)" if not comptant else "aucun prêt : paiement comptant",
        mensualite,
    )
    ex.ajouter("Allocation logement", "donnée (CAF)", al)
    solde = ex.ajouter(
        "Solde à la charge du ménage",
        f"mensualité − AL = {format_computed(mensualite, currency)} − {format_computed(al, currency)}",
        mensualite - al,
    )
    ex.parametre(pv, "Plafond du taux d’effort")
    effort = affiche = None
    depasse: bool | None = None
    if revenu_mensuel is not None:
        revenu = to_decimal(revenu_mensuel)
        if revenu <= 0:
            raise ValueError("revenu mensuel non positif")
        ex.ajouter("Revenu mensuel", "donnée du ménage", revenu)
        effort = solde / revenu
        affiche = effort.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        ex.ajouter(
            "Taux d’effort",
            f"solde / revenu = {format_computed(solde, currency)} / {format_computed(revenu, currency)}",
            affiche,
            unite=TAUX,
            arrondi="affiché à 0,01 % près (la moitié vers le haut) ; comparé exact",
            references=pv.references,
        )
        depasse = effort > plafond
        if depasse:
            warnings.append(
                f"taux d’effort {format_computed_rate(affiche)} au-delà du plafond de {format_computed_rate(plafond)} "
                "(avertissement : le ménage peut encore acheter)"
            )
    elif not comptant:
        warnings.append("revenu mensuel inconnu : taux d’effort non calculé")
    if not souhaite_acheter or depasse:
        hypothese = Hypothese.LOCATAIRE
    elif comptant:
        hypothese = Hypothese.COMPTANT
    elif apport > 0:
        hypothese = Hypothese.APPORT_ET_PRET
    else:
        hypothese = Hypothese.PRET_TOTAL
    numero = list(Hypothese).index(hypothese) + 1
    suite = ""
    if hypothese is Hypothese.LOCATAIRE:
        suite = (
            f" ; vente consentie par dérogation : {derogation}"
            if derogation and souhaite_acheter
            else " ; ni acte de vente ni convention CAF"
        )
    ex.ajouter(
        f"Hypothèse {numero} : {LIBELLES_HYPOTHESES[hypothese]}{suite}",
        "classement selon l’apport, l’effort et le souhait du ménage",
        Decimal(numero),
        unite="nombre",
        references=(SEED_004,),
    )
    return Solvabilite(
        prix,
        apport,
        mensualite,
        al,
        solde,
        to_decimal(revenu_mensuel) if revenu_mensuel is not None else None,
        effort,
        affiche,
        plafond,
        depasse,
        hypothese,
        tuple(warnings),
        ex.lignes(),
    )


def motif_sans_acte(lot: Mapping[str, Any], solv: Solvabilite | None) -> str | None:
    """Why the lot gets no acte de vente and no convention CAF (French, for the warnings), or
    None when it is sold: the household does not want to buy, or the rapport n° 93/4-18's
    rule classes it in hypothesis 4 and the lot records no derogation."""
    menage = lot.get("menage", {})
    if not menage.get("souhaite_acheter", True):
        return "le ménage ne souhaite pas acheter (hypothèse 4 du rapport n° 93/4-18 : il reste locataire)"
    if solv is None or solv.hypothese is not Hypothese.LOCATAIRE:
        return None
    if "derogation_accession" in lot:
        return None
    return (
        f"l’effort du ménage dépasse le plafond de {format_computed_rate(solv.plafond)} retenu par le rapport "
        "n° 93/4-18 (hypothèse 4 : il reste locataire) et le lot n’indique aucune dérogation "
        "(derogation_accession)"
    )
