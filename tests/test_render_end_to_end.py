"""The pipeline end to end, as a user runs it: `actegen render` then the DOCX read back.

The tests that run the real entry point in a subprocess (``run_entry_point``) are the
command families' process-level checks: a render, a refused case, the usage errors' exit code.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from .docx_text import table_rows, text
from .helpers import GIRIMBELLES, ROOT, output_tree, run_cli, run_entry_point

NN, NB = "\u202f", "\u00a0"


def test_girimbelles_set_has_eleven_actes_and_the_deliberation(girimbelles_rendered: Path):
    names = sorted(p.name for p in girimbelles_rendered.glob("*.docx"))
    # 14 lots; 8 and 11 (effort above 25 %) and 9 (no wish to buy) stay tenants
    assert len([n for n in names if n.startswith("acte-de-vente")]) == 11
    assert names[0] == "acte-de-vente_lot-01_GRONDIN.docx"
    assert "deliberation_93-4-18.docx" in names
    for path in girimbelles_rendered.glob("*.docx"):
        body = text(path)
        assert "{{" not in body and "{%" not in body and "}}" not in body, path.name
        assert "None" not in body, path.name
        Document(str(path))  # opens in python-docx


def test_acte_lot_1_states_the_price_in_letters_and_figures(girimbelles_rendered: Path):
    body = text(girimbelles_rendered / "acte-de-vente_lot-01_GRONDIN.docx")
    assert "L’AN MIL NEUF CENT QUATRE-VINGT-TREIZE, LE QUINZE DÉCEMBRE," in body
    # the price excludes the frais de vente (19 860,14 F, paid on top): 162 690 F
    assert (
        f"moyennant le prix de CENT SOIXANTE-DEUX MILLE SIX CENT QUATRE-VINGT-DIX FRANCS (162{NN}690,00{NB}F)"
        in body
    )
    assert (
        f"provision sur frais de DIX-NEUF MILLE HUIT CENT SOIXANTE FRANCS ET QUATORZE CENTIMES (19{NN}860,14{NB}F)"
        in body
    )
    # 70 % / 30 % of the price excluding fees (seed 004, lot 1: 113 883 F and 48 807 F)
    assert f"CENT TREIZE MILLE HUIT CENT QUATRE-VINGT-TROIS FRANCS (113{NN}883,00{NB}F)" in body
    assert f"QUARANTE-HUIT MILLE HUIT CENT SEPT FRANCS (48{NN}807,00{NB}F)" in body
    # the UES monthly payment of seed 004 ("Mens Acces hors AL"), computed
    # lot 1's instalments follow the AL the CAF expects (the convention's schedule)
    assert f"La mensualité de la première année est de 2{NN}238,71{NB}F" in body
    assert "Monsieur Jean-Marc Louis GRONDIN, maçon" in body
    assert "né à Saint-Denis (La Réunion) le 12 mars 1948" in body
    assert "née à Saint-Paul (La Réunion) le 2 septembre 1951" in body
    assert "privilège de vendeur" in body and "deuxième rang" in body  # 1993: before 2022
    assert "délibération du conseil municipal n°\u00a093/4-18 en date du 24 juillet 1993" in body
    assert "page" in body and "sur" in body


def test_deliberation_carries_vote_articles_and_annex_totals(girimbelles_rendered: Path):
    path = girimbelles_rendered / "deliberation_93-4-18.docx"
    body = text(path)
    for expected in (
        "Reconstitution — document non certifié",
        "Rapport n°\u00a093/4-18 au conseil municipal (résumé)",
        "Délibération n°\u00a093/4-18",
        "en séance du samedi 24 juillet 1993",
        "Le conseil municipal",
        "Vu la loi n° 82-213 du 2 mars 1982",
        "Après en avoir délibéré",
        "À l’unanimité des votants",
        "ARTICLE PREMIER",
        "ARTICLE 7",
        "présenté au nom des commissions Habitat, Urbanisme et Finances",
    ):
        assert expected in body, expected
    assert "Pour extrait certifié conforme" not in body  # the annexes are recomputed (legal-review A6)
    rows = table_rows(path)
    totals = [r for r in rows if r[0] == "Total"]
    simulation, _solvency, payments = totals
    assert simulation[11] == f"2{NN}388{NN}944,02"  # sum of the rounded prices
    assert simulation[3] == f"1{NN}967{NN}696,00"  # prix de revient
    assert simulation[8] == f"1{NN}528{NN}000,00"  # foncier
    assert payments[2] == f"2{NN}136{NN}054,00"  # price excluding fees
    assert payments[5] == f"1{NN}495{NN}238,00"  # the commune's 70 % (seed misprints 1 495 338)
    assert payments[6] == f"640{NN}816,00"  # consigned 30 % (seed misprints 640 016)
    monthly = {r[0]: r[12] for r in rows if len(r) == 13 and r[0].isdigit()}
    assert monthly["1"] == f"2{NN}057,46" and monthly["2"] == f"1{NN}410,30"
    assert monthly["14"] == f"1{NN}991,55"  # seed prints 1 981,55: a misprint


def test_docx_is_a_valid_zip_with_content_types_first(girimbelles_rendered: Path):
    with zipfile.ZipFile(girimbelles_rendered / "deliberation_93-4-18.docx") as z:
        assert z.namelist()[0] == "[Content_Types].xml"
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_document_properties_come_from_the_case(girimbelles_rendered: Path):
    props = Document(str(girimbelles_rendered / "acte-de-vente_lot-01_GRONDIN.docx")).core_properties
    assert props.author == "Office notarial Lebreton, Saint-Denis"
    assert props.last_modified_by == "Office notarial Lebreton, Saint-Denis"
    assert props.created.date().isoformat() == "1993-12-15"


def test_two_renders_are_byte_identical(tmp_path: Path):
    for name in ("a", "b"):
        assert run_entry_point("render", str(GIRIMBELLES), "-o", str(tmp_path / name)).returncode == 0
    a = output_tree(tmp_path / "a" / "girimbelles-1993")
    b = output_tree(tmp_path / "b" / "girimbelles-1993")
    assert sorted(a) == sorted(b)
    for name in a:
        assert a[name] == b[name], name


def test_invalid_case_prints_located_errors_and_writes_nothing(tmp_path: Path, girimbelles_text: str):
    bad = girimbelles_text.replace("      foncier: 132000\n", "      foncier: beaucoup\n", 1)
    bad = bad.replace("  lieu_acte: Saint-Denis\n", "  lieu_acte: Saint-Denis\n  notaire_assistant: X\n", 1)
    case = tmp_path / "copie.yaml"
    case.write_text(bad, encoding="utf-8")
    for command in (["validate", str(case)], ["render", str(case), "-o", str(tmp_path / "sortie")]):
        result = run_entry_point(*command, cwd=tmp_path)
        assert result.returncode == 1
        lines = result.stderr.strip().splitlines()
        assert (
            lines[0].startswith("copie.yaml:")
            and "operation : champ inconnu ; faute de frappe, ou valeur mal indentée ?" in lines[0]
        )
        assert lines[1].startswith("copie.yaml:") and "lots[0].prix.foncier : un nombre attendu" in lines[1]
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "sortie").exists()


def test_usage_errors_exit_2_in_french(tmp_path: Path):
    result = run_entry_point("render")
    assert result.returncode == 2
    assert "Argument manquant" in result.stderr and "Utilisation :" in result.stderr
    assert run_entry_point("rendre", "x").returncode == 2


@pytest.mark.parametrize("command", [[], ["render"], ["validate"]])
def test_help_is_in_french(command):
    result = run_cli(*command, "--help")
    assert result.returncode == 0
    assert "Utilisation :" in result.stdout
    assert "Affiche cette aide et quitte." in result.stdout


def test_hostile_values_come_out_literally(tmp_path: Path, girimbelles_text: str):
    hostile = girimbelles_text.replace(
        "        nom: GRONDIN\n        prenoms: Jean-Marc Louis\n",
        '        nom: "Dupont & Fils <SARL>"\n        prenoms: "{{ 7*7 }} {% if %}"\n',
        1,
    )
    case = tmp_path / "hostile.yaml"
    case.write_text(hostile, encoding="utf-8")
    result = run_cli("render", str(case), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    path = next((tmp_path / "girimbelles-1993").glob("acte-de-vente_lot-01_*.docx"))
    body = text(path)
    assert "{{ 7*7 }} {% if %} DUPONT & FILS <SARL>" in body
    assert "49" not in body.split("DUPONT & FILS")[0][-10:]
    assert path.name == "acte-de-vente_lot-01_Dupont-Fils-SARL.docx"


def test_templates_option_overrides_and_strict_undefined_names_the_variable(tmp_path: Path):
    from docx import Document as New

    override = tmp_path / "modeles"
    override.mkdir()
    for name in ("acte_de_vente.docx", "deliberation.docx"):
        doc = New()
        doc.add_paragraph(
            "Modèle de l'office : {{ op.nom }} {{ variable_inconnue }}"
            if name.startswith("acte")
            else "Délibération {{ seance.numero_deliberation }}"
        )
        doc.save(override / name)
    result = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path / "out"), "--templates", str(override))
    assert result.returncode == 1
    assert "acte_de_vente.docx: variable inconnue « variable_inconnue »" in result.stderr
    assert not (tmp_path / "out").exists()
    doc = New()
    doc.add_paragraph("Modèle de l'office : {{ op.nom }}")
    doc.save(override / "acte_de_vente.docx")
    result = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path / "out"), "--templates", str(override))
    # a one-line acte lacks every mandatory mention (parameters/mentions): refused, nothing written
    assert result.returncode == 1
    assert "mention obligatoire absente" in result.stderr and "« Dont acte »" in result.stderr
    assert not (tmp_path / "out" / "girimbelles-1993").exists()
    doc = Document(str(ROOT / "templates" / "acte_de_vente.docx"))
    doc.paragraphs[0].insert_paragraph_before("Modèle de l'office : {{ op.nom }}")
    doc.save(override / "acte_de_vente.docx")
    result = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path / "out"), "--templates", str(override))
    assert result.returncode == 0, result.stderr
    body = text(tmp_path / "out" / "girimbelles-1993" / "acte-de-vente_lot-01_GRONDIN.docx")
    assert body.startswith("Modèle de l'office : Vente des LTS « Les Girimbelles »")


def test_edited_document_is_kept_and_new_version_written_beside(tmp_path: Path):
    assert run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path)).returncode == 0
    target = tmp_path / "girimbelles-1993" / "acte-de-vente_lot-02_TECHER.docx"
    doc = Document(str(target))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(target))
    edited = target.read_bytes()
    result = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path))
    assert result.returncode == 0
    assert target.read_bytes() == edited
    beside = target.with_name("acte-de-vente_lot-02_TECHER.nouveau.docx")
    assert beside.is_file()
    assert "modifié à la main" in result.stderr
