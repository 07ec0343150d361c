"""The no-op re-run decides « nothing to do » before loading the rendering libraries (issue 17).

A real outcome, not a timing: in a fresh interpreter, ``actegen render cases/`` into a
folder that is current reports every document unchanged and leaves docxtpl, jsonschema(-rs),
Jinja, lxml, python-docx, num2words, the YAML parser and rich (its report is plain lines)
out of ``sys.modules``; once a
case changes, the same command goes through the pipeline and renders it (python-jsonschema is
then imported only for an invalid case: jsonschema-rs checks a valid one, in the worker).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from actegen.build.noop import unchanged_set
from actegen.build.options import SetOptions
from actegen.cli.report import summary_lines
from actegen.pipeline import render_set

from .helpers import CASES, entry_point_env

HEAVY = (
    "docxtpl",
    "docx",
    "jsonschema",
    "jsonschema_rs",
    "jinja2",
    "lxml",
    "num2words",
    "yaml",
    "rich",
    "actegen.pipeline",
)
# What only reading a zip, decimal amounts or removing a tree needs: a no-op, which finds
# every template in ``statcache`` and nothing to repair, loads none of it (``datetime`` is
# click's: the replayed line, which goes without click, loads it neither, test_cli_replay).
UNNEEDED_STDLIB = ("zipfile", "shutil", "decimal")

_PROBE = """
import json, sys
from actegen.cli import main
try:
    main(sys.argv[1:], prog_name="actegen")
except SystemExit as exc:
    code = exc.code or 0
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
heavy += sorted(m for m in {stdlib!r} if m in sys.modules)
print(json.dumps({{"code": code, "heavy": heavy}}))
"""


def probe(*args: str, cwd: Path | None = None) -> tuple[dict[str, object], str]:
    """``actegen ARGS`` in a fresh interpreter: its exit code and the heavy modules it loaded."""
    done = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY, stdlib=UNNEEDED_STDLIB), *args],
        check=False,
        capture_output=True,
        text=True,
        env=entry_point_env({"CI": "true"}),
        cwd=cwd,
        timeout=600,
    )
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def test_a_no_op_rerun_of_the_shipped_set_loads_no_rendering_library(
    shipped_render: dict[str, Path], tmp_path: Path
):
    (out,) = {folder.parent for folder in shipped_render.values()}
    result, stdout = probe("render", str(CASES), "-o", str(out), "--jobs", "2")
    assert result == {"code": 0, "heavy": []}
    assert "0 document écrit" in stdout and "rien n'a été réécrit" in stdout

    # One case changed: the same command parses it, through the pipeline, and renders it.
    cases = tmp_path / "dossiers"
    shutil.copytree(CASES, cases)
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    case = cases / "vente-hlm-2023.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    result, stdout = probe("render", str(cases), "-o", str(copy), "--jobs", "2")
    assert result["code"] == 0
    assert {"docxtpl", "yaml", "actegen.pipeline"} <= set(result["heavy"])  # type: ignore[arg-type]


def test_the_no_op_report_is_the_pipelines(shipped_render: dict[str, Path], tmp_path: Path):
    """Same lines, warnings replayed from the manifests included, as the pipeline's own no-op."""
    (out,) = {folder.parent for folder in shipped_render.values()}
    options = SetOptions(out, jobs=1)
    fast = unchanged_set([CASES], options)
    assert fast is not None
    assert summary_lines(fast, options) == summary_lines(render_set([CASES], options), options)
    assert all(not c.parsed and c.unchanged and not c.written for c in fast.cases)


def test_anything_to_do_goes_to_the_pipeline(shipped_render: dict[str, Path], tmp_path: Path):
    (out,) = {folder.parent for folder in shipped_render.values()}
    assert unchanged_set([CASES], SetOptions(out, check=True)) is None  # --check compares files
    assert unchanged_set([CASES], SetOptions(tmp_path / "vide")) is None  # nothing rendered yet
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (acte,) = sorted((copy / "vente-hlm-2023").glob("acte-de-vente*.docx"))[:1]
    acte.unlink()  # a document deleted: rendered again
    assert unchanged_set([CASES], SetOptions(copy)) is None
    assert unchanged_set([CASES], SetOptions(out, templates=tmp_path)) is None  # other templates
