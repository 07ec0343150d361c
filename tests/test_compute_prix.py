"""Prix de cession des LTS: the 14 Girimbelles prices to the centime (seed 004)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from actegen.compute.prix import (
    ComposantesPrix,
    capital_rembourse_lineaire,
    foncier_estime,
    prix_de_cession,
)
from actegen.documents.note_de_calcul import to_data, to_text

from .golden_data import girimbelles_golden

GOLDEN = girimbelles_golden()
LOTS = GOLDEN["lots"]
D = Decimal


def composantes(lot: dict) -> ComposantesPrix:
    return ComposantesPrix(
        prix_de_revient=D(lot["prix_de_revient"]),
        subventions=D(lot["subvention"]),
        capital_rembourse=D(lot["capital_rembourse"]),
        loyers_impayes=D(lot["loyers_impayes"]),
        foncier=D(lot["foncier"]),
        travaux=D(lot["travaux"]),
        frais_de_vente=D(lot["frais_de_vente"]),
    )


@pytest.mark.parametrize("lot", LOTS, ids=lambda lot: f"lot {lot['lot']}")
def test_the_14_prices_to_the_centime(lot):
    p = prix_de_cession(composantes(lot))
    assert p.capital_restant_du == D(lot["capital_restant_du"])
    assert p.prix_de_cession == D(lot["prix_de_vente"])
    assert p.prix_hors_frais == D(lot["attendu"]["prix_hors_frais"])
    assert p.prix_hors_frais + p.frais_de_vente == p.prix_de_cession


@pytest.mark.parametrize("lot", LOTS, ids=lambda lot: f"lot {lot['lot']}")
def test_capital_repaid_is_123_instalments_of_emprunt_over_216(lot):
    c = capital_rembourse_lineaire(D(lot["emprunt"]), int(GOLDEN["mensualites_echues_au_31_12_1992"]))
    assert c.mensualite == D(lot["mensualite_emprunt"])
    assert c.capital_rembourse == D(lot["capital_rembourse"])
    assert D(lot["prix_de_revient"]) - D(lot["subvention"]) == D(lot["emprunt"])


@pytest.mark.parametrize("lot", LOTS, ids=lambda lot: f"lot {lot['lot']}")
def test_foncier_is_400_francs_per_square_metre(lot):
    assert foncier_estime(D(lot["surface_m2"])).foncier == D(lot["foncier"])


def test_column_totals_of_the_reconstructed_table():
    t = GOLDEN["totaux"]["attendu"]
    prices = [prix_de_cession(composantes(lot)) for lot in LOTS]
    assert sum(p.prix_de_cession for p in prices) == D(t["prix_de_vente"])  # 2 388 944,02
    assert sum(p.prix_hors_frais for p in prices) == D(t["prix_hors_frais"])  # 2 136 054
    assert sum(p.frais_de_vente for p in prices) == D(t["frais_de_vente"])
    assert sum(p.capital_restant_du for p in prices) == D(t["capital_restant_du"])
    for column in ("prix_de_revient", "emprunt", "capital_rembourse", "foncier", "travaux"):
        assert sum(D(lot[column]) for lot in LOTS) == D(t[column]), column


def test_printed_price_total_2388944_03_is_a_sum_of_unrounded_values():
    # Coquille recorded in the golden file: the computed total keeps the centime sum.
    printed = next(c for c in GOLDEN["coquilles"] if c["colonne"] == "Simulations, P.V.")
    assert D(printed["calcule"]) == D(GOLDEN["totaux"]["attendu"]["prix_de_vente"])
    assert D(printed["imprime"]) != D(printed["calcule"])


def test_negative_unpaid_rent_is_a_credit():
    lot5 = next(lot for lot in LOTS if lot["lot"] == "5")
    p = prix_de_cession(composantes(lot5))
    assert p.composantes.loyers_impayes == D("-4000")
    assert p.prix_hors_frais == D("108756")


def test_sub_centime_component_is_rounded_and_said():
    p = prix_de_cession(ComposantesPrix(D("100.005"), D("0"), D("0")))
    assert p.prix_de_cession == D("100.01")
    assert any(line.arrondi and "prix de revient" in line.arrondi for line in p.lignes)


def test_explanation_of_lot_1_is_a_note_a_notary_can_follow():
    p = prix_de_cession(composantes(LOTS[0]))
    text = to_text(p.lignes, "FRF", titre="Lot 1")
    assert "Capital restant dû" in text
    assert "prix de revient − subventions − capital remboursé" in text
    assert "182\u202f550,14\u00a0F" in text
    data = json.dumps(to_data(p.lignes), ensure_ascii=False, indent=2)
    assert '"valeur": "182550.14"' in data


def test_capital_repaid_validates_the_count():
    with pytest.raises(ValueError):
        capital_rembourse_lineaire(D("71280"), 217)
    full = capital_rembourse_lineaire(D("1000"), 3, nombre_mensualites=3)
    assert full.capital_rembourse == D("1000") and full.mensualite == D("333.33")
    assert full.capital_restant == 0
    assert capital_rembourse_lineaire(D("71280"), 0, date_parametres=date(1993, 1, 1)).capital_restant == D(
        "71280"
    )
