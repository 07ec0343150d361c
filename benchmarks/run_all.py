"""Issue 17's figures in one run, as one summary table. A script, not a test (many minutes).

    .venv/bin/python benchmarks/run_all.py [--lots 200 1000] [--quick]

Rows: the whole ``actegen render --jobs 2`` command against naive docxtpl at each ``--lots``
(``bench_command.py``), the no-op ratio of the shipped set (same module), then the rows of
the other benchmarks that provide them. A benchmark module of this folder joins the table
by defining ``summary_rows(tmp: Path, quick: bool) -> list[tuple[str, str]]`` — (measure,
value) pairs measured in this run, under ``tmp``: ``bench_pdf`` (seconds per PDF, batch call
against the LibreOffice pool) and ``bench_memory`` or ``bench_scale`` (peak of the main
process at 10 000 lots). Until one of them does, its row says « non mesuré » and why.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_command import (  # noqa: E402
    BENCH_CACHE,
    compile_bytecode,
    measure_noop,
    measure_speedup,
    noop_line,
    speedup_line,
)
from bench_render import machine  # noqa: E402

Rows = list[tuple[str, str]]

# (modules that may provide the rows, what the row measures) — the first module found wins
OTHERS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("bench_pdf",), "secondes par PDF, appel par lot puis pool LibreOffice"),
    (("bench_memory", "bench_scale"), "pointe du processus principal à 10 000 lots"),
)


def _provider(names: tuple[str, ...]) -> Callable[[Path, bool], Rows] | None:
    for name in names:
        if not (HERE / f"{name}.py").is_file():
            continue
        rows = getattr(importlib.import_module(name), "summary_rows", None)
        if callable(rows):
            return rows  # type: ignore[no-any-return]
    return None


def other_rows(tmp: Path, quick: bool) -> Rows:
    rows: Rows = []
    for names, label in OTHERS:
        try:
            provider = _provider(names)
        except Exception as exc:  # noqa: BLE001 - a benchmark that cannot even load leaves the others' rows
            traceback.print_exc()
            rows.append((label, f"échec au chargement : {type(exc).__name__}: {exc}"))
            continue
        if provider is None:
            rows.append((label, f"non mesuré (pas de summary_rows dans {' ni '.join(names)})"))
            continue
        try:
            rows.extend(provider(tmp, quick))
        except Exception as exc:  # noqa: BLE001 - one failed benchmark leaves the others' rows
            traceback.print_exc()
            rows.append((label, f"échec : {type(exc).__name__}: {exc}"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--quick", action="store_true", help="passed to the other benchmarks")
    args = parser.parse_args()
    compile_bytecode()
    print(f"Machine : {machine()}", flush=True)
    tmp = Path(tempfile.mkdtemp(prefix="actegen-bench-"))
    rows: Rows = []
    try:
        noop = measure_noop(tmp)
        print(noop_line(noop), flush=True)
        for lots in args.lots:
            r = measure_speedup(lots, tmp)
            print(speedup_line(r), flush=True)
            rows.append(
                (
                    f"`actegen render --jobs 2` (commande entière) vs docxtpl naïf, {lots} lots",
                    f"**{r['speedup']:.1f}×** ({r['command_ms']:.1f} contre {r['naive_ms']:.1f} ms/document ; "
                    f"cache vide : {r['cold_cache_speedup']:.1f}× ; "
                    f"en temps de processeur : {r['work_ratio']:.1f}×)",
                )
            )
        rows.append(
            (
                "re-rendu sans changement des dossiers livrés / premier rendu",
                f"**{noop['ratio']:.2f}** ({noop['noop_s']:.2f} s contre {noop['first_s']:.2f} s)",
            )
        )
        rows += other_rows(tmp, args.quick)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(BENCH_CACHE, ignore_errors=True)
    print("\n| mesure (issue 17) | valeur |\n| --- | --- |")
    for label, value in rows:
        print(f"| {label} | {value} |")


if __name__ == "__main__":
    main()
