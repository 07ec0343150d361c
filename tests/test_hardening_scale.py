"""Scale: a case of 8 000 lots (16.7 MiB, each lot with its full facts; the 10 000 lots of
``benchmarks/bench_scale.py`` are 20.0 MiB, under the 32 MiB limit of a case file) validates, and renders with memory bounded by the case itself — no
per-document leak, and the documents that grow with the operation (the délibération's annexes)
streamed rather than held. Speed is measured in
``benchmarks/bench_scale.py``, never asserted here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from actegen import documents
from actegen.pipeline import check_case, settings_for
from actegen.render import Renderer
from actegen.templates import shipped_templates_dir

# benchmarks/ is imported as a namespace package: pytest puts the checkout on sys.path
# (tests/ is a package), and the scale test shares the benchmarks' case maker and RSS probe.
from benchmarks.bench_render import rss_now_mib as _rss_mib
from benchmarks.make_big_case import write_big_case

from .helpers import GIRIMBELLES, PEAK_MIB

pytestmark = pytest.mark.slow  # 8 000 lots: the quick run (-m "not slow") skips them

LOTS = 8_000

_PEAK = (
    PEAK_MIB
    + """
import json, sys
from actegen.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
    code = 0
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "peak_mib": peak_mib()}),
      file=sys.stderr)
"""
)


@pytest.fixture(scope="module")
def big_case(tmp_path_factory) -> Path:
    return write_big_case(LOTS, tmp_path_factory.mktemp("grand"))


def test_a_case_of_eight_thousand_lots_validates(big_case: Path):
    size_mib = big_case.stat().st_size / 2**20
    assert 10 < size_mib < 20  # a real 8 000-lot case, well under the 32 MiB limit
    result = subprocess.run(
        [sys.executable, "-c", _PEAK, "validate", str(big_case)],
        check=False,
        capture_output=True,
        text=True,
        timeout=900,
    )
    figures = json.loads(result.stderr.strip().splitlines()[-1])
    assert figures["code"] in (0, None), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert result.stdout.strip().endswith(f"{big_case.name} : valide"), result.stdout[-500:]
    # memory bounded by the case: a few dozen times its YAML text (positions, Decimals, schema)
    assert figures["peak_mib"] < 60 * size_mib + 200, figures


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="RSS lu dans /proc (Linux)")
def test_the_documents_of_eight_thousand_lots_render_in_bounded_memory(big_case: Path):
    """The délibération of 8 000 lots (annexes of 48 MiB of XML) and a sample of actes and
    conventions: rendering them adds little to the memory the loaded case takes."""
    case, _warnings, results = check_case(big_case)
    jobs = documents.build_jobs(case, results)
    settings = settings_for(case)
    renderer = Renderer(shipped_templates_dir())
    sample = [j for j in jobs if j.family == "deliberation"] + [
        j for j in jobs if j.family in ("acte_de_vente", "convention_caf")
    ][::200]
    for job in sample[1:4]:
        renderer.render(job, settings)  # templates prepared, caches warm
    base = _rss_mib()
    peak = base
    sizes = {}
    for job in sample:
        data = renderer.render(job, settings)
        sizes[job.family] = max(sizes.get(job.family, 0), len(data))
        peak = max(peak, _rss_mib())
    assert sizes["deliberation"] > 500_000
    assert peak - base < 64, (base, peak)  # MiB: nothing near the 48 MiB of XML, let alone a tree of it
    assert all(p.tree_renders == 0 for p in renderer._prepared.values() if p is not None)


def test_rendering_leaks_nothing_per_document():
    """Hundreds of renders of the same acte: the Python heap does not grow (docxtpl's own
    path leaves reference cycles behind, ~150 KiB per document)."""
    case, _warnings, results = check_case(GIRIMBELLES)
    settings = settings_for(case)
    job = next(j for j in documents.build_jobs(case, results) if j.family == "acte_de_vente")
    renderer = Renderer(shipped_templates_dir())
    for _ in range(20):
        renderer.render(job, settings)
    tracemalloc.start()
    try:
        for _ in range(50):
            renderer.render(job, settings)
        after_50, _peak = tracemalloc.get_traced_memory()
        for _ in range(250):
            renderer.render(job, settings)
        after_300, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert after_300 - after_50 < 200 * 1024, (after_50, after_300)
