"""The text dump of a Word template: committed beside each template (``NAME.docx.txt``), kept
up to date, and independent of how the file was zipped.

Regenerate the committed dumps after editing a template in Word:
``actegen templates dump --write templates``.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.oxml import OxmlElement

from actegen.authoring.templates_check import stale_dump
from actegen.authoring.templates_dump import (
    REGENERATE,
    dump,
    dump_command,
    dump_path,
    stale_dumps,
    template_files,
    write_dumps,
)
from actegen.errors import DiffError

from .helpers import ROOT, run_cli

TEMPLATES = ROOT / "templates"
SHIPPED = template_files(TEMPLATES)


def test_every_template_and_clause_has_its_dump():
    assert len(SHIPPED) == 35
    assert sorted(p.name for p in TEMPLATES.rglob("*.docx.txt")) == sorted(
        f"{p.name}.txt" for p in SHIPPED
    ), f"un modèle sans son texte, ou un texte sans son modèle : régénérer avec « {REGENERATE} »"


@pytest.mark.parametrize("template", SHIPPED, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_committed_dump_is_up_to_date(template: Path):
    committed = dump_path(template).read_text(encoding="utf-8")
    assert committed == dump(template), (
        f"{dump_path(template).relative_to(ROOT)} ne correspond plus à {template.name} : "
        f"régénérer avec « {REGENERATE} » et relire le diff"
    )


def test_dump_shows_styles_tags_tables_header_and_footer():
    acte = dump(TEMPLATES / "acte_de_vente.docx").splitlines()
    assert acte[0] == "[Titre] {{ acte.titre }}"
    assert "[Titre 1] Identification des parties" in acte
    assert any(line.startswith("[tableau 1, ligne 1, cellule 1] [") for line in acte)
    assert "[en-tête] [Petit] {{ doc.reference }}" in acte
    assert any(line.startswith("[pied de page] [Petit] {{ doc.titre }} — page ") for line in acte)
    clause = dump(TEMPLATES / "clauses" / "diagnostics.docx")
    assert (
        "[Normal] {%p for d in lot.diagnostics %}\n[Enumeration] —\u00a0{{ d }}{% if loop.last %}" in clause
    )
    assert clause.endswith("\n") and not clause.endswith("\n\n")


def test_dump_survives_a_python_docx_round_trip(tmp_path: Path):
    for template in (
        TEMPLATES / "acte_de_vente.docx",
        TEMPLATES / "deliberation.docx",
        TEMPLATES / "clauses" / "garantie_rachat_psla.docx",
    ):
        copy = tmp_path / template.name
        Document(str(template)).save(str(copy))
        assert copy.read_bytes() != template.read_bytes()
        assert dump(copy) == dump(template)


def _note_document(path: Path) -> Path:
    """A document with a footnote, a line break, a table cell of two paragraphs, a run split
    in the middle of a tag and a deleted revision: what Word produces."""
    doc = Document()
    doc.add_heading("Titre de la clause", level=1)
    p = doc.add_paragraph("{{ a")
    p.add_run(".b }} suite")
    p.add_run().add_break()
    p.add_run("ligne 2")
    deleted = OxmlElement("w:del")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "supprimé"
    run.append(text)
    deleted.append(run)
    p._p.append(deleted)
    cell = doc.add_table(rows=1, cols=2).cell(0, 1)
    cell.text = "premier"
    cell.add_paragraph("second", style="List Paragraph")
    doc.save(str(path))
    _add_footnote(path)
    return path


def _add_footnote(path: Path) -> None:
    """python-docx writes no notes: add a footnotes part (with Word's separator) by hand."""
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<w:footnotes {w}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        f'</w:footnote><w:footnote w:id="7"><w:p><w:r><w:t>Art. L.271-4 CCH.</w:t></w:r></w:p>'
        f"</w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    members["word/footnotes.xml"] = notes.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)


def test_dump_format_on_a_document_like_words(tmp_path: Path):
    assert dump(_note_document(tmp_path / "clause.docx")) == (
        "[Titre 1] Titre de la clause\n"
        "[Normal] {{ a.b }} suite⏎ligne 2\n"
        "[tableau 1, ligne 1, cellule 1] [Normal]\n"
        "[tableau 1, ligne 1, cellule 2] [Normal] premier\n"
        "[tableau 1, ligne 1, cellule 2] [Paragraphe de liste] second\n"
        "[note de bas de page 1] [Normal] Art. L.271-4 CCH.\n"
    )


def test_dump_command_prints_one_file_as_textconv_wants_it(tmp_path: Path):
    clause = TEMPLATES / "clauses" / "vefa.docx"
    assert dump_command([clause], write=False) == dump(clause)
    both = dump_command([clause, TEMPLATES / "note_de_calcul.docx"], write=False)
    assert both.startswith(f"==> {clause} <==\n{dump(clause)}==> ")
    with pytest.raises(DiffError):
        dump_command([tmp_path / "absent.docx"], write=False)


def test_dump_command_writes_beside_each_file(tmp_path: Path):
    folder = tmp_path / "modeles"
    shutil.copytree(TEMPLATES, folder)
    (folder / "clauses" / "vefa.docx.txt").write_text("ancien\n", encoding="utf-8")
    report = dump_command([folder / "clauses" / "vefa.docx", folder / "note_de_calcul.docx"], write=True)
    assert report == (
        f"écrit : {folder / 'clauses' / 'vefa.docx.txt'}\nà jour : {folder / 'note_de_calcul.docx.txt'}\n"
    )
    assert (folder / "clauses" / "vefa.docx.txt").read_text(encoding="utf-8") == dump(
        TEMPLATES / "clauses" / "vefa.docx"
    )
    assert dump_command([folder], write=True).count("à jour : ") == 35


def test_stale_and_write_dumps_of_a_folder(tmp_path: Path):
    folder = tmp_path / "modeles"
    shutil.copytree(TEMPLATES, folder)
    assert stale_dumps(folder) == []
    (folder / "deliberation.docx.txt").unlink()
    (folder / "clauses" / "vefa.docx.txt").write_text("ancien\n", encoding="utf-8")
    (folder / "clauses" / "disparue.docx.txt").write_text("orpheline\n", encoding="utf-8")
    (folder / "~$te_de_vente.docx").write_bytes(b"verrou de Word")
    stale = [
        folder / "clauses" / "disparue.docx.txt",
        folder / "clauses" / "vefa.docx.txt",
        folder / "deliberation.docx.txt",
    ]
    assert stale_dumps(folder) == stale
    assert write_dumps(folder) == stale
    assert stale_dumps(folder) == [] and write_dumps(folder) == []
    assert not (folder / "clauses" / "disparue.docx.txt").exists()


def test_templates_dump_command_prints_the_dump_and_writes_it_beside(tmp_path: Path):
    result = run_cli("templates", "dump", str(TEMPLATES / "clauses" / "vefa.docx"))
    assert result.returncode == 0 and result.stdout == dump(TEMPLATES / "clauses" / "vefa.docx")
    copy = tmp_path / "vefa.docx"
    shutil.copy(TEMPLATES / "clauses" / "vefa.docx", copy)
    result = run_cli("templates", "dump", "--write", str(copy))
    assert result.returncode == 0 and dump_path(copy).read_text(encoding="utf-8") == dump(copy)
    result = run_cli("templates", "dump", str(tmp_path / "absent.docx"))
    assert result.returncode == 2 and "absent.docx" in result.stderr


def test_templates_check_warns_when_a_dump_is_stale(tmp_path: Path):
    folder = tmp_path / "modeles"
    shutil.copytree(TEMPLATES, folder)
    clause = folder / "clauses" / "vefa.docx"
    assert stale_dump(clause, "clauses/vefa.docx") == []
    doc = Document(str(clause))
    doc.add_paragraph("Mention ajoutée par l'office dans Word.")
    doc.save(str(clause))
    (warning,) = stale_dump(clause, "clauses/vefa.docx")
    assert warning.severity == "avertissement"
    assert str(warning).startswith(
        "clauses/vefa.docx: fichier: avertissement : vefa.docx.txt ne correspond "
        "plus au modèle : le régénérer avec « actegen templates dump --write "
    )
    dump_path(clause).unlink()
    assert stale_dump(clause, "clauses/vefa.docx") == []  # an office's folder keeps no dumps
