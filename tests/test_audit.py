"""``actegen audit``: an edited document checked against its case (letters and figures, the
case's figures, the required headings)."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from actegen.audit import amounts_in_letters, audit, letters_disagree
from actegen.pipeline import render_case

from .helpers import CASES, libreoffice_convert, run_cli

PSLA = CASES / "psla-coop-2024.yaml"
ACTE = "acte-de-vente_lot-B12_GUERIN.docx"
PRICE = "189\u202f400,00"  # « CENT QUATRE-VINGT-NEUF MILLE QUATRE CENTS EUROS (189 400,00 EUR) »


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    return render_case(PSLA, tmp_path_factory.mktemp("audit")).output


@pytest.fixture
def acte(rendered: Path, tmp_path: Path) -> Path:
    copy = tmp_path / ACTE
    shutil.copyfile(rendered / ACTE, copy)
    return copy


def _paragraph_with(doc, text: str):
    return next(p for p in doc.paragraphs if text in p.text)


# --- letters and figures, as text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        (
            "le prix de CENT QUATRE-VINGT-NEUF MILLE QUATRE CENTS EUROS (189\u202f400,00\u00a0EUR).",
            "189400.00",
            "EUR",
        ),
        ("soit 240,00\u00a0€ TTC (deux cent quarante euros)", "240.00", "EUR"),
        (
            "CENT QUATRE-VINGT-DEUX MILLE CINQ CENT CINQUANTE FRANCS ET QUATORZE CENTIMES (182 550,14 F)",
            "182550.14",
            "FRF",
        ),
        ("997,00 F (neuf cent quatre-vingt-dix-sept francs)", "997.00", "FRF"),
        ("deux-cent-quarante-six-mille euros (246 000 €)", "246000", "EUR"),  # rectified spelling
    ],
)
def test_an_amount_in_letters_that_says_its_figures_agrees(text: str, value: str, currency: str):
    ((letters, _figures, found, cur),) = list(amounts_in_letters(text))
    assert (found, cur) == (Decimal(value), currency)
    assert letters_disagree(letters, found, cur) is None


def test_letters_that_say_another_sum_disagree_and_the_right_spelling_is_given():
    ((letters, _f, value, cur),) = list(
        amounts_in_letters("au prix de DEUX CENT QUARANTE-SIX MILLE EUROS (264 000,00 EUR)")
    )
    assert letters == "DEUX CENT QUARANTE-SIX MILLE EUROS"
    assert letters_disagree(letters, value, cur) == "deux cent soixante-quatre mille euros"


def test_figures_without_letters_are_not_an_amount_in_letters():
    assert list(amounts_in_letters("une redevance de 742,50 € (part locative comprise)")) == []
    assert list(amounts_in_letters("payé comptant et euros (100 €)")) == []


# --- documents ------------------------------------------------------------------------------


def test_an_untouched_acte_is_clean(acte: Path):
    result = audit(acte, PSLA)
    assert result.document == ACTE
    assert result.findings == []
    assert result.amounts >= 5 and result.figures >= 50 and result.headings >= 20
    done = run_cli("audit", str(acte), str(PSLA))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "conforme au dossier" in done.stdout


def test_an_amount_changed_in_figures_but_not_in_letters_is_flagged(acte: Path):
    doc = Document(str(acte))
    p = _paragraph_with(doc, f"({PRICE}")
    p.text = p.text.replace(PRICE, "198\u202f400,00")
    doc.save(str(acte))
    lines = [x for x in audit(acte, PSLA).findings if x.paragraph is not None]
    letters = [x for x in lines if x.message.startswith("montant en lettres")]
    assert len(letters) == 1 and "198 400,00 EUR" in letters[0].message
    assert "cent quatre-vingt-dix-huit mille quatre cents euros" in letters[0].message
    figures = [x for x in lines if "189 400,00 EUR" in x.message]
    assert figures and figures[0].paragraph == letters[0].paragraph  # the case's price is gone there
    done = run_cli("audit", str(acte), str(PSLA))
    assert done.returncode == 1
    assert f"paragraphe {letters[0].paragraph} : montant en lettres" in done.stdout
    assert "CENT QUATRE-VINGT-NEUF MILLE QUATRE CENTS EUROS" in done.stdout


def test_a_deleted_section_is_flagged(acte: Path):
    doc = Document(str(acte))
    body = doc.paragraphs
    start = next(i for i, p in enumerate(body) if p.text == "Garantie de relogement")
    end = next(i for i in range(start + 1, len(body)) if body[i].style.name == "Heading 1")
    for p in body[start:end]:
        p._element.getparent().remove(p._element)
    doc.save(str(acte))
    findings = audit(acte, PSLA).findings
    headings = [f for f in findings if f.message.startswith("titre obligatoire absent")]
    assert {f.text for f in headings} >= {"Garantie de relogement", "Réponse de l’acquéreur"}
    assert all(f.paragraph is None for f in headings)
    assert "il suivait le paragraphe" in headings[0].message


def test_a_renamed_file_is_recognised_by_its_title(acte: Path, tmp_path: Path):
    renamed = tmp_path / "acte signé GUERIN.docx"
    acte.rename(renamed)
    assert audit(renamed, PSLA).document == ACTE


def test_a_fusion_file_is_checked_as_its_document(acte: Path):
    fusion = acte.with_name(ACTE.replace(".docx", ".fusion.docx"))
    acte.rename(fusion)
    result = audit(fusion, PSLA)
    assert (result.document, result.findings) == (ACTE, [])


def test_usage_errors_exit_2(acte: Path, tmp_path: Path):
    other = CASES / "girimbelles-1993.yaml"
    done = run_cli("audit", str(acte), str(other))
    assert done.returncode == 2
    assert "--document" in done.stderr
    bad = tmp_path / "pas-un-docx.docx"
    bad.write_text("texte", encoding="utf-8")
    assert run_cli("audit", str(bad), str(PSLA)).returncode == 2
    broken = tmp_path / "dossier.yaml"
    broken.write_text(
        PSLA.read_text(encoding="utf-8").replace("date_acte:", "date_act:", 1), encoding="utf-8"
    )
    done = run_cli("audit", str(acte), str(broken))
    assert done.returncode == 2 and "dossier.yaml:" in done.stderr
    assert run_cli("audit", str(acte)).returncode == 2


@pytest.mark.slow
def test_a_libreoffice_round_trip_is_still_clean(acte: Path, tmp_path: Path):
    """LibreOffice rewrites every part (runs, spaces, properties): the audit reads the text."""
    out = tmp_path / "lo"
    saved = libreoffice_convert(acte, "docx", out, tmp_path / "profile")
    assert audit(saved, PSLA).findings == []
