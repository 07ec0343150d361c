"""Paiement UES: the 70 % / 30 % split, operation totals, consignation and unpaid cover."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actegen.compute.paiement import (
    consignation_capitalisee,
    couverture_impayes,
    repartition_paiement,
    totaux_operation,
)
from actegen.compute.prix import ComposantesPrix, prix_de_cession

from .golden_data import girimbelles_golden

GOLDEN = girimbelles_golden()
LOTS = GOLDEN["lots"]
D = Decimal
ACTE = date(1993, 7, 24)


def prix(lot: dict):
    return prix_de_cession(
        ComposantesPrix(
            D(lot["prix_de_revient"]),
            D(lot["subvention"]),
            D(lot["capital_rembourse"]),
            D(lot["loyers_impayes"]),
            D(lot["foncier"]),
            D(lot["travaux"]),
            D(lot["frais_de_vente"]),
        )
    )


@pytest.mark.parametrize("lot", LOTS, ids=lambda lot: f"lot {lot['lot']}")
def test_the_14_splits_of_the_price_excluding_fees(lot):
    p = prix(lot)
    r = repartition_paiement(p.prix_hors_frais, ACTE)
    assert r.prix_hors_frais == D(lot["attendu"]["prix_hors_frais"])
    assert r.part_signature == D(lot["attendu"]["part_commune"])
    assert r.consignation == D(lot["attendu"]["consignation"])
    assert r.part_signature + r.consignation == p.prix_hors_frais


def test_lot_1_113883_and_48807():
    r = repartition_paiement(D("162690"), ACTE)
    assert (r.part_signature, r.consignation) == (D("113883"), D("48807"))


def test_lot_5_rounds_the_commune_part_to_the_franc():
    r = repartition_paiement(D("108756"), ACTE)  # 70 % = 76 129,2
    assert (r.part_signature, r.consignation) == (D("76129"), D("32627"))


@pytest.mark.parametrize(
    "lot,colonne", [("11", "Paiements UES, Ville (70 %)"), ("12", "Paiements UES, DEP (prix hors frais)")]
)
def test_printed_misprints_of_the_payments_table(lot, colonne):
    """Lot 11: 111 338 printed for 70 % × 158 768 = 111 138. Lot 12: DEP printed 159 468
    for 159 488 (whose 70 % / 30 % are the printed 111 642 / 47 846). Computed kept."""
    coquille = next(c for c in GOLDEN["coquilles"] if c["lot"] == lot and c["colonne"] == colonne)
    p = prix(next(x for x in LOTS if x["lot"] == lot))
    r = repartition_paiement(p.prix_hors_frais, ACTE)
    got = r.part_signature if lot == "11" else r.prix_hors_frais
    assert got == D(coquille["calcule"]) != D(coquille["imprime"])


def test_operation_totals():
    t = totaux_operation([prix(lot) for lot in LOTS], ACTE)
    a = GOLDEN["totaux"]["attendu"]
    assert t.nombre_lots == 14
    assert t.total_prix == D(a["prix_de_vente"])  # 2 388 944,02
    assert t.total_hors_frais == D(a["prix_hors_frais"])  # 2 136 054
    assert t.total_frais_de_vente == D(a["frais_de_vente"])
    # printed 1 495 338 and 640 016 (misprints: they do not add up to 2 136 054)
    assert t.total_signature == D(a["part_commune"])
    assert t.total_consignation == D(a["consignation"])
    assert t.total_signature + t.total_consignation == t.total_hors_frais


@given(
    st.decimals(min_value=D("0"), max_value=D("100000000"), places=2),
    st.sampled_from([D("1"), D("0.01"), D("10")]),
)
def test_parts_add_up_to_the_whole_to_the_centime(base, quantum):
    r = repartition_paiement(base, ACTE, arrondi=quantum)
    assert r.part_signature + r.consignation == base
    assert abs(r.part_signature - base * D("0.70")) <= quantum / 2


def test_consignation_interest_compounded_yearly():
    c = consignation_capitalisee(D("48807"), D("0.04"), ACTE)
    assert c.annees == 15 and len(c.interets_par_annee) == 15
    assert c.interets_par_annee[0] == D("1952.28")
    assert c.valeur_finale == c.capital + c.interets
    # against the closed form, to within the yearly roundings
    assert abs(c.valeur_finale - D("48807") * D("1.04") ** 15) < D("0.08")


def test_unpaid_instalments_mutuelle_then_interest_then_principal():
    impayes = [D("1000")] * 8
    c = couverture_impayes(
        impayes, interets_disponibles=D("1500"), principal_consigne=D("1000"), date_acte=ACTE
    )
    assert c.mutuelle == D("5000")  # the first 5 months
    assert c.sur_interets == D("1500")
    assert c.sur_principal == D("1000")
    assert c.non_couvert == D("500")
    assert (c.interets_restants, c.principal_restant) == (D("0"), D("0"))
    assert c.mutuelle + c.sur_interets + c.sur_principal + c.non_couvert == c.total_impayes
    later = couverture_impayes(
        [D("100")],
        interets_disponibles=D("50"),
        principal_consigne=D("1000"),
        date_acte=ACTE,
        mois_deja_pris_en_charge=c.mois_mutuelle_utilises,
    )
    assert later.mutuelle == 0 and later.sur_interets == D("50") and later.sur_principal == D("50")
