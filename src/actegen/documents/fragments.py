"""Render one Word file of the clause library into WordprocessingML for the acte.

A clause is a small ``.docx`` in ``templates/clauses/`` written with the acte's styles and
Jinja tags. It is rendered here, at context-building time, with the acte's own context and
the same strict, escaping, sandboxed environment; its body (paragraphs and tables) becomes a
``Markup`` string that the acte template places with ``{{p clause.xml }}`` — docxtpl replaces
that paragraph by the clause's paragraphs. The text a case supplies never becomes template
code: it is escaped like any value.

What a clause may hold: paragraphs, runs and tables, in the acte's styles (a style unknown to
the acte falls back to its default). What it may not: anything that points to another part
of its own file — images, links, notes, comments, numbered lists — since that part does not
exist in the acte; such a clause is refused with a message naming it.

A clause file is read and compiled once per process (docxtpl's own ``patch_xml`` cleaning),
then each lot only costs a Jinja render: the XML that render gives is most often the same from
one lot to the next, and its cutting into paragraphs (parse, strip, serialize) is kept for it.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from .. import sandbox
from ..bounded import Refused, read_docx
from ..errors import TemplateError
from ..render import after_jinja, filling_errors
from ..render.code_cache import Compiler
from ..templates import UNREADABLE_DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml"
_W = f"{{{W_NS}}}"
_UNSUPPORTED = re.compile(
    r'\br:(?:id|embed|link|pict)="|<w:(?:footnoteReference|endnoteReference|commentReference|numPr)\b'
)


@dataclass
class _Compiled:
    helper: DocxTemplate
    template: jinja2.Template


@dataclass(frozen=True)
class Fragment:
    """A rendered clause: the text of its heading, and its body as WordprocessingML."""

    titre: str
    parts: tuple[str, ...]  # one XML string per paragraph or table

    @property
    def xml(self) -> Markup:
        return Markup("".join(self.parts))


_CACHE: dict[tuple[str, int, int, int, int, int], _Compiled] = {}


def _compile(path: Path, compiler: Compiler, label: str) -> _Compiled:
    try:
        stat = path.stat()
    except OSError as exc:  # a link loop, a path through a file
        raise TemplateError(f"{label}: fichier de clause illisible ({type(exc).__name__})") from None
    # The file itself (device, inode), not its resolved path: no realpath per lot and clause.
    key = (str(path), stat.st_dev, stat.st_ino, stat.st_mtime_ns, stat.st_size, id(compiler))
    found = _CACHE.get(key)
    if found is not None:
        return found
    try:
        body = _body(read_docx(path))
        helper = DocxTemplate(io.BytesIO())  # its patch_xml and resolve_listing read no file
        xml = helper.patch_xml(helper.xml_to_string(body))
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)
        template = compiler.from_string(source)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{label}: balise de modèle invalide ({exc.message})") from None
    except Refused as exc:  # a special file, a huge one, a zip bomb
        raise TemplateError(f"{label}: fichier de clause refusé : {exc}") from None
    except UNREADABLE_DOCX as exc:  # a corrupt .docx
        raise TemplateError(f"{label}: fichier de clause illisible ({type(exc).__name__})") from None
    compiled = _Compiled(helper, template)
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = compiled
    return compiled


_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _body(data: bytes) -> etree._Element:
    """The ``<w:body>`` of the main document part of the .docx ``data``, parsed as python-docx
    parses it (its parser: the same tree, the same XML out).

    Only that part is read: python-docx's ``Document`` would parse every part of the file
    (the acte's styles, copied into each clause file, are most of its 0.8 MB of XML), and a
    clause takes its body alone. The main part is found as python-docx finds it (the
    package's ``officeDocument`` relationship) and must be a Word document's. Raises what
    ``UNREADABLE_DOCX`` lists for a bad file.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        types = etree.fromstring(z.read("[Content_Types].xml"))
        try:
            rels = etree.fromstring(z.read("_rels/.rels"))
        except KeyError:
            rels = etree.Element("Relationships")  # python-docx: no relationship, no main part
        targets = [
            r.get("Target", "")
            for r in rels.iter(f"{_RELATIONSHIPS}Relationship")
            if r.get("Type") == RT.OFFICE_DOCUMENT and r.get("TargetMode") != "External"
        ]
        if not targets:
            raise KeyError("aucune partie principale (relation officeDocument)")
        partname = posixpath.normpath(posixpath.join("/", targets[0]))
        content_type = next(
            (
                o.get("ContentType")
                for o in types.iter(f"{_CONTENT_TYPES}Override")
                if o.get("PartName", "").lower() == partname.lower()
            ),
            None,
        ) or next(
            (
                d.get("ContentType")
                for d in types.iter(f"{_CONTENT_TYPES}Default")
                if d.get("Extension", "").lower() == posixpath.splitext(partname)[1][1:].lower()
            ),
            None,
        )
        if content_type != CT.WML_DOCUMENT_MAIN:
            raise ValueError(f"pas un document Word (type de contenu {content_type!r})")
        root = parse_xml(z.read(partname[1:]))
    body = root.find(f"{_W}body")
    if body is None:
        raise ValueError("document sans corps (w:body)")
    return body


def _text(element: etree._Element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{_W}t"))


def render_fragment(
    path: Path, context: dict[str, Any], compiler: Compiler, *, label: str, document: str
) -> Fragment:
    """Render the clause file ``path`` with ``context``; ``label`` names it in messages."""
    return render_compiled(compile_fragment(path, compiler, label), context, label=label, document=document)


def compile_fragment(path: Path, compiler: Compiler, label: str) -> _Compiled:
    """The clause file ``path`` read and compiled (once per process while it is unchanged;
    its compiled code kept across runs by ``compiler``)."""
    return _compile(path, compiler, label)


def render_compiled(compiled: _Compiled, context: dict[str, Any], *, label: str, document: str) -> Fragment:
    """Render a compiled clause with ``context``; ``label`` names it in messages."""
    with filling_errors(label, document, clause=True), sandbox.guarded():
        rendered = sandbox.render_text(compiled.template, context)
        found = _FRAGMENTS.get(rendered)
        if found is None:
            xml = after_jinja(compiled.helper, rendered)
    if found is not None:
        _FRAGMENTS.move_to_end(rendered)
        return found
    fragment = _cut(xml, label)
    _remember(rendered, fragment)
    return fragment


# The fragments of the strings clause renders gave lately, least recently used first: a
# fragment is a function of that string alone (``after_jinja``: docxtpl's ``resolve_listing``
# reads nothing but its argument; then ``_cut``), and most clauses give the same string for
# every lot of a case. Bounded in entries and in characters (a clause may render megabytes);
# a refused string is not kept (its message names the clause).
_FRAGMENTS: OrderedDict[str, Fragment] = OrderedDict()
_FRAGMENTS_MAX = 1024
_FRAGMENTS_MAX_CHARS = 8 * 2**20
_fragments_chars = 0


def _remember(xml: str, fragment: Fragment) -> None:
    global _fragments_chars  # noqa: PLW0603 - the size of the module's bounded cache
    if len(xml) > _FRAGMENTS_MAX_CHARS // 8:
        return
    _FRAGMENTS[xml] = fragment
    _fragments_chars += len(xml)
    while len(_FRAGMENTS) > _FRAGMENTS_MAX or _fragments_chars > _FRAGMENTS_MAX_CHARS:
        oldest, _ = _FRAGMENTS.popitem(last=False)
        _fragments_chars -= len(oldest)


def _cut(xml: str, label: str) -> Fragment:
    """The rendered body ``xml`` as the acte takes it: one string per paragraph or table,
    without the section properties and Word's paragraph ids (the acte's own would clash)."""
    try:
        body = etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{label}: la clause remplie n’est pas un XML valide ({exc})") from None
    parts: list[str] = []
    title = ""
    for child in body:
        if child.tag == f"{_W}sectPr":
            continue
        element = copy.deepcopy(child)
        for node in element.iter():
            for attr in (f"{{{W14_NS}}}paraId", f"{{{W14_NS}}}textId"):
                node.attrib.pop(attr, None)
        etree.cleanup_namespaces(element)
        if not parts and element.tag == f"{_W}p":
            title = _text(element).strip()
        parts.append(etree.tostring(element, encoding="unicode"))
    joined = "".join(parts)
    if _UNSUPPORTED.search(joined):
        raise TemplateError(
            f"{label}: une clause ne peut contenir ni image, ni lien, ni note, ni commentaire, "
            "ni liste numérotée ou à puces (utiliser le style « Enumeration » et un tiret)"
        )
    return Fragment(title, tuple(parts))
