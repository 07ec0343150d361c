"""Three-way merge of a document: the notary's edited file, with the case's changes as
Word tracked changes.

``base`` is what actegen wrote, ``ours`` the file as the notary left it, ``theirs`` what the
case now gives. The result is ``ours`` in which every change from ``base`` to ``theirs`` is a
revision (author ``actegen``, a fixed date so that the output is reproducible): accepting
all gives the notary's edits plus the case's changes, rejecting all gives back exactly the
notary's text. Blocks (paragraphs, tables, rows, cells) are aligned by their text — never
by paragraph ids, rsids or run boundaries, which Word and LibreOffice rewrite — then the
words of a paragraph changed on both sides are merged (diff3 on word tokens).

Where both changed the same words, the notary's text stays, the case's version follows it
as a tracked insertion and a Word comment « conflit : … » is anchored on both: a conflict
is shown, never resolved silently (``Conflict``).
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .bounded import open_docx
from .diff import _Revisions as Revisions
from .diff import (  # diff.py owns the revision markup
    _runs,
    _segments,
    _simple,
    _whole_paragraph,
    _wrap,
    read_parts,
)
from .docx_lines import body_blocks, paragraph_text, w
from .errors import DiffError
from .merge_comments import COMMENTS, FUSION_AUTHOR, add_comments
from .sequence import Matcher, most_similar

FUSION_DATE = "2000-01-01T00:00:00Z"
"""The revisions' date: fixed, so that the same three files always merge to the same bytes."""

_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Conflict:
    """Words the notary and the case both changed: the paragraph (its text in the notary's
    file), the notary's version and the case's."""

    paragraph: str
    ours: str
    theirs: str


@dataclass
class Merged:
    revisions: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def normalise(text: str) -> str:
    """A block's text for alignment: spaces collapsed, so that run splits and re-saves do not matter."""
    return " ".join(text.split())


def _key(block: etree._Element) -> str:
    if block.tag == w("tbl"):
        return "\x1f".join(normalise(paragraph_text(p)) for p in block.iter(w("p")))
    return normalise("".join(paragraph_text(p) for p in block.iter(w("p"))))


def align(
    a: list[etree._Element],
    b: list[etree._Element],
    ka: list[str] | None = None,
    kb: list[str] | None = None,
) -> dict[int, int]:
    """Index in ``b`` of each block of ``a`` that is the same block, unchanged or changed in
    place (``ka``, ``kb``: their keys, when already computed)."""
    ka = [_key(x) for x in a] if ka is None else ka
    kb = [_key(x) for x in b] if kb is None else kb
    out: dict[int, int] = {}
    for op, i1, i2, j1, j2 in Matcher(ka, kb).get_opcodes():
        if op == "equal":
            out.update((i1 + k, j1 + k) for k in range(i2 - i1))
        elif op == "replace":  # each old block to the most similar new one, in order
            j = j1
            for i in range(i1, i2):
                at = most_similar(ka[i], [(x, kb[x]) for x in range(j, j2) if a[i].tag == b[x].tag])
                if at is not None:
                    out[i] = at
                    j = at + 1
    return out


class _Merger:
    def __init__(self, date: str, first_comment: int) -> None:
        self.revs = Revisions(FUSION_AUTHOR, date)
        self.first_comment = first_comment
        self.conflicts: list[Conflict] = []
        self.comments: list[tuple[int, str]] = []

    # ---------------------------------------------------------------- blocks
    def blocks(
        self,
        base: list[etree._Element],
        ours: list[etree._Element],
        theirs: list[etree._Element],
        container: etree._Element,
    ) -> None:
        """Apply to ``ours`` (children of ``container``) the changes from ``base`` to ``theirs``."""
        kbase, kours, ktheirs = ([_key(x) for x in blocks] for blocks in (base, ours, theirs))
        to_ours, to_theirs = align(base, ours, kbase, kours), align(base, theirs, kbase, ktheirs)
        theirs_seen = set(to_theirs.values())
        # blocks the case inserts, after the base block before them (-1: at the start)
        inserted: dict[int, list[etree._Element]] = {}
        last = -1
        by_theirs = {j: i for i, j in to_theirs.items()}
        for j, block in enumerate(theirs):
            if j in theirs_seen:
                last = by_theirs[j]
            else:
                inserted.setdefault(last, []).append(block)
        anchor: etree._Element | None = None  # the last ours block placed, for insertions
        for i in range(-1, len(base)):
            if i >= 0:
                o = ours[to_ours[i]] if i in to_ours else None
                t = theirs[to_theirs[i]] if i in to_theirs else None
                kt = ktheirs[to_theirs[i]] if i in to_theirs else ""
                if o is not None:
                    anchor = o
                    self.block(base[i], o, t, (kbase[i], kours[to_ours[i]], kt))
                elif t is not None and kt != kbase[i]:
                    self.conflicts.append(Conflict("", "(paragraphe supprimé)", kt))
            for new in inserted.get(i, []):
                block = self.new_block(copy.deepcopy(new))
                if anchor is not None:
                    anchor.addnext(block)
                else:
                    first = next(iter(body_blocks(container)), None)
                    if first is not None:
                        first.addprevious(block)
                    else:
                        container.append(block)
                anchor = block

    def new_block(self, block: etree._Element) -> etree._Element:
        if block.tag == w("p"):
            return _whole_paragraph(block, "ins", self.revs)
        for row in block.iter(w("tr")):
            self.whole_row(row, "ins")
        return block

    def block(
        self,
        b: etree._Element,
        o: etree._Element,
        t: etree._Element | None,
        keys: tuple[str, str, str] | None = None,
    ) -> None:
        """One block of the notary's file and its base and case versions (None: the case
        deletes it); ``keys``: the three blocks' keys, when already computed."""
        kb, ko, kt = keys if keys is not None else (_key(b), _key(o), _key(t) if t is not None else "")
        if t is None:
            if ko == kb:
                if o.tag == w("p"):
                    _whole_paragraph(o, "del", self.revs)
                else:
                    for row in o.iter(w("tr")):
                        self.whole_row(row, "del")
            else:
                self.conflict(o, ko, "")
            return
        if kt == kb:
            return
        if o.tag == w("tbl"):
            self.table(b, o, t)
        elif o.tag == w("p"):
            self.paragraph(b, o, t)

    # ---------------------------------------------------------------- tables
    def table(self, b: etree._Element, o: etree._Element, t: etree._Element) -> None:
        rb, ro, rt = b.findall(w("tr")), o.findall(w("tr")), t.findall(w("tr"))
        to_ours, to_theirs = align(rb, ro), align(rb, rt)
        last: etree._Element | None = None
        by_theirs = {j: i for i, j in to_theirs.items()}
        pending: list[etree._Element] = []
        for j, row in enumerate(rt):
            if j not in by_theirs:
                pending.append(row)
                continue
            i = by_theirs[j]
            self._place_rows(pending, last, o)
            pending = []
            if i in to_ours:
                last = ro[to_ours[i]]
                self.row(rb[i], last, row)
        self._place_rows(pending, last, o)
        for i, row in enumerate(rb):
            if i not in to_theirs and i in to_ours:
                if _key(ro[to_ours[i]]) == _key(row):
                    self.whole_row(ro[to_ours[i]], "del")
                else:
                    self.conflict(ro[to_ours[i]].find(f".//{w('p')}"), _key(ro[to_ours[i]]), "")

    def _place_rows(
        self, rows: list[etree._Element], after: etree._Element | None, table: etree._Element
    ) -> None:
        for row in rows:
            new = self.whole_row(copy.deepcopy(row), "ins")
            if after is not None:
                after.addnext(new)
            else:
                first = table.find(w("tr"))
                if first is not None:
                    first.addprevious(new)
                else:
                    table.append(new)
            after = new

    def row(self, b: etree._Element, o: etree._Element, t: etree._Element) -> None:
        cb, co, ct = b.findall(w("tc")), o.findall(w("tc")), t.findall(w("tc"))
        if not len(cb) == len(co) == len(ct):
            if _key(o) == _key(b):
                self._place_rows([t], o, o.getparent())
                self.whole_row(o, "del")
            else:
                self.conflict(o.find(f".//{w('p')}"), _key(o), _key(t))
            return
        for x, y, z in zip(cb, co, ct, strict=True):
            if _key(x) != _key(z):
                self.blocks(body_blocks(x), body_blocks(y), body_blocks(z), y)

    def whole_row(self, row: etree._Element, tag: str) -> etree._Element:
        trpr = row.find(w("trPr"))
        if trpr is None:
            trpr = etree.Element(w("trPr"))
            row.insert(1 if row.find(w("tblPrEx")) is not None else 0, trpr)
        trpr.append(self.revs.mark(tag))
        for p in row.iter(w("p")):
            _whole_paragraph(p, tag, self.revs)
        return row

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, b: etree._Element, o: etree._Element, t: etree._Element) -> None:
        if not (_simple(b) and _simple(o) and _simple(t)):
            if _key(o) == _key(b):
                o.addnext(_whole_paragraph(copy.deepcopy(t), "ins", self.revs))
                _whole_paragraph(o, "del", self.revs)
            else:
                self.conflict(o, _key(o), _key(t))
            return
        sb, so, st = _segments(b), _segments(o), _segments(t)
        tb = _TOKEN.findall("".join(c for c, _ in sb))
        to = _TOKEN.findall("".join(c for c, _ in so))
        tt = _TOKEN.findall("".join(c for c, _ in st))
        offsets = [0]
        for tok in to:
            offsets.append(offsets[-1] + len(tok))
        out: list[etree._Element] = []
        notes: list[tuple[str, str]] = []
        for kind, (j1, j2), theirs in diff3(tb, to, tt):
            chars = so[offsets[j1] : offsets[j2]]
            rpr = (chars or so[max(0, offsets[j1] - 1) : offsets[j1]] or [("", None)])[0][1]
            inserted = [(ch, rpr) for ch in "".join(theirs)]
            if kind == "keep":
                out.extend(_runs(chars, False))
            elif kind == "theirs":
                if chars:
                    out.append(_wrap(_runs(chars, True), self.revs.mark("del")))
                if inserted:
                    out.append(_wrap(_runs(inserted, False), self.revs.mark("ins")))
            else:  # conflict: the notary's words, then the case's as an insertion, commented
                cid = self.first_comment + len(self.comments)
                out.append(_comment_mark("commentRangeStart", cid))
                out.extend(_runs(chars, False))
                if inserted:
                    out.append(_wrap(_runs(inserted, False), self.revs.mark("ins")))
                out.append(_comment_mark("commentRangeEnd", cid))
                out.append(_comment_reference(cid))
                ours_text, theirs_text = "".join(ch for ch, _ in chars), "".join(theirs)
                self.comments.append(
                    (
                        cid,
                        f"conflit : le notaire a écrit « {ours_text} », "
                        f"le dossier donne maintenant « {theirs_text} »",
                    )
                )
                notes.append((ours_text, theirs_text))
        for child in list(o):
            if child.tag != w("pPr"):
                o.remove(child)
        o.extend(out)
        for ours_text, theirs_text in notes:
            self.conflicts.append(Conflict(paragraph_text(_accepted_text_copy(o)), ours_text, theirs_text))

    def conflict(self, p: etree._Element | None, ours: str, theirs: str) -> None:
        """A whole block both sides changed: kept as the notary left it, a comment says so."""
        self.conflicts.append(Conflict(ours, ours, theirs))
        if p is None or p.tag != w("p"):
            return
        cid = self.first_comment + len(self.comments)
        self.comments.append((cid, f"conflit : le dossier donne maintenant « {theirs} »"))
        ppr = p.find(w("pPr"))
        start = _comment_mark("commentRangeStart", cid)
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(_comment_mark("commentRangeEnd", cid))
        p.append(_comment_reference(cid))


def _accepted_text_copy(p: etree._Element) -> etree._Element:
    """The paragraph as the notary wrote it (the case's insertions left out)."""
    c = copy.deepcopy(p)
    for ins in list(c.iter(w("ins"))):
        ins.getparent().remove(ins)
    for d in c.iter(w("delText")):
        d.tag = w("t")
    for d in list(c.iter(w("del"))):
        parent = d.getparent()
        i = parent.index(d)
        for child in list(d):
            parent.insert(i, child)
            i += 1
        parent.remove(d)
    return c


def _comment_mark(tag: str, cid: int) -> etree._Element:
    el = etree.Element(w(tag))
    el.set(w("id"), str(cid))
    return el


def _comment_reference(cid: int) -> etree._Element:
    run = etree.Element(w("r"))
    ref = etree.SubElement(run, w("commentReference"))
    ref.set(w("id"), str(cid))
    return run


def diff3(
    base: list[str], ours: list[str], theirs: list[str]
) -> list[tuple[str, tuple[int, int], list[str]]]:
    """The regions of ``ours``: ``keep`` (unchanged by the case), ``theirs`` (changed by the
    case only: replace by the tokens given) or ``conflict`` (changed by both, differently)."""

    def matches(other: list[str]) -> dict[int, int]:
        m: dict[int, int] = {}
        for a, b2, n in Matcher(base, other).get_matching_blocks():
            m.update((a + k, b2 + k) for k in range(n))
        return m

    mo, mt = matches(ours), matches(theirs)
    out: list[tuple[str, tuple[int, int], list[str]]] = []
    i = j = k = 0
    stable = [x for x in range(len(base)) if x in mo and x in mt]
    for s in [*stable, len(base)]:
        jo = mo[s] if s < len(base) else len(ours)
        kt = mt[s] if s < len(base) else len(theirs)
        if jo < j or kt < k:
            continue
        b_chunk, o_chunk, t_chunk = base[i:s], ours[j:jo], theirs[k:kt]
        if o_chunk or t_chunk or b_chunk:
            if t_chunk == b_chunk or o_chunk == t_chunk:
                out.append(("keep", (j, jo), o_chunk))
            elif o_chunk == b_chunk:
                out.append(("theirs", (j, jo), t_chunk))
            else:
                out.append(("conflict", (j, jo), t_chunk))
        if s < len(base):
            out.append(("keep", (jo, jo + 1), [ours[jo]]))
        i, j, k = s + 1, jo + 1, kt + 1
    return out


def merge(base: Path, ours: Path, theirs: Path, out: Path, *, date: str = FUSION_DATE) -> Merged:
    """Write ``out``: ``ours`` with the changes from ``base`` to ``theirs`` as tracked changes."""
    base_root = read_parts(base)["word/document.xml"]
    theirs_root = read_parts(theirs)["word/document.xml"]
    try:
        with open_docx(ours) as z:
            members = [(info, z.read(info.filename)) for info in z.infolist()]
    except (zipfile.BadZipFile, zlib.error, EOFError):
        raise DiffError(f"{ours} : ce n'est pas un document Word (.docx) lisible") from None
    data = {info.filename: blob for info, blob in members}
    if "word/document.xml" not in data:
        raise DiffError(f"{ours} : ce n'est pas un document Word (.docx) lisible")
    ours_root = etree.fromstring(data["word/document.xml"])
    taken = [int(x) for x in re.findall(rb'w:comment w:id="(\d+)"', data.get(COMMENTS, b""))]
    merger = _Merger(date, max(taken, default=-1) + 1)
    body = ours_root.find(w("body"))
    merger.blocks(
        body_blocks(base_root.find(w("body"))),
        body_blocks(body),
        body_blocks(theirs_root.find(w("body"))),
        body,
    )
    data["word/document.xml"] = etree.tostring(
        ours_root, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    infos = [info for info, _ in members]
    if merger.comments:
        add_comments(data, infos, merger.comments, date)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for info in infos:
            z.writestr(info, data[info.filename])
    out.write_bytes(buffer.getvalue())
    return Merged(merger.revs.count, merger.conflicts)
