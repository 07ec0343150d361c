"""PDF/A for the notaries' archive: every PDF of the shipped cases is PDF/A-1 with every font
embedded, carries the case's metadata, reads back as its DOCX, and is the same bytes from
one conversion to the next — through the UNO pool and through the batch call alike.

Skips without LibreOffice, poppler, or a Python with ``uno`` for the pool tests (CI installs
them: ``.ci/run``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import pytest
from docx import Document

from actegen import pdf, pdf_pool
from actegen.diff import read_parts
from actegen.docx_lines import document_lines

from .helpers import CASES

SHIPPED = sorted(p.stem for p in CASES.glob("*.yaml"))
needs_poppler = pytest.mark.skipif(
    pdf.find_soffice() is None or not all(shutil.which(t) for t in ("pdfinfo", "pdffonts", "pdftotext")),
    reason="LibreOffice ou poppler (pdfinfo, pdffonts, pdftotext) absent : PDF/A non testé ici",
)
needs_uno = pytest.mark.skipif(
    pdf.find_soffice() is None or pdf_pool.uno_python() is None,
    reason="pas de Python avec « uno » (apt-get install python3-uno) : le pool LibreOffice n'est pas testé ici",
)


def poppler(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=True).stdout


def pdfa_id(path: Path) -> tuple[str, str] | None:
    """(part, conformance) of the XMP's PDF/A identification, or None."""
    meta = poppler("pdfinfo", "-meta", str(path))
    part = re.search(r"<pdfaid:part>(\d)</pdfaid:part>", meta)
    conformance = re.search(r"<pdfaid:conformance>([AB])</pdfaid:conformance>", meta)
    return (part.group(1), conformance.group(1)) if part and conformance else None


def fonts(path: Path) -> list[tuple[str, str]]:
    """(font name, « emb » column) of each font the PDF uses (the columns after the type:
    encoding, emb, sub, uni, object number, generation)."""
    rows = poppler("pdffonts", str(path)).splitlines()[2:]
    return [(row.split()[0], row.split()[-5]) for row in rows if row.strip()]


def info(path: Path) -> dict[str, str]:
    lines = poppler("pdfinfo", str(path)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def plain(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


@pytest.fixture(scope="module")
def archived(tmp_path_factory, shipped_render: dict[str, Path]) -> dict[str, dict[Path, Path]]:
    """case → {docx → its PDF/A-1}, every shipped document through the UNO pool."""
    if pdf.find_soffice() is None or pdf_pool.uno_python() is None:
        pytest.skip("LibreOffice ou python3-uno absent")
    root = tmp_path_factory.mktemp("pdfa")
    out: dict[str, dict[Path, Path]] = {}
    with pdf_pool.choose_converter(1, 2) as convert:
        assert isinstance(convert, pdf_pool.OfficePool)
        for case in SHIPPED:
            docx = sorted(shipped_render[case].glob("*.docx"))
            out[case] = dict(zip(docx, convert(docx, root / case), strict=True))
    return out


@pytest.mark.slow
@needs_poppler
@needs_uno
def test_every_shipped_pdf_is_pdfa1_with_every_font_embedded(archived: dict[str, dict[Path, Path]]):
    assert sorted(archived) == SHIPPED
    for case, pdfs in archived.items():
        assert pdfs, case
        for docx, path in pdfs.items():
            assert path.name == docx.stem + ".pdf"
            assert pdfa_id(path) in (("1", "A"), ("1", "B")), path.name  # 1a meets 1b and more
            used = fonts(path)
            assert used and all(emb == "yes" for _name, emb in used), (path.name, used)


@pytest.mark.slow
@needs_poppler
@needs_uno
def test_the_pdf_carries_the_documents_metadata(archived: dict[str, dict[Path, Path]]):
    for pdfs in archived.values():
        for docx, path in pdfs.items():
            core = Document(str(docx)).core_properties
            meta = info(path)
            assert meta["Title"] == core.title and meta["Author"] == core.author, path.name
            assert meta["Subject"] == core.subject
            year = str(core.created.year)
            assert year in meta["CreationDate"], (
                path.name,
                meta["CreationDate"],
            )  # the case's date, not today's


def words(text: str) -> list[str]:
    """Words to compare: case folded (headings are shown in capitals), hyphens dropped
    (pdftotext joins a word hyphenated at a line's end), docx_lines' markers removed."""
    text = re.sub(r"\[(tableau [^\]]*|en-tête|pied de page)\]", " ", text)
    return plain(text.casefold().replace("-", "")).split(" ")


@pytest.mark.slow
@needs_poppler
@needs_uno
def test_the_text_of_an_acte_is_the_text_of_its_docx(archived: dict[str, dict[Path, Path]]):
    docx, path = next(
        (d, p) for d, p in archived["girimbelles-1993"].items() if d.name.startswith("acte-de-vente")
    )
    body = words(" ".join(document_lines(read_parts(docx))))
    text = words(poppler("pdftotext", "-enc", "UTF-8", str(path), "-"))
    # The PDF says what the DOCX says, in order; it adds only the page furniture (running
    # heads, page numbers), which docx_lines gives once.
    matched = sum(
        block.size for block in SequenceMatcher(None, body, text, autojunk=False).get_matching_blocks()
    )
    assert len(body) > 2000 and matched >= 0.99 * len(body), (matched, len(body))


@pytest.mark.slow
@needs_poppler
@needs_uno
def test_two_conversions_give_the_same_bytes_pool_or_batch(tmp_path: Path, shipped_render: dict[str, Path]):
    docx = sorted(shipped_render["psla-coop-2024"].glob("*.docx"))[:2]
    with pdf_pool.choose_converter(1, 1) as convert:
        first = convert(docx, tmp_path / "un")
        second = convert(docx, tmp_path / "deux")
    batch = pdf.convert_to_pdf(docx, tmp_path / "lot")
    for a, b, c in zip(first, second, batch, strict=True):
        assert a.read_bytes() == b.read_bytes() == c.read_bytes(), a.name


@pytest.mark.slow
@needs_poppler
@needs_uno
def test_pdf_a2_and_plain_on_request(tmp_path: Path, shipped_render: dict[str, Path]):
    docx = sorted(shipped_render["vente-hlm-2023"].glob("*.docx"))[:1]
    with pdf_pool.choose_converter(2, 1) as convert:
        (a2,) = convert(docx, tmp_path / "a2")
    (plain_pdf,) = pdf.convert_to_pdf(docx, tmp_path / "plain", version=0)
    assert pdfa_id(a2) == ("2", "B")
    assert pdfa_id(plain_pdf) is None
    assert all(emb == "yes" for _n, emb in fonts(plain_pdf))


def test_filter_argument_states_the_version_and_embedding():
    assert pdf.filter_argument(1).startswith("pdf:writer_pdf_Export:{")
    assert '"SelectPdfVersion":{"type":"long","value":"1"}' in pdf.filter_argument(1)
    assert '"EmbedStandardFonts":{"type":"boolean","value":"true"}' in pdf.filter_argument(0)
    assert pdf.VERSIONS == {"a1": 1, "a2": 2, "plain": 0}


def test_the_deliberation_is_the_sellers_and_the_acte_the_offices(shipped_render: dict[str, Path]):
    """The author each PDF inherits: the seller for its board's délibération, the office else."""
    import yaml

    case = yaml.safe_load((CASES / "girimbelles-1993.yaml").read_text(encoding="utf-8"))
    folder = shipped_render["girimbelles-1993"]
    deliberation = Document(str(next(folder.glob("deliberation_*.docx")))).core_properties
    acte = Document(str(next(folder.glob("acte-de-vente_*.docx")))).core_properties
    assert deliberation.author == case["vendeur"]["denomination"] == deliberation.last_modified_by
    assert acte.author == case["operation"]["office"] != deliberation.author
