"""Benchmark of `actegen render` on a large operation (issue 6). A script, not a test.

    .venv/bin/python benchmarks/bench_render.py [--lots 1000] [--small 100] [--quick]

Builds, in a temporary folder (never in ``cases/``), operations of ``--small`` and ``--lots``
lots from the Girimbelles lots (``make_big_case.py``), and measures, in the same run, each
figure in a fresh subprocess:

- actegen, cold (empty output folder), with 1 and 2 workers: documents per second end to
  end (load, validate, compute, render, write), and for the render + write stage alone;
- the same set re-rendered with nothing changed (the no-op re-run), in-process and as the
  whole ``actegen render`` command (interpreter start included);
- naive docxtpl on the same templates and contexts: a ``DocxTemplate`` loaded, rendered and
  saved per document, in 1 process and in a pool of 2;
- the floor: re-zipping each document's template (read every member, deflate it again into
  a new file), and copying the template's bytes;
- peak memory (max RSS): of the rendering processes, and of the process holding the case,
  at ``--small`` and ``--lots`` lots; "beyond the case data" is the peak minus the memory
  in use once the case is loaded and its contexts built.

Prints a Markdown table (for the README's « Performances » section) and the ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_big_case import write_big_case  # noqa: E402


def rss_now_mib() -> float:
    return _status_mib("VmRSS:") or 0.0


def _cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _status_mib(field: str) -> float | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _maxrss_mib(who: int) -> float:
    """The peak resident memory of this process (``RUSAGE_SELF``) or of its largest child.

    This process's own peak is read from ``VmHWM``, not ``ru_maxrss``: Linux carries
    ``ru_maxrss`` across ``execve``, so a process started by a big one (a pytest session
    that already rendered, say) would report its parent's size at the fork, not its own.
    """
    if who == resource.RUSAGE_SELF:
        peak = _status_mib("VmHWM:")
        if peak is not None:
            return peak
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def _plan(case: Path):
    from actegen import documents
    from actegen.pipeline import check_case, settings_for
    from actegen.templates import shipped_templates_dir

    case_data, _warnings, results = check_case(case)
    return documents.build_jobs(case_data, results), settings_for(case_data), shipped_templates_dir()


# -------------------------------------------------------------------------------- children


def child_actegen(case: Path, out: Path, jobs: int) -> dict:
    from actegen.build.fingerprints import Fingerprints
    from actegen.pipeline import SetOptions, plan_case, render_set
    from actegen.templates import shipped_templates_dir

    options = SetOptions(out, jobs=jobs)
    start = time.perf_counter()
    report = render_set([case], options)
    total = time.perf_counter() - start
    outcome = report.cases[0]
    assert outcome.ok, outcome.error
    docs = len(outcome.written) + len(outcome.unchanged)
    # the plan alone (load, validate, compute, contexts, hashes), measured apart
    probe = out.parent / (out.name + "-plan")
    start = time.perf_counter()
    plan_case(case, SetOptions(probe, jobs=1, check=True), Fingerprints.of(shipped_templates_dir()))
    plan = time.perf_counter() - start
    return {
        "seconds": total,
        "plan": plan,
        "docs": docs,
        "written": len(outcome.written),
        "parsed": outcome.parsed,
        "rss_main": _maxrss_mib(resource.RUSAGE_SELF),
        "rss_workers": _maxrss_mib(resource.RUSAGE_CHILDREN),
    }


def child_memory(case: Path, out: Path) -> dict:
    """One process: memory once the case and its contexts are built, after rendering the
    documents of one lot each (actes, conventions…), then after the operation's documents
    (délibération, note de calcul: their size grows with the number of lots)."""
    from collections import Counter

    from actegen.output.durable import write_file
    from actegen.render import Renderer

    jobs, settings, directory = _plan(case)
    base = rss_now_mib()
    renderer = Renderer(directory)
    out.mkdir(parents=True, exist_ok=True)
    uses = Counter(job.template for job in jobs)
    per_lot = [job for job in jobs if uses[job.template] > 1]
    per_operation = [job for job in jobs if uses[job.template] == 1]
    for job in per_lot:
        write_file(out / job.filename, renderer.render(job, settings))
    per_lot_peak = _maxrss_mib(resource.RUSAGE_SELF)
    sizes = {}
    for job in per_operation:
        data = renderer.render(job, settings)
        write_file(out / job.filename, data)
        with zipfile.ZipFile(out / job.filename) as z:
            sizes[job.template] = z.getinfo("word/document.xml").file_size
    return {
        "base": base,
        "per_lot_peak": per_lot_peak,
        "peak": _maxrss_mib(resource.RUSAGE_SELF),
        "docs": len(jobs),
        "sizes": sizes,
    }


def _naive_one(args) -> None:
    from actegen.render import make_environment, render_document

    job, settings, directory, out = args
    data = render_document(job, directory, make_environment(settings), settings)
    (out / job.filename).write_bytes(data)


def child_naive(case: Path, out: Path, jobs: int, part: int = 0, parts: int = 1) -> dict:
    """Naive docxtpl on the case's documents; ``part``, ``parts``: on every ``parts``-th
    of them from the ``part``-th only (``bench_command`` times the slices between its runs)."""
    import multiprocessing

    work, settings, directory = _plan(case)
    work = work[part::parts]
    out.mkdir(parents=True, exist_ok=True)
    base = rss_now_mib()
    cpu = _cpu_seconds()
    start = time.perf_counter()
    if jobs == 1:
        for job in work:
            _naive_one((job, settings, directory, out))
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_naive_one, [(job, settings, directory, out) for job in work], chunksize=8)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu": _cpu_seconds() - cpu,  # user + system, the pool's processes included
        "docs": len(work),
        "base": base,
        "rss_main": _maxrss_mib(resource.RUSAGE_SELF),
        "rss_workers": _maxrss_mib(resource.RUSAGE_CHILDREN),
    }


def child_floor(case: Path, out: Path) -> dict:
    work, _settings, directory = _plan(case)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for job in work:
        with (
            zipfile.ZipFile(directory / job.template) as source,
            zipfile.ZipFile(out / job.filename, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as target,
        ):
            for info in source.infolist():
                target.writestr(info.filename, source.read(info.filename))
    rezip = time.perf_counter() - start
    start = time.perf_counter()
    for job in work:
        shutil.copyfile(directory / job.template, out / job.filename)
    copy = time.perf_counter() - start
    return {"rezip": rezip, "copy": copy, "docs": len(work)}


# -------------------------------------------------------------------------------- driver


def run_child(mode: str, *args: str) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", mode, *args]
    env = {**os.environ, "CI": "true"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, env=env, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"{mode} a échoué :\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def machine() -> str:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal:")
        )
        memory = f"{mem / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration):
        memory = "?"
    import docxtpl

    return (
        f"{cpus} cœurs ({model or platform.processor()}), {memory} de mémoire, {platform.system()} "
        f"{platform.release()}, Python {platform.python_version()}, docxtpl {docxtpl.__version__}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, default=1000)
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--child", default=None)
    parser.add_argument("--quick", action="store_true", help="no naive pool of 2 (saves a minute)")
    parser.add_argument("rest", nargs="*")
    args = parser.parse_args()
    if args.child:
        case, out, *extra = args.rest
        fn = {"actegen": child_actegen, "naive": child_naive, "floor": child_floor, "memory": child_memory}[
            args.child
        ]
        result = fn(Path(case), Path(out), *(int(x) for x in extra))
        print(json.dumps(result))
        return

    tmp = Path(tempfile.mkdtemp(prefix="actegen-bench-"))
    try:
        big = write_big_case(args.lots, tmp / "dossiers")
        small = write_big_case(args.small, tmp / "dossiers")
        print(f"Machine : {machine()}", flush=True)
        r: dict[str, dict] = {}
        for name, case in (("small", small), ("big", big)):
            for jobs in (1, 2):
                key = f"{name}-{jobs}"
                r[key] = run_child("actegen", str(case), str(tmp / f"out-{key}"), str(jobs))
                print(f"actegen {key}: {r[key]}", flush=True)
            r[f"{name}-noop"] = run_child("actegen", str(case), str(tmp / f"out-{name}-2"), "2")
            r[f"{name}-mem"] = run_child("memory", str(case), str(tmp / f"mem-{name}"))
            print(f"no-op {name}: {r[f'{name}-noop']}; mémoire {r[f'{name}-mem']}", flush=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "actegen.cli", "render", str(big), "-o", str(tmp / "out-big-2")],
            check=True,
            capture_output=True,
            env={**os.environ, "CI": "true"},
        )
        cli_noop = time.perf_counter() - start
        r["floor"] = run_child("floor", str(big), str(tmp / "floor"))
        print(f"plancher : {r['floor']}", flush=True)
        r["naive-small"] = run_child("naive", str(small), str(tmp / "naive-small"), "1")
        r["naive-1"] = run_child("naive", str(big), str(tmp / "naive-1"), "1")
        print(f"docxtpl naïf : {r['naive-1']}", flush=True)
        if not args.quick:
            r["naive-2"] = run_child("naive", str(big), str(tmp / "naive-2"), "2")
            print(f"docxtpl naïf ×2 : {r['naive-2']}", flush=True)
        report(r, args, cli_noop)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", "\u202f")


def report(r: dict[str, dict], args: argparse.Namespace, cli_noop: float) -> None:
    docs = r["big-1"]["docs"]

    def rate(seconds: float, n: int = docs) -> float:
        return n / seconds

    naive1 = rate(r["naive-1"]["seconds"])
    rows = []

    def row(label: str, per_s: float, ms: float, note: str = "") -> None:
        rows.append(f"| {label} | {_n(per_s)} | {ms:.1f} | {per_s / naive1:.1f}× | {note} |")

    for jobs in (1, 2):
        x = r[f"big-{jobs}"]
        row(
            f"actegen, {jobs} processus, de bout en bout",
            rate(x["seconds"]),
            1000 * x["seconds"] / docs,
            f"dont {x['plan']:.1f} s de lecture, validation et calcul du dossier",
        )
        stage = x["seconds"] - x["plan"]
        row(f"actegen, {jobs} processus, rendu et écriture seuls", rate(stage), 1000 * stage / docs)
    row(
        "docxtpl naïf, 1 processus",
        naive1,
        1000 * r["naive-1"]["seconds"] / docs,
        "DocxTemplate chargé, rendu, enregistré par document",
    )
    if "naive-2" in r:
        row("docxtpl naïf, 2 processus", rate(r["naive-2"]["seconds"]), 1000 * r["naive-2"]["seconds"] / docs)
    row("plancher : re-zipper le modèle", rate(r["floor"]["rezip"]), 1000 * r["floor"]["rezip"] / docs)
    row("plancher : copier les octets du modèle", rate(r["floor"]["copy"]), 1000 * r["floor"]["copy"] / docs)

    lots_s, lots_b = args.small, args.lots
    small, big = r["small-mem"], r["big-mem"]
    sizes = ", ".join(
        f"{name.removesuffix('.docx')} {small['sizes'][name] / 2**20:.1f} puis "
        f"{big['sizes'][name] / 2**20:.1f} Mio de XML"
        for name in sorted(big["sizes"])
    )
    mem = [
        (
            "documents d'un lot (actes…), au-delà du dossier chargé",
            small["per_lot_peak"] - small["base"],
            big["per_lot_peak"] - big["base"],
        ),
        (
            "avec les documents de l'opération, au-delà du dossier chargé",
            small["peak"] - small["base"],
            big["peak"] - big["base"],
        ),
        (
            "processus de rendu, `--jobs 2` (le plus gros)",
            r["small-2"]["rss_workers"],
            r["big-2"]["rss_workers"],
        ),
        (
            "processus principal, `--jobs 2` (dossier compris)",
            r["small-2"]["rss_main"],
            r["big-2"]["rss_main"],
        ),
        (
            "docxtpl naïf, au-delà du dossier chargé",
            r["naive-small"]["rss_main"] - r["naive-small"]["base"],
            r["naive-1"]["rss_main"] - r["naive-1"]["base"],
        ),
    ]
    noop = r["big-noop"]
    per_core = 1000 * (r["big-1"]["seconds"] - r["big-1"]["plan"]) / docs
    floor_ms = 1000 * r["floor"]["rezip"] / docs
    lines = [
        f"Opération de {lots_b} lots, {docs} documents, mesurée en une seule exécution :",
        "",
        "| mesure | documents/s | ms/document | vs docxtpl naïf | note |",
        "| --- | ---: | ---: | ---: | --- |",
        *rows,
        "",
        f"| mémoire de pointe (RSS) | {lots_s} lots | {lots_b} lots | écart |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {label} | {a:.0f} Mio | {b:.0f} Mio | {100 * (b - a) / a:+.0f} % |" for label, a, b in mem),
        "",
        f"Documents de l'opération : {sizes}.",
        "",
        f"Re-rendu sans changement ({lots_b} lots) : {noop['seconds']:.2f} s dans le processus, "
        f"{cli_noop:.2f} s pour la commande entière (démarrage de Python compris), "
        f"soit {100 * noop['seconds'] / r['big-2']['seconds']:.1f} % du premier rendu ; "
        f"{noop['written']} document réécrit, dossier YAML {'relu' if noop['parsed'] else 'pas même relu'}.",
        "",
        "Ratios : actegen à 2 processus, de bout en bout = "
        f"{rate(r['big-2']['seconds']) / naive1:.1f}× docxtpl naïf (objectif ≥ 5×) ; "
        f"rendu seul par cœur = {per_core:.2f} ms/document, soit {per_core / floor_ms:.2f}× le plancher "
        f"du re-zip ({floor_ms:.2f} ms ; objectif ≤ 2×).",
    ]
    print("\n" + "\n".join(lines))


if __name__ == "__main__":
    main()
