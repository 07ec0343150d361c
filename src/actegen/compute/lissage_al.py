"""Smoothing the instalments on the allocation logement: the household's own share stays
constant while the AL expected year by year varies (rapport n° 93/4-18; not yet used by a
document: issue 13)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext

from actegen.compute.explain import Explication, Ligne
from actegen.french import format_computed, format_computed_short
from actegen.money import ZERO, round_cents, to_decimal

from .pret import (
    ARRONDI_INTERETS,
    ARRONDI_MENSUALITE,
    PRECISION,
    SEED_004_UES,
    Echeancier,
    Pret,
    amortir,
    periodicite,
)

__all__ = ["LissageAL", "lissage_al"]


@dataclass(frozen=True)
class LissageAL:
    pret: Pret
    solde_menage: Decimal  # constant monthly amount the household pays, rounded
    solde_menage_exact: Decimal
    al_mensuelles: tuple[Decimal, ...]  # monthly AL for each year of the loan
    echeancier: Echeancier
    ajustement_final: Decimal  # last instalment − (its AL + the household's share)
    lignes: tuple[Ligne, ...]


def lissage_al(
    pret: Pret, al_mensuelles_par_annee: Sequence[Decimal], currency: str | None = "FRF"
) -> LissageAL:
    """Instalments that follow the (usually decreasing) allocation logement so that the
    household pays a constant balance (rapport n° 93/4-18: « mensualités constantes pour
    l'accédant indépendamment de l'évolution … de l'Allocation Logement »).

    ``al_mensuelles_par_annee[y]`` is the monthly AL expected in year y + 1 of the loan;
    years not given count as no AL. The instalment of each period is the AL of the period
    plus the household's constant share ``s``, chosen so that the instalments repay the
    loan exactly at the loan's rate::

        capital = Σ_k (m × s + AL_k) v^k  ⇒  s = (capital − Σ_k AL_k v^k) / (m Σ_k v^k)

    with v = 1 / (1 + i)

    (m = months per period, AL_k = the AL of period k). ``s`` is rounded to the centime,
    half-up; the last instalment absorbs the rounding (``ajustement_final``).
    Not yet used by a document: issue 13 (the CAF convention's smoothing).
    """
    years = pret.duree_mois // 12 + (1 if pret.duree_mois % 12 else 0)
    al = [to_decimal(a) for a in al_mensuelles_par_annee]
    if len(al) > years:
        raise ValueError(f"{len(al)} années d’AL pour un prêt de {years} ans")
    if any(a < 0 for a in al):
        raise ValueError("AL négative")
    al += [ZERO] * (years - len(al))
    n = pret.nombre_periodes
    mpp = pret.mois_par_periode
    al_periode = [al[((k - 1) * mpp) // 12] * mpp for k in range(1, n + 1)]
    i = pret.taux_periode()
    with localcontext() as ctx:
        ctx.prec = PRECISION
        v = 1 / (1 + i)
        actual_al = sum((a * v**k for k, a in enumerate(al_periode, 1)), ZERO)
        annuites = sum((v**k for k in range(1, n + 1)), ZERO)
        s_exact = (pret.capital - actual_al) / (mpp * annuites)
    s = round_cents(s_exact)
    if s <= 0:
        raise ValueError(
            "l’allocation logement prévue couvre à elle seule le prêt : aucun solde à la charge du ménage"
        )
    paiements = [mpp * s + a for a in al_periode]
    echeances = amortir(pret, paiements, al_periode)
    ajustement = echeances[-1].echeance - paiements[len(echeances) - 1]
    ex = Explication()
    refs = (SEED_004_UES, *pret.references)
    ex.ajouter("Capital emprunté", "donnée", pret.capital)
    for y, a in enumerate(al, 1):
        ex.ajouter(f"AL mensuelle prévue, année {y}", "simulation de la CAF (donnée)", a)
    ex.ajouter(
        "Valeur actuelle des AL prévues",
        f"Σ AL de chaque période / (1 + i)^k, i = {format_computed_short(i * 100)} % par période",
        actual_al,
    )
    sm = ex.ajouter(
        "Solde mensuel constant à la charge du ménage",
        f"(capital − valeur actuelle des AL) / ({mpp} × Σ 1/(1 + i)^k) = "
        f"({format_computed(pret.capital, currency)} − {format_computed_short(actual_al)}) / ({mpp} × {format_computed_short(annuites)})"
        f" = {format_computed_short(s_exact)}",
        s,
        arrondi=ARRONDI_MENSUALITE,
        references=refs,
    )
    ex.ajouter(
        "Première échéance",
        f"{mpp} × (solde du ménage + AL du mois)" if mpp > 1 else "solde du ménage + AL du mois",
        paiements[0],
    )
    ex.ajouter(
        "Ajustement de la dernière échéance",
        "dernière échéance − (AL + solde)",
        ajustement,
        arrondi=ARRONDI_INTERETS,
    )
    ech = Echeancier(pret, periodicite(pret), echeances, ex.lignes())
    return LissageAL(pret, sm, s_exact, tuple(al), ech, ajustement, ex.lignes())
