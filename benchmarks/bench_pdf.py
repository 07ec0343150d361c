"""Seconds per PDF: today's batch call (``soffice --convert-to``, a LibreOffice started per
batch of documents) against the LibreOffice pool driven over UNO, same run, same documents.

    .venv/bin/python benchmarks/bench_pdf.py [ROUNDS]

Renders every shipped case once, then converts all their documents case by case (as the
render's PDF stage does) with each converter, ``ROUNDS`` times (default 1), alternating so
that the machine's load weighs on both alike. Both write PDF/A-1 with the same bytes.
The pool's figure includes starting its LibreOffice processes and stopping them.
``seconds_per_pdf()`` gives the figures to the benchmarks' summary. No assertion.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from actegen.pdf import BatchConverter, find_soffice
from actegen.pdf_pool import OfficePool, choose_converter
from actegen.pdf_stage import Converter
from actegen.pipeline import SetOptions, render_set

CASES = Path(__file__).resolve().parent.parent / "cases"
WORKERS = 2


def _documents(root: Path) -> dict[Path, list[Path]]:
    report = render_set(sorted(CASES.glob("*.yaml")), SetOptions(root, jobs=WORKERS))
    folders = [c.output for c in report.cases if c.output is not None]
    return {folder: sorted(folder.glob("*.docx")) for folder in folders}


def _time(converter_factory: Callable[[], Converter], documents: dict[Path, list[Path]], out: Path) -> float:
    started = time.perf_counter()
    converter = converter_factory()
    try:
        for folder, docx in documents.items():
            converter(docx, out / folder.name)
    finally:
        converter.close()
    return time.perf_counter() - started


def seconds_per_pdf(rounds: int = 1) -> dict[str, object]:
    """{"documents", "batch", "pool", "speedup", "pool_path"}: seconds per PDF of each
    converter on the shipped cases (the best of ``rounds``); empty without LibreOffice."""
    if find_soffice() is None:
        return {}
    pool = choose_converter(1, WORKERS)
    pool.close()
    with tempfile.TemporaryDirectory(prefix="actegen-bench-pdf-") as work:
        root = Path(work)
        documents = _documents(root / "docx")
        count = sum(len(d) for d in documents.values())
        batch_times, pool_times = [], []
        for n in range(rounds):
            batch_times.append(_time(lambda: BatchConverter(1), documents, root / f"lot-{n}"))
            pool_times.append(_time(lambda: choose_converter(1, WORKERS), documents, root / f"pool-{n}"))
    batch, pooled = min(batch_times) / count, min(pool_times) / count
    return {
        "documents": count,
        "batch": round(batch, 3),
        "pool": round(pooled, 3),
        "speedup": round(batch / pooled, 2),
        "pool_path": pool.description if isinstance(pool, OfficePool) else "python3-uno absent : lot",
    }


def summary_rows(_tmp: Path, quick: bool) -> list[tuple[str, str]]:
    """The row of ``run_all.py``: seconds per PDF, batch call then pool, measured now."""
    figures = seconds_per_pdf(1 if quick else 2)
    label = "secondes par PDF, appel par lot puis pool LibreOffice"
    if not figures:
        return [(label, "non mesuré : LibreOffice absent")]
    value = (
        f"{figures['batch']:.3f} s puis {figures['pool']:.3f} s (×{figures['speedup']}), "
        f"{figures['documents']} documents PDF/A-1 ; {figures['pool_path']}"
    )
    return [(label, value)]


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    figures = seconds_per_pdf(rounds)
    if not figures:
        print("LibreOffice absent : rien à mesurer")
        return
    print(f"{figures['documents']} documents des dossiers livrés, PDF/A-1, {WORKERS} processus")
    print(f"  appel en lot (soffice --convert-to) : {figures['batch']:.3f} s par PDF")
    print(
        f"  pool LibreOffice par UNO            : {figures['pool']:.3f} s par PDF  ({figures['pool_path']})"
    )
    print(f"  gain : ×{figures['speedup']}")


if __name__ == "__main__":
    main()
