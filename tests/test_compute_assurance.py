"""Assurance revente: cover, ceiling at the contract date, premium, assistance (seed 003)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from actegen.compute.assurance import assurance_revente
from actegen.errors import ParameterError
from actegen.produits import Produit

D = Decimal


def test_ceiling_depends_on_the_contract_date():
    before = assurance_revente(prix=D("250000"), produit="accession_sociale", date_contrat=date(2018, 3, 31))
    after = assurance_revente(prix=D("250000"), produit="accession_sociale", date_contrat=date(2018, 4, 1))
    assert before.indemnite_maximale == D("40000")  # 20 % = 50 000, capped
    assert after.indemnite_maximale == D("35000")


def test_twenty_percent_below_the_ceiling():
    a = assurance_revente(prix=D("150000.05"), produit=Produit.PSLA, date_contrat=date(2024, 5, 2))
    assert a.indemnite_maximale == D("30000.01")
    assert a.prime == D("110") and a.diagnostic_technique_max == D("1000")
    assert a.duree_assistance_annees == 10 and a.date_fin_assistance == date(2034, 5, 2)


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
        assurance_revente(prix=D("1"), produit="psla", date_contrat=date(2022, 1, 1), nombre_coacquereurs=3)
    with pytest.raises(ParameterError, match="pas d’assurance revente"):
        assurance_revente(prix=D("1"), produit="vente_hlm", date_contrat=date(2022, 1, 1))
