"""Benchmark of big cases (issue 7, « Scale »). A script, not a test.

    .venv/bin/python benchmarks/bench_scale.py [--lots 10000] [--small 1000] [--render]
    .venv/bin/python benchmarks/bench_scale.py --memoire [--lots 10000] [--small 1000]

Builds, in a temporary folder, operations of ``--small`` and ``--lots`` lots from the
Girimbelles lots (``make_big_case.py``) and measures, each in a fresh subprocess and in the
same run:

- **validation**: reading (YAML with positions), validating (schema, business rules) and
  computing the case — the seconds of each stage and the peak memory (max RSS), as ratios
  between the two sizes (linear growth: ratio of the times ≈ ratio of the lots);
- **rendering** (``--render``): the whole set with ``--jobs 2`` — documents per second and
  the peak memory of the main process (which holds the case) and of the biggest worker
  (which does not: it must not grow with the number of lots);
- the operation's documents (délibération, note de calcul), whose size grows with the
  lots: XML size, seconds, and the memory their render adds to the process;
- **main process** (``--memoire``, only this): the peak of the process that runs
  ``render --jobs 2`` (``ru_maxrss`` of that process alone, its workers apart) at both
  sizes, against the figures of the code that held every document's context
  (``BEFORE_MAIN_MIB``). ``main_peak_mib(lots)`` gives one figure, for ``run_all.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_render import _maxrss_mib as _peak_mib  # noqa: E402
from bench_render import rss_now_mib  # noqa: E402
from make_big_case import write_big_case  # noqa: E402

BEFORE_MAIN_MIB = {1_000: 311.0, 10_000: 809.0}
"""Main-process peak of ``render --jobs 2`` before the contexts were spooled (commit c81fa5f,
this machine): 1 000 lots measured beside the new code; 10 000 lots as the README gave it
(that code refuses today's 20.0 MiB case)."""


def _maxrss_mib(who: int = resource.RUSAGE_SELF) -> float:
    return _peak_mib(who)


def child_validate(case: Path) -> dict:
    from actegen.compute.dossier import compute
    from actegen.load import load_case
    from actegen.validate import validate

    start_rss = rss_now_mib()
    t0 = time.perf_counter()
    loaded = load_case(case)
    t1 = time.perf_counter()
    data, _warnings = validate(loaded)
    t2 = time.perf_counter()
    compute(data)
    t3 = time.perf_counter()
    return {
        "load": t1 - t0,
        "validate": t2 - t1,
        "compute": t3 - t2,
        "start": start_rss,
        "peak": _maxrss_mib(),
        "bytes": case.stat().st_size,
    }


def child_operation(case: Path, out: Path) -> dict:
    """The documents of the whole operation, rendered after the case is in memory."""
    import zipfile

    from actegen import documents
    from actegen.pipeline import check_case, settings_for
    from actegen.render import Renderer
    from actegen.templates import shipped_templates_dir

    data, _warnings, results = check_case(case)
    jobs = [j for j in documents.build_jobs(data, results) if j.family in ("deliberation", "note_de_calcul")]
    settings = settings_for(data)
    renderer = Renderer(shipped_templates_dir())
    for job in jobs:
        renderer.prepared(job.template, settings)
    base = rss_now_mib()
    before = _maxrss_mib()
    out.mkdir(parents=True, exist_ok=True)
    figures = {}
    for job in jobs:
        t0 = time.perf_counter()
        blob = renderer.render(job, settings, fast=True)
        seconds = time.perf_counter() - t0
        (out / job.filename).write_bytes(blob)
        with zipfile.ZipFile(out / job.filename) as z:
            xml = z.getinfo("word/document.xml").file_size
        figures[job.family] = {"seconds": seconds, "xml": xml}
    return {"base": base, "before": before, "peak": _maxrss_mib(), "documents": figures}


def child_render(case: Path, out: Path) -> dict:
    from actegen.pipeline import SetOptions, render_set

    t0 = time.perf_counter()
    report = render_set([case], SetOptions(out, jobs=2))
    seconds = time.perf_counter() - t0
    outcome = report.cases[0]
    assert outcome.ok, outcome.error
    return {
        "seconds": seconds,
        "docs": len(outcome.written),
        "main": _maxrss_mib(),
        "worker": _maxrss_mib(resource.RUSAGE_CHILDREN),
    }


def main_peak_mib(lots: int) -> float:
    """Peak RSS (MiB) of the main process of ``render --jobs 2`` on a fresh ``lots``-lot
    operation, measured in a fresh subprocess (its workers are not counted)."""
    with tempfile.TemporaryDirectory(prefix="actegen-memoire-") as tmp:
        case = write_big_case(lots, Path(tmp) / "dossiers")
        return float(run_child("render", str(case), str(Path(tmp) / "out"))["main"])


def summary_rows(_tmp: Path, quick: bool) -> list[tuple[str, str]]:
    """The row of ``run_all.py``: the main process's peak at 10 000 lots (2 000 with
    ``--quick``), measured now, against the code that held every context."""
    lots = 2_000 if quick else 10_000
    peak = main_peak_mib(lots)
    before = BEFORE_MAIN_MIB.get(lots)
    versus = f" (avant : {before:.0f} Mio, ×{peak / before:.2f})" if before else ""
    return [
        (f"pointe du processus principal à {lots:_} lots".replace("_", "\u202f"), f"{peak:.0f} Mio{versus}")
    ]


def memory_report(small: int, big: int) -> None:
    """The main process's peak at both sizes, and against the code that held the contexts."""
    lines = [
        "| lots | processus principal | avant | rapport | plus gros processus de rendu | doc/s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for lots in (small, big):
        with tempfile.TemporaryDirectory(prefix="actegen-memoire-") as tmp:
            case = write_big_case(lots, Path(tmp) / "dossiers")
            r = run_child("render", str(case), str(Path(tmp) / "out"))
        print(f"{lots} lots, rendu : {r}", flush=True)
        before = BEFORE_MAIN_MIB.get(lots)
        ratio = f"×{r['main'] / before:.2f}" if before else "—"
        lines.append(
            f"| {lots} | {r['main']:.0f} Mio | {f'{before:.0f} Mio' if before else '—'} | {ratio} | "
            f"{r['worker']:.0f} Mio | {r['docs'] / r['seconds']:.1f} |"
        )
    print("\n" + "\n".join(lines))


def run_child(mode: str, *args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]
    env = {**os.environ, "CI": "true"}
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, timeout=7200)
    if result.returncode != 0:
        raise SystemExit(f"{mode} a échoué :\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=10_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--render", action="store_true", help="render the whole sets too (minutes)")
    parser.add_argument("--memoire", action="store_true", help="only the main process's peak (render)")
    parser.add_argument("--child", default=None)
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args()
    if args.child:
        fn = {"validate": child_validate, "operation": child_operation, "render": child_render}[args.child]
        print(json.dumps(fn(*(Path(x) for x in args.rest))))
        return
    if args.memoire:
        memory_report(args.small, args.lots)
        return
    tmp = Path(tempfile.mkdtemp(prefix="actegen-scale-"))
    try:
        r: dict[str, dict] = {}
        for lots in (args.small, args.lots):
            case = write_big_case(lots, tmp / "dossiers")
            r[f"v{lots}"] = run_child("validate", str(case))
            print(f"{lots} lots, validation : {r[f'v{lots}']}", flush=True)
            r[f"o{lots}"] = run_child("operation", str(case), str(tmp / f"op-{lots}"))
            print(f"{lots} lots, documents de l'opération : {r[f'o{lots}']}", flush=True)
            if args.render:
                r[f"r{lots}"] = run_child("render", str(case), str(tmp / f"out-{lots}"))
                print(f"{lots} lots, rendu : {r[f'r{lots}']}", flush=True)
        report(r, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report(r: dict[str, dict], args: argparse.Namespace) -> None:
    small, big = args.small, args.lots
    vs, vb = r[f"v{small}"], r[f"v{big}"]
    ratio = big / small
    lines = [
        f"| mesure | {small} lots | {big} lots | rapport (lots ×{ratio:g}) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for stage, label in (("load", "lecture YAML"), ("validate", "validation"), ("compute", "calcul")):
        lines.append(f"| {label} | {vs[stage]:.2f} s | {vb[stage]:.2f} s | ×{vb[stage] / vs[stage]:.1f} |")
    total_s = vs["load"] + vs["validate"] + vs["compute"]
    total_b = vb["load"] + vb["validate"] + vb["compute"]
    lines.append(
        f"| lecture + validation + calcul | {total_s:.2f} s | {total_b:.2f} s | ×{total_b / total_s:.1f} |"
    )
    lines.append(
        f"| fichier YAML | {vs['bytes'] / 2**20:.1f} Mio | {vb['bytes'] / 2**20:.1f} Mio | "
        f"×{vb['bytes'] / vs['bytes']:.1f} |"
    )
    lines.append(
        f"| mémoire de pointe, dossier validé | {vs['peak']:.0f} Mio | {vb['peak']:.0f} Mio | "
        f"×{vb['peak'] / vs['peak']:.1f} |"
    )
    os_, ob = r[f"o{small}"], r[f"o{big}"]
    for family in sorted(ob["documents"]):
        a, b = os_["documents"][family], ob["documents"][family]
        lines.append(
            f"| {family} : XML | {a['xml'] / 2**20:.1f} Mio | {b['xml'] / 2**20:.1f} Mio | "
            f"×{b['xml'] / a['xml']:.1f} |"
        )
        lines.append(
            f"| {family} : rendu | {a['seconds']:.2f} s | {b['seconds']:.2f} s | "
            f"×{b['seconds'] / a['seconds']:.1f} |"
        )
    grow_s, grow_b = os_["peak"] - os_["base"], ob["peak"] - ob["base"]
    lines.append(
        f"| mémoire ajoutée par ces deux rendus | {grow_s:.0f} Mio | {grow_b:.0f} Mio | "
        f"×{grow_b / max(grow_s, 1):.1f} |"
    )
    if args.render:
        rs, rb = r[f"r{small}"], r[f"r{big}"]
        lines.append(
            f"| rendu complet, --jobs 2 | {rs['docs'] / rs['seconds']:.0f} doc/s | "
            f"{rb['docs'] / rb['seconds']:.0f} doc/s | ×{(rb['docs'] / rb['seconds']) / (rs['docs'] / rs['seconds']):.2f} |"
        )
        lines.append(
            f"| mémoire de pointe, processus de rendu | {rs['worker']:.0f} Mio | {rb['worker']:.0f} Mio | "
            f"×{rb['worker'] / rs['worker']:.2f} |"
        )
        lines.append(
            f"| mémoire de pointe, processus principal | {rs['main']:.0f} Mio | {rb['main']:.0f} Mio | "
            f"×{rb['main'] / rs['main']:.2f} |"
        )
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
