"""What changed between two versions of a document: a text diff, and Word tracked changes.

``text_diff`` reads both DOCX as lines — one per paragraph, one per table cell (numbered
« tableau 2, ligne 3, cellule 1 »), then the headers and footers — and returns a unified
diff, the form a CI log or a reviewer reads.

``tracked_changes`` writes a copy of the new document in which every difference from the
old one is a Word revision (``w:ins`` / ``w:del`` with an author and a date) that a notary
accepts or rejects in Word or LibreOffice: accepting all gives the new text, rejecting all
the old one. The blocks of the body (paragraphs, tables) are aligned first; a paragraph
changed in place is compared word by word, a table row by row and cell by cell; a deleted
paragraph or row comes back from the old document, marked deleted. Headers, footers and
document properties are those of the new document.

Why not a library: the ones on PyPI that write tracked changes either drive a .NET
comparison engine shipped as a native binary (python-redlines), require Python 3.12
(docx-redline), or are young single-author projects (docx-revisions, docx-trackdiff,
jubarte-redlines); actegen's documents come from its own templates — paragraphs, runs and
tables — and the revision markup they need is small and specified (ECMA-376 Part 1,
§17.13.5: ``w:ins``, ``w:del``, ``w:delText``, paragraph-mark and table-row revisions).
"""

from __future__ import annotations

import copy
import io
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lxml import etree

from .bounded import open_docx
from .docx_lines import body_blocks, document_lines, is_text_part, paragraph_text, w
from .errors import DiffError
from .sequence import Matcher, most_similar, unified_diff

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# --------------------------------------------------------------------------------------
# Reading


def read_parts(path: Path, *, full: bool = False) -> dict[str, etree._Element]:
    """The body, headers and footers of a DOCX, as XML trees; with ``full``, also its
    footnotes, endnotes and styles (what a template's dump shows)."""
    with open_docx(path) as z:
        try:
            names = z.namelist()
            parts = {"word/document.xml": etree.fromstring(z.read("word/document.xml"))}
            for name in sorted(names):
                if re.fullmatch(r"word/(header|footer)\d*\.xml", name) or (
                    full and (is_text_part(name) or name == "word/styles.xml")
                ):
                    parts[name] = etree.fromstring(z.read(name))
            return parts
        except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, zlib.error, EOFError):
            raise DiffError(f"{path} : ce n'est pas un document Word (.docx) lisible") from None


def _with_body(path: Path, parts: dict[str, etree._Element]) -> dict[str, etree._Element]:
    """The parts of a document with a body (``w:body``); one without is refused, not taken as empty."""
    if parts["word/document.xml"].find(w("body")) is None:
        raise DiffError(f"{path} : document Word sans corps (w:body) ; rien à comparer")
    return parts


def author_problem(author: str) -> str | None:
    """Why ``author`` cannot sign a revision (None: it can): XML holds no control character."""
    bad = next((c for c in author if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn")), None)
    if bad is not None:
        return f"caractère invisible ou de contrôle U+{ord(bad):04X} non permis dans l'auteur des révisions"
    if not author.strip() or len(author) > 255:
        return "l'auteur des révisions tient en 1 à 255 caractères, pas tous des espaces"
    return None


def text_diff(old: Path, new: Path, *, context: int = 1) -> str:
    """A unified diff of the two documents, one line per paragraph and per table cell."""
    a = document_lines(_with_body(old, read_parts(old)))
    b = document_lines(_with_body(new, read_parts(new)))
    return "".join(
        line if line.endswith("\n") else line + "\n"
        for line in unified_diff(a, b, str(old), str(new), n=context)
    )


# --------------------------------------------------------------------------------------
# Tracked changes


@dataclass
class _Revisions:
    author: str
    date: str
    next_id: int = 1
    count: int = 0

    def mark(self, tag: str) -> etree._Element:
        el = etree.Element(w(tag))
        el.set(w("id"), str(self.next_id))
        el.set(w("author"), self.author)
        el.set(w("date"), self.date)
        self.next_id += 1
        self.count += 1
        return el


def _revision_date() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.fromtimestamp(int(epoch), tz=UTC) if epoch.isdigit() else datetime.now(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


# Elements a simple run may hold, and the paragraph children the word-level diff keeps.
_RUN_CONTENT = {w("rPr"), w("t"), w("tab"), w("br"), w("cr"), w("noBreakHyphen"), w("lastRenderedPageBreak")}
_PARA_KEEP = {w("pPr"), w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")}


def _simple(p: etree._Element) -> bool:
    """A paragraph made of plain runs (text, tabs, breaks): it can be diffed word by word."""
    for child in p:
        if child.tag in _PARA_KEEP:
            continue
        if child.tag != w("r") or any(c.tag not in _RUN_CONTENT for c in child):
            return False
    return True


def _segments(p: etree._Element) -> list[tuple[str, etree._Element | None]]:
    """(character, run properties) for each character of a simple paragraph."""
    out: list[tuple[str, etree._Element | None]] = []
    for run in p.findall(w("r")):
        rpr = run.find(w("rPr"))
        for el in run:
            if el.tag == w("t"):
                out.extend((ch, rpr) for ch in (el.text or ""))
            elif el.tag == w("tab"):
                out.append(("\t", rpr))
            elif el.tag in (w("br"), w("cr")):
                out.append(("\n", rpr))
            elif el.tag == w("noBreakHyphen"):
                out.append(("-", rpr))
    return out


def _runs(chars: list[tuple[str, etree._Element | None]], deleted: bool) -> list[etree._Element]:
    """Runs for consecutive characters of the same formatting."""
    runs: list[etree._Element] = []
    i = 0
    while i < len(chars):
        rpr = chars[i][1]
        j = i
        while j < len(chars) and chars[j][1] is rpr:
            j += 1
        run = etree.Element(w("r"))
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        for piece in re.split(r"([\t\n])", "".join(ch for ch, _ in chars[i:j])):
            if piece == "\t":
                etree.SubElement(run, w("tab"))
            elif piece == "\n":
                etree.SubElement(run, w("br"))
            elif piece:
                t = etree.SubElement(run, w("delText" if deleted else "t"))
                t.text = piece
                t.set(XML_SPACE, "preserve")
        runs.append(run)
        i = j
    return runs


def _wrap(runs: list[etree._Element], mark: etree._Element) -> etree._Element:
    for run in runs:
        mark.append(run)
    return mark


def _mark_paragraph(p: etree._Element, tag: str, revs: _Revisions) -> None:
    """Mark the paragraph mark itself inserted or deleted (accepting/rejecting removes it)."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        anchor = next((c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))), None)
        if anchor is not None:
            anchor.addprevious(rpr)
        else:
            ppr.append(rpr)
    rpr.insert(0, revs.mark(tag))


def _strip_for_deletion(el: etree._Element) -> None:
    """What cannot come back from the old document: drawings, objects, links' targets."""
    for bad in list(el.iter(w("drawing"), w("pict"), w("object"))):
        bad.getparent().remove(bad)
    for link in list(el.iter(w("hyperlink"))):
        parent = link.getparent()
        index = parent.index(link)
        for child in list(link):
            parent.insert(index, child)
            index += 1
        parent.remove(link)
    for el_ in el.iter():
        for attr in list(el_.attrib):
            if attr.startswith(f"{{{R}}}"):
                del el_.attrib[attr]


def _whole_paragraph(p: etree._Element, tag: str, revs: _Revisions) -> etree._Element:
    """The paragraph with all its runs inserted or deleted, and its mark too."""
    if tag == "del":
        _strip_for_deletion(p)
    for child in list(p):
        if child.tag == w("r"):
            mark = revs.mark(tag)
            child.addprevious(mark)
            mark.append(child)
            if tag == "del":
                for t in child.iter(w("t")):
                    t.tag = w("delText")
                for t in child.iter(w("instrText")):
                    t.tag = w("delInstrText")
        elif child.tag in (w("ins"), w("del")) and tag == "del":
            # an earlier revision inside a deleted paragraph: keep its text, deleted
            for run in child.findall(w("r")):
                for t in run.iter(w("t")):
                    t.tag = w("delText")
            child.tag = w("del")
    _mark_paragraph(p, tag, revs)
    return p


_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


def _word_diff(old: etree._Element, new: etree._Element, revs: _Revisions) -> etree._Element:
    """The new paragraph, its words compared with the old one's: deletions then insertions."""
    a, b = _segments(old), _segments(new)
    ta = _TOKEN.findall("".join(ch for ch, _ in a))
    tb = _TOKEN.findall("".join(ch for ch, _ in b))
    # token index → character offset
    oa, ob = [0], [0]
    for t in ta:
        oa.append(oa[-1] + len(t))
    for t in tb:
        ob.append(ob[-1] + len(t))
    result = etree.Element(w("p"), nsmap=new.nsmap)
    for child in new:
        if child.tag in _PARA_KEEP and child.tag == w("pPr"):
            result.append(copy.deepcopy(child))
    for op, i1, i2, j1, j2 in Matcher(ta, tb).get_opcodes():
        if op == "equal":
            result.extend(_runs(b[ob[j1] : ob[j2]], False))
            continue
        if i2 > i1:
            result.append(_wrap(_runs(a[oa[i1] : oa[i2]], True), revs.mark("del")))
        if j2 > j1:
            result.append(_wrap(_runs(b[ob[j1] : ob[j2]], False), revs.mark("ins")))
    return result


def _key(block: etree._Element) -> tuple[str, str]:
    if block.tag == w("p"):
        return ("p", paragraph_text(block))
    if block.tag == w("tbl"):
        return (
            "t",
            "\x1f".join(
                "\x1e".join(paragraph_text(p) for p in tc.iter(w("p"))) for tc in block.iter(w("tc"))
            ),
        )
    return ("x", "".join(paragraph_text(p) for p in block.iter(w("p"))))


def _similar(a: str, b: str) -> bool:
    return most_similar(a, [(0, b)]) is not None  # ratio ≥ 0.4


def _pair(old: etree._Element, new: etree._Element, revs: _Revisions) -> list[etree._Element] | None:
    """The changed-in-place form of two blocks, or None if they are not the same block changed."""
    if old.tag == new.tag == w("p"):
        if _simple(old) and _simple(new) and _similar(paragraph_text(old), paragraph_text(new)):
            return [_word_diff(old, new, revs)]
        return None
    if old.tag == new.tag == w("tbl"):
        _diff_table(old, new, revs)
        return [new]
    return None


def _diff_blocks(
    old: list[etree._Element], new: list[etree._Element], revs: _Revisions
) -> list[etree._Element]:
    """The new blocks, with the old ones' differences as revisions, in document order."""
    out: list[etree._Element] = []
    ka, kb = [_key(b) for b in old], [_key(b) for b in new]
    for op, i1, i2, j1, j2 in Matcher(ka, kb).get_opcodes():
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        k = 0
        while k < min(len(olds), len(news)):
            paired = _pair(olds[k], news[k], revs)
            if paired is None:
                break
            out.extend(paired)
            k += 1
        for block in olds[k:]:
            if block.tag in (w("p"), w("tbl")):  # other blocks cannot be marked: left out
                out.append(_deleted(copy.deepcopy(block), revs))
        for block in news[k:]:
            out.append(_inserted(block, revs))
    return out


def _deleted(block: etree._Element, revs: _Revisions) -> etree._Element:
    if block.tag == w("p"):
        return _whole_paragraph(block, "del", revs)
    for row in block.findall(w("tr")):
        _whole_row(row, "del", revs)
    return block


def _inserted(block: etree._Element, revs: _Revisions) -> etree._Element:
    if block.tag == w("p"):
        return _whole_paragraph(block, "ins", revs)
    if block.tag == w("tbl"):
        for row in block.findall(w("tr")):
            _whole_row(row, "ins", revs)
    return block


def _whole_row(row: etree._Element, tag: str, revs: _Revisions) -> etree._Element:
    trpr = row.find(w("trPr"))
    if trpr is None:
        trpr = etree.Element(w("trPr"))
        anchor = row.find(w("tblPrEx"))
        if anchor is not None:
            anchor.addnext(trpr)
        else:
            row.insert(0, trpr)
    change = trpr.find(w("trPrChange"))
    if change is not None:
        change.addprevious(revs.mark(tag))
    else:
        trpr.append(revs.mark(tag))
    for p in row.iter(w("p")):
        _whole_paragraph(p, tag, revs)
    return row


def _diff_table(old: etree._Element, new: etree._Element, revs: _Revisions) -> None:
    """Rows aligned by their text; a row changed in place is compared cell by cell."""
    rows_a, rows_b = old.findall(w("tr")), new.findall(w("tr"))
    ka = [_key_row(r) for r in rows_a]
    kb = [_key_row(r) for r in rows_b]
    result: list[etree._Element] = []
    for op, i1, i2, j1, j2 in Matcher(ka, kb).get_opcodes():
        if op == "equal":
            result.extend(rows_b[j1:j2])
            continue
        olds, news = rows_a[i1:i2], rows_b[j1:j2]
        k = 0
        while k < min(len(olds), len(news)) and len(olds[k].findall(w("tc"))) == len(
            news[k].findall(w("tc"))
        ):
            for tc_old, tc_new in zip(olds[k].findall(w("tc")), news[k].findall(w("tc")), strict=True):
                _diff_cell(tc_old, tc_new, revs)
            result.append(news[k])
            k += 1
        result.extend(_whole_row(copy.deepcopy(r), "del", revs) for r in olds[k:])
        result.extend(_whole_row(r, "ins", revs) for r in news[k:])
    for row in rows_b:
        new.remove(row)
    for row in result:
        new.append(row)


def _key_row(row: etree._Element) -> str:
    return "\x1f".join(" ".join(paragraph_text(p) for p in tc.iter(w("p"))) for tc in row.findall(w("tc")))


def _diff_cell(old: etree._Element, new: etree._Element, revs: _Revisions) -> None:
    blocks = _diff_blocks(body_blocks(old), body_blocks(new), revs)
    for child in body_blocks(new):
        new.remove(child)
    for block in blocks:
        new.append(block)


def tracked_changes(
    old: Path, new: Path, out: Path, *, author: str = "actegen", date: str | None = None
) -> int:
    """Write ``out``: the new document with its differences from the old one as revisions.

    Returns the number of revisions written.
    """
    if (problem := author_problem(author)) is not None:
        raise DiffError(f"--auteur : {problem}")
    old_root = _with_body(old, read_parts(old))["word/document.xml"]
    _with_body(new, read_parts(new))
    with open_docx(new) as z:  # read_parts read it whole: the members are sound
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    data = {info.filename: blob for info, blob in members}
    new_root = etree.fromstring(data["word/document.xml"])
    revs = _Revisions(author, date or _revision_date())
    body_new, body_old = new_root.find(w("body")), old_root.find(w("body"))
    blocks = _diff_blocks(body_blocks(body_old), body_blocks(body_new), revs)
    sect = body_new.find(w("sectPr"))
    for child in list(body_new):
        if child is not sect:
            body_new.remove(child)
    for block in blocks:
        if sect is not None:
            sect.addprevious(block)
        else:
            body_new.append(block)
    data["word/document.xml"] = etree.tostring(
        new_root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info, _blob in members:
            z.writestr(info, data[info.filename])
    out.write_bytes(buffer.getvalue())
    return revs.count


def revisions(path: Path) -> Iterator[tuple[str, str, str]]:
    """(kind, author, text) of each revision of a document: ``ins`` or ``del``."""
    root = read_parts(path)["word/document.xml"]
    for el in root.iter(w("ins"), w("del")):
        text = "".join(t.text or "" for t in el.iter(w("t"), w("delText")))
        yield (el.tag.split("}")[1], el.get(w("author"), ""), text)
