"""Frais de vente (seed 004 barème) and the modern acquisition-cost estimate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from actegen.compute.frais import frais_acquisition, frais_de_vente_bareme
from actegen.errors import ParameterError

from .golden_data import girimbelles_golden

GOLDEN = girimbelles_golden()
D = Decimal
ACTE = date(1993, 7, 24)


def test_bareme_1993_item_by_item():
    f = frais_de_vente_bareme(
        assiette=D("132000"), capital_emprunte=D("100000"), date_acte=ACTE, honoraires_notaire=D("1500")
    )
    montants = {p.libelle: p.montant for p in f.postes}
    assert montants["Taxe de publicité foncière"] == D("818.40")
    assert montants["Droits d’enregistrement"] == D("9385.20")
    assert montants["Salaire du conservateur"] == D("13.20")
    assert montants["Frais de timbre et de copie"] == D("3000")
    assert montants["Frais de dossier UES"] == D("1200")
    assert montants["Frais du mandataire (SODIAC)"] == D("3500")
    assert montants["Garantie de caution"] == D("2000.00")
    assert f.total == D("21416.80")


def test_francs_barème_not_in_force_after_2001():
    with pytest.raises(ParameterError):
        frais_de_vente_bareme(assiette=D("1"), capital_emprunte=D("1"), date_acte=date(2005, 1, 1))


def test_girimbelles_printed_fees_are_inputs_the_barème_explains_in_part():
    """The printed F.V. follow 7,86 % × foncier + 9 484,94 F within a centime (a fit,
    domain.md §3); the legible lines of the barème give 7,74 % × foncier + 7 700 F, the rest
    being the illegible notary line and the caution. So the F.V. stay inputs of the case."""
    for lot in GOLDEN["lots"]:
        foncier, fv = D(lot["foncier"]), D(lot["frais_de_vente"])
        assert abs(fv - (D("0.0786") * foncier + D("9484.94"))) <= D("0.01")
        partiel = frais_de_vente_bareme(assiette=foncier, capital_emprunte=D("0"), date_acte=ACTE)
        assert abs(partiel.total - (D("0.0774") * foncier + 7700)) <= D("0.02")
        assert partiel.total < fv


def test_acquisition_costs_of_an_old_home_in_2026():
    f = frais_acquisition(prix=D("200000"), date_acte=date(2026, 1, 15))
    assert f.droit_departemental == D("9000")
    assert f.taxe_communale == D("2400")
    assert f.frais_assiette == D("213")  # 2,37 % × 9 000 = 213,30 → nearest euro
    assert f.droits_mutation == D("11613")
    assert f.contribution_securite_immobiliere == D("200.00")
    # 6 500 × 3,870 % + 10 500 × 1,596 % + 43 000 × 1,064 % + 140 000 × 0,799 %
    assert f.emoluments_ht == D("251.55") + D("167.58") + D("457.52") + D("1118.60")
    assert f.tva_emoluments == D("399.05")
    assert f.debours_et_formalites == D("1200")
    assert f.total == D("15407.30")
    assert f.cout_global == D("215407.30")


def test_raised_rate_only_where_voted_and_not_for_first_time_buyers():
    at = date(2026, 1, 15)
    primo = frais_acquisition(prix=D("200000"), date_acte=at, taux_majore_vote=True)
    autre = frais_acquisition(prix=D("200000"), date_acte=at, taux_majore_vote=True, primo_accedant=False)
    assert primo.droit_departemental == D("9000")
    assert autre.droit_departemental == D("10000") and autre.frais_assiette == D("237")
    avant = frais_acquisition(
        prix=D("200000"), date_acte=date(2025, 3, 31), taux_majore_vote=True, primo_accedant=False
    )
    assert avant.droit_departemental == D("9000")
    indre = frais_acquisition(prix=D("200000"), date_acte=at, taux_departemental=D("0.038"))
    assert indre.droit_departemental == D("7600")


def test_new_home_vefa_and_small_price_minimum_csi():
    f = frais_acquisition(prix=D("200000"), date_acte=date(2026, 1, 15), neuf=True)
    assert f.droit_departemental == D("1400") and f.taxe_communale == 0
    assert f.frais_assiette == D("30")  # 2,14 % × 1 400 = 29,96 (0,715 % in all)
    small = frais_acquisition(
        prix=D("10000"), date_acte=date(2026, 1, 15), debours_et_formalites=D("300"), taux_tva=D("0.085")
    )
    assert small.contribution_securite_immobiliere == D("15")
    assert small.emoluments_ht == D("251.55") + D("55.86")
    assert small.tva_emoluments == D("26.13")  # 8,5 % (La Réunion) × 307,41 = 26,129…


def test_tariff_of_2016_before_2021():
    f = frais_acquisition(prix=D("100000"), date_acte=date(2020, 6, 1))
    # 6 500 × 3,945 % + 10 500 × 1,627 % + 43 000 × 1,085 % + 40 000 × 0,814 %
    assert f.emoluments_ht == D("256.43") + D("170.84") + D("466.55") + D("325.60")
    with pytest.raises(ParameterError):
        frais_acquisition(prix=D("100000"), date_acte=date(2013, 6, 1))
