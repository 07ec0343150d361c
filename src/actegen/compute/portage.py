"""Portage ciblé provisoire de lots de copropriété en difficulté (« Le portage ciblé
provisoire : un outil d'aide au redressement durable des copropriétés », Anah, juillet 2016).

A Coop'HLM buys the lots of the most indebted owners « à l'amiable à un prix proche de celui
du marché », carries them — « la durée du portage ne doit pas excéder cinq ans » — and
resells them « à un prix permettant d'assurer l'équilibre financier »; « l'éventuel déficit
foncier est couvert par une aide de l'ANRU (50 000 € maximum par lot à Sevran) » (Les cahiers
de l'Anah, juillet 2016). Parameters ``portage.plafond_anru_par_lot`` (a convention figure,
to adapt) and ``portage.duree_max_annees``, read at the date of purchase.

    coût de revient = prix d'acquisition + frais d'acquisition + frais de portage
    déficit = max(coût de revient − prix de revente, 0)
    aide ANRU = min(déficit, plafond par lot × nombre de lots)
    reste à la charge de l'opérateur = déficit − aide ANRU

No rounding: the inputs are amounts to the centime and the results are sums and minima.
A resale after the 5-year limit is reported as a warning (``depassement_duree``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from actegen.compute.dates import add_years
from actegen.compute.explain import NOMBRE, Explication, Ligne
from actegen.french import format_computed
from actegen.money import ZERO, to_decimal
from actegen.parameters import lookup

__all__ = ["Portage", "portage"]


@dataclass(frozen=True)
class Portage:
    prix_acquisition: Decimal
    valeur_marche: Decimal | None
    ecart_marche: Decimal | None  # prix d'acquisition − valeur du marché
    frais_acquisition: Decimal
    frais_portage: Decimal
    cout_de_revient: Decimal
    prix_revente: Decimal
    deficit: Decimal
    excedent: Decimal
    plafond_anru: Decimal  # cap per lot × number of lots
    aide_anru: Decimal
    reste_operateur: Decimal
    date_acquisition: date
    date_revente: date
    date_limite_revente: date
    duree_mois: int  # full months of carrying
    depassement_duree: bool
    avertissements: tuple[str, ...]
    lignes: tuple[Ligne, ...]


def _mois_entiers(debut: date, fin: date) -> int:
    n = (fin.year - debut.year) * 12 + fin.month - debut.month
    return n - 1 if fin.day < debut.day else n


def portage(
    *,
    prix_acquisition: Decimal,
    prix_revente: Decimal,
    date_acquisition: date,
    date_revente: date,
    frais_acquisition: Decimal = ZERO,
    frais_portage: Mapping[str, Decimal] | Sequence[tuple[str, Decimal]] = (),
    valeur_marche: Decimal | None = None,
    nombre_lots: int = 1,
    currency: str | None = "EUR",
) -> Portage:
    """The balance of a portage and who bears its deficit (see the module docstring).

    ``frais_portage``: the carrying costs by label (charges de copropriété, taxe foncière,
    travaux, frais financiers, gestion…).
    """
    if date_revente < date_acquisition:
        raise ValueError("revente antérieure à l’acquisition")
    if nombre_lots < 1:
        raise ValueError("au moins un lot")
    ex = Explication()
    achat = ex.ajouter("Prix d’acquisition", "donnée (acquisition amiable)", to_decimal(prix_acquisition))
    ecart = marche = None
    if valeur_marche is not None:
        marche = ex.ajouter("Valeur du marché", "donnée (estimation)", to_decimal(valeur_marche))
        ecart = ex.ajouter("Écart au prix du marché", "prix d’acquisition − valeur du marché", achat - marche)
    frais_a = ex.ajouter("Frais d’acquisition", "donnée", to_decimal(frais_acquisition))
    items = list(frais_portage.items()) if isinstance(frais_portage, Mapping) else list(frais_portage)
    total_portage = ZERO
    for libelle, montant in items:
        total_portage += ex.ajouter(f"Frais de portage : {libelle}", "donnée", to_decimal(montant))
    ex.ajouter("Frais de portage", "somme des frais de portage", total_portage)
    cout = ex.ajouter(
        "Coût de revient",
        "prix d’acquisition + frais d’acquisition + frais de portage",
        achat + frais_a + total_portage,
    )
    revente = ex.ajouter("Prix de revente", "donnée", to_decimal(prix_revente))
    deficit = ex.ajouter(
        "Déficit",
        f"le plus grand de coût de revient − prix de revente = "
        f"{format_computed(cout - revente, currency)} et zéro",
        max(cout - revente, ZERO),
    )
    excedent = max(revente - cout, ZERO)
    cap_pv = lookup("portage.plafond_anru_par_lot", date_acquisition)
    cap_lot = ex.parametre(cap_pv, "Plafond de l’aide de l’ANRU par lot")
    ex.ajouter("Nombre de lots", "donnée", Decimal(nombre_lots), unite=NOMBRE)
    cap = ex.ajouter(
        "Plafond de l’aide de l’ANRU",
        "plafond par lot × nombre de lots",
        cap_lot * nombre_lots,
        references=cap_pv.references,
    )
    aide = ex.ajouter(
        "Aide de l’ANRU",
        "le plus petit du déficit et du plafond",
        min(deficit, cap),
        references=cap_pv.references,
    )
    reste = ex.ajouter("Reste à la charge de l’opérateur", "déficit − aide de l’ANRU", deficit - aide)
    duree_pv = lookup("portage.duree_max_annees", date_acquisition)
    limite = add_years(date_acquisition, duree_pv.as_int)
    mois = _mois_entiers(date_acquisition, date_revente)
    ex.ajouter(
        "Durée du portage (mois entiers)",
        f"du {date_acquisition.strftime('%d/%m/%Y')} au {date_revente.strftime('%d/%m/%Y')}",
        Decimal(mois),
        unite=NOMBRE,
    )
    ex.ajouter_date(
        "Revente au plus tard",
        f"acquisition du {date_acquisition.strftime('%d/%m/%Y')} + {duree_pv.value} ans",
        limite,
        references=duree_pv.references,
    )
    warnings: list[str] = []
    depasse = date_revente > limite
    if depasse:
        warnings.append(
            f"revente le {date_revente.strftime('%d/%m/%Y')}, après la durée "
            f"maximale du portage ({duree_pv.value} ans, le "
            f"{limite.strftime('%d/%m/%Y')})"
        )
    return Portage(
        achat,
        marche,
        ecart,
        frais_a,
        total_portage,
        cout,
        revente,
        deficit,
        excedent,
        cap,
        aide,
        reste,
        date_acquisition,
        date_revente,
        limite,
        mois,
        depasse,
        tuple(warnings),
        ex.lignes(),
    )
