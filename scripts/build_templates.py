"""Author the shipped Word templates (developer tool, run once when the wording changes).

The templates in ``templates/`` are the source of truth once written: an office edits them
in Word. This script only gives the project a reproducible first version, with real
styles (Titre, Titre 1/2, Corps, Article), a header carrying the case reference and a
footer "page X sur Y", so that an office can restyle them from Word's style gallery.

What it writes:

- ``acte_de_vente.docx`` (one per lot, every product), ``deliberation.docx`` (rapport,
  délibération and its annexes), ``bulletin_assurance_revente.docx``, ``convention_caf.docx``
  (tiers payant CAF–prêteur–allocataire) and ``note_de_calcul.docx``;
- the clause library ``clauses/*.docx``: one small Word file per clause (and per variant of a
  clause whose text depends on the product or the date), built with the same styles as the
  acte. actegen renders the clauses a lot needs and splices them into the acte at the
  ``{{p clause.xml }}`` tag, so an office edits a clause once, in Word, for all its acts
  (see ``templates/clauses/LISEZMOI.md``).

Usage: python scripts/build_templates.py [--only NAME]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"


def _field(paragraph, instruction: str) -> None:
    """Insert a simple Word field (PAGE, NUMPAGES) that Word and LibreOffice update."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _landscape(section, margin: float = 1.5) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(margin)
    section.top_margin = section.bottom_margin = Cm(2.0)


def new_document(*, landscape: bool = False, tagged: bool = True, header: str | None = None) -> Document:
    """A document with the project's styles, header and footer.

    ``tagged``: the header, footer and document properties carry the case reference and the
    document title (Jinja tags); a clause file of the library is not rendered as a whole
    document, so it gets a plain ``header`` instead.
    """
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def para_style(name: str, base: str, *, size: int | None = None, bold: bool = False,
                   align=None, caps: bool = False, before: int = 0, after: int = 6, keep: bool = False,
                   indent: float | None = None):
        try:
            st = styles[name]
        except KeyError:
            st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles[base]
        st.font.name = "Times New Roman"
        rfonts = st.element.rPr.rFonts if st.element.rPr is not None else None
        if rfonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
        if size:
            st.font.size = Pt(size)
        st.font.bold = bold
        st.font.all_caps = caps
        st.font.color.rgb = None
        pf = st.paragraph_format
        if align is not None:
            pf.alignment = align
        pf.space_before = Pt(before)
        pf.space_after = Pt(after)
        pf.keep_with_next = keep
        if indent is not None:
            pf.left_indent = Cm(indent)
        return st

    para_style("Title", "Normal", size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, after=12)
    para_style("Heading 1", "Normal", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, before=12, after=6, keep=True)
    para_style("Heading 2", "Normal", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, caps=True, before=8, after=4, keep=True)
    para_style("Heading 3", "Normal", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=6, after=3, keep=True)
    para_style("Article", "Normal", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, caps=True, before=8, after=4, keep=True)
    para_style("Centre", "Normal", align=WD_ALIGN_PARAGRAPH.CENTER)
    para_style("Mention", "Normal", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, before=6)
    para_style("Signature", "Normal", align=WD_ALIGN_PARAGRAPH.LEFT, before=18)
    para_style("Enumeration", "Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=3, indent=0.75)
    para_style("Tableau", "Normal", size=8, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    para_style("Tableau texte", "Normal", size=8, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    para_style("Petit", "Normal", size=9)

    section = doc.sections[0]
    if landscape:
        _landscape(section, margin=1.5)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
        section.top_margin = section.bottom_margin = Cm(2.0)
    head = section.header.paragraphs[0]
    head.style = styles["Petit"]
    head.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = styles["Petit"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    props = doc.core_properties
    if tagged:
        head.text = "{{ doc.reference }}"
        footer.add_run("{{ doc.titre }} — page ")
        props.author = "{{ doc.auteur }}"
        props.last_modified_by = "{{ doc.auteur }}"
        props.title = "{{ doc.titre }}"
        props.subject = "{{ doc.reference }}"
    else:
        head.text = header or ""
        footer.add_run("page ")
        props.author = "actegen"
        props.last_modified_by = "actegen"
        props.title = header or ""
        props.subject = "Bibliothèque de clauses actegen"
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    props.comments = ""
    props.keywords = ""
    props.category = ""
    return doc


def page_break(doc) -> None:
    """A paragraph holding only a page break (the next text starts a new page)."""
    from docx.enum.text import WD_BREAK

    doc.add_paragraph("", style="Normal").add_run().add_break(WD_BREAK.PAGE)


def write(doc, lines) -> None:
    """``lines``: (style, text) pairs or builders; a style of "" means a Jinja control paragraph."""
    for item in lines:
        if callable(item):
            item(doc)
            continue
        style, text = item
        doc.add_paragraph(text, style=style or "Normal")


def _repeat_header(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _no_split(row) -> None:
    trPr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:cantSplit")
    el.set(qn("w:val"), "true")
    trPr.append(el)


def _fixed_layout(t, widths) -> None:
    """Fixed column widths (Word and LibreOffice both honour a fixed layout with a grid)."""
    tblPr = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), str(int(Cm(0.1).twips)))
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblPr.append(margins)
    grid = t._tbl.tblGrid
    for col, w in zip(grid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(Cm(w).twips)))
    for row in t.rows:
        for c, w in enumerate(widths):
            row.cells[c].width = Cm(w)


def table(headers, cells, loop: str, *, totals=None, widths=None, numeric_from: int = 1, numeric=None):
    """A table whose body row repeats over ``loop`` (docxtpl ``{%tr %}`` rows); the columns from
    ``numeric_from`` on (or those listed in ``numeric``) are right-aligned figures."""

    def is_numeric(c: int) -> bool:
        return c in numeric if numeric is not None else c >= numeric_from

    def build(doc):
        ncols = len(headers)
        rows = 3 + 1 + (1 if totals else 0)
        t = doc.add_table(rows=rows, cols=ncols)
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for c, h in enumerate(headers):
            cell = t.rows[0].cells[c]
            cell.text = h
            for p in cell.paragraphs:
                p.style = doc.styles["Tableau texte"]
                for r in p.runs:
                    r.bold = True
        t.rows[1].cells[0].text = "{%tr for " + loop + " %}"
        for c, expr in enumerate(cells):
            cell = t.rows[2].cells[c]
            cell.text = expr
            cell.paragraphs[0].style = doc.styles["Tableau" if is_numeric(c) else "Tableau texte"]
        _no_split(t.rows[2])
        t.rows[3].cells[0].text = "{%tr endfor %}"
        if totals:
            for c, expr in enumerate(totals):
                cell = t.rows[4].cells[c]
                cell.text = expr
                cell.paragraphs[0].style = doc.styles["Tableau" if is_numeric(c) else "Tableau texte"]
                for r in cell.paragraphs[0].runs:
                    r.bold = True
        _repeat_header(t.rows[0])
        if widths:
            _fixed_layout(t, widths)
        doc.add_paragraph("", style="Normal")

    return build


def simple_table(rows, *, widths=None, numeric_from: int = 1):
    """A fixed table (label, value…) — for a cadastre, a price breakdown, a list of fields."""

    def build(doc):
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = t.rows[r].cells[c]
                cell.text = text
                cell.paragraphs[0].style = doc.styles["Tableau texte" if c < numeric_from or r == 0 else "Tableau"]
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        if widths:
            _fixed_layout(t, widths)
        doc.add_paragraph("", style="Normal")

    return build


def field_table(rows, *, widths=(6.0, 10.0)):
    """A two-column form: label (bold) | value. ``rows`` may hold ("{%tr …%}", None) control rows."""

    def build(doc):
        t = doc.add_table(rows=len(rows), cols=2)
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, (label, value) in enumerate(rows):
            if value is None:
                t.rows[r].cells[0].text = label
                continue
            a, b = t.rows[r].cells
            a.text = label
            a.paragraphs[0].style = doc.styles["Tableau texte"]
            for run in a.paragraphs[0].runs:
                run.bold = True
            b.text = value
            b.paragraphs[0].style = doc.styles["Tableau texte"]
        _fixed_layout(t, widths)
        doc.add_paragraph("", style="Normal")

    return build


# --------------------------------------------------------------------------------------------
# Acte de vente (one per lot, every product)
# --------------------------------------------------------------------------------------------

FINANCEMENT_SOURCES = [
    ("", "{%p for f in financement_acquereur.sources %}"),
    ("Enumeration", "— {% if f.nature == 'apport' %}de ses deniers personnels{% elif f.nature == 'part_acquisitive' %}"
                    "de la part acquisitive des redevances versées pendant la phase locative, imputée sur le prix "
                    "conformément au contrat de location-accession{% else %}d'un {{ f.pret.nature }} consenti par "
                    "{{ f.pret.preteur }}{% if f.pret.taux is defined and f.pret.taux > 0 %}, au taux de {{ f.pret.taux|pourcentage }} l'an"
                    "{% endif %}{% if f.pret.duree_annees is defined %}, d'une durée de "
                    "{{ f.pret.duree_annees|nombre_lettres }} ans{% endif %}{% if f.pret.garantie is defined %}, "
                    "garanti par {{ f.pret.garantie }}{% endif %}{% endif %}, à concurrence de "
                    "{{ f.montant|prix_notarial }}{% if loop.last %}.{% else %} ;{% endif %}"),
    ("", "{%p endfor %}"),
]


def acte_de_vente() -> Document:
    doc = new_document()
    write(doc, [
        ("Title", "{{ acte.titre }}"),
        ("Centre", "{{ vendeur.denomination|upper }}"),
        ("Centre", "à"),
        ("Centre", "{{ acquereurs_noms }}"),
        ("Centre", "Lot n° {{ lot.numero }} — {{ op.programme }}"),
        ("Normal", "L'AN {{ acte.date|annee_lettres|upper }}, LE {{ acte.date|jour_mois_lettres|upper }},"),
        ("Normal", "À {{ op.lieu_acte }}, en l'office notarial,"),
        ("Normal", "Maître {{ notaire.prenoms }} {{ notaire.nom }}, notaire à {{ notaire.residence }}{% if notaire.office is defined %}, membre de l'{{ notaire.office }}{% endif %}, soussigné,"),
        ("Normal", "A REÇU le présent acte authentique contenant {{ acte.nature }} à la requête des personnes ci-après identifiées."),
        ("Heading 1", "Identification des parties"),
        ("Heading 2", "Vendeur"),
        ("Normal", "{{ vendeur.denomination }}{% if vendeur.forme_juridique is defined %}, {{ vendeur.forme_juridique }}{% endif %}, dont le siège est {{ vendeur.siege }}{% if vendeur.siren is defined %}, identifiée au SIREN sous le numéro {{ vendeur.siren }}{% endif %},"),
        ("Normal", "Représentée par {{ vendeur.representant.civilite }} {{ vendeur.representant.prenoms }} {{ vendeur.representant.nom }}, agissant en qualité de {{ vendeur.representant.qualite }}, spécialement autorisé{{ representant_accord }} à l'effet des présentes en vertu {{ autorisation_phrase }}, dont une copie certifiée conforme demeure annexée aux présentes."),
        ("Normal", "Ci-après dénommée « LE VENDEUR »."),
        ("Heading 2", "Acquéreur"),
        ("", "{%p for a in acquereurs %}"),
        ("Normal", "{{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }}{% if a.nom_usage is defined %}, dit{{ a.e }} {{ a.nom_usage|upper }}{% endif %}, {{ a.profession }}, demeurant {{ a.adresse }}, {{ a.ne }} à {{ a.lieu_naissance }} le {{ a.date_naissance|date_longue }}{% if a.nationalite is defined %}, de nationalité {{ a.nationalite }}{% endif %}, {{ a.situation }}."),
        ("", "{%p endfor %}"),
        ("Normal", "{{ acquereurs_designation }}"),
        ("", "{%p if brs is not none %}"),
        ("Heading 2", "Intervenant"),
        ("Normal", "{{ brs.ofs.denomination }}, {{ brs.ofs.forme_juridique }}, dont le siège est {{ brs.ofs.siege }}, organisme de foncier solidaire agréé {{ brs.ofs.agrement }} (article L.329-1 du code de l'urbanisme), représenté par {{ brs.ofs.representant.civilite }} {{ brs.ofs.representant.prenoms }} {{ brs.ofs.representant.nom }}, {{ brs.ofs.representant.qualite }},"),
        ("Normal", "Intervenant aux présentes en qualité de bailleur du terrain, pour agréer l'ACQUÉREUR comme preneur du bail réel solidaire et consentir à la présente cession des droits réels."),
        ("Normal", "Ci-après dénommé « L'ORGANISME DE FONCIER SOLIDAIRE »."),
        ("", "{%p endif %}"),
        ("Heading 1", "Exposé préalable"),
        # --- LTS (seed 004)
        ("", "{%p if op.produit == 'lts' %}"),
        ("Normal", "Le bien objet des présentes fait partie du {{ op.programme }}, réalisé par {{ vendeur.denomination }} avec le concours financier de l'État dans le cadre du programme de logements très sociaux (LTS), en vue de l'accession à la propriété de ses occupants. L'ACQUÉREUR occupe le logement en qualité d'attributaire."),
        ("Normal", "Par délibération n° {{ seance.numero_deliberation }} du {{ seance.date|date_longue }}, le conseil municipal a adopté le principe de la vente définitive des logements en pleine propriété, approuvé le mode de calcul du prix de cession de chaque lot et autorisé le Maire à intervenir aux actes de cession."),
        ("", "{%p endif %}"),
        # --- Accession sociale (VEFA or completed home)
        ("", "{%p if produit == 'accession_sociale' %}"),
        ("Normal", "Le VENDEUR, organisme d'habitations à loyer modéré, réalise l'ensemble immobilier dénommé {{ op.programme }}, destiné à l'accession sociale à la propriété de ménages dont les ressources n'excèdent pas les plafonds réglementaires, avec les garanties de la sécurisation Hlm."),
        ("", "{%p if lot.vefa is defined %}"),
        ("Normal", "L'ensemble immobilier est édifié en vertu du permis de construire {{ lot.vefa.permis_de_construire }}. La présente vente est conclue en l'état futur d'achèvement, sous le régime des articles 1601-1 et 1601-3 du code civil et L.261-1 et suivants du code de la construction et de l'habitation, et fait suite au contrat de réservation signé par l'ACQUÉREUR le {{ lot.vefa.date_reservation|date_longue }}."),
        ("", "{%p endif %}"),
        ("", "{%p endif %}"),
        # --- PSLA: levée d'option
        ("", "{%p if produit == 'psla' %}"),
        ("Normal", "Par contrat de location-accession du {{ lot.location_accession.date_contrat|date_longue }}, régi par la loi n° 84-595 du 12 juillet 1984 définissant la location-accession à la propriété immobilière, le VENDEUR a consenti à l'ACQUÉREUR la jouissance du logement ci-après désigné, avec faculté pour ce dernier d'en acquérir la propriété. L'opération a été financée au moyen d'un prêt social location-accession (PSLA) et a fait l'objet d'un agrément {{ lot.location_accession.agrement }}."),
        ("Normal", "L'ACQUÉREUR est entré dans les lieux le {{ lot.location_accession.date_entree_dans_les_lieux|date_longue }} et a acquitté depuis lors une redevance mensuelle de {{ lot.location_accession.redevance_mensuelle|montant }}, comprenant une part locative et une part acquisitive."),
        ("Normal", "Par lettre du {{ lot.date_levee_option|date_longue }}, l'ACQUÉREUR a levé l'option d'achat qui lui était consentie. Le présent acte constate le transfert de propriété qui en résulte."),
        ("", "{%p endif %}"),
        # --- BRS
        ("", "{%p if produit == 'brs' %}"),
        ("Normal", "L'ORGANISME DE FONCIER SOLIDAIRE est propriétaire du terrain d'assiette de l'ensemble immobilier {{ op.programme }}. Il a consenti au VENDEUR, opérateur, un bail réel solidaire régi par les articles L.255-1 et suivants du code de la construction et de l'habitation, {{ brs.bail_operateur }}, à charge pour le VENDEUR de céder les droits réels attachés à chaque logement à des ménages agréés par l'ORGANISME DE FONCIER SOLIDAIRE."),
        ("Normal", "Par décision du {{ lot.bail_reel_solidaire.date_agrement|date_longue }}, l'ORGANISME DE FONCIER SOLIDAIRE a agréé l'ACQUÉREUR, après avoir vérifié que ses ressources n'excèdent pas les plafonds réglementaires et qu'il occupera le logement à titre de résidence principale."),
        ("", "{%p endif %}"),
        # --- Vente Hlm to the occupant
        ("", "{%p if produit == 'vente_hlm' %}"),
        ("Normal", "Le VENDEUR, organisme d'habitations à loyer modéré, est propriétaire de l'immeuble dont dépend le bien. Il a décidé de mettre en vente certains logements de cet immeuble dans les conditions des articles L.443-7 et suivants du code de la construction et de l'habitation ; l'immeuble est placé sous le statut de la copropriété et forme une copropriété mixte dont le VENDEUR demeure copropriétaire."),
        ("Normal", "L'ACQUÉREUR {{ vente_hlm.statut_phrase }} ; le logement est loué en vertu d'un bail du {{ lot.vente_hlm.date_bail|date_longue }} et l'ACQUÉREUR l'occupe depuis le {{ lot.vente_hlm.locataire_depuis|date_longue }}. La vente lui est consentie en cette qualité, conformément à l'article L.443-11 du code de la construction et de l'habitation."),
        ("Normal", "Le prix a été fixé par le VENDEUR en prenant pour base le prix d'un logement comparable libre d'occupation, estimé à {{ lot.vente_hlm.prix_reference|prix_notarial }} (article L.443-12 du code de la construction et de l'habitation)."),
        ("", "{%p endif %}"),
        # --- Portage ciblé
        ("", "{%p if produit == 'portage' %}"),
        ("Normal", "Le VENDEUR, société coopérative d'habitations à loyer modéré, intervient dans le cadre d'un dispositif de portage ciblé provisoire de lots de copropriétés en difficulté, en exécution de la convention conclue avec la commune de {{ portage_convention.commune }} le {{ portage_convention.date|date_longue }}, dans le cadre {{ portage_convention.dispositif }}."),
        ("Normal", "Il a acquis le bien le {{ lot.portage.date_acquisition|date_longue }} auprès d'un copropriétaire endetté, ce qui a permis de solder les charges impayées et d'engager le redressement de la copropriété ; il le revend dans le délai de portage convenu à un acquéreur dont il a vérifié la capacité à faire face aux obligations de copropriétaire."),
        ("", "{%p endif %}"),
        ("", "{%p if mandataire is not none %}"),
        ("Normal", "La vente a été préparée par {{ mandataire.denomination }}{% if mandataire.sigle is defined %} ({{ mandataire.sigle }}){% endif %}, mandataire du VENDEUR{% if mandataire.mission is defined %} en vertu d'un {{ mandataire.mission }}{% endif %}."),
        ("", "{%p endif %}"),
        ("Heading 1", "{{ acte.intitule_vente }}"),
        ("Normal", "{{ acte.phrase_vente }}"),
        ("Heading 2", "Désignation"),
        ("Normal", "À {{ op.commune }}{% if op.departement is defined %} ({{ op.departement }}){% endif %}, {{ lot.adresse }} : {{ lot.designation }}."),
        ("", "{%p if lot.surface_habitable_m2 is defined %}"),
        ("Normal", "Surface habitable : {{ lot.surface_habitable_m2|surface }}."),
        ("", "{%p endif %}"),
        ("Normal", "{% if brs is not none %}Le terrain d'assiette, propriété de l'ORGANISME DE FONCIER SOLIDAIRE, figure{% else %}Figurant{% endif %} au cadastre sous les références suivantes :"),
        simple_table([
            ["Section", "Numéro", "Lieudit", "Contenance"],
            ["{{ lot.cadastre.section }}", "{{ lot.cadastre.numero }}", "{{ cadastre_lieudit }}", "{{ lot.cadastre.contenance_m2|surface }}"],
        ], widths=(2.5, 2.5, 7.0, 4.0), numeric_from=3),
        ("", "{%p if lot.copropriete is defined %}"),
        ("Normal", "Le bien forme le lot numéro {{ lot.copropriete.numero_lot }} de l'état descriptif de division de l'immeuble, soit la propriété privative de ce lot et les {{ lot.copropriete.tantiemes|nombre }}/{{ lot.copropriete.tantiemes_total|nombre }}èmes ({{ lot.copropriete.tantiemes|nombre_lettres }} {{ tantiemes_denominateur }}) des parties communes générales."),
        ("", "{%p for annexe in lot.copropriete.lots_annexes|default([]) %}"),
        ("Normal", "Et le lot numéro {{ annexe.numero }} : {{ annexe.designation }}, avec les {{ annexe.tantiemes|nombre }}/{{ lot.copropriete.tantiemes_total|nombre }}èmes ({{ annexe.tantiemes|nombre_lettres }} {{ tantiemes_denominateur }}) des parties communes générales."),
        ("", "{%p endfor %}"),
        ("Normal", "L'immeuble est soumis au statut de la copropriété des immeubles bâtis (loi n° 65-557 du 10 juillet 1965) ; l'état descriptif de division et le règlement de copropriété ont été établis suivant {{ lot.copropriete.reglement }}. L'ACQUÉREUR déclare en avoir reçu une copie et s'oblige à les exécuter."),
        ("", "{%p if lot.copropriete.surface_carrez_m2 is defined %}"),
        ("Normal", "Conformément à l'article 46 de la loi n° 65-557 du 10 juillet 1965, le VENDEUR déclare que la superficie de la partie privative du lot numéro {{ lot.copropriete.numero_lot }} est de {{ lot.copropriete.surface_carrez_m2|surface }} ({{ lot.copropriete.surface_carrez_m2|nombre_lettres }} mètres carrés)."),
        ("", "{%p endif %}"),
        ("", "{%p if lot.copropriete.dispense_carrez is defined %}"),
        ("Normal", "La superficie de la partie privative n'est pas mentionnée : {{ dispense_carrez_phrase }}."),
        ("", "{%p endif %}"),
        ("", "{%p endif %}"),
        ("Heading 2", "Origine de propriété"),
        ("Normal", "{{ lot.origine_propriete }}"),
        ("Heading 2", "Propriété — jouissance"),
        ("", "{%p if jouissance == 'vefa' %}"),
        ("Normal", "L'ACQUÉREUR devient propriétaire dès ce jour du sol et des constructions existantes ; il deviendra propriétaire des ouvrages à venir au fur et à mesure de leur exécution (article 1601-3 du code civil). Il en aura la jouissance à la livraison, prévue au plus tard le {{ lot.vefa.date_achevement_prevue|date_longue }}."),
        ("", "{%p elif jouissance == 'occupant' %}"),
        ("Normal", "L'ACQUÉREUR est propriétaire du bien vendu à compter de ce jour. Il en a la jouissance par la prise de possession réelle, le bien étant déjà occupé par lui{% if produit == 'vente_hlm' %} ; le bail dont il était titulaire prend fin ce jour par l'effet de la présente vente{% endif %}{% if produit == 'psla' %} ; le contrat de location-accession prend fin ce jour par la levée de l'option{% endif %}."),
        ("", "{%p else %}"),
        ("Normal", "{% if brs is not none %}L'ACQUÉREUR est titulaire des droits réels cédés{% else %}L'ACQUÉREUR est propriétaire du bien vendu{% endif %} à compter de ce jour. Il en a la jouissance à compter du même jour par la prise de possession réelle, le bien étant libre de toute location ou occupation."),
        ("", "{%p endif %}"),
        ("Heading 1", "Prix"),
        ("Normal", "La présente {{ acte.intitule_vente|lower }} est consentie et acceptée moyennant le prix de {{ calc.prix_de_vente|prix_notarial }}{% if lot.prix.tva_incluse is defined and lot.prix.tva_incluse %}, taxe sur la valeur ajoutée incluse au taux de {{ lot.prix.taux_tva|pourcentage }}{% endif %}."),
        ("", "{%p if produit == 'lts' %}"),
        ("Normal", "Ce prix a été déterminé selon le mode de calcul approuvé par la délibération n° {{ seance.numero_deliberation }} du {{ seance.date|date_longue }}, de la manière suivante :"),
        simple_table([
            ["Composante", "Montant"],
            ["Prix de revient technique", "{{ calc.prix.prix_de_revient|montant }}"],
            ["Moins les subventions", "{{ calc.prix.subventions|montant }}"],
            ["Moins le capital remboursé (mensualités échues)", "{{ calc.prix.capital_rembourse|montant }}"],
            ["Capital restant dû", "{{ calc.prix.capital_restant_du|montant }}"],
            ["Loyers impayés (négatif : crédit de l'occupant)", "{{ calc.prix.loyers_impayes|montant }}"],
            ["Foncier (estimation domaniale)", "{{ calc.prix.foncier|montant }}"],
            ["Travaux de remise en état", "{{ calc.prix.travaux|montant }}"],
            ["Prix hors frais de vente", "{{ calc.prix.prix_hors_frais|montant }}"],
            ["Frais de vente", "{{ calc.prix.frais_de_vente|montant }}"],
            ["Prix de vente", "{{ calc.prix_de_vente|montant }}"],
        ], widths=(11.0, 5.0)),
        ("", "{%p endif %}"),
        ("", "{%p if produit == 'psla' %}"),
        ("Normal", "Ce prix est celui résultant des stipulations du contrat de location-accession pour une levée d'option à la date ci-dessus."),
        ("", "{%p endif %}"),
        ("", "{%p if produit == 'brs' %}"),
        ("Normal", "Ce prix est celui des droits réels attachés au logement ; il ne comprend pas la valeur du terrain, qui demeure la propriété de l'ORGANISME DE FONCIER SOLIDAIRE et donne lieu au paiement de la redevance stipulée ci-après."),
        ("", "{%p endif %}"),
        ("Heading 2", "Paiement du prix"),
        # LTS: 70 % at signature through the UES, 30 % consigned (seed 004)
        ("", "{%p if calc.paiement is not none %}"),
        ("Normal", "Le prix hors frais de vente, soit {{ calc.prix.prix_hors_frais|prix_notarial }}, est payé par {{ fin.preteur }}{% if fin.sigle_preteur is defined %} ({{ fin.sigle_preteur }}){% endif %}, prêteur de l'ACQUÉREUR, de la manière suivante :"),
        ("Enumeration", "— à concurrence de {{ calc.paiement.part_signature_taux|pourcentage }}, soit {{ calc.paiement.signature|prix_notarial }}, ce jour, à la comptabilité du notaire soussigné, dont quittance ;"),
        ("Enumeration", "— le solde, soit {{ calc.paiement.consigne|prix_notarial }}, consigné auprès du prêteur à titre de provision pour risque d'impayés, productif d'intérêts, et payable au VENDEUR dans un délai de {{ calc.paiement.duree_consignation|nombre_lettres }} ans, majoré des intérêts produits et déduction faite des éventuels impayés de l'ACQUÉREUR."),
        ("Normal", "Les frais de vente, soit {{ calc.prix.frais_de_vente|prix_notarial }}, sont payés ce jour par l'intermédiaire du prêteur."),
        ("", "{%p endif %}"),
        # VEFA: by stages (CCH R.261-14)
        ("", "{%p if calc.vefa is not none %}"),
        ("Normal", "Le prix est payable au fur et à mesure de l'avancement des travaux, selon l'échéancier suivant, dont les pourcentages cumulés n'excèdent pas les plafonds fixés par l'article R.261-14 du code de la construction et de l'habitation :"),
        table(["Stade des travaux", "Cumul du prix", "Montant cumulé", "Montant de l'appel"],
              ["{{ e.libelle }}", "{{ e.pourcentage|pourcentage }}", "{{ e.montant_cumule|montant }}", "{{ e.montant_appel|montant }}"],
              "e in calc.vefa.etapes", widths=(7.0, 2.5, 3.25, 3.25)),
        ("", "{%p if calc.vefa.exigible_signature > 0 %}"),
        ("Normal", "Le stade « {{ calc.vefa.stade_atteint_libelle }} » étant atteint à ce jour, ainsi qu'il résulte d'une attestation du maître d'œuvre demeurée annexée, l'ACQUÉREUR a payé ce jour la somme de {{ calc.vefa.exigible_signature|prix_notarial }}, à la comptabilité du notaire soussigné, dont quittance. Le solde, soit {{ calc.vefa.solde|prix_notarial }}, sera payé à chaque appel de fonds du VENDEUR, accompagné de l'attestation du maître d'œuvre constatant l'achèvement du stade correspondant."),
        ("", "{%p else %}"),
        ("Normal", "Aucune somme n'est exigible à ce jour ; le prix sera payé à chaque appel de fonds du VENDEUR, accompagné de l'attestation du maître d'œuvre constatant l'achèvement du stade correspondant."),
        ("", "{%p endif %}"),
        ("Normal", "L'ACQUÉREUR déclare financer le prix au moyen des fonds suivants :"),
        *FINANCEMENT_SOURCES,
        ("", "{%p endif %}"),
        # Cash through the notary's accounts (every other product)
        ("", "{%p if calc.vefa is none and financement_acquereur is not none %}"),
        ("Normal", "L'ACQUÉREUR a payé le prix comptant ce jour, ainsi qu'il résulte de la comptabilité du notaire soussigné, au moyen des fonds suivants :"),
        *FINANCEMENT_SOURCES,
        ("Normal", "Dont quittance."),
        ("", "{%p endif %}"),
        ("", "{%p if calc.pret is not none %}"),
        ("Heading 2", "Financement"),
        ("Normal", "L'ACQUÉREUR déclare financer l'acquisition au moyen d'une avance de {{ fin.preteur }} d'un montant de {{ calc.pret.capital|prix_notarial }}, au taux de {{ calc.pret.taux|pourcentage }} l'an, remboursable en {{ calc.pret.duree_annees|nombre_lettres }} ans par mensualités de {{ calc.pret.mensualite|montant_acte }}{% if calc.pret.apport > 0 %}, après un apport personnel de {{ calc.pret.apport|montant_acte }}{% endif %}."),
        ("", "{%p if fin.mutuelle is defined %}"),
        ("Normal", "L'ACQUÉREUR, sociétaire de la {{ fin.mutuelle }}, bénéficie de la prise en charge des {{ calc.couverture_mutuelle_mois|nombre_lettres }} premières mensualités impayées par celle-ci ; au-delà, les impayés sont prélevés sur les intérêts des sommes consignées, puis sur leur principal."),
        ("", "{%p endif %}"),
        ("", "{%p endif %}"),
        ("Heading 2", "{{ surete.titre }}"),
        ("Normal", "{{ surete.phrase }}"),
        ("Heading 1", "Charges et conditions"),
        ("Normal", "La vente a lieu sous les charges et conditions ordinaires et de droit en pareille matière{% if jouissance == 'vefa' %}, et sous celles propres à la vente d'immeuble à construire stipulées ci-après{% endif %}.{% if jouissance != 'vefa' %} L'ACQUÉREUR prend le bien dans l'état où il se trouve au jour de l'entrée en jouissance, sans recours contre le VENDEUR pour quelque cause que ce soit, notamment pour mauvais état du sol ou du sous-sol, vices apparents ou cachés{% if produit != 'lts' %}, sous réserve des dispositions d'ordre public et des garanties stipulées aux présentes{% endif %}.{% endif %}"),
        ("Normal", "L'ACQUÉREUR acquitte, à compter de ce jour, les impôts, contributions et charges de toute nature afférents au bien vendu{% if lot.copropriete is defined %}, notamment sa quote-part des charges de copropriété{% endif %}."),
        ("", "{%p for clause in clauses %}"),
        ("", "{{p clause.xml }}"),
        ("", "{%p endfor %}"),
        ("Heading 1", "Élection de domicile"),
        ("Normal", "Pour l'exécution des présentes et de leurs suites, les parties font élection de domicile : le VENDEUR en son siège{% if brs is not none %}, l'ORGANISME DE FONCIER SOLIDAIRE en son siège{% endif %}, l'ACQUÉREUR en l'office notarial soussigné."),
        ("Heading 1", "Dont acte"),
        ("Normal", "Fait et passé à {{ op.lieu_acte }}, en l'office notarial, les jour, mois et an ci-dessus indiqués, soit le {{ acte.date|date_lettres }}. Et après lecture faite, les parties ont signé avec le notaire. Renvois approuvés : néant. Mots rayés nuls : néant. Blancs barrés : néant."),
        ("Signature", "Pour le VENDEUR : {{ vendeur.representant.civilite }} {{ vendeur.representant.prenoms }} {{ vendeur.representant.nom }}, {{ vendeur.representant.qualite }}"),
        ("", "{%p if brs is not none %}"),
        ("Signature", "Pour l'ORGANISME DE FONCIER SOLIDAIRE : {{ brs.ofs.representant.civilite }} {{ brs.ofs.representant.prenoms }} {{ brs.ofs.representant.nom }}, {{ brs.ofs.representant.qualite }}"),
        ("", "{%p endif %}"),
        ("", "{%p for a in acquereurs %}"),
        ("Signature", "L'ACQUÉREUR : {{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }}"),
        ("", "{%p endfor %}"),
        ("Signature", "Le notaire : Maître {{ notaire.prenoms }} {{ notaire.nom }}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# Rapport au conseil municipal et délibération (one per operation), with the annexes
# --------------------------------------------------------------------------------------------

def deliberation() -> Document:
    doc = new_document(landscape=False)
    write(doc, [
        ("", "{%p if seance.numero_rapport is defined %}"),
        ("Title", "Rapport n° {{ seance.numero_rapport }} au conseil municipal"),
        ("Heading 2", "Objet : {{ seance.objet }}"),
        ("", "{%p for para in seance.expose %}"),
        ("Normal", "{{ para }}"),
        ("", "{%p endfor %}"),
        ("Normal", "Je vous prie de bien vouloir en délibérer."),
        ("Signature", "{{ president_titre }}"),
        ("Signature", "{{ seance.president.prenoms }} {{ seance.president.nom|upper }}"),
        page_break,
        ("", "{%p endif %}"),
        ("", "{%p if extrait.moderne %}"),
        ("Centre", "Commune de {{ op.commune }}{% if op.departement is defined %} — {{ op.departement }}{% endif %}"),
        ("Mention", "Extrait du registre des délibérations du conseil municipal"),
        ("", "{%p endif %}"),
        ("Title", "Délibération n° {{ seance.numero_deliberation }}"),
        ("Centre", "du conseil municipal de {{ op.commune }}, en séance du {{ seance.date|jour_semaine }} {{ seance.date|date_longue }}"),
        ("Heading 2", "Objet : {{ seance.objet }}"),
        ("", "{%p if extrait.moderne %}"),
        field_table([
            ("Conseillers municipaux en exercice", "{{ seance.membres_en_exercice|nombre }}"),
            ("Présents", "{{ seance.presents|nombre }}"),
            ("Représentés (pouvoirs)", "{{ extrait.representes|nombre }}"),
            ("Votants", "{{ extrait.votants|nombre }}"),
            ("Date de la convocation", "{{ seance.date_convocation|date_longue }}"),
            ("Secrétaire de séance", "{{ seance.secretaire }}"),
        ], widths=(7.0, 9.0)),
        ("Normal", "Le quorum, fixé à la majorité des membres en exercice, étant atteint (article L.2121-17 du code général des collectivités territoriales), le conseil municipal a pu valablement délibérer."),
        ("", "{%p endif %}"),
        ("Mention", "Le conseil municipal"),
        ("", "{%p for visa in seance.visas %}"),
        ("Normal", "Vu {{ visa }} ;"),
        ("", "{%p endfor %}"),
        ("", "{%p if seance.numero_rapport is defined %}"),
        ("Normal", "Sur le rapport n° {{ seance.numero_rapport }} de {{ president_designation }} ;"),
        ("", "{%p endif %}"),
        ("", "{%p if seance.rapporteur is defined %}"),
        ("Normal", "Vu le rapport de {{ seance.rapporteur.civilite }} {{ seance.rapporteur.prenoms }} {{ seance.rapporteur.nom|upper }}, {{ seance.rapporteur.qualite }}{% if seance.rapporteur.commissions is defined %}, présenté au nom des commissions {{ commissions }}{% endif %} ;"),
        ("", "{%p endif %}"),
        ("", "{%p if seance.avis is defined %}"),
        ("Normal", "Sur {{ seance.avis }} ;"),
        ("", "{%p endif %}"),
        ("", "{%p for c in seance.considerants|default([]) %}"),
        ("Normal", "Considérant {{ c }} ;"),
        ("", "{%p endfor %}"),
        ("Mention", "Après en avoir délibéré"),
        ("Mention", "{{ vote_phrase }}"),
        ("", "{%p for article in articles %}"),
        ("Article", "{{ article.titre }}"),
        ("Normal", "{{ article.texte }}"),
        ("", "{%p endfor %}"),
        ("Normal", "{{ recours_phrase }}"),
        ("", "{%p if extrait.executoire_phrase %}"),
        ("Normal", "{{ extrait.executoire_phrase }}"),
        ("", "{%p endif %}"),
        ("Mention", "Pour extrait certifié conforme"),
        ("Normal", "{{ seance.lieu }}, le {{ seance.date_certification|date_longue }}"),
        ("Signature", "{{ president_titre }}"),
        ("Signature", "{{ seance.president.prenoms }} {{ seance.president.nom|upper }}"),
        ("", "{%p if extrait.signature_secretaire %}"),
        ("Signature", "Le secrétaire de séance"),
        ("Signature", "{{ seance.secretaire }}"),
        ("", "{%p endif %}"),
    ])
    # Annexes: computed from the case, on landscape pages
    _landscape(doc.add_section(WD_SECTION.NEW_PAGE))
    write(doc, [
        ("", "{%p if annexe.type == 'lts' %}"),
        ("Title", "Annexe 1 — Simulation des prix et conditions de vente"),
        ("Centre", "{{ op.programme }} — montants en {{ devise_nom }} ; mensualités au taux de {{ annexe.taux|pourcentage }} sur {{ annexe.duree_annees }} ans"),
        table(
            ["Lot", "Surf. m²", "Type", "Prix de revient", "Subventions", "Capital remb.", "Cap. restant dû", "Loyers impayés", "Foncier", "Travaux", "Frais de vente", "Prix de vente", "Mensualité hors AL"],
            ["{{ l.numero }}", "{{ l.surface|nombre }}", "{{ l.type }}", "{{ l.prix_de_revient|montant_nu }}", "{{ l.subventions|montant_nu }}", "{{ l.capital_rembourse|montant_nu }}", "{{ l.capital_restant_du|montant_nu }}", "{{ l.loyers_impayes|montant_nu }}", "{{ l.foncier|montant_nu }}", "{{ l.travaux|montant_nu }}", "{{ l.frais_de_vente|montant_nu }}", "{{ l.prix_de_vente|montant_nu }}", "{{ l.mensualite|montant_nu }}"],
            "l in annexe.lots",
            totals=["Total", "{{ annexe.total.surface|nombre }}", "", "{{ annexe.total.prix_de_revient|montant_nu }}", "{{ annexe.total.subventions|montant_nu }}", "{{ annexe.total.capital_rembourse|montant_nu }}", "{{ annexe.total.capital_restant_du|montant_nu }}", "{{ annexe.total.loyers_impayes|montant_nu }}", "{{ annexe.total.foncier|montant_nu }}", "{{ annexe.total.travaux|montant_nu }}", "{{ annexe.total.frais_de_vente|montant_nu }}", "{{ annexe.total.prix_de_vente|montant_nu }}", "{{ annexe.total.mensualite|montant_nu }}"],
            numeric_from=3, widths=(1.2, 1.3, 1.2, 2.3, 2.3, 2.1, 2.1, 1.9, 2.3, 2.0, 2.1, 2.5, 2.0),
        ),
        ("Petit", "Prix de vente = prix de revient technique − subventions − capital remboursé + loyers impayés + foncier (estimation domaniale) + travaux de remise en état + frais de vente. {{ annexe.convention_note }}"),
        ("Title", "Annexe 2 — Solvabilité des accédants"),
        table(
            ["Lot", "Ménage", "Mensualité actuelle", "Mensualité hors AL", "AL", "Solde", "Revenus mensuels", "Effort", "Hypothèse"],
            ["{{ s.numero }}", "{{ s.menage }}", "{{ s.mensualite_actuelle }}", "{{ s.mensualite|montant_nu }}", "{{ s.al|montant_nu }}", "{{ s.solde|montant_nu }}", "{{ s.revenus }}", "{{ s.effort }}", "{{ s.hypothese }}"],
            "s in annexe.solvabilite",
            numeric_from=2, widths=(1.2, 4.5, 2.4, 2.4, 2.0, 2.2, 2.6, 1.8, 4.0),
        ),
        ("Petit", "Effort = (mensualité − allocation logement) / revenus mensuels ; plafond de {{ annexe.plafond_effort|pourcentage }} (loi n° 89-1010 du 31 décembre 1989). {{ annexe.solvabilite_note }}"),
        ("Title", "Annexe 3 — Paiements par l'UES"),
        table(
            ["Lot", "Ménage", "Prix hors frais", "Frais de vente", "Prix de vente", "À la signature ({{ annexe.part_signature|pourcentage }})", "Consigné ({{ annexe.part_consignee|pourcentage }})"],
            ["{{ p.numero }}", "{{ p.menage }}", "{{ p.prix_hors_frais|montant_nu }}", "{{ p.frais_de_vente|montant_nu }}", "{{ p.prix_de_vente|montant_nu }}", "{{ p.signature|montant_nu }}", "{{ p.consigne|montant_nu }}"],
            "p in annexe.paiements",
            totals=["Total", "", "{{ annexe.total_paiements.prix_hors_frais|montant_nu }}", "{{ annexe.total_paiements.frais_de_vente|montant_nu }}", "{{ annexe.total_paiements.prix_de_vente|montant_nu }}", "{{ annexe.total_paiements.signature|montant_nu }}", "{{ annexe.total_paiements.consigne|montant_nu }}"],
            numeric_from=2, widths=(1.2, 5.5, 3.3, 3.0, 3.3, 3.3, 3.3),
        ),
        ("Petit", "{{ annexe.paiements_note }}"),
        ("", "{%p elif annexe.type == 'portage' %}"),
        ("Title", "Annexe — Bilan du portage ciblé, lot par lot"),
        ("Centre", "{{ op.programme }} — montants en {{ devise_nom }} ; aide de l'ANRU plafonnée à {{ annexe.plafond_par_lot|montant }} par lot"),
        table(
            ["Lot", "Acquéreur final", "Achat le", "Prix d'achat", "Frais d'achat", "Frais de portage", "Coût de revient", "Revente le", "Prix de revente", "Déficit", "Aide ANRU", "Reste à charge"],
            ["{{ b.numero }}", "{{ b.menage }}", "{{ b.date_acquisition|date_courte }}", "{{ b.prix_acquisition|montant_nu }}", "{{ b.frais_acquisition|montant_nu }}", "{{ b.frais_portage|montant_nu }}", "{{ b.cout_de_revient|montant_nu }}", "{{ b.date_revente|date_courte }}", "{{ b.prix_revente|montant_nu }}", "{{ b.deficit|montant_nu }}", "{{ b.aide_anru|montant_nu }}", "{{ b.reste_operateur|montant_nu }}"],
            "b in annexe.portage",
            totals=["Total", "", "", "{{ annexe.total.prix_acquisition|montant_nu }}", "{{ annexe.total.frais_acquisition|montant_nu }}", "{{ annexe.total.frais_portage|montant_nu }}", "{{ annexe.total.cout_de_revient|montant_nu }}", "", "{{ annexe.total.prix_revente|montant_nu }}", "{{ annexe.total.deficit|montant_nu }}", "{{ annexe.total.aide_anru|montant_nu }}", "{{ annexe.total.reste_operateur|montant_nu }}"],
            numeric_from=2, widths=(1.2, 3.6, 1.9, 2.3, 2.0, 2.0, 2.3, 1.9, 2.3, 2.1, 2.1, 2.1),
        ),
        ("Petit", "Coût de revient = prix d'acquisition + frais d'acquisition + frais de portage ; déficit = coût de revient − prix de revente, s'il est positif ; aide de l'ANRU = le plus petit du déficit et du plafond ; reste à la charge de l'opérateur = déficit − aide de l'ANRU. Durée maximale du portage : {{ annexe.duree_max_annees|nombre_lettres }} ans."),
        ("", "{%p else %}"),
        ("Title", "Annexe — Prix de vente par lot"),
        table(
            ["Lot", "Acquéreur", "Désignation", "Prix de vente"],
            ["{{ v.numero }}", "{{ v.menage }}", "{{ v.designation }}", "{{ v.prix_de_vente|montant_nu }}"],
            "v in annexe.ventes",
            totals=["Total", "", "", "{{ annexe.total.prix_de_vente|montant_nu }}"],
            numeric_from=3, widths=(1.5, 6.0, 13.0, 4.0),
        ),
        ("", "{%p endif %}"),
        ("Normal", "Vu par le conseil municipal de {{ op.commune }} en séance du {{ seance.date|jour_semaine }} {{ seance.date|date_longue }}."),
        ("Signature", "{{ president_titre }}"),
        ("Signature", "{{ seance.president.prenoms }} {{ seance.president.nom|upper }}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# Bulletin de souscription d'assurance revente (per acquisition where offered)
# --------------------------------------------------------------------------------------------

def bulletin_assurance_revente() -> Document:
    doc = new_document()
    write(doc, [
        ("Title", "Bulletin de souscription — assurance revente"),
        ("Centre", "Protection revente des accédants à la propriété — contrat n° {{ assurance.numero_contrat }}"),
        ("Centre", "Certificat d'adhésion n° {{ adhesion.numero_adhesion }}"),
        ("Heading 1", "Assureur et intermédiaire"),
        field_table([
            ("Assureur", "{{ assurance.assureur }}"),
            ("Courtier gestionnaire", "{{ assurance.courtier }}, {{ assurance.adresse_courtier }}"),
            ("Organisme distributeur (vendeur)", "{{ vendeur.denomination }}, {{ vendeur.siege }}"),
        ]),
        ("Heading 1", "Adhérent{% if adherents|length > 1 %}s{% endif %}"),
        ("", "{%p for a in adherents %}"),
        ("Heading 3", "Adhérent {{ loop.index }}"),
        field_table([
            ("Civilité, nom, prénoms", "{{ a.civilite }} {{ a.nom|upper }} {{ a.prenoms }}"),
            ("Date et lieu de naissance", "{{ a.date_naissance|date_longue }}, {{ a.lieu_naissance }}"),
            ("Adresse", "{{ a.adresse }}"),
            ("Téléphone", "{{ a.telephone }}"),
            ("Courriel", "{{ a.courriel }}"),
        ]),
        ("", "{%p endfor %}"),
        ("Heading 1", "Bien assuré"),
        field_table([
            ("Résidence", "{{ op.programme }}"),
            ("Lot", "{{ lot.numero }}{% if lot.copropriete is defined %} (lot de copropriété n° {{ lot.copropriete.numero_lot }}){% endif %} — {{ lot.designation }}"),
            ("Adresse", "{{ lot.adresse }}"),
            ("Usage", "résidence principale de l'adhérent"),
            ("Produit", "{{ produit_libelle }}"),
            ("Prix d'achat", "{{ calc.assurance.prix|montant }} TTC"),
            ("Notaire", "Maître {{ notaire.prenoms }} {{ notaire.nom }}, notaire à {{ notaire.residence }}"),
            ("{{ date_reference.libelle }}", "{{ date_reference.date|date_longue }}"),
        ]),
        ("Heading 1", "Garanties"),
        field_table([
            ("Perte financière à la revente", "prise en charge de la décote en cas de revente consécutive à un aléa de la vie garanti, dans la limite de {{ calc.assurance.taux_couverture_pct|pourcentage }} du prix d'achat et de {{ calc.assurance.plafond|montant }}, soit au plus {{ calc.assurance.indemnite_maximale|montant }} ({{ calc.assurance.indemnite_maximale|montant_lettres }})"),
            ("Dossier de diagnostic technique", "pris en charge en cas de revente, avec ou sans moins-value, dans la limite de {{ calc.assurance.diagnostic_technique_max|montant }} TTC"),
            ("Assistance", "accès à la plateforme téléphonique d'assistance pendant {{ calc.assurance.duree_assistance_annees|nombre_lettres }} ans, jusqu'au {{ calc.assurance.date_fin_assistance|date_longue }}"),
            ("Date d'effet", "{{ adhesion.date_effet|date_longue }}"),
            ("Durée de la garantie de revente", "{{ assurance.duree_garantie_annees|nombre_lettres }} ans à compter de la date d'effet"),
        ], widths=(5.0, 11.0)),
        ("Heading 1", "Cotisation"),
        ("Normal", "Prime unique, payable une seule fois pour toute la durée de la garantie, pour {{ calc.assurance.nombre_coacquereurs|nombre_lettres }} {% if calc.assurance.nombre_coacquereurs > 1 %}co-acquéreurs{% else %}acquéreur{% endif %} : {{ calc.assurance.prime|montant }} TTC ({{ calc.assurance.prime|montant_lettres }})."),
        ("Heading 1", "Déclarations de l'adhérent"),
        ("Normal", "L'adhérent reconnaît avoir reçu, avant la signature du présent bulletin, la notice d'information du contrat, qui précise les garanties, leurs exclusions, les formalités à accomplir en cas de sinistre et les obligations de l'assuré, ainsi qu'un exemplaire du présent bulletin (article L.112-2 du code des assurances). Le bulletin et la notice sont rédigés en français, en caractères apparents (article L.112-3 du code des assurances)."),
        ("Normal", "L'adhésion à l'assurance revente est facultative et distincte de l'acte de vente : elle ne conditionne ni la vente ni les garanties de rachat et de relogement consenties par le vendeur."),
        ("Heading 2", "Faculté de renonciation"),
        ("Normal", "Si le présent bulletin est signé à la suite d'un démarchage à domicile, sur le lieu de travail ou dans un lieu non destiné à la commercialisation de l'assurance, l'adhérent peut y renoncer par lettre recommandée avec demande d'avis de réception, pendant un délai de quatorze jours calendaires révolus à compter du jour de la signature, sans avoir à justifier de motifs ni à supporter de pénalités (article L.112-9 du code des assurances). La prime est alors remboursée dans un délai de trente jours. La faculté de renonciation ne peut plus être exercée dès que l'adhérent a connaissance d'un sinistre mettant en jeu la garantie."),
        ("Normal", "Modèle de lettre de renonciation, à adresser à {{ assurance.courtier }}, {{ assurance.adresse_courtier }} :"),
        ("Enumeration", "« Je soussigné(e) [nom, prénom, adresse] déclare renoncer à mon adhésion n° {{ adhesion.numero_adhesion }} au contrat d'assurance revente n° {{ assurance.numero_contrat }} souscrite le {{ adhesion.date_souscription|date_longue }}. Fait à [lieu], le [date]. Signature. »"),
        ("Heading 2", "Protection des données personnelles"),
        ("Normal", "Les données recueillies sont nécessaires à l'adhésion et à la gestion du contrat ; elles sont traitées par l'assureur et le courtier, responsables de traitement, pour la gestion des adhésions, des sinistres et de l'assistance, ainsi que pour le respect de leurs obligations légales, et conservées pendant la durée du contrat augmentée des délais de prescription. L'adhérent dispose d'un droit d'accès, de rectification, d'effacement, de limitation, d'opposition et de portabilité (règlement (UE) 2016/679 du 27 avril 2016 et loi n° 78-17 du 6 janvier 1978), qu'il exerce en s'adressant à : {{ assurance.contact_donnees }} ; il peut introduire une réclamation auprès de la CNIL."),
        ("Heading 1", "Signatures"),
        ("Normal", "Fait à {{ adhesion.lieu_souscription }}, le {{ adhesion.date_souscription|date_longue }}, en deux exemplaires."),
        ("", "{%p for a in adherents %}"),
        ("Signature", "L'adhérent : {{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }} — précédé de la mention « lu et approuvé »"),
        ("", "{%p endfor %}"),
        ("Signature", "Pour l'organisme distributeur : {{ vendeur.representant.civilite }} {{ vendeur.representant.prenoms }} {{ vendeur.representant.nom }}, {{ vendeur.representant.qualite }}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# Convention tripartite CAF – prêteur (UES) – allocataire (per household receiving the AL)
# --------------------------------------------------------------------------------------------

def convention_caf() -> Document:
    doc = new_document()
    write(doc, [
        ("Title", "Convention tripartite de versement de l'allocation de logement au prêteur"),
        ("Centre", "(tiers payant — {{ base_legale.titre }})"),
        ("Heading 1", "Entre les soussignés"),
        ("Normal", "La {{ caf.denomination }}, dont le siège est {{ caf.adresse }}, représentée par {{ caf.representant.civilite }} {{ caf.representant.prenoms }} {{ caf.representant.nom }}, {{ caf.representant.qualite }}, ci-après dénommée « LA CAISSE » ;"),
        ("Normal", "{{ preteur.denomination_capitalisee }}{% if preteur.sigle %} ({{ preteur.sigle }}){% endif %}, dont le siège est {{ fin.siege_preteur }}, représentée par {{ fin.representant_preteur.civilite }} {{ fin.representant_preteur.prenoms }} {{ fin.representant_preteur.nom }}, {{ fin.representant_preteur.qualite }}, ci-après dénommée « LE PRÊTEUR » ;"),
        ("", "{%p for a in allocataires %}"),
        ("Normal", "{{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }}, {{ a.ne }} le {{ a.date_naissance|date_longue }} à {{ a.lieu_naissance }}, demeurant {{ a.adresse }}{% if a.numero_caf is defined %}, allocataire de LA CAISSE sous le numéro {{ a.numero_caf }}{% else %}, {% if a.e %}co-emprunteuse{% else %}co-emprunteur{% endif %}{% endif %} ;"),
        ("", "{%p endfor %}"),
        ("Normal", "ci-après dénommé{% if allocataires|length > 1 %}s ensemble{% endif %} « L'ALLOCATAIRE »."),
        ("Heading 1", "Préambule"),
        ("Normal", "Vu {{ base_legale.visa }} ;"),
        ("Normal", "L'ALLOCATAIRE acquiert, par acte reçu par Maître {{ notaire.prenoms }} {{ notaire.nom }}, notaire à {{ notaire.residence }}, le {{ acte_date|date_longue }}, le logement situé {{ lot.adresse }} (lot n° {{ lot.numero }} de l'opération {{ op.nom }}), qu'il occupe à titre de résidence principale. Il finance cette acquisition au moyen d'un prêt consenti par LE PRÊTEUR. L'accession lui ouvre droit à l'allocation de logement, que les parties conviennent de faire verser directement au PRÊTEUR."),
        ("Article", "Article 1 — Objet"),
        ("Normal", "La présente convention a pour objet le versement direct par LA CAISSE au PRÊTEUR de l'allocation de logement due à l'ALLOCATAIRE, en déduction des échéances du prêt ci-après. L'ALLOCATAIRE y consent expressément."),
        ("Article", "Article 2 — Le prêt"),
        field_table([
            ("Capital prêté", "{{ calc.pret.capital|montant }} ({{ calc.pret.capital|montant_lettres }})"),
            ("Taux d'intérêt annuel", "{{ calc.pret.taux|pourcentage }}"),
            ("Durée", "{{ calc.pret.duree_annees|nombre_lettres }} ans ({{ calc.pret.duree_mois|nombre }} mensualités)"),
            ("Mensualité", "{{ calc.pret.mensualite|montant }}"),
            ("Prix du logement", "{{ calc.prix_de_vente|montant }}"),
        ], widths=(6.0, 10.0)),
        ("Article", "Article 3 — Montants et échéancier"),
        ("Normal", "LA CAISSE verse chaque mois au PRÊTEUR le montant de l'allocation de logement due à l'ALLOCATAIRE, soit, à la date de la présente convention, {{ menage.allocation_logement|montant }} ({{ menage.allocation_logement|montant_lettres }}) par mois. Le PRÊTEUR impute ce versement sur l'échéance du mois correspondant."),
        ("Normal", "L'ALLOCATAIRE reste redevable du solde de chaque échéance, soit, à la date de la présente convention, {{ calc.solvabilite.solde_menage|montant }} ({{ calc.solvabilite.solde_menage|montant_lettres }}) par mois, qu'il paie au PRÊTEUR à chaque échéance, pendant toute la durée du prêt."),
        field_table([
            ("Échéance mensuelle du prêt", "{{ calc.pret.mensualite|montant }}"),
            ("Allocation de logement versée au PRÊTEUR", "{{ calc.solvabilite.al|montant }}"),
            ("Solde payé par l'ALLOCATAIRE", "{{ calc.solvabilite.solde_menage|montant }}"),
        ], widths=(10.0, 6.0)),
        ("Normal", "Le montant de l'allocation de logement est révisé par LA CAISSE selon la réglementation en vigueur ; toute variation est notifiée au PRÊTEUR et à l'ALLOCATAIRE, le solde dû par ce dernier variant en sens inverse."),
        ("Article", "Article 4 — Obligations de l'ALLOCATAIRE"),
        ("Normal", "L'ALLOCATAIRE s'engage à déclarer sans délai à LA CAISSE tout changement de nature à modifier ses droits : ressources, composition du ménage, cessation de l'occupation du logement à titre de résidence principale, cession du logement. Il s'engage à payer le solde de chaque échéance à bonne date."),
        ("Article", "Article 5 — Obligations du PRÊTEUR"),
        ("Normal", "LE PRÊTEUR informe LA CAISSE, dans le délai d'un mois, de tout impayé de l'ALLOCATAIRE portant sur le solde à sa charge, de tout remboursement anticipé, total ou partiel, et de la vente du logement dont il a connaissance. Il tient à la disposition de LA CAISSE le tableau d'amortissement du prêt."),
        ("Article", "Article 6 — Sommes indûment versées"),
        ("Normal", "Les sommes versées par LA CAISSE au PRÊTEUR après la fin du droit à l'allocation de logement ou au-delà des sommes dues sont reversées à LA CAISSE par le PRÊTEUR, qui peut en demander le remboursement à l'ALLOCATAIRE lorsque l'indu résulte d'un défaut de déclaration de ce dernier."),
        ("Article", "Article 7 — Durée"),
        ("Normal", "La présente convention prend effet à la première échéance du prêt suivant sa signature. Elle est conclue pour la durée du prêt, soit {{ calc.pret.duree_annees|nombre_lettres }} ans, et prend fin de plein droit au remboursement intégral du prêt ou à la fin du droit à l'allocation de logement."),
        ("Article", "Article 8 — Résiliation"),
        ("Normal", "La convention est résiliée de plein droit en cas de vente du logement ou de remboursement anticipé total du prêt. Chaque partie peut la résilier par lettre recommandée avec demande d'avis de réception adressée aux deux autres, moyennant un préavis de trois mois ; l'allocation de logement est alors versée à l'ALLOCATAIRE dans les conditions de droit commun."),
        ("Normal", "Fait à {{ op.lieu_acte }}, le {{ acte_date|date_longue }}, en trois exemplaires originaux."),
        ("Signature", "Pour LA CAISSE : {{ caf.representant.civilite }} {{ caf.representant.prenoms }} {{ caf.representant.nom }}, {{ caf.representant.qualite }}"),
        ("Signature", "Pour LE PRÊTEUR : {{ fin.representant_preteur.civilite }} {{ fin.representant_preteur.prenoms }} {{ fin.representant_preteur.nom }}, {{ fin.representant_preteur.qualite }}"),
        ("", "{%p for a in allocataires %}"),
        ("Signature", "L'ALLOCATAIRE : {{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }}"),
        ("", "{%p endfor %}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# Note de calcul (one per case): one table per computation
# --------------------------------------------------------------------------------------------

def note_de_calcul() -> Document:
    doc = new_document(landscape=True)
    write(doc, [
        ("Title", "Note de calcul"),
        ("Centre", "{{ op.nom }} — dossier {{ dossier }}"),
        ("Normal", "Chaque montant des documents du dossier figure ci-dessous avec sa formule, les données qui y entrent, son arrondi et la référence de chaque règle ou paramètre appliqué, pour une vérification à la main. Les paramètres sont ceux en vigueur à la date de l'acte."),
        ("", "{%p for groupe in groupes %}"),
        ("Heading 1", "{{ groupe.titre }}"),
        ("", "{%p for calcul in groupe.calculs %}"),
        ("Heading 2", "{{ calcul.titre }}"),
        table(["N°", "Libellé", "Calcul", "Valeur", "Arrondi", "Références"],
              ["{{ l.numero }}", "{{ l.libelle }}", "{{ l.formule }}", "{{ l.valeur }}", "{{ l.arrondi }}", "{{ l.references }}"],
              "l in calcul.lignes", widths=(0.8, 5.0, 6.2, 2.6, 3.0, 9.1), numeric={3}),
        ("", "{%p endfor %}"),
        ("", "{%p endfor %}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# The clause library: one Word file per clause (and per variant)
# --------------------------------------------------------------------------------------------

def clause_document(name: str, lines) -> Document:
    doc = new_document(tagged=False, header=f"Bibliothèque de clauses actegen — {name}")
    write(doc, lines)
    return doc


RACHAT_TABLE = table(
    ["Année", "Période", "Pourcentage du prix initial", "Prix minimum garanti"],
    ["{{ a.annee }}", "du {{ a.debut|date_courte }} au {{ a.fin|date_courte }}", "{{ a.pourcentage|pourcentage }}", "{{ a.prix_minimum|montant }}"],
    "a in garanties.rachat.annees", widths=(1.5, 6.0, 4.0, 4.5), numeric_from=2,
)

RACHAT_CONDITIONS = [
    ("Heading 3", "Conditions"),
    ("Normal", "La garantie ne peut être mise en œuvre que si les conditions suivantes sont réunies :"),
    ("Enumeration", "— le bien n'est pas sorti du patrimoine de l'ACQUÉREUR ;"),
    ("Enumeration", "— il constitue la résidence principale de l'ACQUÉREUR ;"),
    ("Enumeration", "— la demande est faite par lettre recommandée avec demande d'avis de réception adressée au VENDEUR dans un délai de {{ garanties.rachat.delai_demande_mois|nombre_lettres }} mois à compter de la survenance du fait générateur, et au plus tard le {{ garanties.rachat.date_fin|date_longue }}."),
    ("Normal", "La demande peut être faite par l'ACQUÉREUR ou un co-acquéreur et, en cas de décès, par son conjoint occupant le logement ou par ses descendants directs qui l'occupent."),
]

def rachat_prix(regle: str):
    """The price paragraph of a garantie de rachat (its rule in words), then the table."""
    return [
        ("Heading 3", "Prix de rachat"),
        ("Normal", regle + " Ce prix peut être diminué du coût de la remise en état du logement rendue "
                   "nécessaire par des dégradations excédant l'usure normale, évalué au moins-disant de trois "
                   "devis. Le prix minimum garanti s'établit ainsi, année par année :"),
        RACHAT_TABLE,
        ("Normal", "Chaque année de garantie court d'une date anniversaire {{ garanties.rachat.point_de_depart }} à "
                   "la veille de la suivante ; une demande est rattachée à l'année au cours de laquelle elle est "
                   "faite. Le rachat est constaté par acte authentique."),
    ]


RACHAT_REGLE_ACCESSION = (
    "Pendant les {{ garanties.rachat.annees_sans_minoration|nombre_lettres }} premières années, le prix de rachat "
    "est au moins égal à {{ garanties.rachat.taux_base|pourcentage }} du prix de la présente vente ; à compter de la "
    "{{ garanties.rachat.premiere_annee_minoree }} année, ce prix minimum est réduit de "
    "{{ garanties.rachat.minoration|pourcentage }} du prix initial par année écoulée.")
RACHAT_REGLE_PSLA = (
    "Pendant les {{ garanties.rachat.annees_sans_minoration|nombre_lettres }} premières années, le prix de rachat "
    "est au moins égal à {{ garanties.rachat.taux_base|pourcentage }} du prix de la levée d'option, qui est le prix "
    "stipulé aux présentes ; à compter de la {{ garanties.rachat.premiere_annee_minoree }} année, ce prix minimum est "
    "réduit de {{ garanties.rachat.minoration|pourcentage }} du prix initial par année écoulée.")
RACHAT_REGLE_HLM = (
    "Le prix de rachat est au moins égal à {{ garanties.rachat.taux_base|pourcentage }} du prix de la présente "
    "vente pendant les {{ garanties.rachat.annees_sans_minoration|nombre_lettres }} premières années ; à compter de "
    "la {{ garanties.rachat.premiere_annee_minoree }} année et jusqu'à la fin de la garantie, il peut être réduit "
    "d'au plus {{ garanties.rachat.minoration|pourcentage }} du prix initial par année écoulée.")

CLAUSES = {
    "lts_superficie": [
        ("Heading 1", "Renonciation au droit de superficie"),
        ("Normal", "En tant que de besoin, le VENDEUR renonce au profit de l'ACQUÉREUR au droit de superficie qu'il détenait sur le lot, de sorte que l'ACQUÉREUR réunit sur sa tête la pleine propriété du tréfonds et des constructions."),
    ],
    "vefa": [
        ("Heading 1", "Vente en l'état futur d'achèvement"),
        ("Normal", "La présente vente est régie par les articles 1601-1, 1601-3 et suivants du code civil et L.261-1 et suivants du code de la construction et de l'habitation."),
        ("Heading 3", "Délai d'achèvement"),
        ("Normal", "Le VENDEUR s'oblige à achever l'immeuble et à livrer le bien vendu au plus tard le {{ lot.vefa.date_achevement_prevue|date_longue }}, sauf survenance d'une cause légitime de suspension du délai (intempéries, grève, défaillance d'une entreprise, injonction administrative ou judiciaire), dûment justifiée par le maître d'œuvre."),
        ("Heading 3", "Garantie d'achèvement"),
        ("Normal", "{{ lot.vefa.garantie_achevement }}."),
        ("Heading 3", "Assurances et garanties légales"),
        ("Normal", "Le VENDEUR justifie avoir souscrit l'assurance de dommages-ouvrage prévue par l'article L.242-1 du code des assurances auprès de {{ lot.vefa.assurance_dommages_ouvrage }}. Il est tenu, à compter de la réception des travaux, des garanties de parfait achèvement, de bon fonctionnement et décennale des articles 1792 et suivants du code civil, auxquelles renvoie l'article 1646-1 du même code, ainsi que de la garantie des vices et défauts de conformité apparents de l'article 1642-1."),
        ("Heading 3", "Livraison"),
        ("Normal", "La livraison est constatée par un procès-verbal établi contradictoirement entre le VENDEUR et l'ACQUÉREUR, qui peut y formuler des réserves. En cas de contestation sur la conformité, l'ACQUÉREUR peut consigner le solde du prix dans les conditions de l'article R.261-14 du code de la construction et de l'habitation."),
    ],
    "bail_reel_solidaire": [
        ("Heading 1", "Bail réel solidaire"),
        ("Normal", "Le bien est soumis au bail réel solidaire régi par les articles L.255-1 et suivants du code de la construction et de l'habitation. L'ORGANISME DE FONCIER SOLIDAIRE demeure propriétaire du terrain ; l'ACQUÉREUR est titulaire, en qualité de preneur, des droits réels attachés au logement, qu'il ne peut occuper qu'à titre de résidence principale."),
        ("Heading 3", "Durée"),
        ("Normal", "Les droits réels sont cédés pour la durée du bail, soit {{ brs.duree_annees|nombre_lettres }} ans à compter de ce jour ; conformément au bail, cette durée est rechargée au profit de chaque nouveau preneur agréé lors d'une cession ultérieure."),
        ("Heading 3", "Redevance"),
        ("Normal", "En contrepartie de la jouissance du terrain, l'ACQUÉREUR verse à l'ORGANISME DE FONCIER SOLIDAIRE une redevance mensuelle de {{ lot.bail_reel_solidaire.redevance_mensuelle|montant }} ({{ lot.bail_reel_solidaire.redevance_mensuelle|montant_lettres }}), payable d'avance le premier de chaque mois et révisée selon les stipulations du bail."),
        ("Heading 3", "Cession et transmission"),
        ("Normal", "Toute cession ou donation des droits réels est soumise à l'agrément préalable de l'ORGANISME DE FONCIER SOLIDAIRE, qui vérifie que les ressources du cessionnaire n'excèdent pas les plafonds réglementaires et qu'il occupera le logement à titre de résidence principale. Le prix de cession est plafonné : {{ brs.prix_cession }}."),
        ("Normal", "Le logement ne peut être donné en location, sauf dans les cas et conditions prévus par le bail."),
    ],
    "portage_cible": [
        ("Heading 1", "Portage ciblé provisoire — engagements de l'acquéreur"),
        ("Normal", "Le bien a été porté par le VENDEUR du {{ calc.portage.date_acquisition|date_longue }} à ce jour, soit {{ calc.portage.duree_mois|nombre_lettres }} mois, dans la limite de la durée maximale de portage fixée à {{ portage_convention.duree_max_annees|nombre_lettres }} ans par la convention conclue avec la commune de {{ portage_convention.commune }} le {{ portage_convention.date|date_longue }}. L'éventuel déficit de l'opération est couvert par {{ portage_convention.financeur_deficit }}, dans la limite prévue par cette convention ; il n'est pas mis à la charge de l'ACQUÉREUR."),
        ("Normal", "L'ACQUÉREUR déclare avoir été informé de la situation de la copropriété et des travaux de redressement engagés, et être en mesure de faire face à ses obligations de copropriétaire, notamment au paiement des charges et des appels de fonds pour travaux."),
        ("Normal", "L'ACQUÉREUR déclare ne pas faire l'objet de la peine complémentaire d'interdiction d'acheter un bien immobilier à usage d'habitation prévue par l'article 225-26 du code pénal."),
        ("Normal", "S'il donne le bien en location, l'ACQUÉREUR s'oblige à louer un logement décent au sens du décret n° 2002-120 du 30 janvier 2002 et à ne pas le diviser en vue de sa location."),
    ],
    "copropriete": [
        ("Heading 1", "Copropriété — information de l'acquéreur"),
        ("Normal", "Conformément à l'article L.721-2 du code de la construction et de l'habitation, l'ACQUÉREUR reconnaît avoir reçu, avant la signature de l'avant-contrat puis des présentes : le règlement de copropriété et l'état descriptif de division ainsi que les actes les ayant modifiés ; les procès-verbaux des assemblées générales des trois dernières années ; la fiche synthétique de la copropriété ; le carnet d'entretien de l'immeuble ; la notice d'information relative aux droits et obligations des copropriétaires ; les conclusions du diagnostic technique global, s'il en a été établi un."),
        ("Normal", "Le VENDEUR déclare, au vu des documents du syndic, {{ lot.copropriete.syndic }}{% if lot.copropriete.immatriculation is defined %} (copropriété immatriculée au registre national des copropriétés sous le numéro {{ lot.copropriete.immatriculation }}){% endif %} :"),
        ("Enumeration", "— que la quote-part du budget prévisionnel afférente au lot vendu s'élève à {{ lot.copropriete.charges_courantes_annuelles|montant }} par an ;"),
        ("", "{%p if lot.copropriete.fonds_travaux is defined %}"),
        ("Enumeration", "— que la part du fonds de travaux rattachée au lot s'élève à {{ lot.copropriete.fonds_travaux|montant }} ; elle demeure attachée au lot et ne donne lieu à aucun remboursement par le syndicat ;"),
        ("", "{%p endif %}"),
        ("Enumeration", "— {% if lot.copropriete.sommes_dues_vendeur > 0 %}que les sommes restant dues par lui au syndicat s'élèvent, selon l'état daté délivré par le syndic (article 5 du décret n° 67-223 du 17 mars 1967), à {{ lot.copropriete.sommes_dues_vendeur|montant }}, qui seront prélevées sur le prix par le notaire soussigné{% else %}qu'il ne reste redevable d'aucune somme envers le syndicat, selon l'état daté délivré par le syndic (article 5 du décret n° 67-223 du 17 mars 1967){% endif %}."),
        ("Normal", "Les charges exigibles avant ce jour restent à la charge du VENDEUR ; celles exigibles à compter de ce jour incombent à l'ACQUÉREUR (article 6-2 du décret n° 67-223 du 17 mars 1967). Avis de la mutation sera donné au syndic par le notaire soussigné (article 20 de la loi n° 65-557 du 10 juillet 1965)."),
    ],
    "copropriete_etat_date": [
        ("Heading 1", "Copropriété"),
        ("Normal", "Le VENDEUR déclare qu'il a été délivré par le syndic, {{ lot.copropriete.syndic }}, un état daté des sommes dues au syndicat (article 5 du décret n° 67-223 du 17 mars 1967), dont l'ACQUÉREUR a pris connaissance ; la quote-part du budget prévisionnel afférente au lot vendu s'élève à {{ lot.copropriete.charges_courantes_annuelles|montant }} par an{% if lot.copropriete.sommes_dues_vendeur > 0 %} et les sommes restant dues par le VENDEUR à {{ lot.copropriete.sommes_dues_vendeur|montant }}, qui seront prélevées sur le prix{% else %} ; le VENDEUR ne reste redevable d'aucune somme envers le syndicat{% endif %}."),
        ("Normal", "Les charges exigibles avant ce jour restent à la charge du VENDEUR ; celles exigibles à compter de ce jour incombent à l'ACQUÉREUR. Avis de la mutation sera donné au syndic par le notaire soussigné (article 20 de la loi n° 65-557 du 10 juillet 1965)."),
    ],
    "copropriete_neuve": [
        ("Heading 1", "Copropriété"),
        ("Normal", "L'immeuble à construire est placé sous le statut de la copropriété des immeubles bâtis dès son achèvement. Le règlement de copropriété et l'état descriptif de division ont été établis par le VENDEUR et déposés au rang des minutes du notaire soussigné ; l'ACQUÉREUR en a reçu une copie avant la signature du contrat de réservation."),
        ("Normal", "Jusqu'à la première assemblée générale, les fonctions de syndic sont exercées par {{ lot.copropriete.syndic }}, syndic provisoire désigné par le règlement. La quote-part du budget prévisionnel provisoire afférente au lot vendu est estimée à {{ lot.copropriete.charges_courantes_annuelles|montant }} par an ; les charges ne sont exigibles de l'ACQUÉREUR qu'à compter de la livraison."),
    ],
    "copropriete_mixte": [
        ("Heading 1", "Copropriété mixte"),
        ("Normal", "L'immeuble forme une copropriété mixte : le VENDEUR, organisme d'habitations à loyer modéré, demeure propriétaire des lots non vendus, qu'il continue de donner en location, et participe à ce titre aux assemblées générales et aux charges dans la proportion de ses tantièmes."),
        ("Normal", "Conformément aux dispositions relatives à la vente des logements locatifs sociaux (articles L.443-7 et suivants du code de la construction et de l'habitation), le VENDEUR a communiqué à l'ACQUÉREUR le montant des charges locatives et de copropriété des deux dernières années, la liste des travaux réalisés au cours des cinq dernières années sur les parties communes — {{ lot.vente_hlm.travaux_realises }} — et les travaux d'amélioration des parties communes et des éléments d'équipement commun qu'il serait souhaitable d'entreprendre — {{ lot.vente_hlm.travaux_programmes }}."),
    ],
    "garantie_rachat_accession_sociale": [
        ("Heading 1", "Garantie de rachat"),
        ("Normal", "Conformément aux articles L.411-2 et R*443-2 du code de la construction et de l'habitation et à ses engagements de sécurisation Hlm, le VENDEUR s'engage à racheter le bien vendu, ou à le faire racheter par un organisme d'habitations à loyer modéré avec lequel il a conclu une convention à cet effet, à la demande de l'ACQUÉREUR, pendant {{ garanties.rachat.duree|nombre_lettres }} ans à compter de la signature du présent acte, soit jusqu'au {{ garanties.rachat.date_fin|date_longue }}, si survient l'un des faits générateurs suivants :"),
        ("Enumeration", "— le décès de l'ACQUÉREUR, de son conjoint ou partenaire, ou d'un descendant direct faisant partie du ménage et occupant le logement ;"),
        ("Enumeration", "— la mobilité professionnelle de l'ACQUÉREUR ou de son conjoint imposant un changement de résidence à plus de soixante-dix kilomètres du logement ;"),
        ("Enumeration", "— le chômage d'une durée supérieure à un an ;"),
        ("Enumeration", "— l'invalidité de l'ACQUÉREUR ou de son conjoint ;"),
        ("Enumeration", "— le divorce ;"),
        ("Enumeration", "— la dissolution d'un pacte civil de solidarité."),
        *RACHAT_CONDITIONS,
        *rachat_prix(RACHAT_REGLE_ACCESSION),
    ],
    "garantie_rachat_psla": [
        ("Heading 1", "Garantie de rachat"),
        ("Normal", "Conformément à l'article 4 de l'arrêté du 26 mars 2004 relatif aux opérations de location-accession financées par un prêt social location-accession, le VENDEUR s'engage à racheter le bien, ou à le faire racheter par un organisme d'habitations à loyer modéré avec lequel il a conclu une convention à cet effet, à la demande de l'ACQUÉREUR, pendant {{ garanties.rachat.duree|nombre_lettres }} ans à compter de la levée d'option intervenue le {{ lot.date_levee_option|date_longue }}, soit jusqu'au {{ garanties.rachat.date_fin|date_longue }}, si survient l'un des faits générateurs suivants :"),
        ("Enumeration", "— le décès de l'ACQUÉREUR, de son conjoint ou partenaire, ou d'un descendant direct faisant partie du ménage et occupant le logement ;"),
        ("Enumeration", "— la mobilité professionnelle de l'ACQUÉREUR ou de son conjoint imposant un changement de résidence à plus de soixante-dix kilomètres du logement ;"),
        ("Enumeration", "— le chômage d'une durée supérieure à un an ;"),
        ("Enumeration", "— l'invalidité de l'ACQUÉREUR ou de son conjoint ;"),
        ("Enumeration", "— le divorce ;"),
        ("Enumeration", "— la dissolution d'un pacte civil de solidarité."),
        *RACHAT_CONDITIONS,
        *rachat_prix(RACHAT_REGLE_PSLA),
    ],
    "garantie_rachat_vente_hlm": [
        ("Heading 1", "Garantie de rachat"),
        ("Normal", "Conformément aux articles L.443-15-8 et R.443-12-2 du code de la construction et de l'habitation, le VENDEUR s'engage à racheter le logement à la demande de l'ACQUÉREUR, pendant {{ garanties.rachat.duree|nombre_lettres }} ans à compter de la signature du présent acte, soit jusqu'au {{ garanties.rachat.date_fin|date_longue }}, si survient l'un des faits générateurs suivants :"),
        ("Enumeration", "— la perte d'emploi de l'ACQUÉREUR ou de son conjoint d'une durée supérieure à un an ;"),
        ("Enumeration", "— la rupture du cadre familial : décès de l'ACQUÉREUR, de son conjoint ou partenaire ou d'un descendant direct occupant le logement, divorce ou dissolution d'un pacte civil de solidarité ;"),
        ("Enumeration", "— l'invalidité de l'ACQUÉREUR ou de son conjoint."),
        ("Normal", "La mobilité professionnelle n'ouvre pas la garantie."),
        *RACHAT_CONDITIONS,
        *rachat_prix(RACHAT_REGLE_HLM),
    ],
    "garantie_relogement_accession_sociale": [
        ("Heading 1", "Garantie de relogement"),
        ("Normal", "Le VENDEUR s'engage, pendant {{ garanties.relogement.duree|nombre_lettres }} ans à compter de la signature du présent acte, soit jusqu'au {{ garanties.relogement.date_fin|date_longue }}, à proposer à l'ACQUÉREUR qui en fait la demande {{ garanties.relogement.nombre_offres|nombre_lettres }} offres écrites de relogement dans le parc locatif social, correspondant à ses besoins et à ses possibilités, émanant de lui-même ou d'un organisme d'habitations à loyer modéré avec lequel il a conclu une convention à cet effet, dans un délai de {{ garanties.relogement.delai_offres_mois|nombre_lettres }} mois à compter de la demande (article R*443-2 du code de la construction et de l'habitation)."),
        ("Heading 3", "Conditions"),
        ("Enumeration", "— la demande est faite par l'ACQUÉREUR ou son conjoint, par lettre recommandée avec demande d'avis de réception, dans un délai de {{ garanties.relogement.delai_demande_mois|nombre_lettres }} mois à compter de la survenance de l'un des faits générateurs de la garantie de rachat, à l'exception de la mobilité professionnelle ;"),
        ("Enumeration", "— les ressources du ménage n'excèdent pas les plafonds {{ garanties.relogement.plafond }} en vigueur à la date de la demande ;"),
        ("Enumeration", "— l'ACQUÉREUR justifie avoir signé une promesse de vente de son logement, avec un particulier ou, dans le cadre de la garantie de rachat, avec un organisme d'habitations à loyer modéré."),
        ("Heading 3", "Réponse de l'acquéreur"),
        ("Normal", "L'ACQUÉREUR dispose d'un délai {% if garanties.relogement.delai_reponse_mois == 1 %}d'un mois{% else %}de {{ garanties.relogement.delai_reponse_mois|nombre_lettres }} mois{% endif %} à compter de la dernière offre pour se prononcer. Passé ce délai sans acceptation de l'une des offres, le VENDEUR est déchargé de la garantie de relogement."),
        ("Heading 3", "Formes du relogement"),
        ("", "{%p if garanties.relogement.maintien %}"),
        ("Normal", "Avec maintien dans les lieux : le logement est racheté par le VENDEUR ou par un organisme d'habitations à loyer modéré partenaire, qui le donne en location à l'ACQUÉREUR aux conditions du logement locatif social."),
        ("", "{%p endif %}"),
        ("", "{%p if garanties.relogement.autre_logement %}"),
        ("Normal", "Sans maintien dans les lieux : l'ACQUÉREUR est relogé dans un autre logement du parc locatif social."),
        ("", "{%p endif %}"),
        ("", "{%p if garanties.relogement.au_choix %}"),
        ("Normal", "Le choix entre ces deux formes est fait au moment où la garantie est mise en œuvre, en fonction du souhait du ménage et des possibilités du VENDEUR."),
        ("", "{%p endif %}"),
    ],
    "garantie_relogement_psla": [
        ("Heading 1", "Garantie de relogement"),
        ("Normal", "Conformément à l'article 5 de l'arrêté du 26 mars 2004, le VENDEUR s'engage, pendant {{ garanties.relogement.duree|nombre_lettres }} ans à compter de la levée d'option, soit jusqu'au {{ garanties.relogement.date_fin|date_longue }}, à proposer à l'ACQUÉREUR qui en fait la demande {{ garanties.relogement.nombre_offres|nombre_lettres }} offres écrites de relogement dans le parc locatif social, correspondant à ses besoins et à ses possibilités, dans un délai de {{ garanties.relogement.delai_offres_mois|nombre_lettres }} mois à compter de la demande. Ces offres sont dispensées de la procédure d'attribution des logements locatifs sociaux, le VENDEUR étant un organisme d'habitations à loyer modéré (loi n° 84-595 du 12 juillet 1984)."),
        ("Heading 3", "Conditions"),
        ("Enumeration", "— la demande est faite par l'ACQUÉREUR ou son conjoint, par lettre recommandée avec demande d'avis de réception, dans un délai de {{ garanties.relogement.delai_demande_mois|nombre_lettres }} mois à compter de la survenance de l'un des faits générateurs de la garantie de rachat, à l'exception de la mobilité professionnelle ;"),
        ("Enumeration", "— les ressources du ménage n'excèdent pas les plafonds {{ garanties.relogement.plafond }} (article R.331-12 du code de la construction et de l'habitation) en vigueur à la date de la demande."),
        ("Heading 3", "Réponse de l'acquéreur"),
        ("Normal", "L'ACQUÉREUR dispose d'un délai {% if garanties.relogement.delai_reponse_mois == 1 %}d'un mois{% else %}de {{ garanties.relogement.delai_reponse_mois|nombre_lettres }} mois{% endif %} à compter de la dernière offre pour se prononcer. Passé ce délai sans acceptation de l'une des offres, le VENDEUR est déchargé de la garantie de relogement."),
        ("Heading 3", "Formes du relogement"),
        ("", "{%p if garanties.relogement.maintien %}"),
        ("Normal", "Avec maintien dans les lieux : le logement est racheté par le VENDEUR ou par un organisme d'habitations à loyer modéré partenaire, qui le donne en location à l'ACQUÉREUR aux conditions du logement locatif social."),
        ("", "{%p endif %}"),
        ("", "{%p if garanties.relogement.autre_logement %}"),
        ("Normal", "Sans maintien dans les lieux : l'ACQUÉREUR est relogé dans un autre logement du parc locatif social."),
        ("", "{%p endif %}"),
        ("", "{%p if garanties.relogement.au_choix %}"),
        ("Normal", "Le choix entre ces deux formes est fait au moment où la garantie est mise en œuvre, en fonction du souhait du ménage et des possibilités du VENDEUR."),
        ("", "{%p endif %}"),
    ],
    "retour_meilleure_fortune": [
        ("Heading 1", "Clause de retour à meilleure fortune"),
        ("Normal", "Si la garantie de relogement est mise en œuvre avec maintien dans les lieux, l'ACQUÉREUR devenu locataire de son ancien logement pourra, lorsque sa situation le permettra, en redevenir propriétaire en l'acquérant de l'organisme qui l'aura racheté, à un prix fixé selon les règles applicables à la vente des logements locatifs sociaux."),
        ("Normal", "Cette faculté s'exerce sous réserve de ces règles (articles L.443-7 et suivants du code de la construction et de l'habitation), qui interdisent la revente d'un logement locatif social dans les dix années suivant son financement, sauf dérogation accordée par le représentant de l'État ; l'organisme peut en outre être tenu de rembourser les prêts mobilisés pour le rachat et une partie des aides reçues, dont il pourra tenir compte dans le prix."),
    ],
    "assurance_revente": [
        ("Heading 1", "Assurance revente"),
        ("Normal", "L'ACQUÉREUR reconnaît que le VENDEUR lui a proposé d'adhérer au contrat d'assurance revente n° {{ assurance.numero_contrat }} souscrit auprès de {{ assurance.assureur }} par l'intermédiaire de {{ assurance.courtier }}, et qu'il y a adhéré par un bulletin de souscription distinct du présent acte, signé le {{ lot.assurance_revente.date_souscription|date_longue }} sous le numéro {{ lot.assurance_revente.numero_adhesion }}."),
        ("Normal", "Cette assurance couvre, en cas de revente consécutive à un aléa de la vie garanti, la perte financière subie dans la limite de {{ calc.assurance.taux_couverture_pct|pourcentage }} du prix d'achat et de {{ calc.assurance.plafond|montant }}, soit au plus {{ calc.assurance.indemnite_maximale|prix_notarial }} ; elle prend en charge le dossier de diagnostic technique dans la limite de {{ calc.assurance.diagnostic_technique_max|montant }} TTC et donne accès à une assistance téléphonique jusqu'au {{ calc.assurance.date_fin_assistance|date_longue }}, moyennant une prime unique de {{ calc.assurance.prime|montant }} TTC."),
        ("Normal", "L'adhésion est facultative et indépendante de la présente vente, dont elle ne constitue pas une condition."),
    ],
    "anti_speculation": [
        ("Heading 1", "Clause anti-spéculative"),
        ("Normal", "Conformément à l'article L.443-12-1 du code de la construction et de l'habitation, l'ACQUÉREUR qui souhaite revendre le logement dans les cinq ans suivant la présente acquisition, soit jusqu'au {{ calc.anti_speculation.date_fin|date_longue }}, est tenu d'en informer le VENDEUR, qui peut se porter acquéreur en priorité."),
        ("", "{%p if calc.anti_speculation.ecart > 0 %}"),
        ("Normal", "Le logement étant acquis à un prix inférieur au prix de référence de {{ calc.anti_speculation.prix_reference|montant }}, l'ACQUÉREUR qui le revend dans ce délai est tenu de verser au VENDEUR une somme égale à la différence entre le prix de revente et le prix de la présente acquisition, sans qu'elle puisse excéder l'écart entre le prix de référence et le prix d'acquisition, soit {{ calc.anti_speculation.ecart|prix_notarial }}. Ces prix s'entendent hors frais d'acte et accessoires à la vente."),
        ("", "{%p else %}"),
        ("Normal", "Le logement étant acquis à un prix au moins égal au prix de référence de {{ calc.anti_speculation.prix_reference|montant }}, aucune somme n'est due au VENDEUR à ce titre en cas de revente dans ce délai."),
        ("", "{%p endif %}"),
        ("Normal", "S'il donne le logement en location dans le même délai, le loyer ne peut excéder les plafonds fixés par l'autorité administrative."),
    ],
    "diagnostics": [
        ("Heading 1", "Diagnostics techniques"),
        ("Normal", "Le dossier de diagnostic technique prévu par l'article L.271-4 du code de la construction et de l'habitation est annexé aux présentes ; il comprend :"),
        ("", "{%p for d in lot.diagnostics %}"),
        ("Enumeration", "— {{ d }}{% if loop.last %}.{% else %} ;{% endif %}"),
        ("", "{%p endfor %}"),
        ("Normal", "L'ACQUÉREUR déclare en avoir pris connaissance. En l'absence, lors de la signature, de l'un des documents qui doivent y figurer, le VENDEUR ne peut s'exonérer de la garantie des vices cachés correspondante."),
    ],
    "diagnostics_occupant": [
        ("Heading 1", "Diagnostics"),
        ("Normal", "L'ACQUÉREUR, occupant des lieux, déclare bien connaître le bien vendu pour l'habiter et dispense le VENDEUR de toute autre description ou constat."),
    ],
    "diagnostics_vefa": [
        ("Heading 1", "Diagnostics techniques"),
        ("Normal", "S'agissant d'un immeuble à construire, l'état des risques prévu par l'article L.125-5 du code de l'environnement est annexé aux présentes. Le diagnostic de performance énergétique du logement sera remis à l'ACQUÉREUR au plus tard à la livraison."),
        ("", "{%p for d in lot.diagnostics|default([]) %}"),
        ("Enumeration", "— {{ d }}{% if loop.last %}.{% else %} ;{% endif %}"),
        ("", "{%p endfor %}"),
    ],
    "_clause_libre": [
        ("Heading 1", "{{ clause_libre.titre }}"),
        ("", "{%p for para in clause_libre.paragraphes %}"),
        ("Normal", "{{ para }}"),
        ("", "{%p endfor %}"),
    ],
}

CLAUSES_README = """\
# Bibliothèque de clauses

Chaque fichier Word de ce dossier est **une clause** des actes de vente. actegen choisit les
clauses d'un acte selon le dossier (produit, garanties choisies, copropriété, date de l'acte),
remplit leurs champs (`{{ … }}`) avec les mêmes données que l'acte, puis les insère dans
`acte_de_vente.docx` à l'emplacement de la balise `{{p clause.xml }}`, dans l'ordre ci-dessous.

Modifier une clause ici la modifie **pour tous les actes** : ouvrez le fichier dans Word,
changez le texte, gardez les styles du modèle (Titre 1 pour le titre de la clause, Normal,
Enumeration, Titre 3) et les balises `{{ … }}` d'un seul tenant. Une clause contient du texte et
des tableaux ; pas d'image, de lien ni de note de bas de page (actegen le refuse avec un message).
Un office qui utilise `--templates DOSSIER` place ses clauses dans `DOSSIER/clauses/` ; une clause
absente de ce dossier est prise dans la bibliothèque livrée.

| Clause (nom dans le dossier YAML) | Fichier | Quand |
|---|---|---|
| `lts_superficie` | lts_superficie.docx | LTS |
| `vefa` | vefa.docx | accession sociale en VEFA |
| `bail_reel_solidaire` | bail_reel_solidaire.docx | BRS |
| `portage_cible` | portage_cible.docx | portage ciblé |
| `copropriete` | copropriete_neuve.docx (VEFA), copropriete.docx (acte depuis le 27 mars 2014, CCH L.721-2), copropriete_etat_date.docx (avant) | lot de copropriété |
| `copropriete_mixte` | copropriete_mixte.docx | vente Hlm (copropriété mixte) |
| `garantie_rachat` | garantie_rachat_accession_sociale.docx, garantie_rachat_psla.docx, garantie_rachat_vente_hlm.docx | garantie de rachat choisie |
| `garantie_relogement` | garantie_relogement_accession_sociale.docx, garantie_relogement_psla.docx | garantie de relogement choisie |
| `retour_meilleure_fortune` | retour_meilleure_fortune.docx | clause choisie |
| `assurance_revente` | assurance_revente.docx | assurance revente choisie |
| `anti_speculation` | anti_speculation.docx | vente Hlm (CCH L.443-12-1) |
| `diagnostics` | diagnostics_vefa.docx (VEFA), diagnostics.docx (acte depuis le 1er novembre 2006, CCH L.271-4), diagnostics_occupant.docx (avant) | toujours |

`_clause_libre.docx` met en forme une clause dont le dossier donne le texte.

Dans le dossier YAML (`clauses:` au niveau de l'opération ou d'un lot ; le lot l'emporte) :

```yaml
clauses:
  retour_meilleure_fortune: {active: false}        # retirer une clause
  diagnostics: {texte: "Premier paragraphe.\\n\\nSecond paragraphe."}   # remplacer son texte
  servitude_de_passage:                            # ajouter une clause propre au dossier
    titre: Servitude de passage
    texte: "Le bien est grevé d'une servitude de passage…"
```
"""


BUILDERS = {
    "acte_de_vente.docx": acte_de_vente,
    "deliberation.docx": deliberation,
    "bulletin_assurance_revente.docx": bulletin_assurance_revente,
    "convention_caf.docx": convention_caf,
    "note_de_calcul.docx": note_de_calcul,
}


def main(argv: list[str]) -> int:
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    TEMPLATES.mkdir(exist_ok=True)
    (TEMPLATES / "clauses").mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        if only and only != name:
            continue
        build().save(TEMPLATES / name)
        print(f"écrit : templates/{name}")
    for name, lines in CLAUSES.items():
        target = f"clauses/{name}.docx"
        if only and only not in (target, "clauses"):
            continue
        clause_document(name, lines).save(TEMPLATES / target)
        print(f"écrit : templates/{target}")
    if not only or only == "clauses":
        (TEMPLATES / "clauses" / "LISEZMOI.md").write_text(CLAUSES_README, encoding="utf-8")
        print("écrit : templates/clauses/LISEZMOI.md")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
