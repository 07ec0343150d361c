"""Speed of the three-way merge, against ``actegen diff --docx`` in the same run.

    .venv/bin/python benchmarks/bench_merge.py [PARAGRAPHS]

Builds base / edited / new documents of PARAGRAPHS short paragraphs (default 3 000) with
python-docx — the notary edits one paragraph in ten, the case changes one in seven — and
times ``merge`` and ``tracked_changes`` on them. No assertion: a measure to read.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from docx import Document

from actegen.diff import tracked_changes
from actegen.merge import merge


def build(path: Path, n: int, edit: int = 0, word: str = "") -> Path:
    doc = Document()
    for i in range(n):
        text = f"Paragraphe {i} du lot {i % 97}, prix {1000 + i} euros."
        if edit and i % edit == 0:
            text += f" {word}"
        doc.add_paragraph(text)
    doc.save(str(path))
    return path


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    folder = Path(tempfile.mkdtemp())
    base = build(folder / "base.docx", n)
    ours = build(folder / "ours.docx", n, 10, "notaire")
    theirs = build(folder / "theirs.docx", n, 7, "dossier")
    start = time.perf_counter()
    merged = merge(base, ours, theirs, folder / "fusion.docx")
    t_merge = time.perf_counter() - start
    start = time.perf_counter()
    tracked_changes(base, theirs, folder / "diff.docx")
    t_diff = time.perf_counter() - start
    print(
        f"{n} paragraphes : fusion {t_merge:.2f} s ({merged.revisions} révisions, "
        f"{len(merged.conflicts)} conflits), diff --docx {t_diff:.2f} s, rapport {t_merge / t_diff:.2f}"
    )


if __name__ == "__main__":
    main()
