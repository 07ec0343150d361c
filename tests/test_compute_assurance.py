"""Assurance revente: cover, ceiling at the contract date, premium, assistance (« Qu'est-ce que la
sécurisation Hlm ? »); the PSLA formula's cover is the contract's, never the Chubb figures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from actegen.compute.assurance import CouvertureFormule, assurance_revente
from actegen.errors import ParameterError
from actegen.produits import Produit

D = Decimal


def test_ceiling_depends_on_the_contract_date():
    before = assurance_revente(prix=D("250000"), produit="accession_sociale", date_contrat=date(2018, 3, 31))
    after = assurance_revente(prix=D("250000"), produit="accession_sociale", date_contrat=date(2018, 4, 1))
    assert before.indemnite_maximale == D("40000")  # 20 % = 50 000, capped
    assert after.indemnite_maximale == D("35000")


def test_twenty_percent_below_the_ceiling():
    a = assurance_revente(prix=D("150000.05"), produit=Produit.BRS, date_contrat=date(2024, 5, 2))
    assert a.indemnite_maximale == D("30000.01")
    assert a.prime == D("240") and a.diagnostic_technique_max == D("1000")
    assert a.duree_assistance_annees == 10 and a.date_fin_assistance == date(2034, 5, 2)


def test_psla_formula_takes_the_contract_cover_and_only_it():
    with pytest.raises(ParameterError, match=r"assurance_revente\.couverture"):
        assurance_revente(prix=D("189400"), produit=Produit.PSLA, date_contrat=date(2024, 6, 14))
    a = assurance_revente(
        prix=D("189400"),
        produit=Produit.PSLA,
        date_contrat=date(2024, 6, 14),
        couverture=CouvertureFormule(D("0.15"), D("25000")),
    )
    assert a.indemnite_maximale == D("25000")  # 15 % = 28 410, capped at the contract's ceiling
    assert a.prime == D("110")
    assert a.diagnostic_technique_max is None and a.date_fin_assistance is None  # not the Chubb terms
    b = assurance_revente(
        prix=D("100000"),
        produit=Produit.PSLA,
        date_contrat=date(2024, 6, 14),
        couverture=CouvertureFormule(D("0.15"), D("25000"), D("800"), 5),
    )
    assert b.indemnite_maximale == D("15000") and b.diagnostic_technique_max == D("800")
    assert b.date_fin_assistance == date(2029, 6, 14)


def test_premiums_by_product():
    at = date(2022, 1, 1)
    assert assurance_revente(
        prix=D("1"), produit="accession_sociale", date_contrat=at, nombre_coacquereurs=2
    ).prime == D("240")
    assert assurance_revente(prix=D("1"), produit="brs", date_contrat=at).prime == D("240")
    with pytest.raises(ParameterError):  # BRS covered from 15 May 2020
        assurance_revente(prix=D("1"), produit="brs", date_contrat=date(2020, 5, 14))


def test_refusals():
    with pytest.raises(ValueError, match="co-acquéreurs"):
        assurance_revente(prix=D("1"), produit="brs", date_contrat=date(2022, 1, 1), nombre_coacquereurs=3)
    with pytest.raises(ParameterError, match="pas d’assurance revente"):
        assurance_revente(prix=D("1"), produit="vente_hlm", date_contrat=date(2022, 1, 1))
