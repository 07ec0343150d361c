"""Smoothing the instalments on the allocation logement: the household's own share stays
constant while the AL expected year by year varies (rapport n° 93/4-18, annexe UES,
« 2. Principes de financement »). Used by ``compute.dossier`` (section « Lissage de
l'allocation de logement ») and shown year by year in the convention CAF."""

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

__all__ = ["AnneeLissage", "LissageAL", "lissage_al"]


@dataclass(frozen=True)
class AnneeLissage:
    """One year of the smoothed schedule, as the convention CAF shows it (monthly amounts)."""

    annee: int
    al: Decimal  # monthly AL expected (paid by the CAF to the lender)
    echeance: Decimal  # monthly instalment = AL + the household's share
    part_menage: Decimal  # the household's own monthly payment (constant)


@dataclass(frozen=True)
class LissageAL:
    pret: Pret
    solde_menage: Decimal  # constant monthly amount the household pays, rounded
    solde_menage_exact: Decimal
    al_mensuelles: tuple[Decimal, ...]  # monthly AL for each year of the loan
    echeancier: Echeancier
    ajustement_final: Decimal  # last instalment − (its AL + the household's share)
    lignes: tuple[Ligne, ...]

    @property
    def annees(self) -> tuple[AnneeLissage, ...]:
        """Year by year: AL expected, instalment, household's share (the last instalment of
        the loan also carries ``ajustement_final``)."""
        return tuple(
            AnneeLissage(y, a, a + self.solde_menage, self.solde_menage)
            for y, a in enumerate(self.al_mensuelles, 1)
        )


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
    The rapport gives the mechanism, not the AL of each year: those are the case's facts
    (the CAF's simulation, ``menage.allocation_logement_evolution``).
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
        ex.ajouter(f"Allocation de logement prévue par mois, année {y}", "simulation de la CAF (donnée)", a)
    ex.ajouter(
        "Valeur actuelle des allocations de logement prévues",
        f"Σ allocation de logement de chaque période / (1 + i)^k, i = {format_computed_short(i * 100)} % par période",
        actual_al,
    )
    sm = ex.ajouter(
        "Solde mensuel constant à la charge du ménage",
        f"(capital − valeur actuelle des allocations) / ({mpp} × Σ 1/(1 + i)^k) = "
        f"({format_computed(pret.capital, currency)} − {format_computed_short(actual_al)}) / ({mpp} × {format_computed_short(annuites)})"
        f" = {format_computed_short(s_exact)}",
        s,
        arrondi=ARRONDI_MENSUALITE,
        references=refs,
    )
    for y, a in enumerate(al, 1):
        ex.ajouter(
            f"Échéance mensuelle de l’année {y}",
            f"solde du ménage + allocation de logement prévue = {format_computed(s, currency)} + {format_computed(a, currency)}",
            s + a,
        )
    ex.ajouter(
        "Première échéance",
        f"{mpp} × (solde du ménage + allocation de logement du mois)"
        if mpp > 1
        else "solde du ménage + allocation de logement du mois",
        paiements[0],
    )
    ex.ajouter(
        "Ajustement de la dernière échéance",
        "dernière échéance − (allocation de logement + solde)",
        ajustement,
        arrondi=ARRONDI_INTERETS,
    )
    ech = Echeancier(pret, periodicite(pret), echeances, ex.lignes())
    return LissageAL(pret, sm, s_exact, tuple(al), ech, ajustement, ex.lignes())
