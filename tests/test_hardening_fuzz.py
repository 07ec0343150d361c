"""Property and fuzz tests: any mutation of a case ends in located errors or a valid case,
never a traceback; schema-valid variations render into DOCX that open.

Counts tried per run: 400 mutated cases, 30 rendered variations, and 5 more whose documents
(one per family) LibreOffice converts (see the settings below).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actegen import pdf
from actegen.errors import ActegenError, CaseInvalid
from actegen.load import load_text
from actegen.validate import validate

from .docx_text import text
from .strategies import mutated_cases, valid_variations

pytestmark = pytest.mark.slow  # hundreds of cases per run: the quick run (-m "not slow") skips them

MUTATIONS = 400
VARIATIONS = 30


@settings(max_examples=MUTATIONS, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cases())
def test_mutated_cases_give_located_errors_or_pass(yaml_text: str):
    try:
        loaded = load_text(yaml_text, "mute.yaml")
        case, _warnings = validate(loaded)
        from actegen.compute.dossier import compute

        compute(case)
    except CaseInvalid as exc:
        assert exc.errors
        for error in exc.errors:
            assert error.source.file == "mute.yaml"
            assert error.source.line >= 1 and error.source.column >= 1
            assert str(error).startswith(f"mute.yaml:{error.source.line}:{error.source.column}: ")
    except ActegenError as exc:  # e.g. a parameter not in force at a mutated date: still a clean stop
        assert str(exc)


@settings(
    max_examples=VARIATIONS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(valid_variations())
def test_valid_variations_render_documents_that_open(tmp_path_factory, yaml_text: str):
    from actegen.pipeline import render_case

    folder = tmp_path_factory.mktemp("variation")
    case = folder / "variation.yaml"
    case.write_text(yaml_text, encoding="utf-8")
    result = render_case(case, folder / "out")
    docs = sorted(Path(result.output).glob("*.docx"))
    assert docs
    for path in docs:
        Document(str(path))
        body = text(path)
        assert "{{" not in body and "{%" not in body  # the names drawn contain no braces


CONVERTED = 5


@pytest.mark.skipif(pdf.find_soffice() is None, reason="LibreOffice absent : conversion non testée ici")
@settings(
    max_examples=1,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(valid_variations(), min_size=CONVERTED, max_size=CONVERTED))
def test_valid_variations_convert_with_libreoffice(tmp_path_factory, yaml_texts: list[str]):
    """Five variations more: one document of each family of each, converted in one batch."""
    from actegen.pipeline import render_case

    folder = tmp_path_factory.mktemp("conversion")
    chosen: list[Path] = []
    for i, yaml_text in enumerate(yaml_texts):
        case = folder / f"variation-{i}.yaml"
        case.write_text(yaml_text, encoding="utf-8")
        output = Path(render_case(case, folder / f"out-{i}").output)
        families: dict[str, Path] = {}
        for path in sorted(output.glob("*.docx")):
            families.setdefault(path.name.split("_")[0], path)
        for path in families.values():  # the same names across variations: one folder, prefixed
            chosen.append(folder / f"v{i}-{path.name}")
            chosen[-1].write_bytes(path.read_bytes())
    pdfs = pdf.convert_to_pdf(chosen, folder / "pdf")
    assert len(pdfs) == len(chosen) >= 3 * CONVERTED
    for path in pdfs:
        assert path.read_bytes().startswith(b"%PDF") and path.stat().st_size > 5_000
