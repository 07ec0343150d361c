"""The stages in order: load → validate → compute → render → write.

Each stage is a plain function with a one-line contract; this module only strings them
together so that the whole job reads top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import documents
from .compute_stage import CaseResults, compute
from .errors import CaseError
from .load import load_case
from .render import RenderSettings, default_timestamp, make_environment, render_document, templates_dir
from .validate import validate
from .write import Rendered, WriteReport, normalize_docx, write_set


@dataclass
class CaseResult:
    case_id: str
    output: Path
    warnings: list[CaseError] = field(default_factory=list)
    report: WriteReport | None = None


def check_case(path: Path) -> tuple[dict, list[CaseError]]:
    """Load, validate and compute one case; raise ``CaseInvalid`` with every problem found.

    Returns the case and its warnings (the business rules' and the computations', such
    as an effort above 25 %), located in the file.
    """
    case, warnings, _results = _checked(path)
    return case, warnings


def explain_case(path: Path) -> tuple[dict, CaseResults, list[CaseError]]:
    """Load, validate and compute a case for its note de calcul."""
    case, warnings, results = _checked(path)
    return case, results, warnings


def _checked(path: Path) -> tuple[dict, list[CaseError], CaseResults]:
    loaded = load_case(path)                      # 1. YAML → data + positions
    case, warnings = validate(loaded)             # 2. schema, then business rules
    results = compute(case)                       # 3. every figure, with Decimal
    warnings = warnings + [
        CaseError(loaded.source_of(w.path), w.path, w.message, "avertissement") for w in results.warnings
    ]
    return case, warnings, results


def settings_for(case: dict) -> RenderSettings:
    op = case["operation"]
    return RenderSettings(
        currency=op["devise"],
        reform1990=op.get("orthographe") == "rectifiee_1990",
        author=op["office"],
        timestamp=default_timestamp(op["date_acte"]),
        reference=f"{case['id']} — {op['nom']}",
    )


def render_case(path: Path, output_root: Path | None = None, *, templates: Path | None = None,
                force: bool = False) -> CaseResult:
    """Produce every document of one case into ``output_root/<case id>/``, or nothing."""
    case, warnings, results = _checked(path)                   # 1–3. load, validate, compute
    jobs = documents.build_jobs(case, results)                 # contexts, one per document
    settings = settings_for(case)
    directory = templates_dir(templates)
    env = make_environment(settings)
    rendered = [                                               # 4. render them all first …
        Rendered(job.filename, normalize_docx(render_document(job, directory, env, settings)))
        for job in jobs
    ]
    target = (output_root or Path("out")) / case["id"]
    report = write_set(target, rendered, force=force)          # 5. … then write, atomically
    return CaseResult(case["id"], target, warnings, report)
