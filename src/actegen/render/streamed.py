"""The streamed body: a document's body rendered, rewritten and compressed as it comes.

docxtpl renders a body into one string, parses it, fixes its tables and drawings, and
serializes it again: a 1 000-lot note de calcul holds hundreds of MB at once. The streamed
body gives the same bytes with memory that does not grow with the body: the XML Jinja
produces is cut after a ``</w:p>`` every ``_SEGMENT`` characters (no rewrite docxtpl makes
spans such a cut), rewritten as docxtpl would, written as lxml writes a parsed tree
(``_as_lxml_writes``) and compressed as it comes. ``BodyChecker`` reads it alongside,
keeping nothing: the body must be well-formed, hold no drawing to renumber, and no table
whose cells outnumber or underfill its grid — else ``NeedsTree`` sends the body down
docxtpl's tree path, whose fix-ups it needs.

``STREAM_BODIES = False`` sends every body down the tree path (to tell a streaming bug from
a template's): the bytes are the same.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from ..docx_zip import COMPRESS_LEVEL, ZipMember

STREAM_BODIES = True  # False: every body takes docxtpl's tree path


_SEGMENT = 256 * 1024  # characters of XML per segment of a streamed body
_XMLNS = re.compile(rb' (xmlns(?::[^\s=<>"]+)?)="([^"<>]*)"')
_QUOTE = re.compile(r"&#3[49];")
_OPENED_ON_JINJA = re.compile(r"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)(?:\s[^<>]*)?(?<!/)>(?=\{)")
_SPACE_IN_TAG = re.compile(r"<[^<>]*[\t\n]")


class NeedsTree(Exception):
    """This body needs the tree path (docxtpl's fix-ups, or lxml's judgement of bad XML)."""


def _lxml_quote(match: re.Match[str]) -> str:
    text, position = match.string, match.start()
    if text.rfind("<", 0, position) > text.rfind(">", 0, position):  # in a tag: an attribute value
        return "&quot;" if match.group(0) == "&#34;" else "'"
    return '"' if match.group(0) == "&#34;" else "'"  # in text


def empty_elements(source: str) -> re.Pattern[str] | None:
    """The elements a render of ``source`` can leave empty, as a pattern: only those whose
    content starts with a Jinja tag (literal content stays). None: there is none."""
    names = sorted(set(_OPENED_ON_JINJA.findall(source)))
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"<({alternatives})(\s[^<>]*?)?></\1>")


def _as_lxml_writes(xml: str, empty: re.Pattern[str] | None) -> str:
    """Jinja's output written as lxml writes it once parsed: quotes in text unescaped
    (Jinja writes ``&#34;``, lxml ``"``), in attributes ``&quot;``; empty elements closed
    in their tag. The template itself was written by lxml; only what Jinja inserts differs.
    What else lxml would rewrite (carriage returns, comments, a line break in a tag) is
    left to the tree path."""
    if "\r" in xml or "<!--" in xml or "<![CDATA[" in xml or "<?" in xml:
        raise NeedsTree("XML à normaliser")
    if ("\n" in xml or "\t" in xml) and _SPACE_IN_TAG.search(xml):
        raise NeedsTree("XML à normaliser")
    if "&#3" in xml:
        xml = _QUOTE.sub(_lxml_quote, xml)
    if "&#95;" in xml:  # a value's « {_ » (``_as_typed``)
        xml = xml.replace("&#95;", "_")
    return empty.sub(r"<\1\2/>", xml) if empty is not None else xml


def strip_declarations(data: bytes, root_namespaces: set[tuple[bytes, bytes]]) -> bytes | None:
    """``data`` without the namespace declarations of its tags, when the document element
    makes them all (lxml would drop them); None when one is new. Text that merely looks
    like a declaration (a name typed as ``a xmlns:b="c"``) is left alone."""
    pieces: list[bytes] = []
    start = 0
    for match in _XMLNS.finditer(data):
        position = match.start()
        if data.rfind(b"<", 0, position) < data.rfind(b">", 0, position):
            continue  # in text, not in a tag
        if match.groups() not in root_namespaces:
            return None
        pieces.append(data[start:position])
        start = match.end()
    if not pieces:
        return data
    pieces.append(data[start:])
    return b"".join(pieces)


_TABLE_TAG = re.compile(rb"<(/?)w:(tbl|tblGrid|gridCol|tr|tc|gridSpan|sdt|customXml)((?:\s[^>]*?)?)(/?)>")
_GRID_SPAN = re.compile(rb'w:val="(\d+)"')


class _NoEvents:
    """A parser target that wants no event: libxml2 checks the XML without building a tree."""

    def close(self) -> None:
        return None


class BodyChecker:
    """Reads a streamed body as lxml and docxtpl would, keeping nothing of it: raises
    ``NeedsTree`` if it is not well-formed, holds a drawing (``fix_docpr_ids`` renumbers
    them), or a table ``fix_tables`` would change — a row with more cells than the grid has
    columns, or fewer columns spanned than the grid has (docxtpl counts, for each table,
    every row under it, nested tables' included). Cells wrapped in content controls or
    custom XML are left to the tree path."""

    def __init__(self) -> None:
        self._parser = etree.XMLParser(target=_NoEvents())
        self._tables: list[list[Any]] = []  # [grid columns, most cells, most columns spanned]
        self._rows: list[list[int]] = []  # [cells, columns spanned]
        self._cells: list[int] = []  # columns spanned by each open cell
        self._grid: int | None = None  # gridCol seen in the open tblGrid

    def feed(self, data: bytes) -> None:
        if b"docPr" in data:
            raise NeedsTree("dessin")
        try:
            self._parser.feed(data)
        except etree.XMLSyntaxError as exc:
            raise NeedsTree(str(exc)) from None
        if self._tables or b"<w:tbl" in data:
            for match in _TABLE_TAG.finditer(data):
                self._tag(*match.groups())

    def close(self) -> None:
        try:
            self._parser.close()
        except etree.XMLSyntaxError as exc:
            raise NeedsTree(str(exc)) from None
        if self._tables or self._rows or self._cells:
            raise NeedsTree("tableau non fermé")

    def _tag(self, closing: bytes, name: bytes, attributes: bytes, empty: bytes) -> None:
        tables, rows, cells = self._tables, self._rows, self._cells
        opening = not closing
        if name in (b"sdt", b"customXml"):
            if opening and (tables or rows):
                raise NeedsTree("contrôle de contenu dans un tableau")
            return
        if name == b"tbl":
            if opening and not empty:
                tables.append([None, 0, 0])
            elif closing:
                columns, most_cells, most_spanned = tables.pop()
                if columns is None or most_cells > columns or most_spanned < columns:
                    raise NeedsTree("tableau à ajuster")
        elif name == b"tblGrid":
            if opening:
                self._grid = 0
            if (closing or empty) and tables and tables[-1][0] is None:
                tables[-1][0] = self._grid or 0
                self._grid = None
        elif name == b"gridCol":
            if opening and self._grid is not None:
                self._grid += 1
        elif name == b"tr":
            if opening:
                rows.append([0, 0])
            if closing or empty:
                row_cells, spanned = rows.pop()
                for table in tables:
                    table[1] = max(table[1], row_cells)
                    table[2] = max(table[2], spanned)
        elif name == b"tc":
            if opening:
                if rows:
                    rows[-1][0] += 1
                cells.append(1)
            if closing or empty:
                span = cells.pop()
                if rows:
                    rows[-1][1] += span
        elif name == b"gridSpan" and opening and cells:
            match = _GRID_SPAN.search(attributes)
            if match is None:
                raise NeedsTree("fusion de cellules illisible")
            cells[-1] = int(match.group(1))


class _Deflater:
    """A zip member compressed as its bytes come (``docx_zip.deflate``, in pieces)."""

    def __init__(self, name: str):
        self.name = name
        self._compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
        self._crc = 0
        self._size = 0
        self._out: list[bytes] = []

    def write(self, data: bytes) -> None:
        self._crc = zlib.crc32(data, self._crc)
        self._size += len(data)
        self._out.append(self._compressor.compress(data))

    def member(self) -> ZipMember:
        self._out.append(self._compressor.flush())
        data = b"".join(self._out)
        self._out.clear()
        return ZipMember(self.name, self._crc & 0xFFFFFFFF, self._size, data)


def stream_body(
    pieces: Iterable[str],
    name: str,
    head: bytes,
    tail: bytes,
    *,
    after_jinja: Callable[[str], str],
    empty: re.Pattern[str] | None,
    root_namespaces: set[tuple[bytes, bytes]],
) -> ZipMember:
    """The zip member ``name``: ``head``, the body Jinja streams as ``pieces`` (rewritten by
    ``after_jinja``, docxtpl's ``render_xml_part``), ``tail``. Raises ``NeedsTree``.

    ``empty``: the elements a render can leave empty (``empty_elements``);
    ``root_namespaces``: the declarations the document element makes, dropped from the body.
    """
    checker = BodyChecker()
    out = _Deflater(name)
    out.write(head)

    def emit(xml: str) -> None:
        data = _as_lxml_writes(after_jinja(xml), empty).encode("utf-8")
        checker.feed(data)
        stripped = strip_declarations(data, root_namespaces)
        if stripped is None:
            raise NeedsTree("déclarations d'espaces de noms")
        out.write(stripped)

    pending: list[str] = []
    size, threshold = 0, _SEGMENT
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size < threshold:
            continue
        text = "".join(pending)
        cut = text.rfind("</w:p>")
        if cut < 0:  # no paragraph ends yet: look again when it has doubled
            pending, threshold = [text], 2 * size
            continue
        cut += len("</w:p>")
        emit(text[:cut])
        pending = [text[cut:]]
        size, threshold = len(pending[0]), _SEGMENT
    emit("".join(pending))
    checker.close()
    out.write(tail)
    return out.member()
