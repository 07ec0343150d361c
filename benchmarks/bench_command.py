"""The whole ``actegen render`` command against docxtpl, and the no-op re-run (issue 17). A script.

    .venv/bin/python benchmarks/bench_command.py [--lots 200 1000] [--skip-naive]

Each figure in a fresh subprocess, in the same run, in a temporary folder (never ``cases/``):

- **speed-up**: ``actegen render CASE --jobs 2`` as a user runs it — interpreter start,
  imports, load, validate, compute, render, write, into an empty folder — per document,
  against docxtpl loading, rendering and saving the same documents in one process
  (``bench_render.py``'s naive child: a ``DocxTemplate`` per document, contexts built
  beforehand and not counted), for operations of ``--lots`` lots (``make_big_case.py``);
- **no-op ratio**: ``actegen render cases/`` into an empty folder, then again with
  nothing changed: the re-run's median time over the first render's (target ≤ 0.1).

The user's cache folder (``user_cache``: compiled templates, file digests) is one of this
run's, empty at its start: the command is timed into empty output folders, once with the
cache empty (« cache vide », the first run after an install or a template change), then
three times as every later run finds it (« cache chaud »); the speed-up is their median's,
against naive docxtpl timed in three slices between them (``measure_speedup``).

Wall-clock seconds are what the targets are about; the CPU seconds (user + system, the
command's workers included) are printed beside them, since on a shared machine the wall
clock also counts the time other processes held the cores.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_render import run_child  # noqa: E402
from make_big_case import write_big_case  # noqa: E402

CASES = HERE.parent / "cases"
BENCH_CACHE = Path(tempfile.mkdtemp(prefix="actegen-bench-cache-"))  # this run's user cache, empty


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def compile_bytecode() -> None:
    """Compile actegen's modules once, as an installed package has them: a run with
    ``PYTHONDONTWRITEBYTECODE`` would otherwise compile every module at every start."""
    import actegen

    compileall.compile_dir(Path(actegen.__file__).parent, quiet=1)


CACHE_ENV = "ACTEGEN_CACHE_DIR"  # actegen.user_cache's, named here to import nothing of actegen


def run_command(*args: str, cache: Path | None = None) -> dict[str, float]:
    """``actegen ARGS`` in a subprocess, off a terminal, its user cache in ``cache`` (default:
    the benchmark's own, ``BENCH_CACHE``): its wall and CPU seconds."""
    env = {**os.environ, "CI": "true", CACHE_ENV: str(cache or BENCH_CACHE)}
    env.pop("SOURCE_DATE_EPOCH", None)
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "actegen", *args],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"actegen {' '.join(args)} a échoué :\n{done.stderr}")
    return {"wall": wall, "cpu": _children_cpu() - cpu}


def _median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def _documents(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.docx"))


COMMAND_RUNS = 3


def measure_speedup(lots: int, tmp: Path, *, naive: bool = True) -> dict[str, float]:
    """The whole command (``--jobs 2``, into an empty folder) with an empty user cache, then
    ``COMMAND_RUNS`` times with the cache that run left, and naive docxtpl, on an operation
    of ``lots`` lots.

    The machine is shared: its speed drifts by 10–20 % from one minute to the next. So the
    command's figure is the median of its runs, and naive docxtpl renders the documents in
    as many slices (every third document), each timed just before one of the command's
    runs: both are measured over the same minutes, and docxtpl's time is the slices' sum."""
    case = write_big_case(lots, tmp / f"dossiers-{lots}")
    empty_cache = tmp / f"cache-{lots}"
    cold = run_command(
        "render", str(case), "-o", str(tmp / f"froid-{lots}"), "--jobs", "2", cache=empty_cache
    )
    runs, slices = [], []
    for i in range(COMMAND_RUNS):
        if naive:
            slices.append(
                run_child("naive", str(case), str(tmp / f"naive-{lots}"), "1", str(i), str(COMMAND_RUNS))
            )
        out = tmp / f"out-{lots}-{i}"
        runs.append(run_command("render", str(case), "-o", str(out), "--jobs", "2", cache=empty_cache))
    command = {"wall": _median(runs, "wall"), "cpu": _median(runs, "cpu")}
    docs = _documents(out)
    result = {
        "lots": lots,
        "docs": docs,
        "command_s": command["wall"],
        "command_cpu_s": command["cpu"],
        "command_ms": 1000 * command["wall"] / docs,
        "cold_cache_s": cold["wall"],
        "cold_cache_ms": 1000 * cold["wall"] / docs,
    }
    if naive:
        child = {key: sum(part[key] for part in slices) for key in ("seconds", "cpu", "docs")}
        assert child["docs"] == docs, (child["docs"], docs)
        result |= {
            "naive_s": child["seconds"],
            "naive_cpu_s": child["cpu"],
            "naive_ms": 1000 * child["seconds"] / docs,
            "speedup": child["seconds"] / command["wall"],
            "cold_cache_speedup": child["seconds"] / cold["wall"],
            # the work done, whatever else ran on the machine: docxtpl's CPU seconds (its
            # load-render-save loop) over the whole command's (its workers included)
            "work_ratio": child["cpu"] / command["cpu"],
        }
    return result


FIRST_RUNS = 5
NOOP_RUNS = 15


def measure_noop(tmp: Path) -> dict[str, float]:
    """First render of the shipped cases into an empty folder (``FIRST_RUNS`` times, each
    into a folder of its own), then the no-op re-run of the last one (``NOOP_RUNS`` times):
    medians, the machine being shared. The user cache is warmed first (a render elsewhere):
    the first render is then its fastest, and the ratio the strictest. The no-op's runs are
    those of a user typing the same line again: the second and later find it recorded
    (``cli.replay``), as every run after the first does."""
    run_command("render", str(CASES), "-o", str(tmp / "echauffement"), "--jobs", "2")
    firsts = [
        run_command("render", str(CASES), "-o", str(tmp / f"livres-{i}"), "--jobs", "2")
        for i in range(FIRST_RUNS)
    ]
    out = tmp / f"livres-{FIRST_RUNS - 1}"
    agains = [run_command("render", str(CASES), "-o", str(out), "--jobs", "2") for _ in range(NOOP_RUNS)]
    first, noop = _median(firsts, "wall"), _median(agains, "wall")
    return {
        "docs": _documents(out),
        "first_s": first,
        "noop_s": noop,
        "first_cpu_s": _median(firsts, "cpu"),
        "noop_cpu_s": _median(agains, "cpu"),
        "ratio": noop / first,
    }


def speedup_line(r: dict[str, float]) -> str:
    line = (
        f"{r['lots']:.0f} lots, {r['docs']:.0f} documents : commande entière {r['command_ms']:.1f} ms/document "
        f"(médiane de {COMMAND_RUNS} : {r['command_s']:.2f} s, {r['command_cpu_s']:.2f} s de processeur ; cache vide : "
        f"{r['cold_cache_ms']:.1f} ms/document, {r['cold_cache_s']:.2f} s)"
    )
    if "naive_ms" in r:
        line += (
            f", docxtpl naïf {r['naive_ms']:.1f} ms/document ({r['naive_s']:.1f} s, "
            f"{r['naive_cpu_s']:.1f} s de processeur) : "
            f"{r['speedup']:.1f}× (objectif ≥ 15×), cache vide {r['cold_cache_speedup']:.1f}× ; "
            f"en temps de processeur, {r['work_ratio']:.1f}×"
        )
    return line


def noop_line(r: dict[str, float]) -> str:
    return (
        f"Dossiers livrés ({r['docs']:.0f} documents) : premier rendu {r['first_s']:.2f} s "
        f"(médiane de {FIRST_RUNS}), re-rendu sans changement {1000 * r['noop_s']:.0f} ms (médiane de "
        f"{NOOP_RUNS}) ({r['first_cpu_s']:.2f} puis {r['noop_cpu_s']:.2f} s de processeur) : "
        f"rapport {r['ratio']:.3f} (objectif ≤ 0,1)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--skip-naive", action="store_true", help="the command alone (no docxtpl)")
    args = parser.parse_args()
    compile_bytecode()
    tmp = Path(tempfile.mkdtemp(prefix="actegen-bench-"))
    try:
        print(noop_line(measure_noop(tmp)), flush=True)
        for lots in args.lots:
            r = measure_speedup(lots, tmp, naive=not args.skip_naive)
            print(speedup_line(r), flush=True)
            print(json.dumps(r), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(BENCH_CACHE, ignore_errors=True)


if __name__ == "__main__":
    main()
