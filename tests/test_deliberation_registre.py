"""The délibération n° 93/4-18 as the register's extract (issue 13, legal-review A6): the annexes
with the figures as printed and voted, an erratum listing each misprint against the computed
figure, the certification only when the case names who certifies; and no délibération — the
register's extract, the 1993 reconstitution, the 2016 extract — carries a household's income,
allocation or birth date (its annexes are public)."""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
import yaml

from actegen.authoring.templates_dump import dump
from actegen.french import format_amount_bare, format_date, format_date_long, format_number
from actegen.pipeline import render_case

from .helpers import CASES, GIRIMBELLES, ROOT

OVERLAY = ROOT / "tests" / "data" / "girimbelles_registre.yaml"
GOLDEN = ROOT / "tests" / "data" / "golden_deliberation_93-4-18_registre.txt"
ANCHOR = "  document: reconstitution\n"


def registre_text(*, certified: bool = True) -> str:
    """cases/girimbelles-1993.yaml with the register's block in place of « document: reconstitution »."""
    base = GIRIMBELLES.read_text(encoding="utf-8")
    assert base.count(ANCHOR) == 1
    block = [line for line in OVERLAY.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    if not certified:
        block = [line for line in block if "certifie_par" not in line]
    return base.replace(ANCHOR, "".join(f"  {line}\n" for line in block))


def _deliberation(tmp_path: Path, text: str) -> str:
    case = tmp_path / "girimbelles-1993.yaml"
    case.write_text(text, encoding="utf-8")
    result = render_case(case, tmp_path / "out")
    return dump(result.output / "deliberation_93-4-18.docx")


@pytest.fixture(scope="module")
def extract(tmp_path_factory) -> str:
    return _deliberation(tmp_path_factory.mktemp("registre"), registre_text())


def test_the_extract_is_its_golden_text(extract: str, request: pytest.FixtureRequest):
    if request.config.getoption("--update-golden"):
        GOLDEN.write_text(extract, encoding="utf-8", newline="\n")
    golden = GOLDEN.read_text(encoding="utf-8")
    diff = "\n".join(difflib.unified_diff(golden.splitlines(), extract.splitlines(), lineterm="", n=1))
    assert extract == golden, f"{diff}\nmettre à jour : python -m pytest {__file__} --update-golden"


def test_the_extract_prints_the_registers_figures_not_the_computed_ones(extract: str):
    assert "Extrait du registre des délibérations du conseil municipal" in extract
    assert "Reconstitution" not in extract
    assert (
        "au conseil municipal (résumé)" not in extract and "[Titre] Rapport" not in extract
    )  # the rapport is not in the register
    cells = re.findall(r"\[Tableau\] (.*)", extract)
    assert {"1\u202f981,55", "252\u202f690,03", "111\u202f338,00"} <= set(cells)
    assert not {"1\u202f991,55", "111\u202f138,00"} & set(cells)  # the computed ones: only in the erratum


def test_the_erratum_lists_each_misprint_against_the_computed_figure(extract: str):
    erratum = extract.split("[Titre] Erratum", 1)[1]
    lines = re.findall(r"\[Enumeration\] —[ \u00a0](.*?)[.;]?$", erratum, re.M)
    assert [line.rstrip(" \u202f") for line in lines] == [
        "Annexe 1, lot 13, capital restant dû\u00a0: imprimé 24\u202f180,00, calculé 20\u202f460,00",
        "Annexe 1, lot 14, mensualité hors AL\u00a0: imprimé 1\u202f981,55, calculé 1\u202f991,55",
        "Annexe 1, total, frais de vente\u00a0: imprimé 252\u202f690,03, calculé 252\u202f890,02",
        "Annexe 1, total, prix de vente\u00a0: imprimé 2\u202f388\u202f944,03, calculé 2\u202f388\u202f944,02",
        "Annexe 1, total, mensualité hors AL\u00a0: imprimé 26\u202f924,99, calculé 26\u202f925,00",
        "Annexe 3, lot 11, payé à la signature\u00a0: imprimé 111\u202f338,00, calculé 111\u202f138,00",
        "Annexe 3, lot 12, prix hors frais\u00a0: imprimé 159\u202f468,00, calculé 159\u202f488,00",
        "Annexe 3, total, frais de vente\u00a0: imprimé 232\u202f890,00, calculé 252\u202f890,00",
        "Annexe 3, total, payé à la signature\u00a0: imprimé 1\u202f495\u202f338,00, calculé 1\u202f495\u202f238,00",
        "Annexe 3, total, consigné\u00a0: imprimé 640\u202f016,00, calculé 640\u202f816,00",
    ]
    assert "ne fait pas partie du registre" in erratum


def test_the_certification_is_printed_only_when_the_case_names_who_certifies(extract: str, tmp_path: Path):
    assert "[Mention] Pour extrait certifié conforme" in extract
    assert "[Normal] Saint-Denis, le 30 juillet 1993" in extract
    uncertified = _deliberation(tmp_path, registre_text(certified=False))
    assert "certifié" not in uncertified
    assert "[Titre] Erratum" in uncertified


# --- personal data in the public annexes ------------------------------------------------------


def _personal_values(case_path: Path, text: str | None = None) -> list[str]:
    """The figures and dates of each household that no délibération may print."""
    data = yaml.safe_load(text if text is not None else case_path.read_text(encoding="utf-8"))
    found: list[str] = []
    for lot in data["lots"]:
        menage = lot.get("menage", {})
        amounts = [menage.get("revenus_mensuels"), menage.get("allocation_logement")]
        amounts += menage.get("allocation_logement_evolution", [])
        for amount in amounts:
            if amount:
                found += [format_amount_bare(str(amount)), format_number(str(amount))]
        for buyer in lot.get("acquereurs", []):
            born = buyer.get("date_naissance")
            if born is not None:
                found += [format_date_long(born), format_date(born)]
            if "numero_caf" in buyer:
                found.append(str(buyer["numero_caf"]))
    return sorted(set(found))


def _printed(value: str, document: str) -> bool:
    """``value`` as a whole figure in ``document`` (not the tail of a larger number)."""
    return re.search(rf"(?<![\d\u202f,/]){re.escape(value)}(?![\d,/]|\u202f\d)", document) is not None


@pytest.mark.parametrize("case", ["girimbelles-1993", "portage-sevran-2016"])
def test_no_deliberation_prints_a_households_income_allocation_or_birth_date(
    shipped_render: dict[str, Path], case: str
):
    (path,) = sorted(shipped_render[case].glob("deliberation_*.docx"))
    document = dump(path)
    values = _personal_values(CASES / f"{case}.yaml")
    assert [v for v in values if _printed(v, document)] == []
    if case == "girimbelles-1993":
        assert values  # the case has incomes, allocations and birth dates to hide
        assert "Revenus" not in document and "[Tableau texte] AL" not in document


def test_the_register_extract_prints_no_personal_data_either(extract: str):
    values = _personal_values(GIRIMBELLES, registre_text())
    assert [v for v in values if _printed(v, extract)] == []
