"""Author the shipped Word templates (developer tool, run once when the wording changes).

The templates in ``templates/`` are the source of truth once written: an office edits them
in Word. This script only gives the project a reproducible first version, with real
styles (Titre, Titre 1/2, Corps, Article), a header carrying the case reference and a
footer "page X sur Y", so that an office can restyle them from Word's style gallery.

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


def new_document(*, landscape: bool = False) -> Document:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    def para_style(name: str, base: str, *, size: int | None = None, bold: bool = False,
                   align=None, caps: bool = False, before: int = 0, after: int = 6, keep: bool = False):
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
        return st

    para_style("Title", "Normal", size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, after=12)
    para_style("Heading 1", "Normal", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, before=12, after=6, keep=True)
    para_style("Heading 2", "Normal", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, caps=True, before=8, after=4, keep=True)
    para_style("Article", "Normal", size=11, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT, caps=True, before=8, after=4, keep=True)
    para_style("Centre", "Normal", align=WD_ALIGN_PARAGRAPH.CENTER)
    para_style("Mention", "Normal", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, caps=True, before=6)
    para_style("Signature", "Normal", align=WD_ALIGN_PARAGRAPH.LEFT, before=18)
    para_style("Tableau", "Normal", size=8, align=WD_ALIGN_PARAGRAPH.RIGHT, after=0)
    para_style("Tableau texte", "Normal", size=8, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    para_style("Petit", "Normal", size=9)

    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.0)
    header = section.header.paragraphs[0]
    header.text = "{{ doc.reference }}"
    header.style = styles["Petit"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer = section.footer.paragraphs[0]
    footer.style = styles["Petit"]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("{{ doc.titre }} — page ")
    _field(footer, "PAGE")
    footer.add_run(" sur ")
    _field(footer, "NUMPAGES")
    props = doc.core_properties
    props.author = "{{ doc.auteur }}"
    props.last_modified_by = "{{ doc.auteur }}"
    props.title = "{{ doc.titre }}"
    props.subject = "{{ doc.reference }}"
    props.comments = ""
    props.keywords = ""
    props.category = ""
    return doc


def add(doc, style: str, text: str) -> None:
    doc.add_paragraph(text, style=style)


def write(doc, lines) -> None:
    """``lines``: (style, text) pairs; a style of "" means a Jinja control paragraph."""
    for item in lines:
        if callable(item):
            item(doc)
            continue
        style, text = item
        if callable(text):
            text(doc)
        else:
            doc.add_paragraph(text, style=style or "Normal")


def table(headers, cells, loop: str, *, totals=None, widths=None, numeric_from: int = 1):
    """A table whose body row repeats over ``loop`` (docxtpl ``{%tr %}`` rows)."""

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
            cell.paragraphs[0].style = doc.styles["Tableau" if c >= numeric_from else "Tableau texte"]
        t.rows[3].cells[0].text = "{%tr endfor %}"
        if totals:
            for c, expr in enumerate(totals):
                cell = t.rows[4].cells[c]
                cell.text = expr
                cell.paragraphs[0].style = doc.styles["Tableau" if c >= numeric_from else "Tableau texte"]
                for r in cell.paragraphs[0].runs:
                    r.bold = True
        # repeat the header row on every page
        trPr = t.rows[0]._tr.get_or_add_trPr()
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trPr.append(el)
        if widths:
            for row in t.rows:
                for c, w in enumerate(widths):
                    row.cells[c].width = Cm(w)
        doc.add_paragraph("", style="Normal")

    return build


def simple_table(rows):
    """A fixed two-column table (label, value) — for a cadastre or a price breakdown."""

    def build(doc):
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style = doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = t.rows[r].cells[c]
                cell.text = text
                cell.paragraphs[0].style = doc.styles["Tableau texte" if c == 0 or r == 0 else "Tableau"]
                if r == 0:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        doc.add_paragraph("", style="Normal")

    return build


# --------------------------------------------------------------------------------------------
# Acte de vente (one per lot)
# --------------------------------------------------------------------------------------------

def acte_de_vente() -> Document:
    doc = new_document()
    write(doc, [
        ("Title", "Vente"),
        ("Centre", "{{ vendeur.denomination|upper }}"),
        ("Centre", "à"),
        ("Centre", "{{ acquereurs_noms }}"),
        ("Centre", "Lot n° {{ lot.numero }} — {{ op.programme }}"),
        ("Normal", "L'AN {{ acte.date|annee_lettres|upper }}, LE {{ acte.date|jour_mois_lettres|upper }},"),
        ("Normal", "À {{ op.lieu_acte }}, en l'office notarial,"),
        ("Normal", "Maître {{ notaire.prenoms }} {{ notaire.nom }}, notaire à {{ notaire.residence }}{% if notaire.office is defined %}, membre de l'{{ notaire.office }}{% endif %}, soussigné,"),
        ("Normal", "A REÇU le présent acte authentique contenant VENTE à la requête des personnes ci-après identifiées."),
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
        ("Heading 1", "Exposé préalable"),
        ("", "{%p if op.produit == 'lts' %}"),
        ("Normal", "Le bien objet des présentes fait partie du {{ op.programme }}, réalisé par {{ vendeur.denomination }} avec le concours financier de l'État dans le cadre du programme de logements très sociaux (LTS), en vue de l'accession à la propriété de ses occupants. L'ACQUÉREUR occupe le logement en qualité d'attributaire."),
        ("Normal", "Par délibération n° {{ seance.numero_deliberation }} du {{ seance.date|date_longue }}, le conseil municipal a adopté le principe de la vente définitive des logements en pleine propriété, approuvé le mode de calcul du prix de cession de chaque lot et autorisé le Maire à intervenir aux actes de cession."),
        ("", "{%p endif %}"),
        ("", "{%p if mandataire is not none %}"),
        ("Normal", "La vente a été préparée par {{ mandataire.denomination }}{% if mandataire.sigle is defined %} ({{ mandataire.sigle }}){% endif %}, mandataire du VENDEUR{% if mandataire.mission is defined %} en vertu d'un {{ mandataire.mission }}{% endif %}."),
        ("", "{%p endif %}"),
        ("Heading 1", "Vente"),
        ("Normal", "Le VENDEUR vend, en s'obligeant aux garanties ordinaires de fait et de droit, à l'ACQUÉREUR, qui accepte, le bien dont la désignation suit."),
        ("Heading 2", "Désignation"),
        ("Normal", "À {{ op.commune }}{% if op.departement is defined %} ({{ op.departement }}){% endif %}, {{ lot.adresse }} : {{ lot.designation }}."),
        ("Normal", "Figurant au cadastre sous les références suivantes :"),
        simple_table([
            ["Section", "Numéro", "Lieudit", "Contenance"],
            ["{{ lot.cadastre.section }}", "{{ lot.cadastre.numero }}", "{{ cadastre_lieudit }}", "{{ lot.cadastre.contenance_m2|surface }}"],
        ]),
        ("", "{%p if lot.copropriete is defined %}"),
        ("Normal", "Le bien forme le lot numéro {{ lot.copropriete.numero_lot }} de l'état descriptif de division de l'immeuble, soit la propriété privative de ce lot et les {{ lot.copropriete.tantiemes|nombre }}/{{ lot.copropriete.tantiemes_total|nombre }}èmes ({{ lot.copropriete.tantiemes|nombre_lettres }} {{ lot.copropriete.tantiemes_total|nombre_lettres }}ièmes) des parties communes générales."),
        ("Normal", "L'immeuble est soumis au statut de la copropriété ; l'état descriptif de division et le règlement de copropriété ont été établis suivant {{ lot.copropriete.reglement }}. L'ACQUÉREUR déclare en avoir reçu une copie et s'oblige à les exécuter."),
        ("", "{%p endif %}"),
        ("", "{%p if lot.copropriete is defined and lot.copropriete.surface_carrez_m2 is defined %}"),
        ("Normal", "Conformément à l'article 46 de la loi n° 65-557 du 10 juillet 1965, le VENDEUR déclare que la superficie de la partie privative du lot est de {{ lot.copropriete.surface_carrez_m2|surface }}."),
        ("", "{%p endif %}"),
        ("Heading 2", "Origine de propriété"),
        ("Normal", "{{ lot.origine_propriete }}"),
        ("Heading 2", "Propriété — jouissance"),
        ("Normal", "L'ACQUÉREUR est propriétaire du bien vendu à compter de ce jour. Il en a la jouissance par la prise de possession réelle, le bien étant déjà occupé par lui."),
        ("Heading 1", "Prix"),
        ("Normal", "La présente vente est consentie et acceptée moyennant le prix de {{ calc.prix_de_vente|prix_notarial }}."),
        ("", "{%p if op.produit == 'lts' %}"),
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
        ]),
        ("", "{%p endif %}"),
        ("Heading 2", "Paiement du prix"),
        ("", "{%p if calc.paiement is not none %}"),
        ("Normal", "Le prix hors frais de vente, soit {{ calc.prix.prix_hors_frais|prix_notarial }}, est payé par {{ fin.preteur }}{% if fin.sigle_preteur is defined %} ({{ fin.sigle_preteur }}){% endif %}, prêteur de l'ACQUÉREUR, de la manière suivante :"),
        ("Normal", "— à concurrence de {{ calc.paiement.part_signature_taux|pourcentage }}, soit {{ calc.paiement.signature|prix_notarial }}, ce jour, à la comptabilité du notaire soussigné, dont quittance ;"),
        ("Normal", "— le solde, soit {{ calc.paiement.consigne|prix_notarial }}, consigné auprès du prêteur à titre de provision pour risque d'impayés, productif d'intérêts, et payable au VENDEUR dans un délai de {{ calc.paiement.duree_consignation|nombre_lettres }} ans, majoré des intérêts produits et déduction faite des éventuels impayés de l'ACQUÉREUR."),
        ("Normal", "Les frais de vente, soit {{ calc.prix.frais_de_vente|prix_notarial }}, sont payés ce jour par l'intermédiaire du prêteur."),
        ("", "{%p endif %}"),
        ("", "{%p if calc.pret is not none %}"),
        ("Heading 2", "Financement"),
        ("Normal", "L'ACQUÉREUR déclare financer l'acquisition au moyen d'une avance de {{ fin.preteur }} d'un montant de {{ calc.pret.capital|prix_notarial }}, au taux de {{ calc.pret.taux|pourcentage }} l'an, remboursable en {{ calc.pret.duree_annees|nombre_lettres }} ans par mensualités de {{ calc.pret.mensualite|montant_acte }}{% if calc.pret.apport > 0 %}, après un apport personnel de {{ calc.pret.apport|montant_acte }}{% endif %}."),
        ("Normal", "L'ACQUÉREUR, sociétaire de la {{ fin.mutuelle }}, bénéficie de la prise en charge des {{ calc.couverture_mutuelle_mois|nombre_lettres }} premières mensualités impayées par celle-ci ; au-delà, les impayés sont prélevés sur les intérêts des sommes consignées, puis sur leur principal."),
        ("", "{%p endif %}"),
        ("Heading 2", "Garantie du solde du prix"),
        ("Normal", "{{ surete.phrase }}"),
        ("Heading 1", "Charges et conditions"),
        ("Normal", "La vente a lieu sous les charges et conditions ordinaires et de droit en pareille matière. L'ACQUÉREUR prend le bien dans l'état où il se trouve au jour de l'entrée en jouissance, sans recours contre le VENDEUR pour quelque cause que ce soit, notamment pour mauvais état du sol ou du sous-sol, vices apparents ou cachés."),
        ("Normal", "L'ACQUÉREUR acquitte, à compter de ce jour, les impôts, contributions et charges de toute nature afférents au bien vendu."),
        ("Heading 2", "Diagnostics"),
        ("Normal", "{{ diagnostics_phrase }}"),
        ("", "{%p for clause in clauses %}"),
        ("Heading 1", "{{ clause.titre }}"),
        ("", "{%p for para in clause.paragraphes %}"),
        ("Normal", "{{ para }}"),
        ("", "{%p endfor %}"),
        ("", "{%p endfor %}"),
        ("Heading 1", "Élection de domicile"),
        ("Normal", "Pour l'exécution des présentes et de leurs suites, les parties font élection de domicile : le VENDEUR en son siège, l'ACQUÉREUR en l'office notarial soussigné."),
        ("Heading 1", "Dont acte"),
        ("Normal", "Fait et passé à {{ op.lieu_acte }}, en l'office notarial, les jour, mois et an ci-dessus indiqués. Et après lecture faite, les parties ont signé avec le notaire. Renvois approuvés : néant. Mots rayés nuls : néant. Blancs barrés : néant."),
        ("Signature", "Pour le VENDEUR : {{ vendeur.representant.civilite }} {{ vendeur.representant.prenoms }} {{ vendeur.representant.nom }}, {{ vendeur.representant.qualite }}"),
        ("", "{%p for a in acquereurs %}"),
        ("Signature", "L'ACQUÉREUR : {{ a.civilite }} {{ a.prenoms }} {{ a.nom|upper }}"),
        ("", "{%p endfor %}"),
        ("Signature", "Le notaire : Maître {{ notaire.prenoms }} {{ notaire.nom }}"),
    ])
    return doc


# --------------------------------------------------------------------------------------------
# Rapport au conseil municipal et délibération (one per operation), with the three annexes
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
        ("", "{%p endif %}"),
        ("Title", "Délibération n° {{ seance.numero_deliberation }}"),
        ("Centre", "du conseil municipal de {{ op.commune }}, en séance du {{ seance.date|jour_semaine }} {{ seance.date|date_longue }}"),
        ("Heading 2", "Objet : {{ seance.objet }}"),
        ("", "{%p if seance.membres_en_exercice is defined %}"),
        ("Normal", "Conseillers en exercice : {{ seance.membres_en_exercice }} ; présents : {{ seance.presents }} ; représentés : {{ seance.representes|default(0) }}{% if seance.date_convocation is defined %} ; date de la convocation : {{ seance.date_convocation|date_longue }}{% endif %}{% if seance.secretaire is defined %} ; secrétaire de séance : {{ seance.secretaire }}{% endif %}."),
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
        ("Mention", "Pour extrait certifié conforme"),
        ("Normal", "{{ seance.lieu }}, le {{ seance.date_certification|date_longue }}"),
        ("Signature", "{{ president_titre }}"),
        ("Signature", "{{ seance.president.prenoms }} {{ seance.president.nom|upper }}"),
    ])
    # Annexes: the seed's three tables, computed from the case, on landscape pages
    annex = doc.add_section(WD_SECTION.NEW_PAGE)
    annex.orientation = WD_ORIENT.LANDSCAPE
    annex.page_width, annex.page_height = Cm(29.7), Cm(21.0)
    annex.left_margin = annex.right_margin = Cm(1.5)
    write(doc, [
        ("Title", "Annexe 1 — Simulation des prix et conditions de vente"),
        ("Centre", "{{ op.programme }} — montants en {{ devise_nom }} ; mensualités au taux de {{ annexe.taux|pourcentage }} sur {{ annexe.duree_annees }} ans"),
        table(
            ["Lot", "Surf. m²", "Type", "Prix de revient", "Subventions", "Capital remb.", "Cap. restant dû", "Loyers impayés", "Foncier", "Travaux", "Frais de vente", "Prix de vente", "Mensualité hors AL"],
            ["{{ l.numero }}", "{{ l.surface|nombre }}", "{{ l.type }}", "{{ l.prix_de_revient|montant_nu }}", "{{ l.subventions|montant_nu }}", "{{ l.capital_rembourse|montant_nu }}", "{{ l.capital_restant_du|montant_nu }}", "{{ l.loyers_impayes|montant_nu }}", "{{ l.foncier|montant_nu }}", "{{ l.travaux|montant_nu }}", "{{ l.frais_de_vente|montant_nu }}", "{{ l.prix_de_vente|montant_nu }}", "{{ l.mensualite|montant_nu }}"],
            "l in annexe.lots",
            totals=["Total", "{{ annexe.total.surface|nombre }}", "", "{{ annexe.total.prix_de_revient|montant_nu }}", "{{ annexe.total.subventions|montant_nu }}", "{{ annexe.total.capital_rembourse|montant_nu }}", "{{ annexe.total.capital_restant_du|montant_nu }}", "{{ annexe.total.loyers_impayes|montant_nu }}", "{{ annexe.total.foncier|montant_nu }}", "{{ annexe.total.travaux|montant_nu }}", "{{ annexe.total.frais_de_vente|montant_nu }}", "{{ annexe.total.prix_de_vente|montant_nu }}", "{{ annexe.total.mensualite|montant_nu }}"],
            numeric_from=3,
        ),
        ("Petit", "Prix de vente = prix de revient technique − subventions − capital remboursé + loyers impayés + foncier (estimation domaniale) + travaux de remise en état + frais de vente. {{ annexe.convention_note }}"),
        ("Title", "Annexe 2 — Solvabilité des accédants"),
        table(
            ["Lot", "Ménage", "Mensualité actuelle", "Mensualité hors AL", "AL", "Solde", "Revenus mensuels", "Effort", "Hypothèse"],
            ["{{ s.numero }}", "{{ s.menage }}", "{{ s.mensualite_actuelle }}", "{{ s.mensualite|montant_nu }}", "{{ s.al|montant_nu }}", "{{ s.solde|montant_nu }}", "{{ s.revenus }}", "{{ s.effort }}", "{{ s.hypothese }}"],
            "s in annexe.solvabilite",
            numeric_from=2,
        ),
        ("Petit", "Effort = (mensualité − allocation logement) / revenus mensuels ; plafond de {{ annexe.plafond_effort|pourcentage }} (loi n° 89-1010 du 31 décembre 1989). {{ annexe.solvabilite_note }}"),
        ("Title", "Annexe 3 — Paiements par l'UES"),
        table(
            ["Lot", "Ménage", "Prix hors frais", "Frais de vente", "Prix de vente", "À la signature ({{ annexe.part_signature|pourcentage }})", "Consigné ({{ annexe.part_consignee|pourcentage }})"],
            ["{{ p.numero }}", "{{ p.menage }}", "{{ p.prix_hors_frais|montant_nu }}", "{{ p.frais_de_vente|montant_nu }}", "{{ p.prix_de_vente|montant_nu }}", "{{ p.signature|montant_nu }}", "{{ p.consigne|montant_nu }}"],
            "p in annexe.paiements",
            totals=["Total", "", "{{ annexe.total_paiements.prix_hors_frais|montant_nu }}", "{{ annexe.total_paiements.frais_de_vente|montant_nu }}", "{{ annexe.total_paiements.prix_de_vente|montant_nu }}", "{{ annexe.total_paiements.signature|montant_nu }}", "{{ annexe.total_paiements.consigne|montant_nu }}"],
            numeric_from=2,
        ),
        ("Petit", "{{ annexe.paiements_note }}"),
        ("Normal", "Vu par le conseil municipal de {{ op.commune }} en séance du {{ seance.date|jour_semaine }} {{ seance.date|date_longue }}."),
        ("Signature", "{{ president_titre }}"),
        ("Signature", "{{ seance.president.prenoms }} {{ seance.president.nom|upper }}"),
    ])
    return doc


BUILDERS = {
    "acte_de_vente.docx": acte_de_vente,
    "deliberation.docx": deliberation,
}


def main(argv: list[str]) -> int:
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    TEMPLATES.mkdir(exist_ok=True)
    for name, build in BUILDERS.items():
        if only and only != name:
            continue
        build().save(TEMPLATES / name)
        print(f"écrit : templates/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
