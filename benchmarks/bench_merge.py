"""Speed of the three-way merge and of ``actegen diff``, and how it grows with the document.

    .venv/bin/python benchmarks/bench_merge.py [PARAGRAPHS]

Times the merge of one shipped acte first; then builds base / edited / new documents of PARAGRAPHS short paragraphs (default 3 000) and of
ten times as many — the notary edits one paragraph in ten, the case changes one in seven —
and times ``merge``, ``tracked_changes`` (``diff --docx``) and ``text_diff`` on both. The
ratios say the growth: about 10 when linear, 100 when quadratic (before the anchored
alignment of ``sequence.py``, 30 000 paragraphs took 29.7 s to merge and 19.4 s to diff).
No assertion: a measure to read.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document

from actegen.diff import text_diff, tracked_changes
from actegen.merge import merge
from actegen.pipeline import render_case

ACTE = "acte-de-vente_lot-B12_GUERIN.docx"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def build(path: Path, n: int, edit: int = 0, word: str = "") -> Path:
    """A python-docx document whose body is ``n`` paragraphs (written as XML: python-docx
    adds paragraphs in quadratic time)."""
    paragraphs = []
    for i in range(n):
        text = f"Paragraphe {i} du lot {i % 97}, prix {1000 + i} euros."
        if edit and i % edit == 0:
            text += f" {word}"
        paragraphs.append(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>")
    empty = io.BytesIO()
    Document().save(empty)
    body = f'<w:document xmlns:w="{_W}"><w:body>{"".join(paragraphs)}<w:sectPr/></w:body></w:document>'
    with zipfile.ZipFile(empty) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = body.encode() if info.filename == "word/document.xml" else src.read(info)
            out.writestr(info, data)
    return path


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def measure(folder: Path, n: int) -> dict[str, float]:
    base = build(folder / f"base{n}.docx", n)
    ours = build(folder / f"ours{n}.docx", n, 10, "notaire")
    theirs = build(folder / f"theirs{n}.docx", n, 7, "dossier")
    return {
        "fusion": timed(lambda: merge(base, ours, theirs, folder / f"fusion{n}.docx")),
        "diff --docx": timed(lambda: tracked_changes(base, theirs, folder / f"diff{n}.docx")),
        "diff (texte)": timed(lambda: text_diff(base, theirs)),
    }


def acte(folder: Path) -> float:
    """One shipped acte (psla-coop-2024, about six pages): the notary edits one paragraph in
    five, the case one in seven."""
    base = render_case(Path("cases/psla-coop-2024.yaml"), folder / "rendu").output / ACTE
    edited = []
    for name, step, word in (("ours", 5, " (notaire)"), ("theirs", 7, " dossier")):
        doc = Document(str(base))
        for p in doc.paragraphs[::step]:
            if p.runs:
                p.runs[-1].text += word
        doc.save(str(folder / f"{name}.docx"))
        edited.append(folder / f"{name}.docx")
    return timed(lambda: merge(base, edited[0], edited[1], folder / "acte.fusion.docx"))


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    folder = Path(tempfile.mkdtemp())
    print(f"fusion d’un acte ({ACTE}) : {acte(folder):.2f} s")
    small, large = measure(folder, n), measure(folder, 10 * n)
    for name in small:
        print(
            f"{name:13} {n:>7} paragraphes {small[name]:6.2f} s, {10 * n:>7} paragraphes "
            f"{large[name]:6.2f} s : rapport {large[name] / small[name]:5.1f} (10 linéaire, 100 quadratique)"
        )


if __name__ == "__main__":
    main()
