"""The table of mandatory mentions (issue 13, point 7): the shipped documents carry every
mention their family, product and date require; ``templates check`` fails when a template or
clause set drops one; the render refuses a document that lacks one."""

from __future__ import annotations

import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from lxml import etree

from actegen import mentions, sandbox
from actegen.authoring.templates_check import mention_findings
from actegen.documents import build_jobs
from actegen.docx_lines import StyleNames
from actegen.errors import ParameterError
from actegen.pipeline import explain_case, settings_for
from actegen.render import Renderer

from .helpers import CASES, ROOT, run_cli

PSLA = CASES / "psla-coop-2024.yaml"


def _rendered(case: Path) -> list[tuple[str, dict, bytes]]:
    checked = explain_case(case)
    renderer = Renderer(ROOT / "templates")
    settings = settings_for(checked.case)
    jobs = build_jobs(checked.case, checked.results)
    return [(job.family, job.context, renderer.render(job, settings)) for job in jobs]


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_shipped_document_carries_its_mentions(case: Path):
    for family, context, data in _rendered(case):
        found = mentions.headings(data)
        assert mentions.missing(family, context, found) == []
        if family == "acte_de_vente":  # the table really asks something of every acte
            required = {m.id for m in mentions.table(family).required(context)}  # type: ignore[union-attr]
            assert {"capacite", "certification_identite", "publicite_fonciere", "dont_acte"} <= required


@pytest.mark.parametrize("case", [PSLA, CASES / "girimbelles-1993.yaml"], ids=lambda p: p.stem)
def test_the_streamed_body_kept_gives_the_headings_of_the_document(case: Path):
    """The render hands the mentions its streamed body's tree (not parsed again) and its
    template's style names (the document not opened): the same repères, the same names, as
    the written document.xml and styles.xml."""
    checked = explain_case(case)
    renderer = Renderer(ROOT / "templates")
    settings = settings_for(checked.case)
    for job in build_jobs(checked.case, checked.results):
        prepared = renderer.prepared(job.template, settings)
        assert prepared is not None
        bodies: list = []
        with sandbox.guarded():
            data = prepared.render(job, settings, bodies=bodies)
        body = bodies.pop()
        assert mentions.headings(data, body, prepared.style_names) == mentions.headings(data), job.filename
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            written = StyleNames(etree.fromstring(z.read("word/styles.xml")))
        assert (prepared.style_names.names, prepared.style_names.default) == (written.names, written.default)


def test_the_data_notice_follows_the_act_date():
    table = mentions.table("acte_de_vente")
    assert table is not None

    def ids(day: date) -> set[str]:
        ctx = {"produit": "lts", "acte": {"date": day}, "lot": {}, "vendeur": {"type": "commune"}}
        return {m.id for m in table.required(ctx)}

    assert not {"donnees_personnelles_loi_1978", "donnees_personnelles_rgpd"} & ids(date(1993, 9, 1))
    assert "donnees_personnelles_loi_1978" in ids(date(2016, 5, 19))
    assert "donnees_personnelles_rgpd" not in ids(date(2018, 5, 24))
    assert "donnees_personnelles_rgpd" in ids(date(2018, 5, 25))
    assert "diagnostics" not in ids(date(2006, 10, 31)) and "diagnostics" in ids(date(2006, 11, 1))


def test_products_and_conditions_select_mentions(tmp_path: Path):
    path = tmp_path / "acte_de_vente.yaml"
    path.write_text(
        """date: acte.date
mentions:
  - {id: a, libelle: A, repere: Copropriété, si: copropriete, source: {titre: Loi n° 65-557}}
  - {id: b, libelle: B, repere: Bail réel solidaire, produits: [brs], source: {titre: CCH}}
""",
        encoding="utf-8",
    )
    table = mentions.read_table(path)
    ctx = {"produit": "psla", "acte": {"date": date(2024, 6, 14)}, "lot": {"copropriete": {}}}
    assert [m.id for m in table.required(ctx)] == ["a"]
    assert [m.id for m in table.required({**ctx, "produit": "brs", "lot": {}})] == ["b"]


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("{id: a, libelle: A, repere: X, si: lune, source: {titre: T}}", "condition « si: lune » inconnue"),
        ("{id: a, libelle: A, repere: X}", "champ « source » obligatoire"),
        ("{id: a, libelle: A, repere: X, du: 2024-13-01, source: {titre: T}}", "date invalide"),
        ("{id: a, libelle: A, repere: X, voir: Y, source: {titre: T}}", "clé inconnue « voir »"),
    ],
)
def test_a_malformed_table_names_file_entry_and_fault(tmp_path: Path, entry: str, message: str):
    path = tmp_path / "acte_de_vente.yaml"
    path.write_text(f"date: acte.date\nmentions:\n  - {entry}\n", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"mentions/acte_de_vente\.yaml, mention 1") as info:
        mentions.read_table(path)
    assert message in str(info.value)


def test_shipped_templates_produce_every_mention():
    assert mention_findings(ROOT / "templates") == []


def test_templates_check_fails_when_an_office_clause_drops_a_mention(tmp_path: Path):
    office = tmp_path / "modeles"
    (office / "clauses").mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "acte_de_vente.docx", office)
    for stem in ("cloture", "cloture_electronique"):  # every variant that produced it
        clause = office / "clauses" / f"{stem}.docx"
        shutil.copy(ROOT / "templates" / "clauses" / f"{stem}.docx", clause)
        doc = Document(str(clause))
        heading = next(p for p in doc.paragraphs if p.text == "Dont acte")
        heading.runs[0].text = "Fin de l’acte"
        for run in heading.runs[1:]:
            run.text = ""
        doc.save(str(clause))
    findings = [str(f) for f in mention_findings(office)]
    assert len(findings) == 1
    assert findings[0].startswith("acte_de_vente.docx: mentions obligatoires: la mention « Dont acte »")
    assert (
        "Décret n° 71-941 du 26 novembre 1971 relatif aux actes établis par les notaires, art. 10"
        in findings[0]
    )


def test_templates_check_fails_when_the_template_drops_a_heading(tmp_path: Path):
    office = tmp_path / "modeles"
    office.mkdir()
    shutil.copy(ROOT / "templates" / "acte_de_vente.docx", office)
    doc = Document(str(office / "acte_de_vente.docx"))
    heading = next(p for p in doc.paragraphs if p.text == "Origine de propriété")
    heading._p.getparent().remove(heading._p)
    doc.save(str(office / "acte_de_vente.docx"))
    assert [f.message.split(" (")[0] for f in mention_findings(office)] == [
        "la mention « Origine de propriété »"
    ]


@pytest.mark.slow
def test_templates_check_command_exits_1_on_a_dropped_mention(tmp_path: Path):
    office = tmp_path / "modeles"
    shutil.copytree(ROOT / "templates", office)
    doc = Document(str(office / "clauses" / "publicite_fonciere.docx"))
    doc.paragraphs[0].runs[0].text = "Formalités"
    doc.save(str(office / "clauses" / "publicite_fonciere.docx"))
    result = run_cli("templates", "check", "--templates", str(office))
    assert result.returncode == 1
    assert "la mention « Publicité foncière »" in result.stderr


def test_render_refuses_an_acte_whose_closing_clause_is_switched_off(tmp_path: Path):
    case = tmp_path / "psla.yaml"
    case.write_text(
        PSLA.read_text(encoding="utf-8") + "\nclauses:\n  cloture: {active: false}\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    result = run_cli("render", str(case), "-o", str(out))
    assert result.returncode == 1
    assert "acte-de-vente_lot-B12_GUERIN.docx : document refusé, mention obligatoire absente" in result.stderr
    assert "« Dont acte » : Clôture de l’acte" in result.stderr
    assert "source : Décret n° 71-941 du 26 novembre 1971" in result.stderr
    assert not (out / "psla-coop-2024").exists()  # nothing written, not even the other documents


def test_the_closing_follows_the_support_and_the_date():
    def closing(case: Path) -> list[str]:
        checked = explain_case(case)
        job = next(j for j in build_jobs(checked.case, checked.results) if j.family == "acte_de_vente")
        clause = next(c for c in job.context["clauses"] if c["nom"] == "cloture")
        return [clause["fichier"], job.context["formalites"]["nombres_rayes"]]

    assert closing(CASES / "girimbelles-1993.yaml") == ["clauses/cloture.docx", "chiffres rayés nuls"]
    assert closing(PSLA) == ["clauses/cloture.docx", "nombres rayés nuls"]
    assert closing(CASES / "vefa-accession-2025.yaml")[0] == "clauses/cloture_electronique.docx"


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _p(style: str | None, text: str, extra: str = "") -> str:
    props = f'<w:pPr><w:pStyle w:val="{style}"/>{extra}</w:pPr>' if style else ""
    return f"<w:p>{props}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_the_repere_paragraphs_are_those_of_a_walk_of_every_paragraph():
    """``headings`` finds the repères from their ``<w:pStyle>``: the same paragraphs, in the
    same order, as a walk of every block — never one in a table, a text box or a revision."""
    styles = etree.fromstring(
        f"<w:styles {_W}>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Art"><w:name w:val="Article"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Corps"><w:name w:val="Corps de texte"/></w:style>'
        "</w:styles>"
    )
    names = StyleNames(styles)
    body = etree.fromstring(
        f"<w:body {_W}>"
        + _p("Heading1", "Un")
        + _p("Corps", "texte")
        + _p(None, "sans style")
        + f"<w:tbl><w:tr><w:tc>{_p('Heading1', 'dans un tableau')}</w:tc></w:tr></w:tbl>"
        + f"<w:sdt><w:sdtContent>{_p('Art', 'Deux')}"
        + f"<w:sdt><w:sdtContent>{_p('MentionLibre', 'Trois')}</w:sdtContent></w:sdt>"
        + "</w:sdtContent></w:sdt>"
        + _p("Corps", "révisé", '<w:pPrChange><w:pPr><w:pStyle w:val="Heading1"/></w:pPr></w:pPrChange>')
        + f"<w:p><w:r><w:pict><w:txbxContent>{_p('Heading1', 'zone de texte')}</w:txbxContent></w:pict></w:r></w:p>"
        + _p("Art", "Quatre")
        + "</w:body>"
    )
    found = [mentions.paragraph_text(p) for p in mentions._repere_paragraphs(body, names)]
    assert found == [mentions.paragraph_text(p) for p in mentions._walk(body, names)]
    assert found == ["Un", "Deux", "Trois", "Quatre"]


@pytest.mark.parametrize("case", [PSLA, CASES / "girimbelles-1993.yaml"], ids=lambda p: p.stem)
def test_the_repere_paragraphs_of_every_shipped_document_are_those_of_the_walk(case: Path):
    for _family, _context, data in _rendered(case):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = etree.fromstring(z.read("word/document.xml")).find(mentions.w("body"))
            names = mentions._style_names(io.BytesIO(data), z)
        assert list(mentions._repere_paragraphs(body, names)) == list(mentions._walk(body, names))
