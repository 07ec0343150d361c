"""French print typography (issue 14, point 1): ``actegen.authoring.typography``.

Properties of the text transform (idempotent, changes only apostrophes and spaces, never a
Jinja tag), its application to a Word file (tags split across runs, other members kept
byte for byte), the command, and every shipped template and clause a fixed point.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from actegen.authoring.templates_dump import template_files
from actegen.authoring.typography import NBSP, NNBSP, edits, typographie, typographie_docx

from .helpers import ROOT, run_cli

TEMPLATES = ROOT / "templates"
TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
FIX = "actegen templates typographie --write templates"

# Text made of what the rules look at: French words, elisions, punctuation, numbers and units,
# guillemets, dashes, and Jinja tags with straight quotes inside.
_PIECES = st.sampled_from(
    [
        "l'",
        "L'",
        "d'",
        "qu'",
        "aujourd'hui",
        "office",
        "ACQUÉREUR",
        "'",
        '"',
        " ",
        NBSP,
        NNBSP,
        ";",
        ":",
        "!",
        "?",
        "«",
        "»",
        "« ",
        " »",
        "—",
        "– ",
        "n° ",
        "12",
        "162 690",
        "0 93",
        " %",
        " €",
        " F",
        " ans",
        ",55",
        ".",
        "\n",
        "\t",
        "{{ x }}",
        "{{ a['b'] }}",
        "{% if p == 'lts' %}",
        "{%p endif %}",
        "{# l'avis ; ok #}",
        "{{",
        "}}",
        "%}",
        "{%",
    ]
)
TEXT = st.lists(_PIECES | st.text(max_size=3), max_size=25).map("".join)


def _plain(text: str) -> str:
    """The text without what the transform may change: apostrophes, spaces, the C of Code."""
    return re.sub(f"[ {NBSP}{NNBSP}]", "", text.replace("’", "'").replace("Code", "code"))


@example("« :")  # found by hypothesis: the space was a colon's, then a mark's
@example("12;»")  # found by hypothesis: the space before » made room for one before ;
@given(TEXT)
def test_idempotent(text: str) -> None:
    once = typographie(text)
    assert typographie(once) == once


@given(TEXT)
def test_only_apostrophes_and_spaces_change(text: str) -> None:
    out = typographie(text)
    assert _plain(out) == _plain(text)
    # Replacements are one character for one; every added character is a narrow space.
    added = len(out) - len(text)
    assert added == sum(1 for e in edits(text) if e.start == e.end) >= 0
    assert all(e.new in ("’", NBSP, NNBSP, "C") for e in edits(text))


@given(TEXT)
def test_jinja_tags_untouched(text: str) -> None:
    assert TAG.findall(typographie(text)) == TAG.findall(text)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("L'AN {{ a }}, en l'office de l'{{ o }}", "L’AN {{ a }}, en l’office de l’{{ o }}"),
        (
            "{% if p == 'lts' %}dénommée « LE VENDEUR ».",
            f"{{% if p == 'lts' %}}dénommée «{NNBSP}LE VENDEUR{NNBSP}».",
        ),
        ("Hlm ? » ; fin ! Suite : a", f"Hlm{NNBSP}?{NNBSP}»{NNBSP}; fin{NNBSP}! Suite{NBSP}: a"),
        ("1993; Décret", f"1993{NNBSP}; Décret"),
        (
            "162 690 et 25 % sur 15 ans, 4 000,00 F",
            f"162{NNBSP}690 et 25{NBSP}% sur 15{NBSP}ans, 4{NNBSP}000,00{NBSP}F",
        ),
        ("n° {{ lot.numero }}, PC 093 010 22", f"n°{NBSP}{{{{ lot.numero }}}}, PC 093 010 22"),
        ("— à concurrence de", f"—{NBSP}à concurrence de"),
        (
            "article 1792 du code civil, du code de l'urbanisme, un code de",
            "article 1792 du Code civil, du Code de l’urbanisme, un code de",
        ),
        ("«{{ x }}» et {{ t }} %", f"«{NNBSP}{{{{ x }}}}{NNBSP}» et {{{{ t }}}}{NBSP}%"),
        ("x %} l'a ; {{ y", f"x %}} l’a{NNBSP}; {{{{ y"),
    ],
)
def test_examples(before: str, after: str) -> None:
    assert typographie(before) == after


def _word_file(tmp_path: Path, runs: list[str]) -> Path:
    """A copy of a shipped clause whose first paragraph is ``runs``, one ``w:r`` each."""
    path = tmp_path / "modele.docx"
    shutil.copy(TEMPLATES / "clauses" / "diagnostics.docx", path)
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f'<w:r><w:t xml:space="preserve">{r}</w:t></w:r>' for r in runs)
    members["word/document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>'
        f"<w:p>{body}</w:p><w:p><w:r><w:t>l'an</w:t><w:br/><w:t>; x</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


def test_word_file_tags_split_across_runs_are_left_alone(tmp_path: Path) -> None:
    path = _word_file(tmp_path, ["Ci-après « {{ a", "['b'] }} » de l", "'office ; {% if x == 'y' ", "%}fin"])
    before = {n: zipfile.ZipFile(path).read(n) for n in zipfile.ZipFile(path).namelist()}
    changes = typographie_docx(path, write=True)
    assert [c.after for c in changes] == [
        f"Ci-après «{NNBSP}{{{{ a['b'] }}}}{NNBSP}» de l’office{NNBSP}; {{% if x == 'y' %}}fin",
        "l’an\n; x",
    ]
    with zipfile.ZipFile(path) as z:
        after = {n: z.read(n) for n in z.namelist()}
        runs = re.findall(r"<w:t[^>]*>([^<]*)</w:t>", after["word/document.xml"].decode())
    assert runs[:4] == [
        f"Ci-après «{NNBSP}{{{{ a",
        f"['b'] }}}}{NNBSP}» de l",
        "’office\u202f; {% if x == 'y' ",
        "%}fin",
    ]
    assert {n for n in before if before[n] != after[n]} == {"word/document.xml"}
    assert typographie_docx(path) == []  # a fixed point


def test_command_lists_then_writes(tmp_path: Path) -> None:
    path = _word_file(tmp_path, ["dénommée « LE VENDEUR »"])
    original = path.read_bytes()
    listed = run_cli("templates", "typographie", str(path))
    assert listed.returncode == 1
    assert "paragraphe 1" in listed.stdout and "--write" in listed.stderr
    assert path.read_bytes() == original  # without --write, nothing is written
    written = run_cli("templates", "typographie", "--write", str(path))
    assert written.returncode == 0, written.stderr
    data = path.read_bytes()
    again = run_cli("templates", "typographie", "--write", str(path))
    assert again.returncode == 0 and path.read_bytes() == data  # idempotent, byte for byte
    assert run_cli("templates", "typographie", str(path)).returncode == 0


@pytest.mark.parametrize(
    "template", template_files(TEMPLATES), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_shipped_templates_are_typographic(template: Path) -> None:
    changes = typographie_docx(template)
    assert not changes, f"{template.name} : typographie à corriger avec « {FIX} » :\n" + "\n".join(
        f"  {c.part}, paragraphe {c.paragraph} : {c.after}" for c in changes[:10]
    )
