"""Context of the note de calcul annex (one per case): every computed figure with its
formula, rounding and references, one table per computation (``actegen.note_de_calcul``)."""

from __future__ import annotations

from typing import Any

from .. import note_de_calcul
from ..compute_stage import CaseResults
from ..naming import slug


def context(case: dict[str, Any], results: CaseResults) -> dict[str, Any]:
    return note_de_calcul.context(case, results)


def filename(case: dict[str, Any]) -> str:
    return f"note-de-calcul_{slug(case['id'], limit=64)}.docx"
