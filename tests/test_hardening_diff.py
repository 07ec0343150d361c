"""``actegen diff`` on what it cannot compare (issue 16, class 10): a document without a
body, an ``--auteur`` that XML cannot hold. One clear message, exit 2, nothing written. And
``diff --docx`` on long documents stays about linear in their paragraphs."""

from __future__ import annotations

import re
import time
import unicodedata
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actegen.diff import DiffError, author_problem, revisions, text_diff, tracked_changes

from .helpers import run_cli
from .test_diff import NEW_PARAS, NEW_ROWS, OLD_PARAS, OLD_ROWS, make


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    return make(tmp_path / "ancien.docx", OLD_PARAS, OLD_ROWS), make(
        tmp_path / "nouveau.docx", NEW_PARAS, NEW_ROWS
    )


def without_body(source: Path, target: Path) -> Path:
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(target, "w") as out:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "word/document.xml":
                data = re.sub(rb"<w:body>.*</w:body>", b"", data, flags=re.S)
                assert b"w:body" not in data
            out.writestr(info, data)
    return target


@pytest.mark.parametrize("which", ["ancien", "nouveau"])
@pytest.mark.parametrize("docx", [False, True])
def test_a_document_without_a_body_is_refused(pair, tmp_path: Path, which: str, docx: bool):
    old, new = pair
    empty = without_body(old if which == "ancien" else new, tmp_path / "vide.docx")
    args = [str(empty), str(new)] if which == "ancien" else [str(old), str(empty)]
    out = tmp_path / "revisions.docx"
    result = run_cli("diff", *args, *(["--docx", str(out)] if docx else []))
    assert result.returncode == 2
    assert result.stderr == f"erreur : {empty} : document Word sans corps (w:body) ; rien à comparer\n"
    assert result.stdout == ""
    assert not out.exists()
    with pytest.raises(DiffError, match="sans corps"):
        tracked_changes(*(Path(a) for a in args), out)
    with pytest.raises(DiffError, match="sans corps"):
        text_diff(*(Path(a) for a in args))


INVISIBLE = st.characters(categories=["Cc", "Cf", "Cs", "Co"])


@settings(max_examples=60, deadline=None)
@given(before=st.text(max_size=5), bad=INVISIBLE, after=st.text(max_size=5))
def test_an_author_with_an_invisible_or_control_character_is_refused(before: str, bad: str, after: str):
    problem = author_problem(before + bad + after)
    assert problem is not None
    assert "caractère invisible ou de contrôle U+" in problem


@settings(max_examples=60, deadline=None)
@given(author=st.text(st.characters(categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1, max_size=40))
def test_a_visible_author_is_accepted(author: str):
    assert author_problem(author) is None or not author.strip()


@pytest.mark.parametrize(
    "author", ["Me\x07Dupont", "Me\x00", "a\x1b[2Jb", "\u202eenilorac", "Me\ufeffDupont", " ", "x" * 256]
)
def test_diff_refuses_the_author_before_reading_anything(pair, tmp_path: Path, author: str):
    old, new = pair
    out = tmp_path / "revisions.docx"
    result = run_cli("diff", str(old), str(new), "--docx", str(out), "--auteur", author)
    assert result.returncode == 2
    assert "Valeur invalide pour '--auteur'" in result.stderr
    assert "Traceback" not in result.stderr and "erreur interne" not in result.stderr
    assert not out.exists()
    with pytest.raises(DiffError, match="--auteur"):
        tracked_changes(old, new, out, author=author)
    assert not out.exists()


def test_an_accented_author_signs_the_revisions(pair, tmp_path: Path):
    old, new = pair
    out = tmp_path / "revisions.docx"
    author = "Me Hélène N’Diaye — étude"
    assert unicodedata.normalize("NFC", author) == author
    result = run_cli("diff", str(old), str(new), "--docx", str(out), "--auteur", author)
    assert result.returncode == 1
    assert {a for _kind, a, _text in revisions(out)} == {author}


def _long_pair(tmp_path: Path, n: int) -> tuple[Path, Path]:
    """Two documents of ``n`` distinct paragraphs; the new one changes, drops and adds one
    paragraph in every ten."""
    old = [
        f"Article {i} : le vendeur déclare le bien numéro {i} libre de toute occupation." for i in range(n)
    ]
    new = []
    for i, text in enumerate(old):
        if i % 10 == 3:
            new.append(text.replace("libre", "loué"))
        elif i % 10 == 6:
            continue
        else:
            new.append(text)
        if i % 10 == 8:
            new.append(f"Article {i} bis : une clause ajoutée au bien {i}.")
    rows = [["a", "b"]]
    folder = tmp_path / str(n)
    folder.mkdir()
    return make(folder / "ancien.docx", old, rows), make(folder / "nouveau.docx", new, rows)


def test_diff_docx_grows_about_linearly_with_the_paragraphs(tmp_path: Path):
    """Four times the paragraphs, a few times the time (a quadratic pairing would be 16×)."""
    timings = {}
    for n in (500, 2000):
        old, new = _long_pair(tmp_path, n)
        start = time.perf_counter()
        count = tracked_changes(old, new, tmp_path / f"suivi-{n}.docx")
        timings[n] = time.perf_counter() - start
        assert count >= 3 * n // 10  # every change was found
    assert timings[2000] < 8 * timings[500] + 0.5, timings
