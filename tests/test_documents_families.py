"""The document families of every shipped case, read back with python-docx: what each file is
called, and the real text — names, amounts in letters and figures, the buy-back tables."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from .docx_text import paragraphs, table_rows, text
from .helpers import CASES, run_cli

NN, NB = "\u202f", "\u00a0"
SHIPPED = sorted(p.stem for p in CASES.glob("*.yaml"))


def euros(figures: str) -> str:
    """« 189 400,00 € » with the document's no-break spaces."""
    return figures.replace(" ", NN) + NB + "€"


@pytest.fixture(scope="module")
def rendered(shipped_render: dict[str, Path]) -> Path:
    """The folder holding every shipped case's output folder (rendered once per session)."""
    assert sorted(shipped_render) == SHIPPED
    (out,) = {folder.parent for folder in shipped_render.values()}
    return out


def names(rendered: Path, case: str) -> list[str]:
    return sorted(p.name for p in (rendered / case).glob("*.docx"))


def test_shipped_cases_cover_every_product():
    import yaml

    products = {
        yaml.safe_load((CASES / f"{c}.yaml").read_text(encoding="utf-8"))["operation"]["produit"]
        for c in SHIPPED
    }
    assert products == {"lts", "accession_sociale", "psla", "brs", "vente_hlm", "portage"}


def test_file_names_say_family_lot_and_buyer(rendered: Path):
    assert names(rendered, "psla-coop-2024") == [
        "acte-de-vente_lot-B12_GUERIN.docx",
        "bulletin-assurance-revente_lot-B12_GUERIN.docx",
        "note-de-calcul_lot-B12_GUERIN.docx",
        "note-de-calcul_psla-coop-2024.docx",
    ]
    assert names(rendered, "vefa-accession-2025") == [
        "acte-de-vente_lot-A23_BENALI.docx",
        "bulletin-assurance-revente_lot-A23_BENALI.docx",
        "note-de-calcul_lot-A23_BENALI.docx",
        "note-de-calcul_vefa-accession-2025.docx",
    ]
    assert names(rendered, "accession-coop-2025") == [
        "acte-de-vente_lot-C07_LE-ROUX.docx",
        "note-de-calcul_accession-coop-2025.docx",
        "note-de-calcul_lot-C07_LE-ROUX.docx",
    ]
    assert names(rendered, "vente-hlm-2023") == [
        "acte-de-vente_lot-34_DIAKITE.docx",
        "note-de-calcul_lot-34_DIAKITE.docx",
        "note-de-calcul_vente-hlm-2023.docx",
    ]
    assert names(rendered, "brs-ofs-2024") == [
        "acte-de-vente_lot-3-04_FAURE.docx",
        "bulletin-assurance-revente_lot-3-04_FAURE.docx",
        "note-de-calcul_brs-ofs-2024.docx",
        "note-de-calcul_lot-3-04_FAURE.docx",
    ]
    assert names(rendered, "portage-sevran-2016") == [
        "acte-de-vente_lot-P1_NGUYEN.docx",
        "acte-de-vente_lot-P2_OUEDRAOGO.docx",
        "acte-de-vente_lot-P3_MARTINS.docx",
        "deliberation_DEL-2016-042.docx",
        "note-de-calcul_lot-P1_NGUYEN.docx",
        "note-de-calcul_lot-P2_OUEDRAOGO.docx",
        "note-de-calcul_lot-P3_MARTINS.docx",
        "note-de-calcul_portage-sevran-2016.docx",
    ]
    girimbelles = names(rendered, "girimbelles-1993")
    # hypothesis 4 of the rapport n° 93/4-18: lots 8 and 11 (effort above 25 %) and lot 9 (no
    # wish to buy) stay tenants, without acte nor convention (legal-review A1)
    actes = [n for n in girimbelles if n.startswith("acte-de-vente_")]
    assert len(actes) == 11 and not any(f"lot-{n:02d}" in a for a in actes for n in (8, 9, 11))
    # one convention per buying household receiving the allocation logement (lots 4, 5 receive none)
    conventions = [n for n in girimbelles if n.startswith("convention-caf_")]
    assert len(conventions) == 9 and not any(f"lot-{n:02d}" in c for c in conventions for n in (8, 11))
    assert "convention-caf_lot-01_GRONDIN.docx" in conventions and not any("lot-04" in n for n in conventions)
    assert {"deliberation_93-4-18.docx", "note-de-calcul_girimbelles-1993.docx"} <= set(girimbelles)
    # one note de calcul per acte, named like it; none for the households that stay tenants
    notes = [n for n in girimbelles if n.startswith("note-de-calcul_lot-")]
    assert [n.replace("note-de-calcul_", "acte-de-vente_") for n in notes] == actes
    for case in SHIPPED:
        for name in names(rendered, case):
            assert re.fullmatch(r"[a-z-]+_[A-Za-z0-9-]+(_[A-Za-z0-9-]+)?\.docx", name), name


_HOLES = [
    re.compile(p)
    for p in (
        r"\{\{",
        r"\{%",
        r"\}\}",
        r"\bNone\b",
        r" [,.;:] ?[,.;]",
        r"\(\s*\)",
        r"\bnan\b",
        r"à concurrence de  ",
    )
]


@pytest.mark.parametrize("case", SHIPPED)
def test_no_tag_no_none_no_hole_in_any_document(rendered: Path, case: str):
    for path in sorted((rendered / case).glob("*.docx")):
        Document(str(path))
        body = text(path)
        for pattern in _HOLES:
            assert not pattern.search(body), (path.name, pattern.pattern, pattern.search(body))
        for paragraph in paragraphs(path):
            # a printed field never ends a sentence with nothing: « le  », « de . »
            assert not re.search(r"\b(?:de|du|le|la|à|par|soit) [.,;]", paragraph), (path.name, paragraph)


# --- acte de vente -----------------------------------------------------------------------------


def acte(rendered: Path, case: str, name: str) -> tuple[str, list[list[str]]]:
    path = rendered / case / name
    return text(path), table_rows(path)


def test_psla_acte_levee_d_option_buy_back_table_and_full_securisation(rendered: Path):
    body, rows = acte(rendered, "psla-coop-2024", "acte-de-vente_lot-B12_GUERIN.docx")
    assert body.startswith("Vente après levée d’option")
    assert "L’AN DEUX MILLE VINGT-QUATRE, LE QUATORZE JUIN," in body
    assert (
        "Madame Léa Marie GUÉRIN, infirmière" in body
        and "née à Saint-Nazaire (Loire-Atlantique) le 17 mai 1990" in body
    )
    assert "Par lettre du 2 avril 2024, l’ACQUÉREUR a levé l’option d’achat" in body
    assert (
        f"moyennant le prix de CENT QUATRE-VINGT-NEUF MILLE QUATRE CENTS EUROS (189{NN}400,00{NB}EUR), "
        f"taxe sur la valeur ajoutée incluse au taux de 5,5{NB}%"
    ) in body
    assert (
        f"imputée sur le prix conformément au contrat de location-accession, à concurrence de SEPT MILLE SIX CENT CINQUANTE EUROS (7{NN}650,00{NB}EUR)"
        in body
    )
    assert "l’hypothèque légale spéciale du vendeur (article 2402, 1° du Code civil)" in body  # act of 2024
    # garantie de rachat: arrêté du 26 mars 2004, 15 years from the levée d'option, 100 % then − 2,5 % a year
    assert "article 4 de l’arrêté du 26 mars 2004" in body
    assert (
        "pendant quinze\u00a0ans à compter de la levée d’option intervenue le 2 avril 2024, soit jusqu’au 1ᵉʳ avril 2039"
        in body
    )
    assert "dans un délai de douze\u00a0mois à compter de la survenance du fait générateur" in body
    assert "lettre recommandée avec demande d’avis de réception" in body
    table = [r for r in rows if len(r) == 4 and r[0].isdigit()]
    assert [r[0] for r in table] == [str(n) for n in range(1, 16)]
    assert table[0] == ["1", "du 02/04/2024 au 01/04/2025", f"100{NB}%", euros("189 400,00")]
    assert table[5] == ["6", "du 02/04/2029 au 01/04/2030", f"97,5{NB}%", euros("184 665,00")]
    assert table[14] == ["15", "du 02/04/2038 au 01/04/2039", f"75{NB}%", euros("142 050,00")]
    # the six events, mobility included
    for event in (
        "décès",
        "mobilité professionnelle",
        "chômage de l’ACQUÉREUR d’une durée supérieure à un an",
        "invalidité",
        "le divorce",
        "dissolution d’un pacte civil de solidarité",
    ):
        assert event in body, event
    # R*443-2 proofs, named as at the act (2024: France Travail); the spouse is the seller's own undertaking
    assert "attesté par son inscription à France Travail" in body and "Engagement propre du vendeur" in body
    # relogement PSLA: PLUS ceilings, six months, one month to answer, both forms
    assert (
        "trois offres écrites de relogement" in body
        and "dans un délai de six\u00a0mois à compter de la demande" in body
    )
    assert (
        "plafonds PLUS (article R.331-12" in body
        and "d’un délai d’un mois à compter de la dernière offre" in body
    )
    assert "Avec maintien dans les lieux" in body and "Sans maintien dans les lieux" in body
    assert "Clause de retour à meilleure fortune" in body
    # assurance revente: the PSLA formula's cover is the contract's (15 %, 25 000 EUR), not the
    # Chubb 20 %/35 000 (legal-review B11); premium 110 EUR; one currency convention (EUR)
    assert (
        f"dans la limite de 15{NB}% du prix d’achat, plafonnée à VINGT-CINQ MILLE EUROS (25{NN}000,00{NB}EUR)."
        in body
    )
    assert f"La prime unique est de 110,00{NB}EUR toutes taxes comprises" in body
    assert "35" + NN + "000" not in body.split("Assurance revente")[1].split("Diagnostics")[0]
    # copropriété: lot, tantièmes, Carrez, EDD, L.721-2
    assert "les 243/10" in body and "(deux cent quarante-trois dix-millièmes)" in body
    assert f"est de soixante-quatre mètres carrés trente décimètres carrés (64,30{NB}m²)" in body
    assert "Conformément à l’article L.721-2 du Code de la construction et de l’habitation" in body


def test_vefa_acte_two_co_acquereurs_schedule_and_guarantees(rendered: Path):
    body, rows = acte(rendered, "vefa-accession-2025", "acte-de-vente_lot-A23_BENALI.docx")
    assert body.startswith("Vente en l’état futur d’achèvement")
    assert "Monsieur Karim Youssef BENALI et Madame Émilie Claire ROUSSEL" in body
    assert (
        f"acquérant en indivision{NB}: Karim Youssef BENALI à concurrence de 60{NB}% et Émilie Claire ROUSSEL "
        f"à concurrence de 40{NB}%"
    ) in body
    schedule = [
        r
        for r in rows
        if len(r) == 4
        and ("fondations" in r[0] or "eau" in r[0] or "Livraison" in r[0] or r[0].startswith("Achèvement de"))
    ]
    assert schedule == [
        ["Achèvement des fondations", f"35{NB}%", euros("86 100,00"), euros("86 100,00")],
        ["Mise hors d’eau", f"70{NB}%", euros("172 200,00"), euros("86 100,00")],
        ["Achèvement de l’immeuble", f"95{NB}%", euros("233 700,00"), euros("61 500,00")],
        ["Livraison (mise à disposition)", f"100{NB}%", euros("246 000,00"), euros("12 300,00")],
    ]
    assert (
        f"l’ACQUÉREUR a payé ce jour la somme de CENT SOIXANTE-DOUZE MILLE DEUX CENTS EUROS (172{NN}200,00{NB}EUR)"
        in body
    )
    assert f"Le solde, soit SOIXANTE-TREIZE MILLE HUIT CENTS EUROS (73{NN}800,00{NB}EUR)" in body
    assert "À la sûreté du solde du prix, payable au fur et à mesure de l’avancement des travaux" in body
    # accession sociale: 80 % the first five years, then − 1,5 % a year; 15 years from the act
    table = [r for r in rows if len(r) == 4 and r[0].isdigit()]
    assert len(table) == 15
    assert table[0][2:] == [f"80{NB}%", euros("196 800,00")]
    assert table[5][2:] == [f"78,5{NB}%", euros("193 110,00")]
    assert table[14][2:] == [f"65{NB}%", euros("159 900,00")]
    assert "articles L.411-2 et R*443-2, III," in body and "soit jusqu’au 19 mars 2040" in body
    assert (
        "trajet de plus de soixante-dix kilomètres entre son nouveau lieu de travail et le logement" in body
    )
    # relogement accession sociale: PLS, three months, promise to sell; without maintien only
    assert "dans un délai de trois\u00a0mois à compter de la demande" in body and "plafonds PLS" in body
    assert "promesse de vente de son logement" in body
    assert "Sans maintien dans les lieux" in body and "Avec maintien dans les lieux" not in body
    assert "retour à meilleure fortune" not in body
    assert f"La prime unique est de 240,00{NB}EUR toutes taxes comprises" in body
    assert "Vente en l’état futur d’achèvement\nLa présente vente est régie par les articles 1601-1" in body
    assert "syndic provisoire désigné par le règlement" in body  # copropriété of a building to be built


def test_vente_hlm_acte_ten_year_buy_back_no_mobility_and_anti_speculation(rendered: Path):
    body, rows = acte(rendered, "vente-hlm-2023", "acte-de-vente_lot-34_DIAKITE.docx")
    assert body.startswith("Vente d’un logement social à son occupant")
    assert "Madame Aïssatou SOW, épouse DIAKITÉ" in body
    assert "L’ACQUÉREUR est locataire du logement vendu" in body and "article L.443-11" in body
    table = [r for r in rows if len(r) == 4 and r[0].isdigit()]
    assert [r[0] for r in table] == [str(n) for n in range(1, 11)]
    assert table[0][2:] == [f"80{NB}%", euros("85 200,00")]
    assert table[9] == ["10", "du 12/10/2032 au 11/10/2033", f"72,5{NB}%", euros("77 212,50")]
    assert (
        "articles L.443-15-8 et R.443-12-2" in body
        and "La mobilité professionnelle n’ouvre pas la garantie." in body
    )
    assert "mobilité professionnelle de l’ACQUÉREUR" not in body
    assert "attestée par son inscription auprès de Pôle emploi" in body  # 2023: before France Travail
    assert "Autorisation de vente" in body and "consommation de 212 kilowattheures" in body
    assert "Garantie de relogement" not in body and "Assurance revente" not in body
    assert "Conformément à l’article L.443-12-1" in body and "soit jusqu’au 12 octobre 2028" in body
    assert f"soit TRENTE-CINQ MILLE CINQ CENTS EUROS (35{NN}500,00{NB}EUR)" in body
    assert "Copropriété mixte" in body and "réfection de l'étanchéité des toitures-terrasses" in body
    assert (
        "(cent quatre-vingt-sept dix-millièmes)" in body
        and "Et le lot numéro 134 : une cave au sous-sol" in body
    )
    assert "—\u00a0diagnostic de performance énergétique du 6 juin 2023, classe D\u202f;" in body


def test_brs_acte_land_trust_and_redevance(rendered: Path):
    body, _rows = acte(rendered, "brs-ofs-2024", "acte-de-vente_lot-3-04_FAURE.docx")
    assert body.startswith("Cession de droits réels — bail réel solidaire")
    assert "CESSION DE DROITS RÉELS IMMOBILIERS SOUS BAIL RÉEL SOLIDAIRE" in body
    assert "Terres Communes Gironde, société coopérative d'intérêt collectif" in body
    assert "organisme de foncier solidaire agréé par arrêté du préfet de la région Nouvelle-Aquitaine" in body
    assert f"redevance mensuelle de quatre-vingt-cinq euros et quarante centimes (85,40{NB}€)" in body
    assert "de l’article L.255-14 du même code" in body and "trente jours au moins" in body
    assert "soit quatre-vingt-dix-neuf\u00a0ans à compter de ce jour" in body
    assert "L’ACQUÉREUR est titulaire des droits réels cédés à compter de ce jour" in body
    assert "Pour l’ORGANISME DE FONCIER SOLIDAIRE : Monsieur François LABAT, Directeur" in body
    assert "Garantie de rachat" not in body  # no regulatory buy-back in BRS
    assert f"soit au plus TRENTE-TROIS MILLE SIX CENTS EUROS (33{NN}600,00{NB}EUR)" in body  # 20 % × 168 000


def test_portage_acte_states_the_portage_and_the_sellers_privilege_before_2022(rendered: Path):
    body, _rows = acte(rendered, "portage-sevran-2016", "acte-de-vente_lot-P2_OUEDRAOGO.docx")
    assert "convention conclue avec la commune de Sevran le 26 avril 2011" in body
    assert "Le bien a été porté par le VENDEUR du 20 février 2012 à ce jour, soit cinquante\u00a0mois" in body
    assert "une aide de l'Agence nationale pour la rénovation urbaine (ANRU)" in body
    assert "article 225-26 du Code pénal" in body
    assert "le VENDEUR renonce au privilège du vendeur et à l’action résolutoire" in body  # 2016: before 2022
    assert f"CENT SEPT MILLE EUROS (107{NN}000,00{NB}EUR)" in body


def test_lts_acte_keeps_its_clauses_between_charges_and_election_de_domicile(rendered: Path):
    paras = [p for p in paragraphs(rendered / "girimbelles-1993" / "acte-de-vente_lot-01_GRONDIN.docx") if p]
    order = [
        paras.index(h)
        for h in (
            "Charges et conditions",
            "Abandon du droit sur la superficie",
            "Diagnostics techniques",
            "Élection de domicile",
            "Dont acte",
        )
    ]
    assert order == sorted(order)
    body = "\n".join(paras)
    assert (
        "L’ACQUÉREUR, occupant des lieux, déclare parfaitement connaître le bien pour l’occuper" in body
    )  # 1993: before CCH L.271-4
    assert "soit le quinze décembre mil neuf cent quatre-vingt-treize" in body


# --- bulletin, convention, délibération, note de calcul ------------------------------------------


def test_bulletin_two_adherents_price_ceiling_and_mentions(rendered: Path):
    path = rendered / "vefa-accession-2025" / "bulletin-assurance-revente_lot-A23_BENALI.docx"
    body = text(path)
    rows = {r[0]: r[1] for r in table_rows(path) if len(r) == 2}
    assert "Certificat d’adhésion n° PR-2025-01342" in body and "contrat n° PR-COOP-1997-240" in body
    assert "Adhérent 1" in body and "Adhérent 2" in body
    assert "06 11 22 33 44" in body and "emilie.roussel@example.org" in body
    assert rows["Prix d’achat"] == euros("246 000,00") + " TTC"
    assert rows["Date du contrat de réservation"] == "8 novembre 2024"
    assert rows["Produit"] == "accession sociale à la propriété (VEFA)"
    assert rows["Perte financière à la revente"].endswith(
        f"dans la limite de 20{NB}% du prix d’achat, plafonnée à 35{NN}000,00{NB}€"
    )  # 20 % of 246 000 is above the ceiling: the ceiling is the cover, said once
    assert rows["Assistance"].endswith("jusqu’au 20 mars 2035")
    assert f"pour deux co-acquéreurs{NB}: 240,00{NB}€ TTC (deux cent quarante euros)" in body
    for mention in (
        "article L.112-2 du Code des assurances",
        "article L.112-3 du Code des assurances",
        "quatorze jours calendaires révolus",
        "article L.112-9 du Code des assurances",
        "Modèle de lettre de renonciation",
        "règlement (UE) 2016/679",
        "article L.521-2 du Code des assurances",  # the DDA, in force on 1 October 2018
        "articles L.112-2 et L.141-4 du Code des assurances",
        "le document d’information normalisé sur le produit d’assurance",
        "NE SONT PAS GARANTIS (article L.112-4 du Code des assurances)",
        "article L.114-1 du Code des assurances",
        "ou d’un envoi recommandé électronique",  # L.114-2 since 1 April 2018
        "articles 2240, 2241 et 2244 du Code civil",
        "La Médiation de l’Assurance",
    ):
        assert mention in body, mention
    assert "lu et approuvé" not in body
    assert rows["Autorité de contrôle"].startswith("Autorité de contrôle prudentiel et de résolution (ACPR)")
    assert "(ORIAS) sous le n°\u00a007 000 001" in rows["Courtier gestionnaire"]
    psla = text(rendered / "psla-coop-2024" / "bulletin-assurance-revente_lot-B12_GUERIN.docx")
    assert f"pour un acquéreur{NB}: 110,00{NB}€ TTC (cent dix euros)" in psla
    assert "Adhérent\n" in psla and "Adhérents" not in psla


def test_convention_caf_amounts_and_parties(rendered: Path):
    path = rendered / "girimbelles-1993" / "convention-caf_lot-01_GRONDIN.docx"
    body = text(path)
    assert "(tiers payant — article L.553-4 du Code de la sécurité sociale)" in body  # 1993
    assert "La Caisse d'allocations familiales de la Réunion" in body
    assert "L'Union d'économie sociale pour le logement à la Réunion (UES)" in body
    assert "allocataire de LA CAISSE sous le numéro 4100137" in body and "co-emprunteuse" in body
    assert (
        f"soit, à la date de la présente convention, 997,00{NB}F (neuf cent quatre-vingt-dix-sept francs) par mois"
        in body
    )
    # the borrowers together, the allocataire named (legal-review §4)
    assert (
        f"ci-après ensemble «{NN}LES EMPRUNTEURS{NN}», Monsieur Jean-Marc Louis GRONDIN étant «{NN}L’ALLOCATAIRE{NN}»."
        in body
    )
    # ALF in a DOM: L.542-1 and L.755-21, paid to the lender under L.553-4 (B13)
    assert "ses articles L.542-1 et L.755-21" in body and "allocation de logement familiale" in body
    assert "dont le ménage compte quatre enfants à charge" in body
    # the smoothing: a constant share, instalments following the AL expected (rapport n° 93/4-18)
    assert (
        f"soit 1{NN}241,71{NB}F (mille deux cent quarante et un francs et soixante et onze centimes) par mois"
        in body
    )
    rows = {r[0]: r[1] for r in table_rows(path) if len(r) == 2}
    assert rows["Échéance mensuelle"] == "ajustée chaque année selon l’échéancier de l’article 3"
    assert rows["Durée"] == "quinze\u00a0ans (180 mensualités)"
    schedule = [r for r in table_rows(path) if len(r) == 4 and r[0].isdigit()]
    assert len(schedule) == 15
    assert schedule[0] == ["1", f"997,00{NB}F", f"2{NN}238,71{NB}F", f"1{NN}241,71{NB}F"]
    assert schedule[14] == ["15", f"360,00{NB}F", f"1{NN}601,71{NB}F", f"1{NN}241,71{NB}F"]
    assert {r[3] for r in schedule} == {f"1{NN}241,71{NB}F"}
    # the Mutuelle de l'Habitat's five months, then the consigned 30 %
    assert (
        "Les cinq premières mensualités impayées sont prises en charge par la Mutuelle de l’Habitat" in body
    )
    assert f"la part du prix consignée auprès du PRÊTEUR, soit 48{NN}807,00{NB}F" in body
    for article in range(1, 10):
        assert f"Article {article} — " in body
    assert body.count(f"L’ALLOCATAIRE{NB}: ") == 1 and body.count(f"La co-emprunteuse{NB}: ") == 1
    assert "en quatre exemplaires originaux, un pour chaque signataire" in body  # CAF, UES and two borrowers


def test_convention_caf_for_a_single_person_without_children_is_the_als(rendered: Path):
    body = text(rendered / "girimbelles-1993" / "convention-caf_lot-12_BOYER.docx")
    assert "(tiers payant — article L.835-2 du Code de la sécurité sociale)" in body
    assert "son article L.831-1 relatif à l’allocation de logement sociale" in body
    assert "L.553-4" not in body
    assert "ci-après dénommé" in body and "LES EMPRUNTEURS" not in body
    assert "en trois exemplaires originaux" in body


def test_modern_deliberation_extract_and_portage_annex(rendered: Path):
    path = rendered / "portage-sevran-2016" / "deliberation_DEL-2016-042.docx"
    body = text(path)
    rows = table_rows(path)
    fields = {r[0]: r[1] for r in rows if len(r) == 2}
    assert fields["Conseillers municipaux en exercice"] == "45" and fields["Présents"] == "33"
    assert fields["Représentés (pouvoirs)"] == "7" and fields["Votants"] == "40"
    assert (
        fields["Date de la convocation"] == "17 mars 2016"
        and fields["Secrétaire de séance"] == "Madame Fatoumata KONÉ"
    )
    for expected in (
        "Extrait du registre des délibérations du conseil municipal",
        "Le quorum, fixé à la majorité",
        "en séance du jeudi 24 mars 2016",
        "Pour : 34 — Contre : 2 — Abstentions : 4",
        "ARTICLE PREMIER",
        "ARTICLE 4",
        "articles R.421-1 et R.421-5 du Code de justice administrative",
        "Acte rendu exécutoire après transmission au représentant de l’État le 29 mars 2016",
        "Pour extrait certifié conforme",
        "Sevran, le 30 mars 2016",
        "Annexe — Bilan du portage ciblé",
    ):
        assert expected in body, expected
    assert "Le secrétaire de séance" not in body  # signed by the secrétaire only since 1 July 2022
    (total,) = [r for r in rows if r[0] == "Total"]
    assert total[3] == f"308{NN}000,00" and total[9] == f"75{NN}750,00"
    assert total[10] == f"68{NN}450,00" and total[11] == f"7{NN}300,00"  # ANRU capped at 50 000 on lot P2
    p2 = next(r for r in rows if r[0] == "P2")
    assert p2[9:] == [f"57{NN}300,00", f"50{NN}000,00", f"7{NN}300,00"]


def test_note_de_calcul_has_one_table_per_computation(rendered: Path):
    path = rendered / "psla-coop-2024" / "note-de-calcul_lot-B12_GUERIN.docx"
    body = text(path)
    doc = Document(str(path))
    assert (
        "Lot B12" in body
        and "Garantie de rachat : prix minimum par année" in body
        and "Assurance revente" in body
    )
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert len(doc.tables) == len(headings) >= 2
    rows = table_rows(path)
    year6 = next(r for r in rows if r[1].startswith("Prix minimum, année 6 "))
    assert year6[3] == euros("184 665,00") and "2,5" not in year6[3]
    assert doc.sections[0].orientation == 1  # landscape
    girimbelles = text(rendered / "girimbelles-1993" / "note-de-calcul_girimbelles-1993.docx")
    assert "Lot 14\u00a0: prix" in girimbelles and "Totaux de l’opération" in girimbelles
    assert "Lot 8 (sans acte de vente)" in girimbelles and "Lot 1 (" not in girimbelles


def test_new_families_render_byte_identical_twice(tmp_path: Path):
    for name in ("a", "b"):
        assert (
            run_cli("render", str(CASES / "vefa-accession-2025.yaml"), "-o", str(tmp_path / name)).returncode
            == 0
        )
    for path in sorted((tmp_path / "a" / "vefa-accession-2025").glob("*.docx")):
        assert path.read_bytes() == (tmp_path / "b" / "vefa-accession-2025" / path.name).read_bytes(), (
            path.name
        )
