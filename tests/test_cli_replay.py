"""A ``render`` line seen before is replayed without click when there is nothing to do (issue 17).

Real outcomes, in fresh interpreters started as the console script starts (``actegen.__main__``):
the report, the exit code and whether click was loaded. The memo saves the parsing only:
anything it cannot vouch for goes back to click, which then decides as always.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from actegen.cli.replay import MEMO, replayed

from .helpers import CASES, entry_point_env

_PROBE = """
import json, sys
from actegen.__main__ import main
sys.argv = ["actegen", *sys.argv[1:]]
try:
    main()
    code = 0
except SystemExit as exc:
    code = exc.code or 0
stdlib = [m for m in ("zipfile", "shutil", "decimal", "datetime") if m in sys.modules]
print(json.dumps({"code": code, "click": "click" in sys.modules, "stdlib": stdlib}))
"""


def actegen(cache: Path, cwd: Path, *args: str) -> tuple[dict[str, object], str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        check=False,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=entry_point_env({"CI": "true", "ACTEGEN_CACHE_DIR": str(cache)}),
        timeout=600,
    )
    *report, last = done.stdout.strip().splitlines()
    return json.loads(last), "\n".join(report), done.stderr


@pytest.fixture
def workspace(tmp_path: Path, shipped_render: dict[str, Path]) -> Path:
    """The shipped cases and their rendered set, copied: a folder where ``render dossiers -o
    out`` has nothing to do."""
    shutil.copytree(CASES, tmp_path / "dossiers")
    (out,) = {folder.parent for folder in shipped_render.values()}
    shutil.copytree(out, tmp_path / "out", symlinks=True)
    return tmp_path


LINE = ("render", "dossiers", "-o", "out", "--jobs", "2")


def test_a_no_op_line_seen_before_is_replayed_without_click_and_says_the_same(workspace: Path):
    cache = workspace / "cache"
    parsed, report, warnings = actegen(cache, workspace, *LINE)
    assert parsed["code"] == 0 and parsed["click"]  # first time: click parses, render records
    assert "rien n'a été réécrit" in report
    assert (cache / MEMO).is_file()
    again, report_again, warnings_again = actegen(cache, workspace, *LINE)
    # without click, and without what reading a zip, amounts, dates or removing a tree needs
    assert again == {"code": 0, "click": False, "stdlib": []}
    assert (report_again, warnings_again) == (report, warnings)


def test_a_changed_case_goes_through_click_and_the_pipeline(workspace: Path):
    cache = workspace / "cache"
    actegen(cache, workspace, *LINE)
    case = workspace / "dossiers" / "vente-hlm-2023.yaml"
    case.write_text(case.read_text(encoding="utf-8") + "\n# relu\n", encoding="utf-8")
    result, report, _ = actegen(cache, workspace, *LINE)
    assert result.items() >= {"code": 0, "click": True}.items()
    assert "7 dossiers" in report
    assert (
        actegen(cache, workspace, *LINE)[0].items() >= {"code": 0, "click": False}.items()
    )  # nothing to do again


def test_only_the_same_line_in_the_same_folder_is_replayed(workspace: Path):
    cache = workspace / "cache"
    actegen(cache, workspace, *LINE)
    assert actegen(cache, workspace, *LINE, "--force")[0]["click"] is True  # other options
    inner = workspace / "dossiers"
    assert actegen(cache, inner, "render", ".", "-o", "../out", "--jobs", "2")[0]["click"] is True


def test_a_memo_from_other_code_is_not_replayed(workspace: Path):
    cache = workspace / "cache"
    actegen(cache, workspace, *LINE)
    memo = json.loads((cache / MEMO).read_text(encoding="utf-8"))
    for entry in memo["lignes"].values():
        entry["code"] = "0" * 64
    (cache / MEMO).write_text(json.dumps(memo), encoding="utf-8")
    assert actegen(cache, workspace, *LINE)[0].items() >= {"code": 0, "click": True}.items()
    assert actegen(cache, workspace, *LINE)[0].items() >= {"code": 0, "click": False}.items()  # recorded anew


def test_a_line_click_would_now_refuse_is_left_to_click(workspace: Path):
    cache = workspace / "cache"
    actegen(cache, workspace, *LINE)
    shutil.rmtree(workspace / "out")
    (workspace / "out").write_text("un fichier, pas un dossier", encoding="utf-8")
    result, _, stderr = actegen(cache, workspace, *LINE)
    assert result.items() >= {"code": 2, "click": True}.items()
    assert "out" in stderr


def test_other_commands_and_unknown_lines_are_not_replayed(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("ACTEGEN_CACHE_DIR", str(tmp_path))
    assert replayed([]) is None
    assert replayed(["validate", "dossiers"]) is None
    assert replayed(["render", "dossiers"]) is None  # never recorded
    (tmp_path / MEMO).write_text("pas du JSON", encoding="utf-8")
    assert replayed(["render", "dossiers"]) is None
