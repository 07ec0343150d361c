"""Garantie de rachat and garantie de relogement (seed 003, CCH, arrêté du 26 mars 2004)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actegen.compute.dates import add_months, add_years, annee_de_garantie
from actegen.compute.garanties import (
    bareme_rachat,
    eligibilite_rachat,
    pourcentage_rachat,
)
from actegen.compute.relogement import garantie_relogement
from actegen.errors import ParameterError
from actegen.produits import Evenement, Produit

D = Decimal
ACTE = date(2020, 3, 15)


def test_accession_sociale_80_percent_then_minus_1_5_per_year():
    b = bareme_rachat(D("200000"), Produit.ACCESSION_SOCIALE, ACTE)
    pct = [a.pourcentage for a in b.annees]
    assert len(pct) == 15
    assert pct[:5] == [D("0.80")] * 5
    assert pct[5] == D("0.785") and pct[14] == D("0.65")
    assert b.annees[0].prix_minimum == D("160000.00")
    assert b.annees[14].prix_minimum == D("130000.00")
    assert b.annees[0].debut == ACTE and b.annees[0].fin == date(2021, 3, 14)
    assert b.date_fin == date(2035, 3, 14) == b.annees[-1].fin


def test_psla_100_percent_then_minus_2_5_per_year():
    pct = [a.pourcentage for a in bareme_rachat(D("150000"), "psla", ACTE).annees]
    assert pct[0] == 1 and pct[4] == 1 and pct[5] == D("0.975") and pct[14] == D("0.75")


def test_vente_hlm_10_years():
    b = bareme_rachat(D("100000"), Produit.VENTE_HLM, ACTE)
    assert len(b.annees) == 10
    assert b.annees[9].pourcentage == D("0.725")
    with pytest.raises(ParameterError):  # no rule before the 2019 décret
        bareme_rachat(D("100000"), Produit.VENTE_HLM, date(2019, 1, 1))


def test_year_6_convention_is_a_parameter():
    kw = {"taux_base": D("0.80"), "minoration_annuelle": D("0.015")}
    assert pourcentage_rachat(6, **kw) == D("0.785")
    assert pourcentage_rachat(6, annee_6_minoree=False, **kw) == D("0.80")
    assert pourcentage_rachat(15, annee_6_minoree=False, **kw) == D("0.665")
    with pytest.raises(ValueError):
        pourcentage_rachat(0, **kw)


def test_brs_has_no_regulatory_buy_back():
    with pytest.raises(ParameterError, match="pas de garantie de rachat réglementaire"):
        bareme_rachat(D("1"), Produit.BRS, ACTE)


@given(
    prix=st.decimals(min_value=D("1"), max_value=D("10000000"), places=2),
    produit=st.sampled_from([Produit.ACCESSION_SOCIALE, Produit.PSLA, Produit.VENTE_HLM]),
    jours=st.integers(0, 3000),
)
def test_the_buy_back_floor_never_rises_with_time(prix, produit, jours):
    acte = date(2020, 1, 1) + timedelta(days=jours)
    prices = [a.prix_minimum for a in bareme_rachat(prix, produit, acte).annees]
    assert all(a >= b for a, b in pairwise(prices))
    assert prices[0] <= prix


def test_minimum_price_of_the_year_of_a_request():
    bareme = bareme_rachat(D("200000"), "accession_sociale", ACTE)
    assert annee_de_garantie(ACTE, date(2026, 3, 15)) == 7  # six full years elapsed
    assert bareme.annees[6].prix_minimum == D("154000.00")  # 77 %
    assert bareme.annees[-1].annee == 15 and bareme.annees[-1].fin == bareme.date_fin == date(2035, 3, 14)
    assert bareme.regles.duree_annees == 15 and bareme.regles.annees_sans_minoration == 5


def test_counting_is_from_the_authentic_act():
    assert annee_de_garantie(ACTE, ACTE) == 1
    assert annee_de_garantie(ACTE, date(2021, 3, 14)) == 1
    assert annee_de_garantie(ACTE, date(2021, 3, 15)) == 2
    assert annee_de_garantie(ACTE, date(2020, 1, 1)) == 0


def test_month_deadlines_follow_cpc_641():
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2023, 5, 10), 12) == date(2024, 5, 10)
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)


def _rachat(**kw):
    args = {
        "produit": "accession_sociale",
        "date_acte": ACTE,
        "evenement": "chomage",
        "date_evenement": date(2024, 6, 30),
        "date_demande": date(2025, 1, 10),
        "residence_principale": True,
        "toujours_proprietaire": True,
    }
    args.update(kw)
    return eligibilite_rachat(**args)


def test_eligible_request_and_its_deadline():
    e = _rachat()
    assert e.eligible and e.motifs == ()
    assert e.date_limite_demande == date(2025, 6, 30)
    assert e.date_fin_garantie == date(2035, 3, 14)
    assert e.annee == 5


def test_each_condition_gives_its_reason():
    assert "12 mois" in _rachat(date_demande=date(2025, 7, 1)).motifs[0]
    assert "résidence principale" in _rachat(residence_principale=False).motifs[0]
    assert "resté dans le patrimoine" in _rachat(toujours_proprietaire=False).motifs[0]
    assert "lettre recommandée" in _rachat(lettre_recommandee=False).motifs[0]
    assert "antérieur à l'acte" in _rachat(date_evenement=date(2019, 1, 1)).motifs[0]
    assert "antérieure au fait générateur" in _rachat(date_demande=date(2024, 1, 1)).motifs[0]
    hlm = _rachat(produit="vente_hlm", evenement=Evenement.MOBILITE_PROFESSIONNELLE)
    assert not hlm.eligible and "fait générateur déclaré (evenement) n'ouvre pas" in hlm.motifs[0]


def test_deadline_capped_by_the_end_of_the_guarantee():
    e = _rachat(date_evenement=date(2034, 12, 1), date_demande=date(2035, 4, 1))
    assert e.date_limite_demande == date(2035, 3, 14)
    assert not e.eligible and any("durée de la garantie" in m for m in e.motifs)
    assert e.annee is None


def test_relogement_accession_sociale_dates():
    r = garantie_relogement(
        produit="accession_sociale",
        date_acte=ACTE,
        evenement="divorce",
        date_evenement=date(2024, 1, 31),
        date_demande=date(2024, 8, 31),
        revenus_sous_plafond=True,
        promesse_de_vente_signee=True,
    )
    assert r.eligible and r.plafond_ressources == "PLS" and r.nombre_offres == 3
    assert r.date_limite_offres == date(2024, 11, 30)  # 3 months, end of month
    assert r.date_limite_reponse == date(2024, 12, 30)
    assert r.date_limite_demande == date(2025, 1, 31)


def test_relogement_psla_six_months_and_last_offer():
    r = garantie_relogement(
        produit="psla",
        date_acte=ACTE,
        evenement="invalidite",
        date_evenement=date(2024, 1, 10),
        date_demande=date(2024, 2, 1),
        revenus_sous_plafond=None,
        date_derniere_offre=date(2024, 5, 31),
    )
    assert r.eligible and r.plafond_ressources == "PLUS"
    assert r.date_limite_offres == date(2024, 8, 1)
    assert r.date_limite_reponse == date(2024, 6, 30)
    assert "plafonds PLUS" in r.avertissements[0]


def test_relogement_refusals():
    r = garantie_relogement(
        produit="accession_sociale",
        date_acte=ACTE,
        evenement="mobilite_professionnelle",
        date_evenement=date(2024, 1, 1),
        date_demande=date(2024, 2, 1),
        revenus_sous_plafond=False,
    )
    assert not r.eligible
    assert len(r.motifs) == 3  # mobility, no promise of sale, income above PLS
    with pytest.raises(ParameterError):
        garantie_relogement(
            produit="vente_hlm",
            date_acte=ACTE,
            evenement="deces",
            date_evenement=ACTE,
            date_demande=ACTE,
            revenus_sous_plafond=True,
        )


@given(
    st.dates(min_value=date(2005, 1, 1), max_value=date(2040, 12, 31)),
    st.sampled_from(["accession_sociale", "psla", "vente_hlm"]),
)
def test_every_year_runs_from_an_anniversary_to_the_eve_of_the_next(acte: date, produit: str):
    """One rule for every year, the last one included (legal review B17): no year is a day longer."""
    if produit == "vente_hlm" and acte < date(2019, 11, 17):
        acte = date(2019, 11, 17)
    b = bareme_rachat(D("100000"), produit, acte)
    for n, a in enumerate(b.annees, start=1):
        assert a.debut == add_years(acte, n - 1)
        assert a.fin == add_years(acte, n) - timedelta(days=1)
    assert b.date_fin == b.annees[-1].fin
    assert all(x.fin + timedelta(days=1) == y.debut for x, y in pairwise(b.annees))
