"""Words that agree with the parties (issue 14, point 2), on small variations of shipped cases.

The acte, the convention CAF and the bulletin are rendered for 1 to 4 buyers of either
civilité, a notary and a représentant of either civilité, and a seller that is a commune
(Girimbelles: acte and convention) or a société (PSLA: acte and bulletin), each buyer born
in a place whose name has an article or not (the resale insurance covers one or two
co-acquéreurs: with three or four, the PSLA lot has no bulletin). Two checks on every variation:

- the agreed words themselves, by pattern, with the expected form written out here (not
  derived from ``documents.common``): Grammalecte does not see « Maître Claire MORVAN …,
  soussigné », nor « Nous soussignés » for two women;
- Grammalecte (``tests/test_grammar.py``'s harness and allowlist): no grammar finding.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actegen.build.plan import settings_for
from actegen.compute.dossier import compute
from actegen.documents import build_jobs
from actegen.load import load_case
from actegen.render import Renderer
from actegen.templates import templates_dir
from actegen.validate import validate

from .helpers import CASES
from .test_grammar import ALLOWED, PYTHON, Finding, _covers, document_paragraphs, grammalecte

# Birthplaces and how « né … » reads before each (the rule written out, not computed).
BIRTHPLACES = {
    "Le Port (La Réunion)": "au Port (La Réunion)",
    "Les Avirons": "aux Avirons",
    "La Possession": "à La Possession",
    "L’Étang-Salé": "à L’Étang-Salé",
    "Le Tampon": "au Tampon",
    "Les Trois-Bassins": "aux Trois-Bassins",
    "Saint-Denis (La Réunion)": "à Saint-Denis (La Réunion)",
}
FIRST_NAMES = {"Monsieur": ["Jean", "Paul", "Marc", "Luc"], "Madame": ["Marie", "Anne", "Claire", "Sophie"]}
FAMILIES = ("acte_de_vente", "convention_caf", "bulletin_assurance_revente")


@functools.cache
def _base(case_file: str) -> dict[str, Any]:
    case, _ = validate(load_case(CASES / case_file))
    return case


def variation(
    case_file: str,
    civilites: list[str],
    places: list[str],
    notaire: str,
    representant: str,
) -> dict[str, Any]:
    """The shipped case reduced to its first lot, whose buyers are ``civilites``."""
    case = copy.deepcopy(_base(case_file))
    lot = case["lots"][0]
    case["lots"] = [lot]
    model = lot["acquereurs"][0]
    buyers = []
    for i, (civilite, place) in enumerate(zip(civilites, places, strict=True)):
        buyer = {k: v for k, v in model.items() if k != "quote_part" and (i == 0 or k != "numero_caf")}
        buyer.update(civilite=civilite, prenoms=FIRST_NAMES[civilite][i], lieu_naissance=place)
        buyers.append(buyer)
    lot["acquereurs"] = buyers
    if len(buyers) > 2 and "assurance_revente" in lot:
        # The insurance covers one or two co-acquéreurs: beyond, the lot has no bulletin.
        case["garanties"]["assurance_revente"] = False
        del lot["assurance_revente"]
    case["notaire"]["civilite"] = notaire
    case["notaire"]["prenoms"] = FIRST_NAMES[notaire][0]
    case["vendeur"]["representant"]["civilite"] = representant
    return case


@functools.cache
def _renderer() -> Renderer:
    return Renderer(templates_dir(None))


def render_texts(case: dict[str, Any], tmp: Path) -> dict[str, list[tuple[int, str, str]]]:
    """family → paragraphs of the acte, the convention and the bulletin of the case's lot."""
    results = compute(case)
    out = {}
    for job in build_jobs(case, results):
        if job.family in FAMILIES:
            path = tmp / job.filename
            path.write_bytes(_renderer().render(job, settings_for(case)))
            out[job.family] = document_paragraphs(path)
    return out


def expected_agreement(civilites: list[str]) -> tuple[str, str]:
    """(« dénommé » agreed with the buyers together, « eux » or « elles »)."""
    fem = all(c == "Madame" for c in civilites)
    plural = len(civilites) > 1
    word = "dénommé" + ("e" if fem else "") + ("s" if plural else "")
    return word, "elles" if fem else "eux"


def check_words(
    case: dict[str, Any],
    civilites: list[str],
    places: list[str],
    texts: dict[str, list[tuple[int, str, str]]],
) -> list[str]:
    """What is wrong in the agreed words of the rendered texts (empty: all agree)."""
    problems = []
    fem = all(c == "Madame" for c in civilites)
    plural = len(civilites) > 1
    denommes, eux = expected_agreement(civilites)
    notary = case["notaire"]
    rep = case["vendeur"]["representant"]
    # Agreement only: the no-break spaces typography puts (« » ; :) read as spaces here.
    whole = {
        family: "\n".join(text for _, _, text in paragraphs).replace("\u202f", " ").replace("\u00a0", " ")
        for family, paragraphs in texts.items()
    }

    def expect(family: str, pattern: str, present: bool = True) -> None:
        if family in whole and bool(re.search(pattern, whole[family])) != present:
            problems.append(f"{family}: {'absent' if present else 'présent'} : {pattern}")

    acte = "acte_de_vente"
    soussigne = "soussignée" if notary["civilite"] == "Madame" else "soussigné"
    expect(acte, rf"Maître {notary['prenoms']} {notary['nom']}, notaire à [^\n]*, {soussigne},")
    expect(acte, rf"Ci-après {denommes}{' ensemble' if plural else ''} « L’ACQUÉREUR »")
    if plural:
        expect(acte, rf"solidairement entre {eux}\.")
    autorise = "autorisée" if rep["civilite"] == "Madame" else "autorisé"
    expect(acte, rf"agissant en qualité de [^\n]*, spécialement {autorise} à l['’]effet")
    expect(acte, r"Représentée par ")
    expect(acte, r"Ci-après dénommée « LE VENDEUR »")
    for civilite, place in zip(civilites, places, strict=True):
        ne = "née" if civilite == "Madame" else "né"
        expect(acte, rf"{ne} {re.escape(BIRTHPLACES[place])} le ")
        expect("convention_caf", rf"{ne} le [^,]* {re.escape(BIRTHPLACES[place])}, demeurant")
    if case["vendeur"]["type"] == "commune":
        expect(acte, r"réalisé par la Commune de Saint-Denis ")
        expect(acte, r"préparée par la Société Dionysienne ")
    if "psla" in case["id"]:
        un = ("l’une d’elles" if fem else "l’un d’eux") if plural else None
        expect(acte, r"faite par l['’]ACQUÉREUR et,", not plural)
        if un:
            expect(acte, rf"faite par l['’]ACQUÉREUR \(ou {un}\) et,")
    for bad in (r"\bà Les? ", r"\bde Les? ", r"soussigné\(e\)", r"\(e\)"):
        for family in whole:
            expect(family, bad, False)
    caf = "convention_caf"
    if plural:  # the borrowers together, one of them the allocataire (legal-review §4)
        expect(
            caf, r"ci-après ensemble « LES EMPRUNTEURS », (Monsieur|Madame) [^«]+ étant « L['’]ALLOCATAIRE »"
        )
        expect(caf, r"LES EMPRUNTEURS acquièrent, par acte")
    else:
        expect(caf, rf"ci-après {denommes} « L['’]ALLOCATAIRE »")
        expect(caf, r"L['’]ALLOCATAIRE acquiert, par acte")
    bulletin = "bulletin_assurance_revente"
    first = ("Nous " if plural else "Je ") + "soussigné" + ("e" if fem else "") + ("s" if plural else "")
    declare = "déclarons" if plural else "déclare"
    expect(bulletin, rf"« {first} Monsieur|« {first} Madame")
    expect(
        bulletin, rf", demeurant \[adresse\], {declare} renoncer à {'notre' if plural else 'mon'} adhésion"
    )
    return problems


def grammar_findings(case_id: str, texts: dict[str, list[tuple[int, str, str]]]) -> list[Finding]:
    """Grammalecte's grammar findings (typography aside) that the allowlist does not cover."""
    flat = [(family, p) for family, paragraphs in texts.items() for p in paragraphs]
    _, answers = grammalecte([text for _, (_, _, text) in flat])
    names = {
        "acte_de_vente": "acte-de-vente_x",
        "convention_caf": "convention-caf_x",
        "bulletin_assurance_revente": "bulletin-assurance-revente_x",
    }
    found = []
    for (family, (number, where, text)), errors in zip(flat, answers, strict=True):
        for e in errors:
            f = Finding(
                f"{case_id}/{names[family]}.docx",
                number,
                where,
                text,
                e["nStart"],
                e["nEnd"],
                e["sRuleId"],
                e["sType"],
                e["sMessage"],
            )
            if not f.typography and not any(_covers(a, f) for a in ALLOWED):
                found.append(f)
    return found


parties = st.integers(min_value=1, max_value=4).flatmap(
    lambda n: st.tuples(
        st.sampled_from(["girimbelles-1993.yaml", "psla-coop-2024.yaml"]),
        st.lists(st.sampled_from(["Monsieur", "Madame"]), min_size=n, max_size=n),
        st.lists(st.sampled_from(sorted(BIRTHPLACES)), min_size=n, max_size=n),
        st.sampled_from(["Monsieur", "Madame"]),
        st.sampled_from(["Monsieur", "Madame"]),
    )
)


@pytest.mark.parametrize("case_file", ["girimbelles-1993.yaml", "psla-coop-2024.yaml"])
@pytest.mark.parametrize(
    "civilites",
    [["Madame"], ["Monsieur"], ["Madame", "Madame"], ["Monsieur", "Madame"], ["Madame"] * 3 + ["Monsieur"]],
)
def test_agreed_words(tmp_path: Path, case_file: str, civilites: list[str]) -> None:
    places = sorted(BIRTHPLACES)[: len(civilites)]
    for notary, rep in (("Madame", "Monsieur"), ("Monsieur", "Madame")):
        case = variation(case_file, civilites, places, notary, rep)
        texts = render_texts(case, tmp_path)
        other = "convention_caf" if case_file.startswith("girimbelles") else "bulletin_assurance_revente"
        assert set(texts) == {"acte_de_vente"} | (
            {other} if len(civilites) <= 2 or other == "convention_caf" else set()
        )
        assert not check_words(case, civilites, places, texts)


def test_the_word_checks_see_a_fault(tmp_path: Path) -> None:
    # Guards the checks themselves: a text with the old faults is reported.
    case = variation("psla-coop-2024.yaml", ["Madame"], ["Le Port (La Réunion)"], "Madame", "Madame")
    texts = render_texts(case, tmp_path)
    broken = {
        family: [
            (n, w, t.replace("soussignée,", "soussigné,").replace("née au Port", "née à Le Port"))
            for n, w, t in p
        ]
        for family, p in texts.items()
    }
    problems = check_words(case, ["Madame"], ["Le Port (La Réunion)"], broken)
    assert any("soussigné" in p for p in problems) and any("Port" in p for p in problems), problems


@pytest.mark.slow  # about a second per variation (a render and one Grammalecte run)
@pytest.mark.skipif(PYTHON is None, reason="Grammalecte absent")
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=parties)
def test_grammalecte_finds_no_agreement_error(tmp_path: Path, drawn: tuple) -> None:
    case_file, civilites, places, notary, rep = drawn
    case = variation(case_file, civilites, places, notary, rep)
    texts = render_texts(case, tmp_path)
    assert not check_words(case, civilites, places, texts)
    found = grammar_findings(case["id"], texts)
    assert not found, "\n".join(str(f) for f in found)
