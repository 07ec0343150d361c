"""The sharded CI sequence of ``ci/``, run locally (issue 17, point 3, « done when »): a
generated 1 000-lot operation and the shipped cases planned once, rendered in three shards
into one tree, merged; every file is the same as an unsharded render's (the bases: each base
the same, however packed), and the next full render on the merged tree writes nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from actegen.build.planfile import part_costs, read_plan

# benchmarks/ is imported as a namespace package: pytest puts the checkout on sys.path
from benchmarks.make_big_case import write_big_case

from .helpers import CASES, output_tree, run_cli

pytestmark = pytest.mark.slow  # about 2 × 2 000 documents rendered

PARTS = 3


def cli(*args: str, cwd: Path):
    return run_cli(*args, cwd=cwd, env={"CI": "true"})


files = output_tree  # every file, the bases by hash


def stamps(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_plan_three_shards_merge_give_the_unsharded_bytes_and_a_no_op(tmp_path: Path):
    shutil.copytree(CASES, tmp_path / "cases")
    write_big_case(1000, tmp_path / "cases")
    planned = cli("plan", "cases", "-o", "plan.json", "--parts", str(PARTS), cwd=tmp_path)
    assert planned.returncode == 0, planned.stderr
    plan = read_plan(tmp_path / "plan.json")
    big = next(c for c in plan.cases if c.case_id == "girimbelles-1000")
    total = sum(c.cost for c in plan.cases)
    assert big.cost * PARTS > total  # the big operation is split by lot
    costs = part_costs(plan, PARTS)
    assert max(costs) - min(costs) <= max(d.cost for d in big.documents)

    for k in range(1, PARTS + 1):
        result = cli("render", "--plan", "plan.json", "--shard", f"{k}/{PARTS}", "--jobs", "2", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f"(part {k}/{PARTS})" in result.stdout
    shards = sorted(p.name for p in (tmp_path / "out" / "girimbelles-1000").glob(".actegen-manifest.shard-*"))
    assert shards == [f".actegen-manifest.shard-{k}-of-{PARTS}.json" for k in range(1, PARTS + 1)]
    merged = cli("manifest", "merge", "out", "--plan", "plan.json", cwd=tmp_path)
    assert merged.returncode == 0, merged.stderr
    assert f"out : {len(plan.cases)} dossiers fusionnés" in merged.stdout

    reference = cli("render", "cases", "-o", "ref", "--jobs", "2", cwd=tmp_path)
    assert reference.returncode == 0, reference.stderr
    sharded, unsharded = files(tmp_path / "out"), files(tmp_path / "ref")
    assert sorted(sharded) == sorted(unsharded)
    assert [name for name in sharded if sharded[name] != unsharded[name]] == []

    before = stamps(tmp_path / "out")
    again = cli("render", "cases", "--jobs", "2", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert " 0 document écrit" in again.stdout and "rien n'a été réécrit" in again.stdout
    assert stamps(tmp_path / "out") == before  # no file written, replaced or touched
