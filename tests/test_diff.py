"""`actegen diff`: a readable text diff, and a copy of the new document with Word tracked changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from actegen.diff import revisions, text_diff, tracked_changes
from actegen.docx_lines import W

from .helpers import libreoffice_convert, run_entry_point

NS = {"w": W}


def make(path: Path, paragraphs: list[str], rows: list[list[str]]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.add_paragraph("Fait à Saint-Denis.")
    doc.save(str(path))
    return path


OLD_PARAS = [
    "Entre les soussignés,",
    "Le prix est de cent mille euros.",
    "Clause supprimée ensuite.",
    "Les frais sont à la charge de l'acquéreur.",
]
NEW_PARAS = [
    "Entre les soussignés,",
    "Le prix est de cent vingt mille euros.",
    "Les frais sont à la charge de l'acquéreur.",
    "Une clause nouvelle.",
]
OLD_ROWS = [["Lot", "Prix"], ["1", "100 000"], ["2", "90 000"], ["3", "80 000"]]
NEW_ROWS = [["Lot", "Prix"], ["1", "120 000"], ["3", "80 000"], ["4", "70 000"]]


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return (
        make(tmp_path / "ancien.docx", OLD_PARAS, OLD_ROWS),
        make(tmp_path / "nouveau.docx", NEW_PARAS, NEW_ROWS),
    )


def test_text_diff_is_paragraph_by_paragraph_and_cell_by_cell(pair):
    old, new = pair
    diff = text_diff(old, new)
    assert diff.startswith(f"--- {old}\n+++ {new}\n")
    lines = diff.splitlines()
    assert "-Le prix est de cent mille euros." in lines
    assert "+Le prix est de cent vingt mille euros." in lines
    assert "-Clause supprimée ensuite." in lines
    assert "+Une clause nouvelle." in lines
    assert "-[tableau 1, ligne 2, cellule 2] 100 000" in lines
    assert "+[tableau 1, ligne 2, cellule 2] 120 000" in lines
    assert "-[tableau 1, ligne 3, cellule 1] 2" in lines
    assert text_diff(old, old) == ""


def _view(root: etree._Element, accept: bool) -> tuple[list[str], list[list[str]]]:
    """The body's paragraphs and table rows once every revision is accepted (or rejected)."""
    gone = "w:del" if accept else "w:ins"

    def para(p: etree._Element) -> str | None:
        if p.xpath(f"w:pPr/w:rPr/{gone}", namespaces=NS):
            return None
        texts = p.xpath(f".//w:t[not(ancestor::{gone})] | .//w:delText[not(ancestor::{gone})]", namespaces=NS)
        return "".join(t.text or "" for t in texts)

    body = root.find(f"{{{W}}}body")
    paras = [t for p in body.findall(f"{{{W}}}p") if (t := para(p)) is not None]
    rows = []
    for tr in body.iter(f"{{{W}}}tr"):
        if tr.xpath(f"w:trPr/{gone}", namespaces=NS):
            continue
        rows.append(
            [
                " ".join(t for p in tc.findall(f"{{{W}}}p") if (t := para(p)) is not None)
                for tc in tr.findall(f"{{{W}}}tc")
            ]
        )
    return paras, rows


def test_tracked_changes_accept_to_the_new_text_and_reject_to_the_old(pair, tmp_path: Path):
    old, new = pair
    out = tmp_path / "revisions.docx"
    count = tracked_changes(old, new, out, author="Maître Lebreton", date="2026-01-02T03:04:05Z")
    assert count > 0
    Document(str(out))  # python-docx opens it
    kinds = list(revisions(out))
    assert {k for k, _a, _t in kinds} == {"ins", "del"}
    assert {a for _k, a, _t in kinds} == {"Maître Lebreton"}
    assert ("del", "Maître Lebreton", "cent") not in kinds  # word level: only what changed
    assert ("ins", "Maître Lebreton", "vingt ") in kinds or ("ins", "Maître Lebreton", " vingt") in kinds
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    assert root.xpath("//w:ins/@w:date", namespaces=NS)[0] == "2026-01-02T03:04:05Z"
    ids = root.xpath("//w:ins/@w:id | //w:del/@w:id", namespaces=NS)
    assert len(ids) == len(set(ids))
    assert _view(root, accept=True) == (NEW_PARAS + ["Fait à Saint-Denis."], NEW_ROWS)
    assert _view(root, accept=False) == (OLD_PARAS + ["Fait à Saint-Denis."], OLD_ROWS)


def test_tracked_changes_on_generated_actes(girimbelles_rendered: Path, tmp_path: Path):
    """An acte against the same acte edited by a notary: it opens, and accepting gives the edit."""
    (path,) = girimbelles_rendered.glob("acte-de-vente_lot-01_*.docx")
    edited = tmp_path / "modifie.docx"
    doc = Document(str(path))
    doc.paragraphs[6].runs[0].text = doc.paragraphs[6].runs[0].text.replace("office notarial", "étude")
    doc.add_paragraph("Mention ajoutée.")
    doc.save(str(edited))
    out = tmp_path / "revisions.docx"
    tracked_changes(path, edited, out)
    import zipfile

    root = etree.fromstring(zipfile.ZipFile(out).read("word/document.xml"))
    accepted, _rows = _view(root, accept=True)
    assert accepted == [p.text for p in Document(str(edited)).paragraphs]
    rejected, _rows = _view(root, accept=False)
    assert rejected == [p.text for p in Document(str(path)).paragraphs]


@pytest.mark.slow
def test_libreoffice_opens_the_tracked_changes(pair, tmp_path: Path):
    old, new = pair
    out = tmp_path / "revisions.docx"
    tracked_changes(old, new, out)
    pdf = libreoffice_convert(out, "pdf", tmp_path, tmp_path / "profil")
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_diff_command_exit_codes(pair, tmp_path: Path):
    """The real entry point, in a subprocess: exit 0 (same), 1 (different), 2 (not a DOCX)."""
    old, new = pair
    same = run_entry_point("diff", str(old), str(old))
    assert same.returncode == 0 and same.stdout == ""
    different = run_entry_point("diff", str(old), str(new), "--docx", str(tmp_path / "r.docx"))
    assert different.returncode == 1
    assert "+Le prix est de cent vingt mille euros." in different.stdout
    assert "révision(s) suivie(s) écrite(s)" in different.stdout
    assert (tmp_path / "r.docx").is_file()
    broken = tmp_path / "casse.docx"
    broken.write_text("pas un docx", encoding="utf-8")
    bad = run_entry_point("diff", str(broken), str(new))
    assert bad.returncode == 2 and "ce n'est pas un document Word" in bad.stderr
    help_text = run_entry_point("diff", "--help")
    assert help_text.returncode == 0 and "modifications suivies" in help_text.stdout
