"""Three-way merge: the notary's edited document with the case's changes as tracked changes."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from actegen.accept import resolve
from actegen.docx_lines import document_lines
from actegen.merge import diff3, merge

from .helpers import libreoffice_convert, run_entry_point

PARAS = [
    "Le prix est de 100 000 euros payé comptant.",
    "Deuxième paragraphe sans changement.",
    "Troisième paragraphe ici.",
]
ROWS = [["Échéance", "1 000 €"], ["Total", "12 000 €"]]


def make(path: Path, paras: list[str], rows: list[list[str]]) -> Path:
    doc = Document()
    for text in paras:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    doc.save(str(path))
    return path


def lines(path: Path, accept: bool | None = None) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    if accept is not None:
        root = resolve(root, accept=accept)
    return document_lines({"word/document.xml": root})


@pytest.fixture
def three(tmp_path: Path) -> tuple[Path, Path, Path]:
    base = make(tmp_path / "base.docx", PARAS, ROWS)
    ours = tmp_path / "ours.docx"
    doc = Document(str(base))
    doc.paragraphs[0].runs[0].text = "Le prix est de 100 000 euros payé comptant le jour même."
    doc.paragraphs[1].text = "Deuxième paragraphe modifié par le notaire."
    doc.tables[0].cell(0, 0).text = "Échéance mensuelle"
    doc.add_paragraph("Ajout du notaire.")
    doc.save(str(ours))
    theirs = make(
        tmp_path / "theirs.docx",
        [
            PARAS[0].replace("100 000", "120 000"),
            "Deuxième paragraphe changé par le dossier.",
            "Nouveau paragraphe du dossier.",
            PARAS[2],
        ],
        [["Échéance", "1 200 €"], ROWS[1]],
    )
    return base, ours, theirs


def test_accept_gives_edits_and_new_figures_reject_gives_the_notary_text(three, tmp_path: Path):
    base, ours, theirs = three
    out = tmp_path / "fusion.docx"
    merged = merge(base, ours, theirs, out)
    assert lines(out, accept=False) == lines(ours)
    accepted = lines(out, accept=True)
    assert accepted[0] == "Le prix est de 120 000 euros payé comptant le jour même."
    assert "Nouveau paragraphe du dossier." in accepted
    assert "[tableau 1, ligne 1, cellule 1] Échéance mensuelle" in accepted
    assert "[tableau 1, ligne 1, cellule 2] 1 200 €" in accepted
    assert accepted[-1] == "Ajout du notaire."
    assert [(c.ours, c.theirs) for c in merged.conflicts] == [
        ("modifié", "changé"),
        ("par le notaire", "par le dossier"),
    ]
    with zipfile.ZipFile(out) as z:
        comments = z.read("word/comments.xml").decode()
        assert "conflit : le notaire a écrit « modifié », le dossier donne maintenant « changé »" in comments
        assert "comments.xml" in z.read("word/_rels/document.xml.rels").decode()
        assert "/word/comments.xml" in z.read("[Content_Types].xml").decode()
        xml = z.read("word/document.xml").decode()
    assert 'w:author="actegen"' in xml and 'w:date="2000-01-01T00:00:00Z"' in xml


def test_merge_is_reproducible(three, tmp_path: Path):
    base, ours, theirs = three
    merge(base, ours, theirs, tmp_path / "a.docx")
    merge(base, ours, theirs, tmp_path / "b.docx")
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_no_change_from_the_case_gives_the_notary_text_without_revision(three, tmp_path: Path):
    base, ours, _theirs = three
    merged = merge(base, ours, base, tmp_path / "f.docx")
    assert merged.revisions == 0 and merged.conflicts == []
    assert lines(tmp_path / "f.docx") == lines(ours)


def test_diff3_regions():
    assert (
        diff3(list("abc"), list("abc"), list("axc"))
        == [("keep", (0, 1), ["a"]), ("theirs", (1, 1), ["x"]), ("keep", (1, 2), ["c"])]
        or diff3(list("abc"), list("abc"), list("axc"))[1][0] == "theirs"
    )
    kinds = [k for k, _r, _t in diff3(list("abc"), list("ayc"), list("axc"))]
    assert "conflict" in kinds
    kinds = [k for k, _r, _t in diff3(list("abc"), list("ayc"), list("ayc"))]
    assert "conflict" not in kinds and "theirs" not in kinds


def test_libreoffice_round_trip_of_the_edited_file_is_merged(three, tmp_path: Path):
    base, ours, theirs = three
    resaved = libreoffice_convert(ours, "docx", tmp_path / "lo", tmp_path / "profil")
    out = tmp_path / "fusion.docx"
    merge(base, resaved, theirs, out)
    assert lines(out, accept=False) == lines(resaved)
    accepted = lines(out, accept=True)
    assert accepted[0] == "Le prix est de 120 000 euros payé comptant le jour même."
    assert "[tableau 1, ligne 1, cellule 2] 1 200 €" in accepted


WORDS = st.sampled_from(["prix", "lot", "vente", "acquéreur", "euros", "1 000", "garantie", "acte"])
SENTENCE = st.lists(WORDS, min_size=3, max_size=8).map(" ".join)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(base=st.lists(SENTENCE, min_size=2, max_size=6, unique=True), data=st.data())
def test_property_reject_is_the_notary_text_accept_keeps_every_edit(tmp_path: Path, base, data):
    ours_paras = list(base)
    i = data.draw(st.integers(0, len(base) - 1))
    ours_paras[i] = ours_paras[i] + " notaire"
    if data.draw(st.booleans()):
        ours_paras.insert(data.draw(st.integers(0, len(ours_paras))), "Clause du notaire.")
    theirs_paras = list(base)
    j = data.draw(st.integers(0, len(base) - 1))
    theirs_paras[j] = "nouveau " + theirs_paras[j]
    rows = [["a b", "1 000 €"]]
    b = make(tmp_path / "b.docx", base, rows)
    o = make(tmp_path / "o.docx", ours_paras, [["a b notaire", "1 000 €"]])
    t = make(tmp_path / "t.docx", theirs_paras, [["a b", "2 000 €"]])
    out = tmp_path / "f.docx"
    merge(b, o, t, out)
    assert lines(out, accept=False) == lines(o)
    accepted = lines(out, accept=True)
    assert accepted.count("Clause du notaire.") == ours_paras.count("Clause du notaire.")
    assert any(line.startswith("nouveau ") for line in accepted)
    assert sum("notaire" in line for line in accepted) >= 2
    assert "[tableau 1, ligne 1, cellule 1] a b notaire" in accepted
    assert "[tableau 1, ligne 1, cellule 2] 2 000 €" in accepted


def test_merge_command(three, tmp_path: Path):
    base, ours, theirs = three
    out = tmp_path / "cli.docx"
    result = run_entry_point("merge", str(base), str(ours), str(theirs), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "2 conflit(s)" in result.stdout and "notaire « modifié », dossier « changé »" in result.stdout
    assert out.is_file()
    clean = run_entry_point("merge", str(base), str(ours), str(base), "-o", str(tmp_path / "c.docx"))
    assert clean.returncode == 0 and "0 conflit(s)" in clean.stdout
    broken = tmp_path / "casse.docx"
    broken.write_text("pas un docx", encoding="utf-8")
    bad = run_entry_point("merge", str(broken), str(ours), str(theirs), "-o", str(out))
    assert bad.returncode == 2 and "ce n'est pas un document Word" in bad.stderr
