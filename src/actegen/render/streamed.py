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

import itertools
import re
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from lxml import etree

from .. import sandbox
from ..docx_zip import ZipMember, compress_level

STREAM_BODIES = True  # False: every body takes docxtpl's tree path


_SEGMENT = 256 * 1024  # characters of XML per segment of a streamed body
_XMLNS = re.compile(rb' (xmlns(?::[^\s=<>"]+)?)="([^"<>]*)"')
_ENTITY = re.compile(r"&#(?:3[49]|95);")  # the quotes Jinja escapes, and ``_as_typed``'s « _ »
_OPENED_ON_JINJA = re.compile(r"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)(?:\s[^<>]*)?(?<!/)>(?=\{)")
_SPACE_IN_TAG = re.compile(r"<[^<>]*[\t\n]")


class NeedsTree(Exception):
    """This body needs the tree path (docxtpl's fix-ups, or lxml's judgement of bad XML)."""


def _lxml_entity(match: re.Match[str]) -> str:
    if match.group(0) == "&#95;":
        return "_"
    text, position = match.string, match.start()
    if text.rfind("<", 0, position) > text.rfind(">", 0, position):  # in a tag: an attribute value
        return "&quot;" if match.group(0) == "&#34;" else "'"
    return '"' if match.group(0) == "&#34;" else "'"  # in text


def empty_elements(source: str) -> tuple[str, ...]:
    """The elements a render of ``source`` can leave empty, by name: only those whose
    content starts with a Jinja tag (literal content stays)."""
    return tuple(sorted(set(_OPENED_ON_JINJA.findall(source))))


def _close_empty(xml: str, names: tuple[str, ...]) -> str:
    """Each ``<name …></name>`` of ``xml`` written ``<name …/>``, as lxml writes it.

    The element's end ``></name>`` is found as text, then the tag it ends: the text from
    the last ``<`` before it, ``<name`` or ``<name`` + a blank + no ``>``. (A pattern
    ``<(name)(\\s[^<>]*?)?></\\1>`` does the same, slowly: it tries every ``<`` of the body.)
    The elements of two names never overlap, so one name after the other is the same.
    """
    for name in names:
        end = f"></{name}>"
        if end not in xml:
            continue
        pieces = xml.split(end)
        out = [pieces[0]]
        tag, size = "<" + name, len(name) + 1
        for before, after in itertools.pairwise(pieces):
            start = before.rfind("<")
            opening = before[start:] if start >= 0 else ""
            empty = opening == tag or (
                opening.startswith(tag) and opening[size].isspace() and ">" not in opening
            )
            out.append("/>" if empty else end)
            out.append(after)
        xml = "".join(out)
    return xml


def _as_lxml_writes(xml: str, empty: tuple[str, ...]) -> str:
    """Jinja's output written as lxml writes it once parsed: quotes in text unescaped
    (Jinja writes ``&#34;``, lxml ``"``), in attributes ``&quot;``; empty elements closed
    in their tag. The template itself was written by lxml; only what Jinja inserts differs.
    What else lxml would rewrite (carriage returns, comments, a line break in a tag) is
    left to the tree path."""
    # Each test looks for one character first (a fast scan; see ``environment.after_jinja``).
    if "\r" in xml or ("!" in xml and ("<!--" in xml or "<![CDATA[" in xml)) or ("?" in xml and "<?" in xml):
        raise NeedsTree("XML à normaliser")
    if ("\n" in xml or "\t" in xml) and _SPACE_IN_TAG.search(xml):
        raise NeedsTree("XML à normaliser")
    if "#" in xml and "&#" in xml:  # quotes; a value's « {_ » (``_as_typed``) as ``&#95;``
        xml = _ENTITY.sub(_lxml_entity, xml)
    return _close_empty(xml, empty)


def strip_declarations(data: bytes, root_namespaces: set[tuple[bytes, bytes]]) -> bytes | None:
    """``data`` without the namespace declarations of its tags, when the document element
    makes them all (lxml would drop them); None when one is new. Text that merely looks
    like a declaration (a name typed as ``a xmlns:b="c"``) is left alone."""
    if b" xmlns" not in data:  # no declaration: ``_XMLNS`` would find none (most segments)
        return data
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
# The tags of ``_TABLE_TAG`` that are not a cell's or a grid column's, and those two. In XML a
# ``<`` starts a tag (text and attributes escape it), so ``_TABLE_TAG`` matches whole tags,
# each one matched by exactly one of the two: scanning with both is scanning with it.
_STRUCTURE_TAG = re.compile(rb"<(/?)w:(tbl|tblGrid|tr|gridSpan|sdt|customXml)((?:\s[^>]*?)?)(/?)>")
_CELL_TAG = re.compile(rb"<(/?)w:(gridCol|tc)((?:\s[^>]*?)?)(/?)>")
_CELL_OPENING = re.compile(rb"<w:tc(?:\s[^>]*?)?/?>")
# In a row's content, what may be a tag of ``_STRUCTURE_TAG`` (a ``<w:sdtPr`` too: a false
# alarm only costs the exact scan).
_NOT_A_PLAIN_ROW = re.compile(rb"</?w:(?:tbl|tr[\s/>]|gridSpan|sdt|customXml)")
# Outside any table, the tags ``_tag`` acts on start so (``<w:trPr``, ``<w:tcPr``: false alarms).
_TABLE_STARTS = (b"<w:tbl", b"<w:tr", b"<w:tc")
_TABLE_END = b"</w:tbl>"
# In a table's content, what may be a tag of ``_STRUCTURE_TAG`` but its rows and its grid.
_NOT_IN_A_PLAIN_TABLE = (b"<w:gridSpan", b"<w:sdt", b"<w:customXml")  # balanced content: no closing alone
_TABLE_OPENING = re.compile(rb"<w:tbl[\s/>]")
_TABLE_CLOSING = re.compile(rb"</w:tbl\s")  # but ``</w:tbl>``
_ROW_OPENING = re.compile(rb"<w:tr[\s/>]")
# The openings of a cell or a row but ``<w:tc>``, ``<w:tr>``: found by one search (none, in a
# shipped template's tables), the openings are counted as those literal bytes, fast.
_CELL_OTHER_OPENING = re.compile(rb"<w:tc[\s/]")
_ROW_OTHER_OPENING = re.compile(rb"<w:tr[\s/]")
_GRID_COLUMN = re.compile(rb"<w:gridCol[\s/>]")
_ROW_END = b"</w:tr>"
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
    custom XML are left to the tree path.

    The table check acts on each tag of ``_TABLE_TAG`` in order (``_tag``); ``_scan`` skips
    what cannot change its result, a body's text outside tables and the cells of a plain row.
    """

    def __init__(self, *, keep: bool = False) -> None:
        """``keep``: build the tree as it reads (``close`` returns it), for a reader of the
        body after the render (``mentions.headings``), who would otherwise parse it again."""
        self._parser = etree.XMLParser() if keep else etree.XMLParser(target=_NoEvents())
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
            self._scan(data)

    def close(self) -> etree._Element | None:
        """The body's tree if kept (``keep``), else None."""
        try:
            tree = self._parser.close()
        except etree.XMLSyntaxError as exc:
            raise NeedsTree(str(exc)) from None
        if self._tables or self._rows or self._cells:
            raise NeedsTree("tableau non fermé")
        return tree

    def _scan(self, data: bytes) -> None:
        """``_tag`` for every tag of ``_TABLE_TAG`` in ``data``, in order — but for those it
        would ignore or whose effect is known without a call each:

        - outside any table, row and cell, with no grid open, ``_tag`` only acts from a
          ``<w:tbl``, ``<w:tr`` or ``<w:tc`` on: the text before the first is skipped;
        - a plain row — between its ``<w:tr>`` and the first ``</w:tr>``, no tag but cells'
          (none of ``_ROW_TAG``, ``_NOT_A_PLAIN_ROW``) and no grid open — is well-formed
          XML's balanced content: each cell opens and closes in it, spanning one column
          (no gridSpan), so ``_tag`` would add as many cells and columns to the row as it
          has cell openings, which are counted. Bad XML is the parser's to refuse.
        """
        tables, rows, cells = self._tables, self._rows, self._cells
        position, size = 0, len(data)
        while position < size:
            if not (tables or rows or cells) and self._grid is None:
                hits = [i for i in (data.find(t, position) for t in _TABLE_STARTS) if i >= 0]
                if not hits:
                    return
                position = min(hits)
            match = _STRUCTURE_TAG.search(data, position)
            end = match.start() if match is not None else size
            if data.find(b"w:tc", position, end) >= 0 or data.find(b"<w:gridCol", position, end) >= 0:
                for cell in _CELL_TAG.finditer(data, position, end):
                    self._tag(*cell.groups())
            if match is None:
                return
            closing, name, attributes, empty = match.groups()
            self._tag(closing, name, attributes, empty)
            position = match.end()
            if name == b"tbl" and not closing and not empty and self._grid is None:
                position = self._plain_table(data, position)
            elif name == b"tr" and not closing and not empty and self._grid is None:
                row_end = data.find(_ROW_END, position)
                if row_end >= 0 and self._plain_row(data, position, row_end):
                    opened = len(_CELL_OPENING.findall(data, position, row_end))
                    rows[-1][0] += opened
                    rows[-1][1] += opened
                    self._tag(b"/", b"tr", b"", b"")
                    position = row_end + len(_ROW_END)

    def _plain_table(self, data: bytes, start: int) -> int:
        """After a table's opening tag at ``start``: if the table is plain, what ``_tag`` would
        do for each tag up to its ``</w:tbl>`` included, done, and the position after it; else
        ``start``, the table to be scanned.

        A plain table, up to the first ``</w:tbl>``: no other table tag, no tag of
        ``_NOT_IN_A_PLAIN_TABLE``, one grid ``<w:tblGrid>…</w:tblGrid>``, cells all opened by
        ``<w:tc>``, and each ``</w:tr>`` ending a piece that opens one row (``<w:tr>`` or
        ``<w:tr …>``) before any cell. In well-formed XML its content is then balanced and
        its rows its own, one after the other, each holding its cells, each cell spanning
        one column: ``_tag`` would give the table the grid's columns, and to it and every
        table around it the most cells of a row as most cells and most columns spanned.
        """
        end = data.find(_TABLE_END, start)
        if end < 0 or _TABLE_OPENING.search(data, start, end) or _TABLE_CLOSING.search(data, start, end):
            return start
        if any(data.find(tag, start, end) >= 0 for tag in _NOT_IN_A_PLAIN_TABLE):
            return start
        grid = data.find(b"<w:tblGrid>", start, end)
        grid_end = data.find(b"</w:tblGrid>", grid, end)
        content = data[start:end]
        if grid < 0 or grid_end < 0 or content.count(b"tblGrid") != 2:  # that grid only
            return start
        *rows, tail = content.split(_ROW_END)
        if _CELL_OTHER_OPENING.search(content) is not None:  # a cell not opened by ``<w:tc>``
            return start
        plain_rows = _ROW_OTHER_OPENING.search(content) is None  # all opened by ``<w:tr>``
        opened_rows = content.count(b"<w:tr>") if plain_rows else len(_ROW_OPENING.findall(content))
        if opened_rows != len(rows):
            return start
        most = 0
        for row in rows:  # each opens one row: if it opens it first, it opens it alone
            if plain_rows and row.startswith(b"<w:tr>"):
                most = max(most, row.count(b"<w:tc>"))
                continue
            opening = _ROW_OPENING.search(row)
            if (
                opening is None
                or opening.group().endswith(b"/")
                or row.find(b"w:tc", 0, opening.start()) >= 0
            ):
                return start
            most = max(most, row.count(b"<w:tc>"))
        if b"w:tc" in tail:
            return start
        tables = self._tables
        tables[-1][0] = len(_GRID_COLUMN.findall(data, grid, grid_end))
        if rows:
            for table in tables:
                table[1] = max(table[1], most)
                table[2] = max(table[2], most)
        self._tag(b"/", b"tbl", b"", b"")
        return end + len(_TABLE_END)

    @staticmethod
    def _plain_row(data: bytes, start: int, end: int) -> bool:
        """Whether ``data[start:end]`` holds no tag of ``_STRUCTURE_TAG`` (see ``_scan``)."""
        return _NOT_A_PLAIN_ROW.search(data, start, end) is None

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
        self._compressor = zlib.compressobj(compress_level(name), zlib.DEFLATED, -15)
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
    empty: tuple[str, ...],
    root_namespaces: set[tuple[bytes, bytes]],
    limit: int,
    bodies: list[etree._Element] | None = None,
) -> ZipMember:
    """The zip member ``name``: ``head``, the body Jinja streams as ``pieces`` (rewritten by
    ``after_jinja``, docxtpl's ``render_xml_part``), ``tail``. Raises ``NeedsTree``.

    ``empty``: the elements a render can leave empty (``empty_elements``);
    ``root_namespaces``: the declarations the document element makes, dropped from the body;
    ``limit``: the characters the pieces may add up to (``sandbox.MAX_PART_BYTES``), counted
    here rather than by a generator around ``pieces`` (``sandbox.stream``) that would cost a
    call per piece: the threshold at which pending pieces are looked at never passes what is
    left of the limit, so the piece that passes it is the one found to (``sandbox.stream``'s);
    ``bodies``: given, the body's tree is added to it (``BodyChecker(keep=True)``).
    """
    checker = BodyChecker(keep=bodies is not None)
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
    emitted, size, threshold = 0, 0, min(_SEGMENT, limit + 1)
    for piece in pieces:
        pending.append(piece)
        size += len(piece)
        if size < threshold:
            continue
        if emitted + size > limit:
            raise sandbox.TemplateLimit(sandbox.PART_TOO_BIG.format(limit / 2**20))
        text = "".join(pending)
        cut = text.rfind("</w:p>")
        if cut < 0:  # no paragraph ends yet: look again when it has doubled
            pending, threshold = [text], min(2 * size, limit - emitted + 1)
            continue
        cut += len("</w:p>")
        emit(text[:cut])
        emitted += cut
        pending = [text[cut:]]
        size, threshold = len(pending[0]), min(_SEGMENT, limit - emitted + 1)
    emit("".join(pending))
    tree = checker.close()
    if bodies is not None and tree is not None:
        bodies.append(tree)
    out.write(tail)
    return out.member()
