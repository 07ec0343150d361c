"""Paiement du prix par l'UES: 70 % à la signature, 30 % consignés; impayés (rapport n° 93/4-18).

Délibération n° 93/4-18 du 24 juillet 1993, art. 4: « 70 % du montant de la vente payés par
l'UES à la signature de l'acte ; 30 % consigné par l'UES et payable dans le délai de 15 ans,
majorée des intérêts produits et déductions faites des éventuels impayés ». The base is the
price *excluding* the frais de vente (« A la signature de l'acte, la Ville perçoit 70 % du
prix de vente (hors frais de vente) », annexe UES).

**Rounding of the split.** The « Paiements UES » table is in francs rounded to the unit:
lot 1, 162 690 F → 113 883 F and 48 807 F; lot 5, 108 756 F → 76 129,2 → 76 129 F and
32 627 F. Rule: the commune's part is rounded to the unit (parameter
``paiement_ues.arrondi_repartition``), half-up; the consigned part is the rest, so the two
parts always make the whole price to the centime.

**Unpaid instalments** (annexe UES): « Les 5 premiers mois d'impayés sont pris en charge par la
Mutuelle de l'Habitat … Au delà, le montant des impayés est prélevé tout d'abord sur les
intérêts produits par les sommes consignées puis sur le principal ». Read here as: the first
five unpaid monthly instalments of the loan (counted over its life) go to the Mutuelle; each
later one is taken from the consignation's interest, then from its principal; what neither
covers stays unpaid.

**Interest of the consignation**: its rate is not in the rapport; it is an input. Interest is
compounded once a year, each year's interest rounded to the centime (half-up).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from actegen.compute.explain import NOMBRE, Explication, Ligne
from actegen.french import format_computed, format_computed_rate
from actegen.money import ZERO, round_cents, to_decimal
from actegen.parameters import lookup

__all__ = [
    "Consignation",
    "CouvertureImpayes",
    "RepartitionPaiement",
    "TotauxOperation",
    "consignation_capitalisee",
    "couverture_impayes",
    "repartition_paiement",
    "totaux_operation",
]


@dataclass(frozen=True)
class RepartitionPaiement:
    prix_hors_frais: Decimal
    taux_signature: Decimal
    part_signature: Decimal  # paid to the commune at signature through the UES
    consignation: Decimal  # kept by the UES for 15 years, with interest
    arrondi: Decimal  # unit the commune's part is rounded to
    lignes: tuple[Ligne, ...]


def repartition_paiement(
    prix_hors_frais: Decimal,
    date_acte: date,
    *,
    arrondi: Decimal | None = None,
    taux: Decimal | None = None,
    currency: str | None = "FRF",
) -> RepartitionPaiement:
    """Split the price excluding the frais de vente into the commune's part at signature
    and the consigned part (see the module docstring for the rounding).

    ``taux`` (a fraction) is the rate the operation's contract sets, when the case states
    one; otherwise the dated parameter applies.
    """
    base = to_decimal(prix_hors_frais)
    ex = Explication()
    ex.ajouter("Prix hors frais de vente", "prix de cession − frais de vente", base)
    pv = lookup("paiement_ues.part_signature", date_acte)
    if taux is None:
        taux = pv.as_decimal
        ex.parametre(pv, "Part payée à la signature")
    else:
        taux = to_decimal(taux)
        ex.ajouter(
            "Part payée à la signature",
            "taux fixé par le dossier (convention de l’opération)",
            taux,
            unite="taux",
        )
    if arrondi is None:
        pva = lookup("paiement_ues.arrondi_repartition", date_acte)
        quantum = pva.as_decimal
        refs = pva.references
    else:
        quantum, refs = to_decimal(arrondi), ()
    exact = base * taux
    signature = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    ex.ajouter(
        "Part de la commune à la signature",
        f"{format_computed_rate(taux)} × {format_computed(base, currency)} = {format_computed(exact)}",
        signature,
        arrondi=f"à {format_computed(quantum)} près, la moitié vers le haut",
        references=refs,
    )
    consignation = ex.ajouter(
        "Part consignée auprès de l’UES (15 ans, avec intérêts)",
        f"prix hors frais − part de la commune = {format_computed(base, currency)} − "
        f"{format_computed(signature, currency)}",
        base - signature,
        references=pv.references,
    )
    return RepartitionPaiement(base, taux, signature, consignation, quantum, ex.lignes())


class _Lot(Protocol):
    @property
    def prix_de_cession(self) -> Decimal: ...

    @property
    def frais_de_vente(self) -> Decimal: ...


@dataclass(frozen=True)
class TotauxOperation:
    nombre_lots: int
    total_prix: Decimal
    total_frais_de_vente: Decimal
    total_hors_frais: Decimal
    total_signature: Decimal
    total_consignation: Decimal
    repartitions: tuple[RepartitionPaiement, ...]
    lignes: tuple[Ligne, ...]


def totaux_operation(
    lots: Sequence[_Lot], date_acte: date, *, arrondi: Decimal | None = None, currency: str | None = "FRF"
) -> TotauxOperation:
    """Totals of an operation from its lots' prices (each to the centime) and their split.

    ``lots``: objects with ``prix_de_cession`` and ``frais_de_vente`` (e.g.
    ``prix.PrixDeCession``). Totals are sums of the lots' rounded figures, so the total
    of the prices is the sum of the printed prices (2 388 944,02 F at the Girimbelles).
    """
    reps = tuple(
        repartition_paiement(
            lot.prix_de_cession - lot.frais_de_vente, date_acte, arrondi=arrondi, currency=currency
        )
        for lot in lots
    )
    ex = Explication()
    ex.ajouter("Nombre de lots", "donnée", Decimal(len(reps)), unite=NOMBRE)
    tp = ex.ajouter(
        "Total des prix de cession",
        "somme des prix des lots (au centime)",
        sum((lot.prix_de_cession for lot in lots), ZERO),
    )
    tf = ex.ajouter(
        "Total des frais de vente",
        "somme des frais de vente des lots",
        sum((lot.frais_de_vente for lot in lots), ZERO),
    )
    th = ex.ajouter("Total des prix hors frais", "total des prix − total des frais", tp - tf)
    ts = ex.ajouter(
        "Total payé à la commune à la signature",
        "somme des parts arrondies des lots",
        sum((r.part_signature for r in reps), ZERO),
    )
    tc = ex.ajouter(
        "Total consigné auprès de l’UES",
        "somme des parts consignées des lots",
        sum((r.consignation for r in reps), ZERO),
    )
    assert ts + tc == th, "les parts doivent faire le tout"
    return TotauxOperation(len(reps), tp, tf, th, ts, tc, reps, ex.lignes())


@dataclass(frozen=True)
class Consignation:
    capital: Decimal
    taux_annuel: Decimal
    annees: int
    interets_par_annee: tuple[Decimal, ...]
    interets: Decimal
    valeur_finale: Decimal
    lignes: tuple[Ligne, ...]


def consignation_capitalisee(
    montant: Decimal,
    taux_annuel: Decimal,
    date_acte: date,
    *,
    annees: int | None = None,
    currency: str | None = "FRF",
) -> Consignation:
    """Value at term of the consigned 30 %, interest compounded yearly (rate: an input,
    the rapport n° 93/4-18 does not give it), before any deduction for unpaid instalments. Not
    yet used by a document (the décompte of the consignation at its term)."""
    capital, taux = to_decimal(montant), to_decimal(taux_annuel)
    ex = Explication()
    ex.ajouter("Somme consignée", "part consignée", capital)
    ex.ajouter("Taux de rémunération de la consignation", "donnée (convention UES)", taux, unite="taux")
    if annees is None:
        pv = lookup("paiement_ues.duree_consignation_annees", date_acte)
        annees = int(ex.parametre(pv, "Durée de la consignation (années)"))
    valeur = capital
    par_annee: list[Decimal] = []
    for _ in range(annees):
        interet = round_cents(valeur * taux)
        par_annee.append(interet)
        valeur += interet
    interets = ex.ajouter(
        "Intérêts produits",
        f"Σ sur {annees} ans de {format_computed_rate(taux)} × valeur en début d’année",
        sum(par_annee, ZERO),
        arrondi="intérêts de chaque année au centime le plus proche (la moitié vers le haut)",
    )
    finale = ex.ajouter(
        "Valeur au terme (avant impayés)",
        f"{format_computed(capital, currency)} + {format_computed(interets, currency)}",
        valeur,
    )
    return Consignation(capital, taux, annees, tuple(par_annee), interets, finale, ex.lignes())


@dataclass(frozen=True)
class CouvertureImpayes:
    total_impayes: Decimal
    mutuelle: Decimal
    sur_interets: Decimal
    sur_principal: Decimal
    non_couvert: Decimal
    interets_restants: Decimal
    principal_restant: Decimal
    mois_mutuelle_utilises: int  # of the Mutuelle's months, used so far (this call included)
    lignes: tuple[Ligne, ...]


def couverture_impayes(
    impayes: Sequence[Decimal],
    *,
    interets_disponibles: Decimal,
    principal_consigne: Decimal,
    date_acte: date,
    mois_deja_pris_en_charge: int = 0,
    currency: str | None = "FRF",
) -> CouvertureImpayes:
    """Who covers each unpaid instalment, in order (see the module docstring).

    ``impayes``: the unpaid monthly instalments in chronological order, one per month;
    ``mois_deja_pris_en_charge``: Mutuelle months already used by earlier unpaid months.
    Not yet used by a document (the décompte of the consignation at its term).
    """
    pv = lookup("paiement_ues.mois_pris_en_charge_mutuelle", date_acte)
    ex = Explication()
    ex.parametre(pv, "Mois d’impayés pris en charge par la Mutuelle de l’Habitat")
    mois_mutuelle = pv.as_int
    interets = to_decimal(interets_disponibles)
    principal = to_decimal(principal_consigne)
    ex.ajouter("Intérêts disponibles de la consignation", "donnée", interets)
    ex.ajouter("Principal consigné", "donnée", principal)
    mutuelle = sur_i = sur_p = reste = ZERO
    utilises = mois_deja_pris_en_charge
    total = ZERO
    for montant in impayes:
        montant = to_decimal(montant)
        total += montant
        if utilises < mois_mutuelle:
            utilises += 1
            mutuelle += montant
            continue
        part = min(montant, interets)
        interets -= part
        sur_i += part
        montant -= part
        part = min(montant, principal)
        principal -= part
        sur_p += part
        reste += montant - part
    ex.ajouter("Total des impayés", f"{len(impayes)} mensualités impayées", total)
    ex.ajouter(
        "Pris en charge par la Mutuelle de l’Habitat",
        f"les {mois_mutuelle} premiers mois d’impayés",
        mutuelle,
        references=pv.references,
    )
    ex.ajouter(
        "Prélevé sur les intérêts de la consignation",
        "au-delà, d’abord sur les intérêts",
        sur_i,
        references=pv.references,
    )
    ex.ajouter("Prélevé sur le principal consigné", "puis sur le principal", sur_p, references=pv.references)
    ex.ajouter("Non couvert", "impayés − Mutuelle − intérêts − principal", reste)
    ex.ajouter("Intérêts restants", "intérêts disponibles − prélèvements", interets)
    ex.ajouter("Principal restant à restituer à la commune", "principal − prélèvements", principal)
    return CouvertureImpayes(total, mutuelle, sur_i, sur_p, reste, interets, principal, utilises, ex.lignes())
