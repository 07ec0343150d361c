"""Explanations: the note de calcul in French and its JSON form."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from actegen.compute.explain import Explication, Ligne
from actegen.documents.note_de_calcul import to_data, to_text
from actegen.french import format_computed, format_computed_rate
from actegen.parameters import lookup

D = Decimal


def test_text_note_has_formula_rounding_and_references():
    ex = Explication()
    ex.parametre(lookup("pret_ues.taux_annuel", date(1993, 7, 24)), "Taux annuel")
    v = ex.ajouter("Mensualité", "annuité / 12", D("2057.46"), arrondi="au centime", references=("seed 004",))
    assert v == D("2057.46")
    text = to_text(ex.lignes(), "FRF", titre="Note de calcul")
    assert text.startswith("Note de calcul\n==============\n")
    assert "1. Taux annuel\u00a0: 10,5\u00a0%" in text
    assert "2. Mensualité\u00a0: 2\u202f057,46\u00a0F" in text
    assert "Calcul\u00a0: annuité / 12" in text and "Arrondi\u00a0: au centime" in text
    assert "Référence\u00a0: seed 004" in text
    # a condition of the 1993 rapport is shown as such, not as a rule « en vigueur » from 1 January
    assert (
        "paramètre «\u202fpret_ues.taux_annuel\u202f», condition de l’annexe UES du rapport n°\u00a093/4-18"
        in text
    )
    assert "en vigueur depuis" not in text
    dated = Explication()
    dated.parametre(lookup("assurance_revente.plafond_indemnite", date(2024, 1, 1)))
    assert "en vigueur depuis le 01/04/2018" in to_text(dated.lignes(), "EUR")


def test_a_date_line_shows_its_date():
    ex = Explication()
    ex.ajouter_date("Fin du délai", "acte + 5\u00a0ans", date(2028, 10, 12))
    assert "1. Fin du délai\u00a0: 12/10/2028" in to_text(ex.lignes(), "EUR")
    assert to_data(ex.lignes())[0]["valeur"] == "2028-10-12" and to_data(ex.lignes())[0]["unite"] == "date"


def test_json_keeps_decimals_as_strings():
    lignes = (Ligne("Prix", "donnée", D("182550.14")), Ligne("Taux", "p", D("0.105"), unite="taux"))
    data = json.loads(json.dumps(to_data(lignes)))
    assert data[0]["valeur"] == "182550.14" and data[1]["unite"] == "taux"
    assert to_data(lignes)[0]["references"] == []


def test_number_formats():
    assert format_computed(D("182550.14"), "FRF") == "182\u202f550,14\u00a0F"
    assert format_computed(D("1000"), "EUR") == "1\u202f000,00\u00a0€"
    assert format_computed(D("24689.5416124775"), "FRF") == "24\u202f689,541612…\u00a0F"
    assert format_computed(D("-4000")) == "\u22124\u202f000"
    assert format_computed_rate(D("0.0711")) == "7,11\u00a0%"
    assert format_computed_rate(D("0.25")) == "25\u00a0%"
