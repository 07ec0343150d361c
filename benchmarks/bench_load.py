"""How fast a case is loaded: libyaml against PyYAML's pure-Python parser. A script, not a test.

    .venv/bin/python benchmarks/bench_load.py [--lots 1000 10000] [--repeat 2] [--validate]

Builds, in a temporary folder (never in ``cases/``), operations of each ``--lots`` count from
the Girimbelles lots (``make_big_case.py``), then loads each one with ``actegen.load.load_case``
in fresh subprocesses, in the same run:

- through libyaml (what ``load_case`` does when PyYAML has its C extension);
- through the pure-Python reference (``load_case`` as if PyYAML had been built without libyaml).

Prints, per size: the best load time of ``--repeat`` loads for each path and their ratio; the
peak memory (max RSS) of each process and how much of it the loads added over the imports;
and checks that both paths returned the same data and the same positions. ``--validate``
also times validation and computation once on the libyaml-loaded case, to show what loading
weighs in « read, validate, compute ».
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from make_big_case import write_big_case  # noqa: E402 - the benchmarks folder is not a package


def _max_rss_kib() -> int:
    """This process's peak (``VmHWM``: ``ru_maxrss`` would carry the parent's across exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def child(case: Path, path: str, repeat: int, validate: bool) -> None:
    """Load ``case`` ``repeat`` times through ``path``; print the figures as JSON."""
    try:
        from actegen import load, load_libyaml
    except ModuleNotFoundError:  # run from a checkout without installing the package
        sys.path.insert(0, str(HERE.parent / "src"))
        from actegen import load, load_libyaml

    import yaml

    used = {"libyaml": 0}
    if path == "pure":
        load_libyaml.CParser = None
    else:
        assert yaml.__with_libyaml__, "this PyYAML has no libyaml"
        fast = load_libyaml.load_events

        def counted(text: str, file: str):
            used["libyaml"] += 1
            return fast(text, file)

        load_libyaml.load_events = counted
    before = _max_rss_kib()
    times = []
    loaded = None
    for _ in range(repeat):
        loaded = None  # let the previous case go before reading the next
        start = time.perf_counter()
        loaded = load.load_case(case)
        times.append(time.perf_counter() - start)
    assert loaded is not None
    digest = hashlib.sha256()
    digest.update(repr(loaded.data).encode())
    digest.update(repr(sorted(loaded.positions.items(), key=repr)).encode())
    digest.update(repr(sorted(loaded.key_positions.items(), key=repr)).encode())
    out = {
        "times": times,
        "best": min(times),
        "max_rss_kib": _max_rss_kib(),
        "imports_rss_kib": before,
        "digest": digest.hexdigest(),
        "values": len(loaded.positions),
        "libyaml_loads": used["libyaml"],
    }
    if validate:
        from actegen.compute.dossier import compute
        from actegen.validate import validate as validate_case

        start = time.perf_counter()
        checked, _warnings = validate_case(loaded)
        out["validate"] = time.perf_counter() - start
        start = time.perf_counter()
        compute(checked)
        out["compute"] = time.perf_counter() - start
    print(json.dumps(out))


def measure(case: Path, path: str, repeat: int, validate: bool) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(case), path, str(repeat)]
    if validate:
        command.append("--validate")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.exit(f"{path} on {case.name} failed:\n{result.stderr}")
    return json.loads(result.stdout.splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), "--validate" in sys.argv[5:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lots", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=2, help="loads per process; the best one counts")
    parser.add_argument(
        "--validate", action="store_true", help="also time validate and compute (libyaml path)"
    )
    args = parser.parse_args()

    import yaml

    print(
        f"Python {platform.python_version()}, PyYAML {yaml.__version__}, libyaml "
        f"{yaml._yaml.get_version_string() if yaml.__with_libyaml__ else 'absent'}, {platform.machine()}"
    )
    print()
    print(
        "| lots | taille | libyaml | Python pur | rapport | RSS max libyaml (+ chargement) "
        "| RSS max Python pur (+ chargement) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    extra = []
    with tempfile.TemporaryDirectory(prefix="actegen-bench-load-") as tmp:
        for lots in args.lots:
            case = write_big_case(lots, Path(tmp))
            fast = measure(case, "libyaml", args.repeat, args.validate)
            pure = measure(case, "pure", args.repeat, False)
            assert fast["libyaml_loads"] == args.repeat, "the libyaml path handed the case over"
            assert fast["digest"] == pure["digest"], f"{lots} lots: the two paths disagree"
            size = case.stat().st_size / 2**20
            print(
                f"| {lots} | {size:.1f} Mio | {fast['best']:.2f} s | {pure['best']:.2f} s "
                f"| × {pure['best'] / fast['best']:.1f} "
                f"| {fast['max_rss_kib'] / 1024:.0f} Mio (+{(fast['max_rss_kib'] - fast['imports_rss_kib']) / 1024:.0f}) "
                f"| {pure['max_rss_kib'] / 1024:.0f} Mio (+{(pure['max_rss_kib'] - pure['imports_rss_kib']) / 1024:.0f}) |"
            )
            if args.validate:
                extra.append(
                    f"{lots} lots: load {fast['best']:.2f} s, validate {fast['validate']:.2f} s, "
                    f"compute {fast['compute']:.2f} s"
                )
            case.unlink()
    print()
    print(f"Same data and positions on both paths; {args.repeat} loads per process, best one shown.")
    for line in extra:
        print(line)


if __name__ == "__main__":
    main()
