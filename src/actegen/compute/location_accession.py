"""PSLA: the levée d'option price justified from the contrat de location-accession.

The contract fixes an initial price and its reduction at each anniversary of the contract
(the reduction is the contract's own stipulation; the article of the arrêté du 26 mars 2004
that would impose it was not read, and the rate of 1,5 % per anniversary is the one the Sénat's
report on the arrêté gives — parameter ``location_accession.minoration_annuelle``, checked
against the contract's own rate). The price at the option is the initial price less
the rate × the number of anniversaries passed, of the initial price (linear, as the contract
stipulates), rounded to the centime. The part acquisitive paid during the rental phase is
imputed on that price. The PSLA price ceiling (HT, per m² of surface utile) and the income
ceiling are those of the contract's date, as the contract records them (case facts).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.explain import NOMBRE, TAUX, Explication, Ligne
from actegen.french import format_computed, format_computed_rate
from actegen.money import HUNDRED, round_cents, to_decimal
from actegen.parameters import lookup

__all__ = ["PrixLocationAccession", "anniversaires", "prix_location_accession"]

ARRONDI = "au centime le plus proche (la moitié vers le haut)"


@dataclass(frozen=True)
class PrixLocationAccession:
    prix_initial: Decimal
    minoration: Decimal  # fraction of the initial price per anniversary
    dates_anniversaires: tuple[date, ...]
    prix_minore: Decimal
    part_acquisitive: Decimal
    solde: Decimal  # price − part acquisitive
    prix_ht: Decimal
    prix_ht_m2: Decimal
    plafond_prix_m2_ht: Decimal
    revenu_fiscal_reference: Decimal
    plafond_ressources: Decimal
    minoration_minimale: Decimal
    avertissements: tuple[str, ...]
    lignes: tuple[Ligne, ...]

    @property
    def nombre_anniversaires(self) -> int:
        return len(self.dates_anniversaires)

    @property
    def prix_sous_plafond(self) -> bool:
        return self.prix_ht_m2 <= self.plafond_prix_m2_ht

    @property
    def ressources_sous_plafond(self) -> bool:
        return self.revenu_fiscal_reference <= self.plafond_ressources


def anniversaires(debut: date, fin: date) -> tuple[date, ...]:
    """The anniversaries of ``debut`` after it and up to ``fin`` included (29 February → 28)."""
    out: list[date] = []
    year = debut.year + 1
    while True:
        try:
            d = debut.replace(year=year)
        except ValueError:
            d = date(year, 2, 28)
        if d > fin:
            return tuple(out)
        out.append(d)
        year += 1


def prix_location_accession(
    contrat: dict, date_levee_option: date, taux_tva: Decimal, currency: str | None = "EUR"
) -> PrixLocationAccession:
    """The price at the option from the contract (``lot.location_accession``) and its checks."""
    ex = Explication()
    initial = ex.ajouter(
        "Prix initial du contrat de location-accession", "donnée", to_decimal(contrat["prix_initial"])
    )
    rate = to_decimal(contrat["minoration_annuelle"]) / HUNDRED
    ex.ajouter("Minoration par date anniversaire", "stipulation du contrat", rate, unite=TAUX)
    minimum = lookup("location_accession.minoration_annuelle", contrat["date_contrat"])
    ex.parametre(minimum, "Minoration annuelle de référence")
    dates = anniversaires(contrat["date_contrat"], date_levee_option)
    ex.ajouter(
        "Dates anniversaires du contrat jusqu’à la levée d’option",
        ", ".join(d.strftime("%d/%m/%Y") for d in dates) or "aucune",
        Decimal(len(dates)),
        unite=NOMBRE,
    )
    prix = ex.ajouter(
        "Prix de levée d’option",
        f"{format_computed(initial, currency)} × (1 − {len(dates)} × {format_computed_rate(rate)})",
        round_cents(initial * (1 - len(dates) * rate)),
        arrondi=ARRONDI,
    )
    part = ex.ajouter(
        "Part acquisitive imputée", "redevances de la phase locative", to_decimal(contrat["part_acquisitive"])
    )
    solde = ex.ajouter("Solde du prix", "prix de levée d’option − part acquisitive", prix - part)
    ht = ex.ajouter(
        "Prix hors taxe",
        f"{format_computed(prix, currency)} ÷ (1 + {format_computed_rate(taux_tva)})",
        round_cents(prix / (1 + taux_tva)),
        arrondi=ARRONDI,
    )
    surface = to_decimal(contrat["surface_utile_m2"])
    ht_m2 = ex.ajouter(
        "Prix hors taxe par mètre carré de surface utile",
        f"{format_computed(ht, currency)} ÷ {surface} m²",
        round_cents(ht / surface),
        arrondi=ARRONDI,
    )
    plafond_prix = ex.ajouter(
        f"Plafond de prix PSLA (zone {contrat['zone']})",
        "donnée du contrat",
        to_decimal(contrat["plafond_prix_m2_ht"]),
    )
    revenu = ex.ajouter(
        f"Revenu fiscal de référence du ménage, personnes destinées à occuper le logement : {contrat['nombre_personnes']}",
        "donnée du contrat",
        to_decimal(contrat["revenu_fiscal_reference"]),
    )
    plafond_res = ex.ajouter(
        "Plafond de ressources PSLA à la date du contrat",
        "donnée du contrat",
        to_decimal(contrat["plafond_ressources"]),
    )
    warnings: list[str] = []
    if rate < minimum.as_decimal:
        warnings.append(
            f"minoration du contrat ({format_computed_rate(rate)}) inférieure à la minoration de référence "
            f"({format_computed_rate(minimum.as_decimal)})"
        )
    if ht_m2 > plafond_prix:
        warnings.append("prix hors taxe au mètre carré au-dessus du plafond PSLA du contrat")
    if revenu > plafond_res:
        warnings.append("revenu fiscal de référence au-dessus du plafond de ressources PSLA du contrat")
    return PrixLocationAccession(
        initial,
        rate,
        dates,
        prix,
        part,
        solde,
        ht,
        ht_m2,
        plafond_prix,
        revenu,
        plafond_res,
        minimum.as_decimal,
        tuple(warnings),
        ex.lignes(),
    )
