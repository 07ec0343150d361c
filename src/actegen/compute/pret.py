"""Financement UES: monthly payment, amortisation schedule, apport, AL smoothing (rapport 93/4-18).

The UES « effectue des avances financières amortissables avec frais financiers aux
accédants. Le taux d'intérêt est de 10,5 % par an et la durée de remboursement est de
15 ans. Selon l'importance de l'apport initial de chacun, la durée de remboursement du prêt
ou le montant des mensualités peuvent être réduits. … Le montant des mensualités sera alors
ajusté sur l'évolution de l'allocation logement de façon à obtenir des mensualités
constantes pour l'accédant » (rapport n° 93/4-18, annexe UES, 2. Principes de financement).

**The annuity convention** (parameter ``pret_ues.convention``). The printed column « Mens
Acces hors AL » of the 1993 simulation is the constant *annual* annuity at 10,5 % over
15 years divided by 12 and rounded to the centime, half-up::

    mensualité = arrondi_centime( P × t / (1 − (1 + t)^−15) / 12 )
    lot 1 : 182 550,14 × 0,135248… = 24 689,5414… ; / 12 = 2 057,4618… → 2 057,46 F

It reproduces 13 of the 14 printed payments to the centime (lot 14 is misprinted:
1 981,55 for 1 991,55, which the solvency table itself rounds to 1 992); truncation would
miss lots 5, 6 and 8 (1 408,4852 → 1 408,49 printed), so the rounding is half-up. The
other conventions give 2 017,91 F (monthly rate t/12 over 180 months) and 1 964,62 F
(equivalent monthly rate (1 + t)^(1/12) − 1) for lot 1, and are kept for other lenders:

- ``annuite_annuelle_sur_12``: periods are years; the schedule has one line a year whose
  instalment is 12 × the monthly payment (interest is charged once a year on the capital
  outstanding at the start of the year);
- ``mensuelle_taux_proportionnel``: periods are months, rate t / 12;
- ``mensuelle_taux_actuariel``: periods are months, rate (1 + t)^(1/12) − 1.

**Rounding.** The payment is rounded to the centime, half-up. In a schedule each period's
interest is rounded to the centime, half-up; the capital part is the instalment minus the
interest; the last line repays the capital left exactly (its instalment absorbs the
roundings), so the capital parts add up to the principal to the centime.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, getcontext, localcontext
from enum import StrEnum

from actegen.compute.explain import NOMBRE, TAUX, Explication, Ligne
from actegen.french import format_computed, format_computed_rate, format_computed_short
from actegen.money import ZERO, round_cents, to_decimal
from actegen.parameters import lookup

__all__ = [
    "Convention",
    "Echeance",
    "Echeancier",
    "EffetApport",
    "Mensualite",
    "ModeApport",
    "Pret",
    "effet_apport",
    "mensualite",
    "pret_ues",
    "tableau_amortissement",
]

SEED_004_UES = (
    "Rapport n° 93/4-18 au conseil municipal de Saint-Denis (séance du 24 juillet "
    "1993), annexe UES, « 2. Principes de financement »"
)
ARRONDI_MENSUALITE = "au centime le plus proche (la moitié vers le haut)"
ARRONDI_INTERETS = (
    "intérêts de chaque période au centime le plus proche (la moitié vers le "
    "haut) ; la dernière échéance rembourse exactement le capital restant"
)
PRECISION = 50


class Convention(StrEnum):
    ANNUITE_ANNUELLE_SUR_12 = "annuite_annuelle_sur_12"
    MENSUELLE_TAUX_PROPORTIONNEL = "mensuelle_taux_proportionnel"
    MENSUELLE_TAUX_ACTUARIEL = "mensuelle_taux_actuariel"


class ModeApport(StrEnum):
    DUREE = "duree"  # same payment, shorter term
    MENSUALITE = "mensualite"  # same term, lower payment


@dataclass(frozen=True)
class Pret:
    """An amortising loan at a constant rate."""

    capital: Decimal
    taux_annuel: Decimal  # fraction: 0.105
    duree_mois: int
    convention: Convention = Convention.ANNUITE_ANNUELLE_SUR_12
    references: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.duree_mois <= 0:
            raise ValueError(f"durée du prêt non positive : {self.duree_mois} mois")
        if self.capital < 0 or self.taux_annuel < 0:
            raise ValueError("capital et taux d’un prêt ne peuvent être négatifs")
        if self.convention is Convention.ANNUITE_ANNUELLE_SUR_12 and self.duree_mois % 12:
            raise ValueError(
                f"convention annuelle : la durée doit être un nombre entier d’années ({self.duree_mois} mois)"
            )

    @property
    def mois_par_periode(self) -> int:
        return 12 if self.convention is Convention.ANNUITE_ANNUELLE_SUR_12 else 1

    @property
    def nombre_periodes(self) -> int:
        return self.duree_mois // self.mois_par_periode

    def taux_periode(self) -> Decimal:
        """The rate of one period, at high precision (unrounded)."""
        return _taux_periode(str(self.taux_annuel), self.convention, getcontext().rounding)


@functools.lru_cache(maxsize=256)
def _taux_periode(taux: str, convention: Convention, rounding: str) -> Decimal:
    """Once per rate (its exact text): a power at 50 digits costs 60 µs, asked 3× per loan."""
    with localcontext(prec=PRECISION, rounding=rounding):
        if convention is Convention.ANNUITE_ANNUELLE_SUR_12:
            return +Decimal(taux)
        if convention is Convention.MENSUELLE_TAUX_PROPORTIONNEL:
            return Decimal(taux) / 12
        return (1 + Decimal(taux)) ** (Decimal(1) / Decimal(12)) - 1


def pret_ues(
    capital: Decimal,
    date_acte: date,
    *,
    duree_annees: int | None = None,
    convention: Convention | str | None = None,
) -> Pret:
    """The UES loan at the date of the act: rate, term and convention from the parameters
    ``pret_ues.taux_annuel``, ``pret_ues.duree_annees``, ``pret_ues.convention``."""
    taux = lookup("pret_ues.taux_annuel", date_acte)
    duree = lookup("pret_ues.duree_annees", date_acte)
    conv = lookup("pret_ues.convention", date_acte)
    refs = tuple(dict.fromkeys(taux.references + duree.references + conv.references))
    years = duree_annees if duree_annees is not None else duree.as_int
    return Pret(
        capital=to_decimal(capital),
        taux_annuel=taux.as_decimal,
        duree_mois=12 * years,
        convention=Convention(convention if convention is not None else conv.as_text),
        references=refs,
    )


# --------------------------------------------------------------------------- payment


def _facteur_annuite(i: Decimal, n: int) -> Decimal:
    """i / (1 − (1 + i)^−n), or 1 / n at a zero rate, at high precision."""
    with localcontext(prec=PRECISION):
        if i == 0:
            return Decimal(1) / n
        return i / (1 - (1 + i) ** -n)


@dataclass(frozen=True)
class Mensualite:
    pret: Pret
    mensualite: Decimal  # rounded to the centime: what the household pays each month
    mensualite_exacte: Decimal  # unrounded
    echeance_periode: Decimal  # instalment of one period of the schedule (12 × or 1 ×)
    lignes: tuple[Ligne, ...]


def mensualite(pret: Pret, currency: str | None = "FRF") -> Mensualite:
    """The monthly payment of ``pret`` under its convention (see the module docstring)."""
    ex = Explication()
    refs = pret.references
    ex.ajouter("Capital emprunté", "prix (ou prix − apport)", pret.capital)
    ex.ajouter("Taux annuel", "paramètre du prêt", pret.taux_annuel, unite=TAUX, references=refs)
    ex.ajouter("Durée (mois)", "paramètre du prêt", Decimal(pret.duree_mois), unite=NOMBRE, references=refs)
    n = pret.nombre_periodes
    i = pret.taux_periode()
    facteur = _facteur_annuite(i, n)
    with localcontext() as ctx:
        ctx.prec = PRECISION
        par_periode = pret.capital * facteur
        exacte = par_periode / 12 if pret.mois_par_periode == 12 else par_periode
    if pret.convention is Convention.ANNUITE_ANNUELLE_SUR_12:
        ex.ajouter(
            "Annuité constante (exacte)",
            f"capital × t / (1 − (1 + t)^−{n}) avec t = {format_computed_rate(i)} = "
            f"{format_computed(pret.capital, currency)} × {format_computed_short(facteur)}",
            par_periode,
            references=refs,
        )
        formule = (
            f"annuité / 12 = {format_computed_short(par_periode)} / 12 = {format_computed_short(exacte)}"
        )
    else:
        taux_txt = (
            "taux annuel / 12"
            if pret.convention is Convention.MENSUELLE_TAUX_PROPORTIONNEL
            else "(1 + taux annuel)^(1/12) − 1"
        )
        formule = (
            f"capital × i / (1 − (1 + i)^−{n}) avec i = {taux_txt} = "
            f"{format_computed_short(i * 100)} % = {format_computed(pret.capital, currency)} × {format_computed_short(facteur)} = "
            f"{format_computed_short(exacte)}"
        )
    m = ex.ajouter(
        f"Mensualité (convention « {pret.convention.value} »)",
        formule,
        round_cents(exacte),
        arrondi=ARRONDI_MENSUALITE,
        references=refs,
    )
    return Mensualite(pret, m, exacte, m * pret.mois_par_periode, ex.lignes())


# --------------------------------------------------------------------------- schedule


@dataclass(frozen=True)
class Echeance:
    """One line of a schedule; a period is a year or a month, as the convention says."""

    numero: int
    echeance: Decimal  # paid in the period (AL included)
    interets: Decimal
    capital: Decimal
    capital_restant_du: Decimal  # after this instalment
    al: Decimal = ZERO  # part paid by the CAF to the lender (tiers payant)

    @property
    def solde_menage(self) -> Decimal:
        """What the household pays itself in the period: instalment − AL."""
        return self.echeance - self.al


@dataclass(frozen=True)
class Echeancier:
    pret: Pret
    periodicite: str  # "annuelle" or "mensuelle"
    echeances: tuple[Echeance, ...]
    lignes: tuple[Ligne, ...]

    @property
    def total_echeances(self) -> Decimal:
        return sum((e.echeance for e in self.echeances), ZERO)

    @property
    def total_interets(self) -> Decimal:
        return sum((e.interets for e in self.echeances), ZERO)

    @property
    def total_capital(self) -> Decimal:
        return sum((e.capital for e in self.echeances), ZERO)

    @property
    def duree_mois(self) -> int:
        return len(self.echeances) * self.pret.mois_par_periode


def amortir(
    pret: Pret, paiements: Sequence[Decimal], als: Sequence[Decimal] | None = None
) -> tuple[Echeance, ...]:
    """Amortise ``pret.capital`` with the given instalment per period.

    Interest per period rounded to the centime (half-up); the schedule stops as soon as an
    instalment covers the capital left plus interest, and the last period repays exactly
    what is left (its instalment absorbs every rounding).
    """
    i = pret.taux_periode()
    restant = pret.capital
    out: list[Echeance] = []
    n = len(paiements)
    for k, paiement in enumerate(paiements, 1):
        interets = round_cents(restant * i)
        al = als[k - 1] if als is not None else ZERO
        if k == n or paiement >= restant + interets:
            out.append(Echeance(k, restant + interets, interets, restant, ZERO, al))
            break
        capital = paiement - interets
        restant -= capital
        out.append(Echeance(k, paiement, interets, capital, restant, al))
    return tuple(out)


def periodicite(pret: Pret) -> str:
    return "annuelle" if pret.mois_par_periode == 12 else "mensuelle"


def tableau_amortissement(
    pret: Pret, mensualite_arrondie: Decimal | None = None, currency: str | None = "FRF"
) -> Echeancier:
    """The full amortisation schedule of ``pret`` at its (rounded) monthly payment.

    Annual convention: one line a year, instalment 12 × monthly payment, interest on the
    capital outstanding at the start of the year. Monthly conventions: one line a month.
    """
    m = mensualite(pret, currency)
    paiement = mensualite_arrondie if mensualite_arrondie is not None else m.mensualite
    paiement_periode = paiement * pret.mois_par_periode
    echeances = amortir(pret, [paiement_periode] * pret.nombre_periodes)
    ex = Explication()
    ex.etendre(m.lignes)
    ex.ajouter(
        f"Échéance de chaque période ({periodicite(pret)})",
        f"{pret.mois_par_periode} × mensualité" if pret.mois_par_periode > 1 else "mensualité",
        paiement_periode,
    )
    derniere = echeances[-1]
    ex.ajouter(
        "Dernière échéance (solde du capital et des intérêts)",
        "capital restant + intérêts de la dernière période",
        derniere.echeance,
        arrondi=ARRONDI_INTERETS,
    )
    total_i = sum((e.interets for e in echeances), ZERO)
    ex.ajouter("Total des intérêts", "somme des intérêts des périodes", total_i)
    ex.ajouter(
        "Total du capital remboursé",
        "somme des parts de capital = capital emprunté",
        sum((e.capital for e in echeances), ZERO),
    )
    return Echeancier(pret, periodicite(pret), echeances, ex.lignes())


# --------------------------------------------------------------------------- apport


@dataclass(frozen=True)
class EffetApport:
    apport: Decimal
    mode: ModeApport
    capital_emprunte: Decimal
    mensualite: Decimal  # monthly payment with the apport
    duree_mois: int  # term with the apport (whole periods)
    derniere_echeance: Decimal  # the last (possibly smaller) instalment of the schedule
    total_interets: Decimal
    mensualite_sans_apport: Decimal
    total_interets_sans_apport: Decimal
    economie_interets: Decimal
    echeancier: Echeancier | None  # None when the apport pays the whole price
    lignes: tuple[Ligne, ...]


def effet_apport(
    pret_sans_apport: Pret, apport: Decimal, mode: ModeApport | str, currency: str | None = "FRF"
) -> EffetApport:
    """Effect of a down payment: the same payment over a shorter term
    (``ModeApport.DUREE``) or a lower payment over the same term (``ModeApport.MENSUALITE``).

    With ``DUREE`` the schedule runs at the payment of the loan without apport until the
    capital is repaid; the last instalment is smaller. An apport at least equal to the
    price leaves nothing to borrow (the household pays cash: hypothesis 1 of the rapport
    93/4-18). Not yet used by a document (the solvency uses the apport as given).
    """
    mode = ModeApport(mode)
    apport = to_decimal(apport)
    if apport < 0:
        raise ValueError("apport négatif")
    ref = tableau_amortissement(pret_sans_apport, currency=currency)
    m_ref = mensualite(pret_sans_apport, currency).mensualite
    ex = Explication()
    refs = (SEED_004_UES, *pret_sans_apport.references)
    ex.ajouter("Prix financé sans apport", "capital du prêt sans apport", pret_sans_apport.capital)
    ex.ajouter("Apport", "donnée du ménage", apport)
    capital = ex.ajouter(
        "Capital emprunté",
        "prix − apport (au moins zéro)",
        max(pret_sans_apport.capital - apport, ZERO),
        references=refs,
    )
    if capital == 0:
        ex.ajouter("Mensualité", "rien à emprunter : paiement comptant", ZERO, references=refs)
        return EffetApport(
            apport,
            mode,
            ZERO,
            ZERO,
            0,
            ZERO,
            ZERO,
            m_ref,
            ref.total_interets,
            ref.total_interets,
            None,
            ex.lignes(),
        )
    pret = Pret(
        capital,
        pret_sans_apport.taux_annuel,
        pret_sans_apport.duree_mois,
        pret_sans_apport.convention,
        pret_sans_apport.references,
    )
    if mode is ModeApport.MENSUALITE:
        ech = tableau_amortissement(pret, currency=currency)
        m = mensualite(pret, currency).mensualite
        ex.ajouter(
            "Mensualité réduite (même durée)",
            "mensualité du capital emprunté",
            m,
            arrondi=ARRONDI_MENSUALITE,
            references=refs,
        )
    else:
        m = m_ref
        ech = tableau_amortissement(pret, m_ref, currency=currency)
        ex.ajouter(
            "Mensualité (inchangée)",
            "mensualité du prêt sans apport",
            m,
            arrondi=ARRONDI_MENSUALITE,
            references=refs,
        )
        ex.ajouter(
            "Durée réduite (mois)",
            f"nombre de périodes ({periodicite(pret)}) nécessaires × {pret.mois_par_periode}",
            Decimal(ech.duree_mois),
            unite=NOMBRE,
            references=refs,
        )
    ex.ajouter(
        "Dernière échéance",
        "capital restant + intérêts de la dernière période",
        ech.echeances[-1].echeance,
        arrondi=ARRONDI_INTERETS,
    )
    total = ex.ajouter("Total des intérêts avec apport", "somme des intérêts", ech.total_interets)
    economie = ex.ajouter(
        "Économie d’intérêts",
        f"intérêts sans apport − intérêts avec apport = "
        f"{format_computed(ref.total_interets, currency)} − {format_computed(total, currency)}",
        ref.total_interets - total,
    )
    return EffetApport(
        apport,
        mode,
        capital,
        m,
        ech.duree_mois,
        ech.echeances[-1].echeance,
        total,
        m_ref,
        ref.total_interets,
        economie,
        ech,
        ex.lignes(),
    )
