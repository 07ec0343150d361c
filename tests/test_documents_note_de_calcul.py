"""The note de calcul (text, JSON, DOCX context) and the registry of document families."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from actegen.compute.explain import NOMBRE, Ligne
from actegen.documents import FAMILIES, build_jobs
from actegen.documents.note_de_calcul import LotInconnu, as_json, as_text, context, format_valeur
from actegen.errors import ActegenError
from actegen.pipeline import explain_case
from actegen.templates import templates_dir

ROOT = Path(__file__).resolve().parent.parent
HLM = ROOT / "cases" / "vente-hlm-2023.yaml"


def test_an_unknown_lot_is_a_lookup_error_the_cli_maps_to_exit_2():
    case, _, results = explain_case(HLM)
    with pytest.raises(LotInconnu, match=r"lot '999' absent du dossier \(lots\u00a0: ") as caught:
        as_text(case, results, "999")
    assert isinstance(caught.value, LookupError) and isinstance(caught.value, ActegenError)
    assert caught.value.exit_code == 2


def test_text_json_and_docx_context_show_the_same_computations():
    case, _, results = explain_case(HLM)
    text = as_text(case, results)
    data = json.loads(as_json(case, results))
    docx = context({**case, "documents": {"note_de_calcul": "operation_complete"}}, results)
    titles = [c["titre"] for g in data["groupes"] for c in g["calculs"]]
    assert titles == [c["titre"] for g in docx["groupes"] for c in g["calculs"]]
    assert all(t in text for t in titles) and "Clause anti-spéculative" in titles
    anti = next(c for g in data["groupes"] for c in g["calculs"] if c["titre"] == "Clause anti-spéculative")
    # the end of the delay is a date in the value column, not the « 5 » years added
    assert anti["lignes"][-1]["valeur"] == "2028-10-12" and anti["lignes"][-1]["unite"] == "date"
    assert "Fin du délai\u00a0: 12/10/2028" in text


def test_each_family_is_a_module_named_as_its_template_with_the_four_functions():
    shipped = {p.name for p in templates_dir(None).glob("*.docx")}
    for family in FAMILIES:
        assert family.template in shipped
        for function in ("applies", "context", "filename", "title"):
            assert callable(getattr(family.module, function)), (family.name, function)


def test_jobs_follow_the_registry_order_operation_then_lots_then_operation():
    case, _, results = explain_case(HLM)
    families = [job.family for job in build_jobs(case, results)]
    assert families[-1] == "note_de_calcul"
    assert families.count("acte_de_vente") == len(case["lots"])
    assert ("deliberation" not in families) or families[0] == "deliberation"


def test_a_value_is_formatted_by_its_digits_even_when_it_equals_another():
    """``format_valeur`` keeps what it formatted by the value's exact text: 1.5 and 1.50 are
    equal Decimals (one dict key) but a bare figure keeps its digits."""
    for _ in range(2):
        assert format_valeur(Ligne("a", "f", Decimal("1.5")), None) == "1,5"
        assert format_valeur(Ligne("a", "f", Decimal("1.50")), None) == "1,50"
        assert format_valeur(Ligne("a", "f", Decimal("1.50")), "EUR") == "1,50\u00a0€"
        assert format_valeur(Ligne("a", "f", Decimal("-0"), unite=NOMBRE), None) == "\u22120"
        assert format_valeur(Ligne("a", "f", Decimal("0"), unite=NOMBRE), None) == "0"
