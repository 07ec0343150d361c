"""Progress that tells the truth: the bar counts renders, merges and PDF conversions, and on
a run longer than a few seconds says the time left (« reste environ 2 min »); only on a
terminal (a pseudo-terminal here), never under CI.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from actegen import pdf, pdf_pool
from actegen.cli._console import duration_fr, remaining_text

from .helpers import GIRIMBELLES, ROOT

NBSP = "\u00a0"


def test_the_time_left_is_said_in_french_and_rounded():
    assert duration_fr(12) == f"10{NBSP}s"
    assert duration_fr(2) == f"5{NBSP}s"
    assert duration_fr(100) == f"2{NBSP}min"
    assert duration_fr(3 * 3600 + 5 * 60 + 10) == f"3{NBSP}h{NBSP}05"


def test_the_estimate_waits_for_a_few_seconds_and_follows_the_recent_speed():
    assert remaining_text(1.0, 5, 100, None) == ""  # too early to say
    assert remaining_text(10.0, 0, 100, None) == ""  # nothing done yet
    assert remaining_text(10.0, 100, 100, None) == ""  # done
    assert remaining_text(10.0, 50, 100, None) == f"reste environ 10{NBSP}s"  # the average
    # renders went fast, PDFs go slowly: the recent speed (0,5 per second) tells the truth
    assert remaining_text(10.0, 50, 110, 0.5) == f"reste environ 2{NBSP}min"


def _run_in_pty(args: list[str], cwd: Path, timeout: float = 600) -> tuple[int, str]:
    """The command on a pseudo-terminal (what rich takes for a terminal); its whole output."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR", "TERM")}
    env.update(TERM="xterm-256color", COLUMNS="160")
    leader, follower = pty.openpty()
    process = subprocess.Popen(args, stdin=follower, stdout=follower, stderr=follower, cwd=cwd, env=env)
    os.close(follower)
    chunks = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 1)
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:  # the follower closed: the command ended
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(leader)
    code = process.wait(timeout=60)
    return code, b"".join(chunks).decode("utf-8", "replace")


def _bar_totals(output: str) -> list[tuple[int, int]]:
    return [
        (int(a), int(b)) for a, b in re.findall(r"(\d+)/(\d+)", re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output))
    ]


def test_the_bar_shows_on_a_terminal(tmp_path: Path):
    code, output = _run_in_pty(
        [
            sys.executable,
            "-m",
            "actegen.cli",
            "render",
            str(GIRIMBELLES),
            "-o",
            str(tmp_path / "out"),
            "-j",
            "1",
        ],
        ROOT,
    )
    assert code == 0, output
    assert "Rendu" in output
    docs = len(list((tmp_path / "out").glob("*/*.docx")))
    assert (docs, docs) in _bar_totals(output)  # every document a unit, the bar full at the end


@pytest.mark.slow
@pytest.mark.skipif(
    pdf.find_soffice() is None or pdf_pool.uno_python() is None, reason="LibreOffice ou python3-uno absent"
)
def test_with_pdf_the_bar_counts_each_pdf_and_says_the_time_left(tmp_path: Path):
    code, output = _run_in_pty(
        [
            sys.executable,
            "-m",
            "actegen.cli",
            "render",
            str(GIRIMBELLES),
            "-o",
            str(tmp_path / "out"),
            "--pdf",
            "--pdf-version",
            "a2",
            "-v",
        ],
        ROOT,
    )
    assert code == 0, output
    assert "PDF (a2) : LibreOffice piloté par UNO (" in output
    docs = len(list((tmp_path / "out").glob("*/*.docx")))
    assert len(list((tmp_path / "out").glob("*/*.pdf"))) == docs
    totals = _bar_totals(output)
    assert (2 * docs, 2 * docs) in totals  # documents and their PDFs
    assert max(total for _done, total in totals) == 2 * docs
    assert re.search(r"reste environ \d+\u00a0(s|min)", output), output[-2000:]


def test_a_merge_is_a_unit_of_progress(tmp_path: Path):
    """An edited acte whose case changed: its fusion counts once, announced before it runs."""
    from docx import Document

    from actegen.pipeline import SetOptions, render_set

    from .test_sets_render import acte, change_lot_3, copy_case

    case, out = copy_case(tmp_path), tmp_path / "out"
    options = SetOptions(out, jobs=1)
    render_set([case], options)
    folder = next(out.iterdir())
    edited = acte(folder, 3)
    doc = Document(str(edited))
    doc.add_paragraph("Clause ajoutée par le notaire.")
    doc.save(str(edited))
    change_lot_3(case)
    ticks: list[tuple[int, int]] = []
    report = render_set([case], options, lambda done, more: ticks.append((done, more)))
    assert report.cases[0].ok and edited.with_name(edited.stem + ".fusion.docx").is_file()
    documents = len(
        [p for p in folder.glob("*.docx") if ".fusion." not in p.name and ".nouveau." not in p.name]
    )
    assert sum(m for _d, m in ticks) == documents + 1 == sum(d for d, _m in ticks)
    announced = ticks.index((0, 1))
    assert (1, 0) in ticks[announced + 1 :]
