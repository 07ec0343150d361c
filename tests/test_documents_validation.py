"""A value a document needs and the case lacks is a located validation error, never a blank."""

from __future__ import annotations

import pytest

from actegen.errors import CaseInvalid
from actegen.load import load_text
from actegen.validate import validate

from .helpers import CASES

SHIPPED = sorted(CASES.glob("*.yaml"))


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_case_is_valid_and_announces_its_schema(path):
    source = path.read_text(encoding="utf-8")
    assert source.splitlines()[0] == "# yaml-language-server: $schema=../schemas/case.schema.json"
    _case, warnings = validate(load_text(source, path.name))
    assert all(w.severity == "avertissement" for w in warnings)


def _errors(case: str, *edits: tuple[str, str]) -> list[str]:
    text = (CASES / f"{case}.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    with pytest.raises(CaseInvalid) as info:
        validate(load_text(text, "copie.yaml"))
    return [str(e) for e in info.value.errors]


def _line(case: str, needle: str) -> int:
    text = (CASES / f"{case}.yaml").read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_bulletin_needs_phone_and_email_of_each_adherent():
    (message,) = _errors("vefa-accession-2025", ("        telephone: 06 55 66 77 88\n", ""))
    assert (
        "lots[0].acquereurs[1] : téléphone (telephone) obligatoire : le bulletin d'assurance revente le mentionne"
        in message
    )
    assert message.startswith("copie.yaml:")


def test_resale_insurance_only_where_it_is_offered():
    messages = _errors("vente-hlm-2023", ("  assurance_revente: false\n", "  assurance_revente: true\n"))
    assert any(
        "garanties.assurance_revente : l'assurance revente n'est proposée qu'en accession sociale (VEFA), PSLA et BRS"
        in m
        for m in messages
    )


def test_guarantees_must_exist_for_the_product():
    messages = _errors("brs-ofs-2024", ("  rachat: false\n", "  rachat: true\n"))
    assert any(
        "garanties.rachat : pas de garantie de rachat réglementaire pour le produit « brs »" in m
        for m in messages
    )
    messages = _errors("vente-hlm-2023", ("  relogement: false\n", "  relogement: true\n"))
    assert any(
        "pas de garantie de relogement réglementaire pour le produit « vente_hlm »" in m for m in messages
    )
    messages = _errors("psla-coop-2024", ("  forme_relogement: au_choix\n", ""))
    assert (
        "garanties.relogement : garantie de relogement choisie : préciser sa forme (forme_relogement"
        in messages[0]
    )
    (message,) = _errors(
        "psla-coop-2024", ("  forme_relogement: au_choix\n", "  forme_relogement: autre_logement\n")
    )
    assert (
        "retour à meilleure fortune suppose une garantie de relogement avec maintien dans les lieux"
        in message
    )


def test_vefa_schedule_within_r261_14():
    (message,) = _errors(
        "vefa-accession-2025",
        ("{stade: fondations, pourcentage_cumule: 35}", "{stade: fondations, pourcentage_cumule: 40}"),
    )
    line = _line("vefa-accession-2025", "{stade: fondations")
    assert message.startswith(f"copie.yaml:{line}:")
    assert (
        "lots[0].vefa.echeancier[0].pourcentage_cumule : au plus 35 % du prix au stade « fondations » (CCH R.261-14)"
        in message
    )
    (message,) = _errors(
        "vefa-accession-2025", ("        - {stade: livraison, pourcentage_cumule: 100}\n", "")
    )
    assert "le dernier stade est la livraison, à 100 % du prix" in message


def test_financing_must_make_the_price():
    (message,) = _errors("psla-coop-2024", ("      apport: 11750\n", "      apport: 11000\n"))
    assert message.endswith(
        "lots[0].plan_de_financement : le financement (apport + prêts + part acquisitive) ne fait pas le prix "
        "du lot : la somme des sources doit être égale au prix"
    )
    assert "11\u202f000" not in message and "170\u202f000" not in message
    messages = _errors(
        "brs-ofs-2024",
        ("    plan_de_financement:\n      apport: 8000\n", "    plan_de_fin:\n      apport: 8000\n"),
    )
    assert any("lots[0] : champ inconnu ; faute de frappe, ou valeur mal indentée ?" in m for m in messages)
    assert not any("plan_de_fin »" in m for m in messages)


def test_each_product_states_its_own_facts():
    text = (CASES / "psla-coop-2024.yaml").read_text(encoding="utf-8")
    start, end = text.index("    location_accession:\n"), text.index("    prix:\n")
    messages = _errors("psla-coop-2024", (text[start:end], ""))
    assert any(
        "lots[0] : PSLA : le contrat de location-accession (location_accession) est obligatoire" in m
        for m in messages
    )
    (message,) = _errors(
        "portage-sevran-2016",
        ("portage_convention:\n  commune: Sevran\n", "portage_convention_x:\n  commune: Sevran\n"),
    )
    assert "champ inconnu ; vouliez-vous dire « portage_convention » ?" in message


def test_copropriete_needs_carrez_and_the_l721_2_figures():
    (message,) = _errors("vente-hlm-2023", ("      surface_carrez_m2: 67.8\n", ""))
    assert "surface privative (surface_carrez_m2) obligatoire pour un lot de copropriété" in message
    # a cellar needs no Carrez surface
    text = (
        (CASES / "vente-hlm-2023.yaml")
        .read_text(encoding="utf-8")
        .replace("      surface_carrez_m2: 67.8\n", "      dispense_carrez: cave\n", 1)
    )
    validate(load_text(text, "copie.yaml"))
    (message,) = _errors("vente-hlm-2023", ("      fonds_travaux: 210.50\n", ""))
    assert "champ « fonds_travaux » obligatoire : la clause de copropriété de l'acte le mentionne" in message
    # … unless the case writes that clause itself
    text = (
        (CASES / "vente-hlm-2023.yaml")
        .read_text(encoding="utf-8")
        .replace("      fonds_travaux: 210.50\n", "", 1)
    )
    text = text.replace("\nlots:\n", "\nclauses:\n  copropriete: {texte: Le VENDEUR déclare …}\n\nlots:\n", 1)
    validate(load_text(text, "copie.yaml"))


def test_modern_extract_needs_its_mentions_and_coherent_votes():
    (message,) = _errors("portage-sevran-2016", ("  secretaire: Madame Fatoumata KONÉ\n", ""))
    assert (
        "seance : le secrétaire de séance (secretaire) est obligatoire dans l'extrait du registre" in message
    )
    (message,) = _errors("portage-sevran-2016", ("    pour: 34\n", "    pour: 40\n"))
    assert "seance.vote : 46 voix pour 40 votants (présents et représentés)" in message
    (message,) = _errors("portage-sevran-2016", ("  representes: 7\n", "  representes: 34\n"))
    assert "un conseiller ne peut détenir qu'un pouvoir (CGCT L.2121-20)" in message


def test_caf_convention_needs_the_caf_and_the_lenders_representative():
    text = (CASES / "girimbelles-1993.yaml").read_text(encoding="utf-8")
    start, end = text.index("\ncaf:\n"), text.index("\ngaranties:\n")
    messages = _errors("girimbelles-1993", (text[start:end], ""))
    assert any(
        "la caisse d'allocations familiales (caf) est obligatoire pour la convention tripartite" in m
        for m in messages
    )


def test_diagnostics_are_listed_since_2006():
    (message,) = _errors("vente-hlm-2023", ("    diagnostics:\n", "    diagnostic:\n"))
    assert "lots[0] : champ inconnu ; vouliez-vous dire « diagnostics » ?" in message
    text = (CASES / "vente-hlm-2023.yaml").read_text(encoding="utf-8")
    start, end = text.index("    diagnostics:\n"), text.index("    acquereurs:\n")
    (message,) = _errors("vente-hlm-2023", (text[start:end], ""))
    assert "lots[0] : dossier de diagnostic technique (diagnostics) obligatoire" in message


def test_huge_numbers_are_refused_before_any_computation():
    (message,) = _errors("girimbelles-1993", ("      foncier: 132000\n", "      foncier: 10000000000000\n"))
    assert "lots[0].prix.foncier : nombre trop grand" in message


def _messages(case: str, *edits: tuple[str, str]) -> list[str]:
    """The error messages of an edited shipped case, or none when it is valid."""
    try:
        return _errors(case, *edits)
    except pytest.fail.Exception:  # pytest.raises found no CaseInvalid: the case is valid
        return []


@pytest.mark.parametrize(("when", "needed"), [("2016-12-31", False), ("2017-01-01", True)])
def test_fonds_de_travaux_is_needed_from_1_january_2017(when: str, needed: bool):
    """Parameter copropriete.fonds_travaux, read at the lot's act date."""
    messages = _messages(
        "vente-hlm-2023",
        ("      fonds_travaux: 210.50\n", ""),
        ("  - numero: 34\n", f"  - numero: 34\n    date_acte: {when}\n"),
    )
    assert any("champ « fonds_travaux » obligatoire" in m for m in messages) is needed


@pytest.mark.parametrize(("when", "needed"), [("2000-12-31", False), ("2001-01-01", True)])
def test_modern_extract_from_2001(when: str, needed: bool):
    """Parameter deliberation.extrait_moderne, read at the séance's date."""
    messages = _messages(
        "portage-sevran-2016",
        ("  secretaire: Madame Fatoumata KONÉ\n", ""),
        ("  date: 2016-03-24\n", f"  date: {when}\n"),
    )
    assert any("le secrétaire de séance (secretaire) est obligatoire" in m for m in messages) is needed


def test_vefa_ceilings_are_read_at_the_act_date():
    """Parameters vefa.plafond_cumule.*: each stage's ceiling, in percent, in the message."""
    messages = _errors(
        "vefa-accession-2025",
        ("{stade: fondations, pourcentage_cumule: 35}", "{stade: fondations, pourcentage_cumule: 36}"),
        ("{stade: hors_d_eau, pourcentage_cumule: 70}", "{stade: hors_d_eau, pourcentage_cumule: 71}"),
    )
    assert [m.split(" : ", 1)[1] for m in messages] == [
        "au plus 35 % du prix au stade « fondations » (CCH R.261-14)",
        "au plus 70 % du prix au stade « hors_d_eau » (CCH R.261-14)",
    ]
