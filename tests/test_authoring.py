"""Authoring tools: `actegen new`, `actegen templates check`, `actegen schema --doc`."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document

from actegen.authoring.new_case import TYPES
from actegen.load import load_case

from .helpers import ROOT, run_cli


def test_committed_schema_reference_is_up_to_date():
    result = run_cli("schema", "--doc")
    assert result.returncode == 0
    committed = (ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    assert result.stdout == committed, "docs/schema.md est périmé : actegen schema --doc > docs/schema.md"
    assert "| `lots[].prix.foncier` | nombre |" in committed


def test_schema_reference_documents_every_field():
    reference = run_cli("schema", "--doc").stdout
    from actegen.authoring.templates_check import schema_leaves

    for leaf in schema_leaves():
        assert f"| `{leaf}` |" in reference, leaf


@pytest.mark.parametrize("kind", sorted(TYPES))
def test_new_case_validates_and_renders_as_it_is(tmp_path: Path, kind: str):
    case = tmp_path / f"mon-dossier-{kind}.yaml"
    result = run_cli("new", str(case), "--type", kind, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    content = case.read_text(encoding="utf-8")
    assert content.startswith("# yaml-language-server: $schema=file://")
    assert "# Nom de l'opération. [obligatoire]" in content
    loaded = load_case(case).data
    assert loaded["id"] == f"mon-dossier-{kind}"
    assert loaded["operation"]["produit"] == TYPES[kind]
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list((tmp_path / "out" / f"mon-dossier-{kind}").glob("*.docx"))


def test_new_never_overwrites(tmp_path: Path):
    case = tmp_path / "dossier.yaml"
    case.write_text("# mon travail\n", encoding="utf-8")
    result = run_cli("new", str(case), "--type", "lts")
    assert result.returncode == 1
    assert "existe déjà" in result.stderr
    assert case.read_text(encoding="utf-8") == "# mon travail\n"


def test_shipped_cases_announce_their_schema():
    for case in sorted((ROOT / "cases").glob("*.yaml")):
        first = case.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schemas/case.schema.json", case.name


def test_templates_check_passes_on_shipped_templates():
    result = run_cli("templates", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 erreur(s)" in result.stdout


def _copy_templates(tmp_path: Path) -> Path:
    copy = tmp_path / "modeles"
    shutil.copytree(ROOT / "templates", copy)
    return copy


def test_templates_check_names_template_and_unknown_variable(tmp_path: Path):
    copy = _copy_templates(tmp_path)
    doc = Document(str(copy / "acte_de_vente.docx"))
    doc.add_paragraph("Mention ajoutée : {{ variable_inconnue }}")
    doc.save(str(copy / "acte_de_vente.docx"))
    result = run_cli("templates", "check", "--templates", str(copy))
    assert result.returncode == 1
    line = next(x for x in result.stderr.splitlines() if "variable_inconnue" in x)
    assert line.startswith("acte_de_vente.docx: corps, paragraphe ")
    assert line.endswith(
        "variable inconnue « variable_inconnue » : absente du contexte construit par actegen"
    )


def _replace_in_document_xml(path: Path, old: str, new: str) -> None:
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "word/document.xml":
                text_xml = data.decode("utf-8")
                assert old in text_xml
                data = text_xml.replace(old, new, 1).encode("utf-8")
            dst.writestr(info, data)
    tmp.replace(path)


def test_templates_check_finds_split_tag_and_curly_quotes(tmp_path: Path):
    copy = _copy_templates(tmp_path)
    path = copy / "acte_de_vente.docx"
    # a run boundary inside {{ lot.adresse }}, as Word leaves it after a formatting change
    _replace_in_document_xml(
        path, "{{ lot.adresse }}", "{{ lot.</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>adresse }}"
    )
    _replace_in_document_xml(path, "{%p if op.produit == 'lts' %}", "{%p if op.produit == \u2018lts\u2019 %}")
    result = run_cli("templates", "check", "--templates", str(copy))
    assert result.returncode == 1
    messages = result.stderr
    assert "balise « {{ lot.adresse }} » coupée entre plusieurs segments de mise en forme" in messages
    assert "guillemets typographiques dans la balise" in messages
