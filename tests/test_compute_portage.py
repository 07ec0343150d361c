"""Portage ciblé provisoire: cost, deficit, ANRU cover per lot, 5-year limit (seed 000)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from actegen.compute.portage import portage
from actegen.documents.note_de_calcul import to_text

D = Decimal


def test_deficit_covered_by_anru_up_to_the_cap_rest_on_the_operator():
    p = portage(
        prix_acquisition=D("95000"),
        valeur_marche=D("100000"),
        frais_acquisition=D("7000"),
        frais_portage={
            "charges de copropriété": D("12000"),
            "taxe foncière": D("4000"),
            "travaux": D("40000"),
        },
        prix_revente=D("90000"),
        date_acquisition=date(2012, 3, 1),
        date_revente=date(2016, 9, 30),
    )
    assert p.ecart_marche == D("-5000")
    assert p.cout_de_revient == D("158000")
    assert p.deficit == D("68000")
    assert p.aide_anru == D("50000") and p.reste_operateur == D("18000")
    assert p.duree_mois == 54 and not p.depassement_duree
    assert "Aide de l’ANRU" in to_text(p.lignes, "EUR")


def test_small_deficit_fully_covered_and_surplus():
    p = portage(
        prix_acquisition=D("80000"),
        prix_revente=D("75000"),
        date_acquisition=date(2012, 1, 1),
        date_revente=date(2013, 1, 1),
    )
    assert p.aide_anru == D("5000") and p.reste_operateur == 0
    q = portage(
        prix_acquisition=D("80000"),
        prix_revente=D("85000"),
        date_acquisition=date(2012, 1, 1),
        date_revente=date(2013, 1, 1),
    )
    assert q.deficit == 0 and q.excedent == D("5000") and q.aide_anru == 0


def test_cap_is_per_lot():
    p = portage(
        prix_acquisition=D("300000"),
        prix_revente=D("150000"),
        nombre_lots=2,
        date_acquisition=date(2012, 1, 1),
        date_revente=date(2014, 1, 1),
    )
    assert p.plafond_anru == D("100000") and p.aide_anru == D("100000")


def test_resale_after_five_years_is_a_warning():
    p = portage(
        prix_acquisition=D("1"),
        prix_revente=D("1"),
        date_acquisition=date(2012, 1, 15),
        date_revente=date(2017, 1, 16),
    )
    assert p.date_limite_revente == date(2017, 1, 15)
    assert p.depassement_duree and "durée maximale" in p.avertissements[0]
    with pytest.raises(ValueError):
        portage(
            prix_acquisition=D("1"),
            prix_revente=D("1"),
            date_acquisition=date(2012, 1, 15),
            date_revente=date(2011, 1, 1),
        )
