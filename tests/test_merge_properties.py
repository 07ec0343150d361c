"""The merge's promise on random edits: the notary and the case each insert, delete and change
words — in paragraphs and in table cells — and the case brings new figures. Rejecting all
gives back the notary's text; accepting all gives every edit of both sides that did not
touch the same paragraph or cell, and every new figure."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from actegen.accept import resolve
from actegen.docx_lines import document_lines
from actegen.merge import merge

WORDS = ["vendeur", "acquéreur", "lot", "garantie", "prix", "jouissance", "copropriété", "charges", "acte"]
CELL = "[tableau 1, ligne "


def base_paragraphs(words: list[list[str]]) -> list[str]:
    return [f"Article {i} : le {' '.join(w)} au prix de {1000 + 17 * i} €." for i, w in enumerate(words)]


def make(path: Path, paragraphs: list[str], rows: list[tuple[str, str]]) -> Path:
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    table = doc.add_table(rows=len(rows), cols=2)
    for r, (label, amount) in enumerate(rows):
        table.cell(r, 0).text, table.cell(r, 1).text = label, amount
    doc.save(str(path))
    return path


def lines(path: Path, accept: bool | None = None) -> list[str]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    if accept is not None:
        root = resolve(root, accept=accept)
    return document_lines({"word/document.xml": root})


@st.composite
def scenario(draw: st.DrawFn) -> dict:
    """Base, the notary's edits and the case's, on disjoint paragraphs and cells."""
    n = draw(st.integers(3, 8))
    words = draw(st.lists(st.lists(st.sampled_from(WORDS), min_size=3, max_size=5), min_size=n, max_size=n))
    owner = draw(st.lists(st.sampled_from(["", "", "notaire", "dossier"]), min_size=n, max_size=n))
    rows = draw(st.integers(1, 4))
    return {
        "words": words,
        "owner": owner,  # who edits each paragraph (nobody, the notary or the case)
        "ours_ops": [draw(st.sampled_from(["word", "delete"])) for _ in range(n)],
        "theirs_ops": [draw(st.sampled_from(["figure", "delete"])) for _ in range(n)],
        "ours_inserts": draw(st.lists(st.integers(0, n), max_size=2)),
        "theirs_inserts": draw(st.lists(st.integers(0, n), max_size=2)),
        "rows": rows,
        "ours_cell": draw(st.none() | st.integers(0, rows - 1)),  # a word of a row's label
        "theirs_cell": draw(st.none() | st.integers(0, rows - 1)),  # a row's amount
    }


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(s=scenario())
def test_random_edits_reject_to_the_notary_text_accept_to_both_sides(tmp_path: Path, s: dict):
    base = base_paragraphs(s["words"])
    rows = [(f"Échéance {r + 1} du lot", f"{100 * (r + 1)},00 €") for r in range(s["rows"])]
    ours, theirs, expected = list(base), list(base), list(base)
    for i, who in enumerate(s["owner"]):
        if who == "notaire":
            ours[i] = (
                "" if s["ours_ops"][i] == "delete" else base[i].replace(" le ", " le notaire modifie le ")
            )
            expected[i] = ours[i]
        elif who == "dossier":
            theirs[i] = "" if s["theirs_ops"][i] == "delete" else base[i].replace(" €.", "9 €.")
            expected[i] = theirs[i]
    ours_rows, theirs_rows, expected_rows = list(rows), list(rows), list(rows)
    if s["ours_cell"] is not None:
        r = s["ours_cell"]
        ours_rows[r] = expected_rows[r] = (rows[r][0].replace("du lot", "mensuelle du lot"), rows[r][1])
    if s["theirs_cell"] is not None:
        r = s["theirs_cell"]
        theirs_rows[r] = (rows[r][0], f"{7 + r} 777,00 €")
        expected_rows[r] = (expected_rows[r][0], theirs_rows[r][1])
    ours_new = [f"Clause {k} ajoutée par le notaire." for k in range(len(s["ours_inserts"]))]
    theirs_new = [f"Mention {k} nouvelle du dossier." for k in range(len(s["theirs_inserts"]))]

    def place(paragraphs: list[str], inserts: list[int], new: list[str]) -> list[str]:
        out = list(paragraphs)
        for at, text in sorted(zip(inserts, new, strict=True), reverse=True):
            out.insert(at, text)
        return [p for p in out if p]

    b = make(tmp_path / "b.docx", base, rows)
    o = make(tmp_path / "o.docx", place(ours, s["ours_inserts"], ours_new), ours_rows)
    t = make(tmp_path / "t.docx", place(theirs, s["theirs_inserts"], theirs_new), theirs_rows)
    out = tmp_path / "f.docx"
    merged = merge(b, o, t, out)
    assert lines(out, accept=False) == lines(o)
    assert merged.conflicts == []
    accepted = lines(out, accept=True)
    body = [x for x in accepted if not x.startswith(CELL)]
    assert Counter(body) == Counter([p for p in expected if p] + ours_new + theirs_new)
    cells = [x.split("] ", 1)[1] for x in accepted if x.startswith(CELL)]
    assert cells == [c for row in expected_rows for c in row]


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=4, max_size=8),
    ours_at=st.integers(0, 7),
    theirs_at=st.integers(0, 7),
)
def test_both_changing_one_paragraph_keeps_the_notary_words_or_reports_a_conflict(
    tmp_path: Path, words: list[str], ours_at: int, theirs_at: int
):
    """Word changes on both sides of one paragraph: rejected, the notary's text; accepted,
    the new figure unless the merge says where it conflicts."""
    base = f"Le {' '.join(words)} au prix de 1 000 €."
    ours_words, theirs_words = list(words), list(words)
    ours_words[ours_at % len(words)] = "notaire"
    theirs_words.insert(theirs_at % (len(words) + 1), "dossier")
    ours = f"Le {' '.join(ours_words)} au prix de 1 000 €."
    theirs = f"Le {' '.join(theirs_words)} au prix de 2 500 €."
    b = make(tmp_path / "b.docx", [base, "Autre paragraphe."], [("a", "1")])
    o = make(tmp_path / "o.docx", [ours, "Autre paragraphe."], [("a", "1")])
    t = make(tmp_path / "t.docx", [theirs, "Autre paragraphe."], [("a", "1")])
    out = tmp_path / "f.docx"
    merged = merge(b, o, t, out)
    assert lines(out, accept=False) == lines(o)
    accepted = lines(out, accept=True)[0]
    assert "notaire" in accepted
    if not merged.conflicts:
        assert "2 500 €" in accepted and "dossier" in accepted
    else:
        assert all(c.ours or c.theirs for c in merged.conflicts)
