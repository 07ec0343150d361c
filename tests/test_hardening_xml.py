"""No silently cut document (issue 16, class 1): a value or a template output that is not
XML is refused, located, never dropped with everything after it.

docxtpl reads the rendered body with ``recover=True`` (``fix_tables``); actegen parses it
strictly first (``render.environment.StrictDocxTemplate``), and the loader refuses what XML
cannot hold as text (``yaml_core.construct_scalar``). The property: any string, through
either render path, gives a refusal naming the document and the paragraph, or a document
whose paragraphs are the template's with the string in its place.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from docx import Document
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

from actegen import documents
from actegen.errors import TemplateError
from actegen.pipeline import check_case, settings_for
from actegen.render import Renderer
from actegen.templates import shipped_templates_dir
from actegen.yaml_core import MAX_TEXT, TAG_STR, construct_scalar

from .helpers import GIRIMBELLES, run_cli

MARK = "\u27e6MARQUE\u27e7"
_MALFORMED = re.compile(
    r"acte_de_vente\.docx: (le document \S+\.docx rempli n'est pas du XML valide "
    r"\(dans le corps, paragraphe n° \d+ : [^)]+\) ; il n'est pas écrit"
    r"|le modèle n'a pas pu être rempli \(UnicodeEncodeError : .*\) \(document \S+\.docx\))"
)  # a lone surrogate cannot even be encoded: refused before any parse


def _paragraphs(data: bytes) -> list[str]:
    doc = Document(io.BytesIO(data))
    out = [p.text for p in doc.paragraphs]
    out += [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return out


@pytest.fixture(scope="module")
def acte():
    case, _warnings, results = check_case(GIRIMBELLES)
    job = next(j for j in documents.build_jobs(case, results) if j.template == "acte_de_vente.docx")
    renderer = Renderer(shipped_templates_dir())
    settings_ = settings_for(case)
    marked = dataclasses.replace(job, context={**job.context, "acquereurs_noms": MARK})
    baseline = _paragraphs(renderer.render(marked, settings_))
    assert sum(p.count(MARK) for p in baseline) == 1 and len(baseline) > 50
    return job, renderer, settings_, baseline


def _as_read_back(value: str) -> str:
    """What python-docx reads back of ``value`` printed in a paragraph: XML reads a carriage
    return as a line feed."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


# Characters XML cannot hold, YAML escapes can write, and docxtpl's listing characters.
_HOSTILE = st.sampled_from(
    [
        "\ufffe",
        "\uffff",
        "\ud800",
        "\udfff",
        "\x00",
        "\x0b",
        "\x1f",
        "\x7f",
        "\x85",
        "\t",
        "\n",
        "\r",
        "&",
        "<",
    ]
)
_TEXT = st.lists(st.one_of(st.characters(), _HOSTILE), max_size=40).map("".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_TEXT, fast=st.booleans())
@example(value="GR\ufffeONDIN", fast=True)
@example(value="GR\ufffeONDIN", fast=False)
@example(value="\ud800", fast=True)
@example(value="x\r\ny", fast=True)
@example(value="a\x0cb", fast=False)
@example(value="x" * 6_000_000 + "y" * 6_000_000, fast=True)  # a text node past libxml2's 10 MB
def test_any_value_gives_a_whole_document_or_a_located_refusal(acte, value: str, fast: bool):
    job, renderer, settings_, baseline = acte
    loaded, problem = construct_scalar(TAG_STR, value)
    accepted = problem is None
    if accepted:
        value = loaded  # what a case can bring: the loader's value
    filled = dataclasses.replace(job, context={**job.context, "acquereurs_noms": value})
    try:
        data = renderer.render(filled, settings_, fast=fast)
    except TemplateError as exc:
        assert _MALFORMED.fullmatch(str(exc)), str(exc)
        assert not accepted, "a value the loader accepts is refused at render"
        return
    got = _paragraphs(data)
    if accepted:
        assert len(got) == len(baseline), "a paragraph lost: the document is cut"
        assert got == [p.replace(MARK, _as_read_back(value)) for p in baseline]
    else:  # a value the loader refuses (a surrogate pair lxml joins, docxtpl's page break
        # "\f" that adds paragraphs): whole, if not exact — every other paragraph, in order
        rest = iter(got)
        assert all(any(g == p for g in rest) for p in baseline if MARK not in p), "the document is cut"


@pytest.mark.parametrize(
    ("escape", "code"),
    [("\\uFFFE", "FFFE"), ("\\uFFFF", "FFFF"), ("\\uD800", "D800"), ("\\uDBFF\\uDFFF", "DBFF")],
)
def test_characters_xml_cannot_hold_are_refused_where_written(tmp_path: Path, escape: str, code: str):
    text = GIRIMBELLES.read_text(encoding="utf-8").replace(
        "  nom: LEBRETON\n", f'  nom: "LE{escape}BRETON"\n', 1
    )
    (tmp_path / "dossier.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    result = run_cli("render", "dossier.yaml", "-o", "sortie", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        f"dossier.yaml:27:8: notaire.nom : caractère U+{code} impossible dans un document Word (ni texte XML)"
        in result.stderr
    ), result.stderr
    assert not (tmp_path / "sortie").exists()


def test_a_very_long_value_is_refused_where_written(tmp_path: Path):
    long = "A" * (MAX_TEXT + 1)
    text = GIRIMBELLES.read_text(encoding="utf-8").replace("  nom: LEBRETON\n", f"  nom: {long}\n", 1)
    (tmp_path / "dossier.yaml").write_text(text, encoding="utf-8")
    result = run_cli("validate", "dossier.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "dossier.yaml:27:8: notaire.nom : texte trop long : au plus 100\u202f000 caractères" in result.stderr
    )
    assert "AAAA" not in result.stderr


def test_every_text_the_loader_accepts_is_xml_text():
    """The loader's refusals are exactly what lxml refuses as text (the other direction of
    the property: no accepted value can reach a strict parse and fail there)."""
    for code in list(range(0x110000)):
        char = chr(code)
        accepted = construct_scalar(TAG_STR, char)[1] is None
        try:
            etree.Element("t").text = char
            xml_text = True
        except ValueError:
            xml_text = False
        if accepted:
            assert xml_text, f"U+{code:04X}"


def _template_printing(tmp_path: Path, expression: str) -> Path:
    """The shipped templates, the acte's first text run followed by ``expression``."""
    folder = tmp_path / "modeles"
    shutil.copytree(shipped_templates_dir(), folder)
    path = folder / "acte_de_vente.docx"
    with zipfile.ZipFile(path) as z:
        members = {name: z.read(name) for name in z.namelist()}
    xml = members["word/document.xml"].decode("utf-8")
    members["word/document.xml"] = re.sub(
        r"(<w:t[ >][^<]*)", lambda m: m.group(1) + escape(expression), xml, count=3
    ).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize(
    "expression",
    [
        pytest.param("{{ 'x' * 6000000 }}{{ 'y' * 6000000 }}", id="huge-text-node"),
        pytest.param("{{ '</w:t>' | safe }}", id="closing-tag"),
        pytest.param("{{ '<w:p>' | safe }}", id="open-paragraph"),
    ],
)
def test_a_template_output_that_is_not_xml_is_refused_whole(tmp_path: Path, expression: str):
    folder = _template_printing(tmp_path, expression)
    result = run_cli("render", str(GIRIMBELLES), "-o", str(tmp_path / "sortie"), "--templates", str(folder))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "rempli n'est pas du XML valide (dans le corps, paragraphe n° " in result.stderr, result.stderr
    assert not list((tmp_path / "sortie").rglob("*.docx"))
