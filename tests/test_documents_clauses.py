"""The clause library: chosen by product, guarantees and copropriété; switched off, renamed,
rewritten or added by a case; edited once by an office, in Word, for all its acts."""

from __future__ import annotations

import base64
import io
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docxtpl import DocxTemplate

from actegen.clause_catalogue import PARTIES
from actegen.documents import build_jobs, fragments
from actegen.documents import clauses as clauses_module
from actegen.documents.clauses import LIBRARY, NAMES
from actegen.errors import TemplateError
from actegen.pipeline import explain_case

from .docx_text import paragraphs, text
from .helpers import CASES, ROOT, run_cli

PSLA = CASES / "psla-coop-2024.yaml"


def _clause_names(case: Path) -> list[list[str]]:
    data, _warnings, results = explain_case(case)
    return [
        [c["nom"] for c in job.context["clauses"].conditions]
        for job in build_jobs(data, results)
        if job.family == "acte_de_vente"
    ]


def test_the_acte_places_each_clause_in_its_part():
    clauses = next(
        job.context["clauses"]
        for job in build_jobs(*explain_case(PSLA)[::2])
        if job.family == "acte_de_vente"
    )
    assert [c["nom"] for c in clauses.parties] == ["capacite", "certification_identite"]
    assert [c["nom"] for c in clauses.fin] == [
        "declarations_fiscales",
        "plus_value",
        "frais",
        "publicite_fonciere",
        "election_domicile",
        "donnees_personnelles",
        "annexes",
        "affirmation_sincerite",
        "cloture",
    ]
    assert [c["nom"] for c in clauses.expose] == ["location_accession", "retractation"]
    assert [c["nom"] for c in clauses] == [c["nom"] for p in PARTIES for c in getattr(clauses, p)]


def test_each_product_gets_its_clauses_in_the_library_order():
    assert _clause_names(CASES / "girimbelles-1993.yaml")[0] == [
        "charges_conditions",
        "lts_superficie",
        "diagnostics",
    ]
    assert _clause_names(PSLA) == [
        [
            "charges_conditions",
            "copropriete",
            "garantie_rachat",
            "garantie_relogement",
            "retour_meilleure_fortune",
            "assurance_revente",
            "diagnostics",
        ]
    ]
    assert _clause_names(CASES / "vefa-accession-2025.yaml") == [
        [
            "charges_conditions",
            "vefa",
            "copropriete",
            "garantie_rachat",
            "garantie_relogement",
            "assurance_revente",
            "diagnostics",
        ]
    ]
    assert _clause_names(CASES / "vente-hlm-2023.yaml") == [
        [
            "charges_conditions",
            "copropriete",
            "copropriete_mixte",
            "garantie_rachat",
            "anti_speculation",
            "diagnostics",
        ]
    ]
    assert _clause_names(CASES / "brs-ofs-2024.yaml") == [
        ["charges_conditions", "bail_reel_solidaire", "copropriete", "assurance_revente", "diagnostics"]
    ]
    assert _clause_names(CASES / "portage-sevran-2016.yaml")[0] == [
        "charges_conditions",
        "portage_cible",
        "copropriete",
        "diagnostics",
    ]


def _parts(case: Path, *parts: str) -> list[list[tuple[str, str]]]:
    """(clause, file) of each acte of a case in the given parts of the acte."""
    data, _warnings, results = explain_case(case)
    return [
        [(c["nom"], c["fichier"]) for p in parts for c in getattr(job.context["clauses"], p)]
        for job in build_jobs(data, results)
        if job.family == "acte_de_vente"
    ]


def test_the_property_sections_follow_the_product_and_the_date():
    bien = ["situation_hypothecaire", "urbanisme", "droits_preemption", "servitudes"]

    def files(case: str) -> list[tuple[str, str]]:
        return _parts(CASES / case, "expose", "bien", "conditions")[0]

    def names(case: str) -> list[str]:
        return [n for n, _ in files(case) if n in bien + ["retractation", "garanties_construction"]]

    # 1993: no cooling-off period (CCH L.271-1 did not exist), no building within ten years
    assert names("girimbelles-1993.yaml") == bien
    assert ("charges_conditions", "clauses/charges_conditions.docx") in files("girimbelles-1993.yaml")
    # the seller built within ten years: building insurances (C. assur. L.243-2)
    for case in (
        "psla-coop-2024.yaml",
        "brs-ofs-2024.yaml",
        "vente-hlm-2023.yaml",
        "accession-coop-2025.yaml",
    ):
        assert names(case) == ["retractation"] + bien + ["garanties_construction"], case
        assert ("charges_conditions", "clauses/charges_conditions_professionnel.docx") in files(case)
    # VEFA: the insurances are in the VEFA clause; charges from delivery
    assert names("vefa-accession-2025.yaml") == ["retractation"] + bien
    assert ("charges_conditions", "clauses/charges_conditions_vefa.docx") in files("vefa-accession-2025.yaml")
    # portage 2016: ten days already (loi n° 2015-990), an existing building
    assert names("portage-sevran-2016.yaml") == ["retractation"] + bien


def test_the_cooling_off_period_ends_ten_days_after_the_notification():
    (psla,) = [
        job.context["bien"]["retractation"]
        for job in build_jobs(*explain_case(PSLA)[::2])
        if job.family == "acte_de_vente"
    ]
    assert psla["delai_jours"] == 10 and psla["date_fin"] == date(2021, 9, 13)


def test_every_clause_variant_has_its_word_file():
    files = {p.stem for p in (ROOT / "templates" / "clauses").glob("*.docx")}
    assert len(NAMES) == len(set(NAMES)) == len(LIBRARY)
    expected = {
        "charges_conditions",
        "autorisation_vente_hlm",
        "lts_superficie",
        "vefa",
        "bail_reel_solidaire",
        "portage_cible",
        "copropriete",
        "copropriete_neuve",
        "copropriete_etat_date",
        "copropriete_mixte",
        "garantie_rachat_accession_sociale",
        "garantie_rachat_psla",
        "garantie_rachat_vente_hlm",
        "garantie_relogement_accession_sociale",
        "garantie_relogement_psla",
        "retour_meilleure_fortune",
        "assurance_revente",
        "anti_speculation",
        "diagnostics",
        "diagnostics_occupant",
        "diagnostics_vefa",
        "capacite",
        "certification_identite",
        "publicite_fonciere",
        "election_domicile",
        "donnees_personnelles",
        "donnees_personnelles_loi_1978",
        "annexes",
        "cloture",
        "location_accession",
        "declarations_fiscales_tva",
        "declarations_fiscales_droits",
        "declarations_fiscales_lts",
        "plus_value",
        "frais",
        "affirmation_sincerite",
        "cloture_electronique",
        "_clause_libre",
        "charges_conditions_vefa",
        "charges_conditions_professionnel",
        "situation_hypothecaire",
        "urbanisme",
        "droits_preemption",
        "servitudes",
        "garanties_construction",
        "retractation",
    }
    assert expected == files
    # a clause file is a Word document in the acte's styles, its title in « Heading 1 »
    doc = Document(str(ROOT / "templates" / "clauses" / "garantie_rachat_psla.docx"))
    assert doc.paragraphs[0].style.name == "Heading 1" and doc.paragraphs[0].text == "Garantie de rachat"
    assert (ROOT / "templates" / "clauses" / "LISEZMOI.md").is_file()


def _tuned(tmp_path: Path, case_level: str, lot_level: str = "") -> Path:
    source = PSLA.read_text(encoding="utf-8")
    source = source.replace("\nassurance_revente:\n", f"\n{case_level}\nassurance_revente:\n", 1)
    if lot_level:
        source = source.replace(
            "    date_levee_option: 2024-04-02\n", f"    date_levee_option: 2024-04-02\n{lot_level}", 1
        )
    path = tmp_path / "psla.yaml"
    path.write_text(source, encoding="utf-8")
    return path


def _acte(tmp_path: Path, case: Path) -> Path:
    result = run_cli("render", str(case), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    return tmp_path / "out" / "psla-coop-2024" / "acte-de-vente_lot-B12_GUERIN.docx"


def test_a_case_switches_off_renames_rewrites_and_adds_clauses(tmp_path: Path):
    case = _tuned(
        tmp_path,
        """clauses:
  retour_meilleure_fortune: {active: false}
  diagnostics:
    texte: "Le dossier de diagnostic technique est annexé : {{ 7*7 }} & <b>.\\n\\nSecond paragraphe de l'office."
  servitude_de_passage:
    titre: Servitude de passage
    texte: Le bien est grevé d'une servitude de passage au profit du fonds voisin.""",
        """    clauses:
      garantie_rachat: {titre: Garantie de rachat du logement}
""",
    )
    path = _acte(tmp_path, case)
    paras = [p for p in paragraphs(path) if p]
    body = "\n".join(paras)
    assert "Clause de retour à meilleure fortune" not in body
    # rewritten: the title stays, the text is the case's, literally (never template code)
    i = paras.index("Diagnostics techniques")
    assert paras[i + 1] == "Le dossier de diagnostic technique est annexé : {{ 7*7 }} & <b>."
    assert paras[i + 2] == "Second paragraphe de l'office."
    assert "prévu par l’article L.271-4" not in body and "49" not in paras[i + 1]
    # renamed: new title, the library's text and price table kept (lot-level setting)
    assert "Garantie de rachat du logement" in paras and "Garantie de rachat" not in paras
    assert "article 4 de l’arrêté du 26 mars 2004" in body
    assert any(p.startswith("15 | du 02/04/2038 au 01/04/2039") for p in paras)
    # added: after the library's clauses, before the élection de domicile
    order = [
        paras.index(h) for h in ("Diagnostics techniques", "Servitude de passage", "Élection de domicile")
    ]
    assert order == sorted(order)
    assert "Le bien est grevé d'une servitude de passage au profit du fonds voisin." in paras


def test_lot_setting_wins_over_the_operation(tmp_path: Path):
    case = _tuned(
        tmp_path,
        "clauses:\n  assurance_revente: {active: false}",
        "    clauses:\n      assurance_revente: {active: true}\n",
    )
    assert "Assurance revente" in paragraphs(_acte(tmp_path, case))


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "clauses:\n  garantie_rachats: {active: true}",
            "clauses.garantie_rachats : clause « garantie_rachats » absente de la bibliothèque ; vouliez-vous dire « garantie_rachat » ?",
        ),
        (
            "clauses:\n  servitude: {texte: Un texte sans titre.}",
            "pour ajouter une clause propre au dossier, donner son titre et son texte",
        ),
        (
            "clauses:\n  diagnostics: {active: false, texte: Un texte.}",
            "clause retirée (active: false) : ne pas donner aussi son titre ou son texte",
        ),
    ],
)
def test_clause_settings_are_checked(tmp_path: Path, setting: str, message: str):
    result = run_cli("validate", str(_tuned(tmp_path, setting)))
    assert result.returncode == 1
    assert message in result.stderr


def _office_templates(tmp_path: Path) -> Path:
    office = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", office)
    return office


def test_an_office_edits_a_clause_once_in_word_for_all_its_acts(tmp_path: Path):
    office = _office_templates(tmp_path)
    clause = office / "clauses" / "lts_superficie.docx"
    doc = Document(str(clause))
    doc.add_paragraph(
        "Mention ajoutée par l'office pour le lot {{ lot.numero }} ({{ calc.prix_de_vente|montant }}).",
        style="Normal",
    )
    doc.save(str(clause))
    (office / "clauses" / "diagnostics_occupant.docx").unlink()  # missing here: the shipped one is used
    result = run_cli(
        "render", str(CASES / "girimbelles-1993.yaml"), "-o", str(tmp_path / "out"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / "girimbelles-1993"
    for lot, name in ((1, "acte-de-vente_lot-01_GRONDIN.docx"), (14, "acte-de-vente_lot-14_ROBERT.docx")):
        body = text(out / name)
        assert f"Mention ajoutée par l'office pour le lot {lot} (" in body
        assert (
            "L’ACQUÉREUR, occupant des lieux, déclare parfaitement connaître le bien pour l’occuper" in body
        )


def test_build_jobs_takes_the_clauses_of_the_templates_folder_in_use(tmp_path: Path):
    office = _office_templates(tmp_path)
    clause = office / "clauses" / "garantie_rachat_psla.docx"
    doc = Document(str(clause))
    doc.paragraphs[0].text = "Garantie de rachat (modèle de l'office)"
    doc.save(str(clause))
    data, _warnings, results = explain_case(PSLA)
    (acte,) = [j for j in build_jobs(data, results, templates=office) if j.family == "acte_de_vente"]
    titles = [c["titre"] for c in acte.context["clauses"]]
    assert "Garantie de rachat (modèle de l'office)" in titles
    (rachat,) = [c for c in acte.context["clauses"] if c["nom"] == "garantie_rachat"]
    assert "Garantie de rachat (modèle de l'office)" in rachat["xml"]


_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_a_clause_with_an_image_is_refused_with_its_name(tmp_path: Path):
    office = _office_templates(tmp_path)
    image = tmp_path / "logo.png"
    image.write_bytes(_PNG)
    clause = office / "clauses" / "garantie_rachat_psla.docx"
    doc = Document(str(clause))
    doc.add_picture(str(image))
    doc.save(str(clause))
    data, _warnings, results = explain_case(PSLA)
    with pytest.raises(
        TemplateError, match=r"clauses/garantie_rachat_psla\.docx: une clause ne peut contenir ni image"
    ):
        build_jobs(data, results, templates=office)


def test_a_clause_with_an_unknown_variable_names_clause_and_variable(tmp_path: Path):
    office = _office_templates(tmp_path)
    clause = office / "clauses" / "assurance_revente.docx"
    doc = Document(str(clause))
    doc.add_paragraph("{{ assurance.inconnue }}")
    doc.save(str(clause))
    data, _warnings, results = explain_case(PSLA)
    with pytest.raises(
        TemplateError, match=r"clauses/assurance_revente\.docx: variable inconnue « inconnue »"
    ):
        build_jobs(data, results, templates=office)


def test_no_building_insurance_section_once_the_ten_years_have_run(tmp_path: Path):
    source = PSLA.read_text(encoding="utf-8").replace(
        "date_reception: 2021-06-25", "date_reception: 2014-06-13", 1
    )
    assert "2014-06-13" in source
    case = tmp_path / "psla.yaml"
    case.write_text(source, encoding="utf-8")
    names = [n for n, _ in _parts(case, "bien")[0]]
    assert "garanties_construction" not in names and "situation_hypothecaire" in names


def test_each_acte_gets_the_tax_section_of_its_product():
    chosen = {}
    for case in sorted(CASES.glob("*.yaml")):
        data, _warnings, results = explain_case(case)
        for job in build_jobs(data, results):
            if job.family == "acte_de_vente":
                chosen[case.stem] = next(
                    c["fichier"] for c in job.context["clauses"].fin if c["nom"] == "declarations_fiscales"
                )
                break
    assert chosen == {
        "accession-coop-2025": "clauses/declarations_fiscales_droits.docx",
        "brs-ofs-2024": "clauses/declarations_fiscales_tva.docx",
        "girimbelles-1993": "clauses/declarations_fiscales_lts.docx",
        "portage-sevran-2016": "clauses/declarations_fiscales_droits.docx",
        "psla-coop-2024": "clauses/declarations_fiscales_tva.docx",
        "vefa-accession-2025": "clauses/declarations_fiscales_tva.docx",
        "vente-hlm-2023": "clauses/declarations_fiscales_droits.docx",
    }


def _copropriete_clause(case: Path) -> str:
    (clause,) = [
        c["xml"]
        for job in build_jobs(*explain_case(case)[::2])
        if job.family == "acte_de_vente"
        for c in job.context["clauses"]
        if c["nom"] == "copropriete"
    ]
    return clause


_NOTICE = "notice d’information relative aux droits et obligations des copropriétaires"


def test_the_copropriete_notice_is_listed_only_once_an_arrete_fixes_it(monkeypatch):
    """CCH L.721-2: no arrêté fixes the notice at the dates of the shipped actes (parameter
    copropriete.notice_information_coproprietaires), so the acte does not claim it was handed
    over; a dated « oui » makes the clause list it."""
    case = CASES / "vente-hlm-2023.yaml"
    assert _NOTICE not in _copropriete_clause(case)
    real = clauses_module.lookup

    class _Yes:
        as_bool = True

    def fake(name, at):
        return _Yes() if name == "copropriete.notice_information_coproprietaires" else real(name, at)

    monkeypatch.setattr(clauses_module, "lookup", fake)
    assert _NOTICE in _copropriete_clause(case)


def test_a_clause_running_out_of_memory_is_refused_with_its_name(monkeypatch):
    """The clauses of an acte share one ``sandbox.guarded`` (one memory ceiling): a
    MemoryError in a clause still names the clause and the document."""
    real = fragments.sandbox.render_text

    def greedy(template, context, **kwargs):
        if "assurance" in context and "Assurance revente" in str(template.render(context)):
            raise MemoryError
        return real(template, context, **kwargs)

    monkeypatch.setattr(fragments.sandbox, "render_text", greedy)
    data, _warnings, results = explain_case(PSLA)
    with pytest.raises(
        TemplateError,
        match=r"clauses/assurance_revente\.docx: le modèle demande plus de 2 Gio de mémoire .*"
        r"\(document acte-de-vente_",
    ):
        build_jobs(data, results)


def test_a_rendered_clause_is_cut_once_for_every_lot_that_renders_it_alike():
    """The cutting of a clause's XML into paragraphs is kept for that XML: the same string
    gives the same fragment, and the bounded memo forgets the oldest first."""
    xml = (
        '<w:body xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:p><w:r><w:t>Titre</w:t></w:r></w:p><w:sectPr/></w:body>"
    )
    first = fragments._cut(xml, "clauses/x.docx")
    assert first == fragments.Fragment(
        "Titre",
        (
            '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:r><w:t>Titre</w:t></w:r></w:p>',
        ),
    )
    fragments._remember(xml, first)
    assert fragments._FRAGMENTS[xml] is first
    for i in range(fragments._FRAGMENTS_MAX):
        fragments._remember(f"{xml}<!-- {i} -->", first)
    assert xml not in fragments._FRAGMENTS
    assert len(fragments._FRAGMENTS) <= fragments._FRAGMENTS_MAX


def test_a_clause_body_is_read_as_python_docx_reads_it():
    """Only the main part of a clause file is parsed (``fragments._body``): the same body,
    to the byte, as python-docx's whole ``Document`` gives."""
    for path in sorted((ROOT / "templates" / "clauses").glob("*.docx")):
        data = path.read_bytes()
        helper = DocxTemplate(io.BytesIO(data))
        helper.init_docx()
        expected = helper.xml_to_string(helper.docx.element.body)
        assert helper.xml_to_string(fragments._body(data)) == expected, path.name


def _rezipped(source: Path, target: Path, change) -> None:
    with zipfile.ZipFile(source) as z:
        members = {info.filename: z.read(info) for info in z.infolist()}
    change(members)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


@pytest.mark.parametrize(
    ("change", "cause"),
    [
        (lambda m: m.pop("word/document.xml"), "KeyError"),
        (lambda m: m.update({"word/document.xml": b"<w:document"}), "XMLSyntaxError"),
        (
            lambda m: m.update(
                {
                    "[Content_Types].xml": m["[Content_Types].xml"].replace(
                        b"wordprocessingml.document.main+xml", b"spreadsheetml.sheet.main+xml"
                    )
                }
            ),
            "ValueError",
        ),
        (lambda m: m.pop("_rels/.rels"), "KeyError"),
    ],
    ids=["no-document-part", "not-xml", "not-word", "no-relationships"],
)
def test_a_clause_file_that_is_no_word_document_is_refused_with_its_name(tmp_path: Path, change, cause):
    office = _office_templates(tmp_path)
    clause = office / "clauses" / "assurance_revente.docx"
    _rezipped(ROOT / "templates" / "clauses" / "assurance_revente.docx", clause, change)
    data, _warnings, results = explain_case(PSLA)
    with pytest.raises(
        TemplateError, match=rf"^clauses/assurance_revente\.docx: fichier de clause illisible \({cause}\)$"
    ):
        build_jobs(data, results, templates=office)
