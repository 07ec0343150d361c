"""Documents of one case state the same facts (issue 13, « no statement contradicted by another
document of the case »): the acte LTS and the convention CAF give the same financing, the
convention names what the loan pays in the acte's terms, a bulletin names only the guarantees the
acte gives, and the VEFA bulletin says when the cover starts, from the parameter and the case."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from actegen.authoring.templates_dump import dump
from actegen.documents import build_jobs
from actegen.french import format_amount_legal
from actegen.pipeline import explain_case

from .helpers import CASES, GIRIMBELLES


@pytest.fixture(scope="module")
def girimbelles():
    data, _warnings, results = explain_case(GIRIMBELLES)
    return data, results


def _text(shipped_render: dict[str, Path], case: str, prefix: str) -> str:
    (path,) = sorted(shipped_render[case].glob(f"{prefix}*.docx"))
    return dump(path)


def test_the_acte_states_the_smoothed_instalments_of_the_convention(shipped_render, girimbelles):
    _data, results = girimbelles
    lissage = results.lots[0].lissage
    assert lissage is not None
    acte = _text(shipped_render, "girimbelles-1993", "acte-de-vente_lot-01_")
    convention = _text(shipped_render, "girimbelles-1993", "convention-caf_lot-01_")
    first = format_amount_legal(lissage.annees[0].echeance, "FRF")
    share = format_amount_legal(lissage.solde_menage, "FRF")
    constant = format_amount_legal(results.lots[0].pret.mensualite, "FRF")
    assert f"La mensualité de la première année est de {first}" in acte
    assert f"demeure constante, soit {share} par mois" in acte
    assert f"par mensualités de {constant}" not in acte  # the constant instalment the convention contradicts
    assert "avec son échéancier" in acte  # the convention is annexed
    assert lissage.solde_menage == Decimal("1241.71")
    assert "1\u202f241,71\u00a0F" in convention and "2\u202f238,71\u00a0F" in convention


def test_a_household_without_forecast_keeps_a_constant_instalment(shipped_render, girimbelles):
    _data, results = girimbelles
    assert results.lots[3].lissage is None  # lot 4: no AL
    acte = _text(shipped_render, "girimbelles-1993", "acte-de-vente_lot-04_")
    mensualite = format_amount_legal(results.lots[3].pret.mensualite, "FRF")
    assert f"remboursable en quinze\u00a0ans par mensualités de {mensualite}." in acte


def test_the_convention_names_what_the_loan_pays_as_the_acte_does(girimbelles):
    data, results = girimbelles
    jobs = {j.filename: j for j in build_jobs(data, results)}
    ctx = jobs["convention-caf_lot-13_RIVIERE.docx"].context
    amounts = [
        Decimal(a.replace("\u202f", "").replace(",", "."))
        for a in re.findall(r"([\d\u202f]+,\d\d)\u00a0F", ctx["objet_pret"])
    ]
    assert ctx["objet_pret"].startswith("prix de vente")
    assert sum(amounts) == results.lots[12].pret.pret.capital  # price + rents due + frais = the loan
    assert ctx["trefonds"] is True


def test_a_bulletin_names_only_the_guarantees_the_acte_gives(shipped_render):
    brs = _text(shipped_render, "brs-ofs-2024", "bulletin-assurance-revente_")
    assert "elle ne conditionne pas la vente." in brs
    acte = _text(shipped_render, "brs-ofs-2024", "acte-de-vente_")
    assert "Garantie de rachat" not in acte and "Garantie de relogement" not in acte
    psla = _text(shipped_render, "psla-coop-2024", "bulletin-assurance-revente_")
    assert "ni les garanties de rachat et de relogement consenties par le vendeur" in psla


def _vefa_bulletin(tmp_path: Path, prise_effet: str) -> str:
    case = CASES / "vefa-accession-2025.yaml"
    text = case.read_text(encoding="utf-8")
    assert "  prise_effet_vefa: livraison" in text
    path = tmp_path / case.name
    path.write_text(
        text.replace("  prise_effet_vefa: livraison", f"  prise_effet_vefa: {prise_effet}"), "utf-8"
    )
    data, _warnings, results = explain_case(path)
    (job,) = [j for j in build_jobs(data, results) if j.family == "bulletin_assurance_revente"]
    return job.context["adhesion"]["date_effet"]


def test_the_vefa_bulletin_states_when_the_cover_starts(tmp_path: Path):
    assert _vefa_bulletin(tmp_path, "livraison").startswith("à la livraison du logement")
    assert (
        _vefa_bulletin(tmp_path, "signature_acte") == "20 mars 2025, date de la signature de l’acte de vente"
    )
