"""The Girimbelles sale as the rapport and délibération n° 93/4-18 describe it (issue 13,
legal-review A1–A6, B14–B16): who gets an acte, what the acte sells, its price, how the
commune is paid and where its privilège ranks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from actegen.compute.solvabilite import Hypothese, motif_sans_acte, solvabilite
from actegen.documents import build_jobs
from actegen.pipeline import explain_case

from .helpers import CASES

GIRIMBELLES = CASES / "girimbelles-1993.yaml"


@pytest.fixture(scope="module")
def jobs():
    data, _warnings, results = explain_case(GIRIMBELLES)
    return {j.filename: j for j in build_jobs(data, results)}


def _with_derogation(tmp_path: Path) -> Path:
    text = GIRIMBELLES.read_text(encoding="utf-8")
    anchor = "  - numero: 8\n"
    assert anchor in text
    text = text.replace(anchor, anchor + "    derogation_accession: {motif: garantie d'un apport familial}\n")
    path = tmp_path / "girimbelles-1993.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_households_in_hypothesis_4_get_no_acte_and_no_convention(jobs):
    lots = {j.context["lot"]["numero"] for j in jobs.values() if j.family == "acte_de_vente"}
    assert lots == set(range(1, 15)) - {8, 9, 11}
    conventions = {j.filename for j in jobs.values() if j.family == "convention_caf"}
    assert not any("lot-08" in n or "lot-11" in n or "lot-09" in n for n in conventions)


def test_the_warnings_say_which_lot_gets_no_acte_and_why():
    _data, warnings, _results = explain_case(GIRIMBELLES)
    texts = [w.message for w in warnings]
    assert any(
        t.startswith("lot 9 : ni acte de vente ni convention CAF, car le ménage ne souhaite pas")
        for t in texts
    )
    assert sum("ni acte de vente ni convention CAF, car l’effort du ménage dépasse" in t for t in texts) == 2


def test_a_recorded_derogation_gives_the_acte_which_states_it(tmp_path: Path):
    data, warnings, results = explain_case(_with_derogation(tmp_path))
    actes = {j.context["lot"]["numero"]: j for j in build_jobs(data, results) if j.family == "acte_de_vente"}
    assert 8 in actes and 11 not in actes
    assert actes[8].context["lts"]["derogation"]["motif"] == "garantie d'un apport familial"
    assert any(
        "vente consentie par dérogation (garantie d'un apport familial)" in w.message for w in warnings
    )


def test_motif_sans_acte_follows_the_wish_and_the_derogation():
    s = solvabilite(
        prix=Decimal("100000"),
        mensualite=Decimal("3000"),
        date_acte=date(1993, 12, 15),
        revenu_mensuel=Decimal("5000"),
    )
    assert s.hypothese is Hypothese.LOCATAIRE
    assert motif_sans_acte({}, s) is not None
    assert motif_sans_acte({"derogation_accession": {"motif": "x"}}, s) is None
    assert "ne souhaite pas acheter" in motif_sans_acte({"menage": {"souhaite_acheter": False}}, None)


def test_the_price_excludes_the_frais_and_the_rents(jobs):
    lot4 = jobs["acte-de-vente_lot-04_LEBON.docx"].context["lts"]
    # 149 780 F (prix hors frais of the rapport) = 145 780 F price + 4 000 F rent arrears
    assert lot4["prix"] == Decimal("145780.00") and lot4["loyers_dus"] == Decimal("4000")
    assert lot4["somme_due"] == Decimal("149780.00") and lot4["frais"] == Decimal("19042.70")
    lot5 = jobs["acte-de-vente_lot-05_DIJOUX.docx"].context["lts"]
    assert lot5["trop_percu"] == Decimal("4000") and lot5["prix"] == Decimal("112756.00")
    lot1 = jobs["acte-de-vente_lot-01_GRONDIN.docx"].context["lts"]
    assert lot1["prix"] == Decimal("162690.00") == lot1["foncier"] + lot1["solde_acte_initial"]


def test_the_sureté_has_one_construction_and_the_cession_d_anteriorite(jobs):
    surete = jobs["acte-de-vente_lot-01_GRONDIN.docx"].context["surete"]
    text = " ".join([surete["phrase"], *surete["suite"]])
    assert "n’opère pas novation (article 1275 du Code civil)" in text
    assert (
        "se réserve le privilège de vendeur, qui sera inscrit" in text
        and "ainsi que l’action résolutoire" in text
    )
    assert "cède au PRÊTEUR (UES), qui accepte, l’antériorité de son privilège" in text
    assert jobs["acte-de-vente_lot-01_GRONDIN.docx"].context["preteur"]["nom"].startswith("L’Union")


def test_spouses_are_named_and_the_communaute_acquires(jobs):
    ctx = jobs["acte-de-vente_lot-01_GRONDIN.docx"].context
    assert ctx["acquereurs"][0]["situation"].startswith(
        "marié avec Madame Marie-Claire GRONDIN sous le régime"
    )
    assert "à défaut de contrat de mariage préalable" in ctx["acquereurs"][0]["situation"]
    assert ctx["acquereurs_communaute"] == "Les époux acquièrent pour le compte de leur communauté."


def test_the_commune_deliberation_is_executoire(jobs):
    phrase = jobs["acte-de-vente_lot-01_GRONDIN.docx"].context["autorisation_phrase"]
    assert phrase.endswith(
        "rendue exécutoire par sa transmission au représentant de l’État le 3 août 1993 "
        "(article 2 de la loi n°\u00a082-213 du 2 mars 1982)"
    )


def test_the_1993_deliberation_is_a_reconstitution_without_certification(jobs):
    (delib,) = [j for j in jobs.values() if j.family == "deliberation"]
    assert delib.context["reconstitution"] is True
    classes = {s["numero"]: s["hypothese"] for s in delib.context["annexe"]["solvabilite"]}
    assert classes[8] == classes[9] == classes[11] == "4 — reste locataire"
    assert "n’a pas été voté" in delib.context["annexe"]["solvabilite_note"]


def test_the_note_de_calcul_says_the_same(tmp_path: Path):
    _data, _warnings, results = explain_case(GIRIMBELLES)
    labels = [ligne.libelle for ligne in results.lots[7].solvabilite.lignes]
    assert labels[-1].endswith("reste locataire\u202f; ni acte de vente ni convention CAF")
    _data, _warnings, results = explain_case(_with_derogation(tmp_path))
    labels = [ligne.libelle for ligne in results.lots[7].solvabilite.lignes]
    assert labels[-1].endswith("vente consentie par dérogation\u00a0: garantie d'un apport familial")
