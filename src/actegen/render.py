"""Stage 4 — render: a document job (template + context) → DOCX bytes.

Rendering never lies:
- ``StrictUndefined``: a variable missing from the context is an error naming the
  template and the variable, never a blank in an act;
- autoescape: a name like ``Dupont & Fils <SARL>`` comes out intact and the XML valid;
- a sandboxed Jinja environment: templates come from other offices and get no access to
  Python internals; case values are data, never template code;
- the document properties (author, dates) come from the case, never from the machine.

Templates are looked up in ``--templates DIR``, else a ``templates/`` folder in the working
directory, else the set shipped with actegen; a template missing from the folder chosen is
taken from the shipped set.

Two ways to the same bytes:
- the **fast path** (``PreparedTemplate``) reads, cleans and compiles a template once per
  process — docxtpl's own ``patch_xml``, ``resolve_listing``, ``fix_tables`` and
  ``fix_docpr_ids``, applied to the same XML — and then renders many contexts from it: per
  document only the Jinja templates of the body, headers and footers run, and only those
  parts and ``docProps/core.xml`` are serialized and compressed; every other member of the
  zip was compressed once. docxtpl spends most of a render re-parsing and re-compiling the
  template (issue 6);
- the **plain path** (``render_document``): a ``DocxTemplate`` loaded, rendered and saved,
  for what the fast path does not handle — a template with footnotes, a context carrying
  docxtpl objects (``InlineImage``, ``Subdoc``, ``RichText``, ``Listing``).
Both end in ``write.normalize_docx``'s reproducible zip, and a test checks that they give
the same bytes for every shipped document.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import jinja2
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from . import french, sandbox
from .errors import TemplateError
from .sandbox import ActegenSandbox, TemplateLimit
from .write import COMPRESS_LEVEL, ZipMember, deflate, normalize_docx, sanitize_member, zip_members


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce: which template, which file name, with which context."""

    family: str
    filename: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    title: str = ""


@dataclass(frozen=True)
class RenderSettings:
    """Case-level settings that every document of a case shares."""

    currency: str
    reform1990: bool
    author: str
    timestamp: datetime
    reference: str

    @property
    def environment_key(self) -> tuple[str, bool]:
        """What the Jinja environment depends on (its filters' defaults)."""
        return (self.currency, self.reform1990)


def shipped_templates_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "acte_de_vente.docx").is_file():
        return checkout
    return Path(str(resources.files("actegen") / "_data" / "templates"))


def templates_dir(override: Path | None) -> Path:
    """``--templates DIR`` first, then ``./templates`` if present, then the shipped set."""
    if override is not None:
        if not override.is_dir():
            raise TemplateError(f"dossier de modèles introuvable : {override}")
        return override
    local = Path.cwd() / "templates"
    if local.is_dir() and any(local.glob("*.docx")):
        return local
    return shipped_templates_dir()


def template_path(directory: Path, name: str) -> Path:
    """A document template: from ``directory``, else — a family the office has not
    customised — from the shipped set (as clause files are)."""
    path = directory / name
    if not path.is_file():
        shipped = shipped_templates_dir() / name
        if shipped.is_file():
            return shipped
        raise TemplateError(f"{path}: modèle introuvable")
    return path


def _jour_semaine(d: Any) -> str:
    return ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")[d.weekday()]


def _as_typed(value: Any) -> Any:
    """A value printed by a template comes out as typed. docxtpl turns ``{_{``, ``}_}``,
    ``{_%`` and ``%_}`` of the rendered XML into ``{{``, ``}}``, ``{%`` and ``%}`` (its way to
    print a tag from a template): in a value, their ``_`` is written ``&#95;``, which XML
    reads back as ``_`` and docxtpl leaves alone."""
    if isinstance(value, str) and ("{_" in value or "_}" in value):
        return Markup(str(escape(value)).replace("{_", "{&#95;").replace("_}", "&#95;}"))
    return value


def make_environment(settings: RenderSettings) -> SandboxedEnvironment:
    """The Jinja environment every template renders in: strict, escaping, sandboxed, with
    its loops counted and its sizes bounded (``actegen.sandbox``)."""
    env = ActegenSandbox(undefined=StrictUndefined, autoescape=True, finalize=_as_typed)
    env.filters.update(french.make_filters(reform1990=settings.reform1990, currency=settings.currency))
    env.filters["jour_semaine"] = _jour_semaine
    return env


_UNDEFINED_ATTR = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _describe_undefined(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = _UNDEFINED_ATTR.search(text) or _UNDEFINED_NAME.search(text)
    name = match.group(1) if match else text
    return f"variable inconnue « {name} »"


@contextlib.contextmanager
def filling_errors(label: str, document: str, *, clause: bool = False) -> Iterator[None]:
    """What filling a template (or a clause file) in can raise, as a ``TemplateError`` naming
    the template, the document and the cause — a limit reached included."""
    noun, filled, itself = ("la clause", "remplie", "elle-même") if clause else ("le modèle", "rempli", "lui-même")
    try:
        yield
    except (TemplateError, jinja2.TemplateSyntaxError):
        raise
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{label}: {_describe_undefined(exc)} (document {document})") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{label}: opération interdite dans un modèle ({exc})") from None
    except TemplateLimit as exc:
        raise TemplateError(f"{label}: {exc} (document {document})") from None
    except RecursionError:
        raise TemplateError(f"{label}: {noun} s'appelle {itself} sans fin (récursion trop profonde) "
                            f"(document {document})") from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateError(f"{label}: {noun} n'a pas pu être {filled} ({type(exc).__name__} : {exc}) "
                            f"(document {document})") from None


@contextlib.contextmanager
def _template_errors(path: Path, filename: str) -> Iterator[None]:
    """``filling_errors``, and what reading and compiling a template can raise."""
    try:
        with filling_errors(path.name, filename):
            yield
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(getattr(exc, "docx_context", []) or []).strip()
        where = f" près de « {near[:120]} »" if near else ""
        raise TemplateError(f"{path.name}: balise de modèle invalide ({exc.message}){where}") from None
    except Exception as exc:  # a corrupt .docx: zip or XML errors from python-docx
        raise TemplateError(f"{path.name}: fichier modèle illisible ({type(exc).__name__})") from None


# docxtpl renders these core properties as templates (DocxTemplate.render_properties), in this order.
_TEMPLATED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def _set_properties(props: CoreProperties, job: DocumentJob, settings: RenderSettings) -> None:
    """The document properties come from the case, never from the machine or the template."""
    props.author = settings.author
    props.last_modified_by = settings.author
    props.title = job.title
    props.subject = settings.reference
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.identifier = ""
    props.created = settings.timestamp.replace(tzinfo=None)
    props.modified = settings.timestamp.replace(tzinfo=None)
    props.revision = 1
    for name in ("cp:contentStatus", "cp:version", "cp:lastPrinted"):   # the template's, python-docx cannot unset them
        element = props._element.find(qn(name))
        if element is not None:
            props._element.remove(element)


def render_document(job: DocumentJob, directory: Path, env: SandboxedEnvironment,
                    settings: RenderSettings) -> bytes:
    """Render one job with a plain ``DocxTemplate`` into DOCX bytes (not yet normalized).

    The reference path: loaded, rendered and saved by docxtpl; raises ``TemplateError``.
    """
    path = template_path(directory, job.template)
    with _template_errors(path, job.filename), sandbox.guarded():
        tpl = DocxTemplate(str(path))
        tpl.render(job.context, jinja_env=env, autoescape=True)
        _set_properties(tpl.docx.core_properties, job, settings)
        buffer = io.BytesIO()
        tpl.save(buffer)
    return buffer.getvalue()


def default_timestamp(case_date: Any) -> datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the act's date."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(case_date.year, case_date.month, case_date.day, 12, 0, 0, tzinfo=timezone.utc)


# --------------------------------------------------------------------------------------
# The fast path


def after_jinja(helper: DocxTemplate, xml: str) -> str:
    """What docxtpl's ``render_xml_part`` does to the XML Jinja produced: the line breaks
    added before each ``<w:p`` removed, escaped tags restored, listings resolved."""
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if "{_" in xml or "_}" in xml:
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # resolve_listing only rewrites tabs, line and page breaks in text: skip it when there is none.
    return helper.resolve_listing(xml) if _LISTING_CHARS.search(xml) else xml


class Unsupported(Exception):
    """The fast path does not handle this template; the plain path will."""


_LISTING_CHARS = re.compile("[\t\a\n\f]")
_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def _docx_context(source: str, exc: jinja2.TemplateSyntaxError) -> None:
    """The few lines around a syntax error, as docxtpl reports them (``render_xml_part``)."""
    if getattr(exc, "lineno", None) is not None:
        start = max(exc.lineno - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", x) for x in source.splitlines()[start:start + 7]]


@dataclass
class _Part:
    """A part whose XML is a template: compiled once, rendered per document."""

    name: str                      # zip member name
    template: jinja2.Template
    encoding: str = "utf-8"


class PreparedTemplate:
    """A Word template read, cleaned and compiled once; renders many contexts.

    The XML goes through docxtpl's own code (``patch_xml`` before compiling; after
    rendering ``resolve_listing``, ``fix_tables``, ``fix_docpr_ids``), so a template means
    here exactly what it means to docxtpl: ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}``,
    ``colspan``, ``cellbg``, ``vm``/``hm``, listings, headers and footers.
    """

    def __init__(self, path: Path, data: bytes, env: SandboxedEnvironment):
        self.path = path
        self.tree_renders = 0        # bodies that needed docxtpl's tree fix-ups (see _body_streamed)
        self._helper = helper = DocxTemplate(io.BytesIO(data))
        helper.init_docx()
        docx = helper.docx
        package = docx.part.package
        if any(part.content_type == _FOOTNOTES for part in package.iter_parts()):
            raise Unsupported("notes de bas de page")
        core = docx.core_properties  # python-docx adds the part if the template lacks it
        self._core_name = package._core_properties_part.partname.lstrip("/")
        self._core_xml = serialize_part_xml(core._element)
        self._property_templates = [(name, self._compile(getattr(core, name) or "", env))
                                    for name in _TEMPLATED_PROPERTIES]
        # The body: the document element stays, its <w:body> is replaced at each render.
        self._document_name = docx.part.partname.lstrip("/")
        self._root = docx.element
        self._body = self._root.body   # the body in the document: the template's, then each render's
        body_source = self._patched(helper.xml_to_string(self._body))
        self._body_template = self._compile(body_source, env)
        self._body_empty = _empty_elements(body_source)
        # document.xml around the body, serialized once, to splice each render's body in.
        marker = etree.Comment(" actegen:body ")
        self._root.replace(self._body, marker)
        head, found, tail = serialize_part_xml(self._root).partition(etree.tostring(marker))
        assert found, "the marker is in the serialized document"
        self._document_head, self._document_tail = head, tail
        self._root.replace(marker, self._body)
        self._root_namespaces = {(b"xmlns:" + prefix.encode() if prefix else b"xmlns", uri.encode())
                                 for prefix, uri in self._root.nsmap.items()}
        self._parts: list[_Part] = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _rel, part in helper.get_headers_footers(uri):
                xml = helper.get_part_xml(part)
                self._parts.append(_Part(part.partname.lstrip("/"), self._compile_part(xml, env),
                                         helper.get_headers_footers_encoding(xml)))
        # Every other member, as python-docx writes it, compressed once.
        buffer = io.BytesIO()
        docx.save(buffer)
        dynamic = {self._document_name, self._core_name, *(p.name for p in self._parts)}
        self._static: list[ZipMember] = []
        with zipfile.ZipFile(buffer) as z:
            names = z.namelist()
            for name in names:
                if name not in dynamic:
                    self._static.append(deflate(name, sanitize_member(name, z.read(name))))
        missing = dynamic - set(names)
        if missing:
            raise Unsupported(f"parties absentes : {sorted(missing)}")

    @staticmethod
    def _compile(source: str, env: SandboxedEnvironment) -> jinja2.Template:
        try:
            return env.from_string(source)
        except jinja2.TemplateSyntaxError as exc:
            _docx_context(source, exc)
            raise

    def _patched(self, xml: str) -> str:
        """docxtpl's ``patch_xml`` and the line breaks ``render_xml_part`` adds."""
        return re.sub(r"<w:p([ >])", r"\n<w:p\1", self._helper.patch_xml(xml))

    def _compile_part(self, xml: str, env: SandboxedEnvironment) -> jinja2.Template:
        return self._compile(self._patched(xml), env)

    def _render_part(self, template: jinja2.Template, context: dict[str, Any]) -> str:
        """docxtpl's ``render_xml_part`` after the Jinja render (the size limit applies)."""
        return self._after_jinja(sandbox.render_text(template, context))

    def _after_jinja(self, xml: str) -> str:
        return after_jinja(self._helper, xml)

    def _document_xml(self, trees: list[etree._Element]) -> bytes:
        """document.xml with the body ``trees.pop()`` (given in a list so that it is freed
        as soon as serialized), as docxtpl's ``map_tree`` and python-docx would write it.

        Putting the body into the document makes lxml drop every namespace declaration in
        it that the document element already makes. When every declaration in the body is
        such a one (the rule, even with clause fragments that declare ``w:`` again), the body
        serialized alone minus those declarations is the same bytes — without lxml walking a
        large tree to move it. Otherwise, the body is moved into the document as docxtpl does.
        """
        tree = trees.pop()
        body = etree.tostring(tree, encoding="UTF-8", xml_declaration=False)
        stripped = _strip_declarations(body, self._root_namespaces)
        if stripped is None:
            del body
            self._root.replace(self._body, tree)
            self._body = tree
            try:
                return serialize_part_xml(self._root)
            finally:
                tree.clear()    # emptied, then detached at the next render: lxml detaches a large tree slowly
        del tree
        return b"".join((self._document_head, stripped, self._document_tail))

    def _body_by_tree(self, context: dict[str, Any]) -> ZipMember:
        """docxtpl's way: the whole body rendered, parsed, fixed up, serialized."""
        helper = self._helper
        tree = helper.fix_tables(self._render_part(self._body_template, context))
        helper.docx_ids_index = 1000
        helper.fix_docpr_ids(tree)
        trees = [tree]
        del tree
        return deflate(self._document_name, self._document_xml(trees))

    def _body_streamed(self, context: dict[str, Any]) -> ZipMember:
        """The same bytes as ``_body_by_tree``, with memory that does not grow with the body.

        The XML Jinja produces is cut after a ``</w:p>`` every ``_SEGMENT`` characters (no
        rewrite docxtpl makes spans such a cut), rewritten as docxtpl would, written as lxml
        writes a parsed tree (``_as_lxml_writes``) and compressed as it comes. ``_BodyChecker``
        reads it alongside, keeping nothing: the body must be well-formed, hold no drawing to
        renumber, and no table whose cells outnumber or underfill its grid — else
        ``_NeedsTree`` sends the body down the tree path, whose fix-ups it needs.
        """
        checker = _BodyChecker()
        out = _Deflater(self._document_name)
        out.write(self._document_head)
        pending: list[str] = []
        size, threshold = 0, _SEGMENT
        for piece in sandbox.stream(self._body_template, context):
            pending.append(piece)
            size += len(piece)
            if size < threshold:
                continue
            text = "".join(pending)
            cut = text.rfind("</w:p>")
            if cut < 0:         # no paragraph ends yet: look again when it has doubled
                pending, threshold = [text], 2 * size
                continue
            cut += len("</w:p>")
            self._emit(text[:cut], checker, out)
            pending = [text[cut:]]
            size, threshold = len(pending[0]), _SEGMENT
        self._emit("".join(pending), checker, out)
        checker.close()
        out.write(self._document_tail)
        return out.member()

    def _emit(self, xml: str, checker: _BodyChecker, out: _Deflater) -> None:
        data = _as_lxml_writes(self._after_jinja(xml), self._body_empty).encode("utf-8")
        checker.feed(data)
        stripped = _strip_declarations(data, self._root_namespaces)
        if stripped is None:
            raise _NeedsTree("déclarations d'espaces de noms")
        out.write(stripped)

    def render(self, job: DocumentJob, settings: RenderSettings) -> bytes:
        """The finished, normalized DOCX bytes of one document."""
        context = job.context
        members = list(self._static)
        try:
            members.append(self._body_streamed(context))
        except _NeedsTree:
            self.tree_renders += 1
            members.append(self._body_by_tree(context))
        # Headers and footers: docxtpl reloads them as parts (parse_xml), python-docx serializes.
        for part in self._parts:
            xml = self._render_part(part.template, context).encode(part.encoding)
            members.append(deflate(part.name, serialize_part_xml(parse_xml(xml))))
        # Document properties: docxtpl renders some as templates, then the case's values.
        core = parse_xml(self._core_xml)
        props = CoreProperties(core)
        for name, template in self._property_templates:
            setattr(props, name, sandbox.render_text(template, context))
        _set_properties(props, job, settings)
        members.append(deflate(self._core_name, serialize_part_xml(core)))
        return zip_members(members)


# --------------------------------------------------------------------------------------
# The streamed body


_SEGMENT = 256 * 1024               # characters of XML per segment of a streamed body
_XMLNS = re.compile(rb' (xmlns(?::[^\s=<>"]+)?)="([^"<>]*)"')
_QUOTE = re.compile(r"&#3[49];")
_OPENED_ON_JINJA = re.compile(r"<([A-Za-z_][\w.-]*(?::[\w.-]+)?)(?:\s[^<>]*)?(?<!/)>(?=\{)")
_SPACE_IN_TAG = re.compile(r"<[^<>]*[\t\n]")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


class _NeedsTree(Exception):
    """This body needs the tree path (docxtpl's fix-ups, or lxml's judgement of bad XML)."""


def _lxml_quote(match: re.Match[str]) -> str:
    text, position = match.string, match.start()
    if text.rfind("<", 0, position) > text.rfind(">", 0, position):     # in a tag: an attribute value
        return "&quot;" if match.group(0) == "&#34;" else "'"
    return '"' if match.group(0) == "&#34;" else "'"                     # in text


def _empty_elements(source: str) -> re.Pattern[str] | None:
    """The elements a render of ``source`` can leave empty, as a pattern: only those whose
    content starts with a Jinja tag (literal content stays). None: there is none."""
    names = sorted(set(_OPENED_ON_JINJA.findall(source)))
    if not names:
        return None
    return re.compile(r"<(%s)(\s[^<>]*?)?></\1>" % "|".join(re.escape(n) for n in names))


def _as_lxml_writes(xml: str, empty: re.Pattern[str] | None) -> str:
    """Jinja's output written as lxml writes it once parsed: quotes in text unescaped
    (Jinja writes ``&#34;``, lxml ``"``), in attributes ``&quot;``; empty elements closed
    in their tag. The template itself was written by lxml; only what Jinja inserts differs.
    What else lxml would rewrite (carriage returns, comments, a line break in a tag) is
    left to the tree path."""
    if "\r" in xml or "<!--" in xml or "<![CDATA[" in xml or "<?" in xml:
        raise _NeedsTree("XML à normaliser")
    if ("\n" in xml or "\t" in xml) and _SPACE_IN_TAG.search(xml):
        raise _NeedsTree("XML à normaliser")
    if "&#3" in xml:
        xml = _QUOTE.sub(_lxml_quote, xml)
    if "&#95;" in xml:                              # a value's « {_ » (``_as_typed``)
        xml = xml.replace("&#95;", "_")
    return empty.sub(r"<\1\2/>", xml) if empty is not None else xml


def _strip_declarations(data: bytes, root_namespaces: set[tuple[bytes, bytes]]) -> bytes | None:
    """``data`` without the namespace declarations of its tags, when the document element
    makes them all (lxml would drop them); None when one is new. Text that merely looks
    like a declaration (a name typed as ``a xmlns:b="c"``) is left alone."""
    pieces: list[bytes] = []
    start = 0
    for match in _XMLNS.finditer(data):
        position = match.start()
        if data.rfind(b"<", 0, position) < data.rfind(b">", 0, position):
            continue                                # in text, not in a tag
        if match.groups() not in root_namespaces:
            return None
        pieces.append(data[start:position])
        start = match.end()
    if not pieces:
        return data
    pieces.append(data[start:])
    return b"".join(pieces)


_TABLE_TAG = re.compile(rb'<(/?)w:(tbl|tblGrid|gridCol|tr|tc|gridSpan|sdt|customXml)((?:\s[^>]*?)?)(/?)>')
_GRID_SPAN = re.compile(rb'w:val="(\d+)"')


class _NoEvents:
    """A parser target that wants no event: libxml2 checks the XML without building a tree."""

    def close(self) -> None:
        return None


class _BodyChecker:
    """Reads a streamed body as lxml and docxtpl would, keeping nothing of it: raises
    ``_NeedsTree`` if it is not well-formed, holds a drawing (``fix_docpr_ids`` renumbers
    them), or a table ``fix_tables`` would change — a row with more cells than the grid has
    columns, or fewer columns spanned than the grid has (docxtpl counts, for each table,
    every row under it, nested tables' included). Cells wrapped in content controls or
    custom XML are left to the tree path."""

    def __init__(self) -> None:
        self._parser = etree.XMLParser(target=_NoEvents())
        self._tables: list[list[Any]] = []      # [grid columns, most cells, most columns spanned]
        self._rows: list[list[int]] = []        # [cells, columns spanned]
        self._cells: list[int] = []             # columns spanned by each open cell
        self._grid: int | None = None           # gridCol seen in the open tblGrid

    def feed(self, data: bytes) -> None:
        if b"docPr" in data:
            raise _NeedsTree("dessin")
        try:
            self._parser.feed(data)
        except etree.XMLSyntaxError as exc:
            raise _NeedsTree(str(exc)) from None
        if self._tables or b"<w:tbl" in data:
            for match in _TABLE_TAG.finditer(data):
                self._tag(*match.groups())

    def close(self) -> None:
        try:
            self._parser.close()
        except etree.XMLSyntaxError as exc:
            raise _NeedsTree(str(exc)) from None
        if self._tables or self._rows or self._cells:
            raise _NeedsTree("tableau non fermé")

    def _tag(self, closing: bytes, name: bytes, attributes: bytes, empty: bytes) -> None:
        tables, rows, cells = self._tables, self._rows, self._cells
        opening = not closing
        if name in (b"sdt", b"customXml"):
            if opening and (tables or rows):
                raise _NeedsTree("contrôle de contenu dans un tableau")
            return
        if name == b"tbl":
            if opening and not empty:
                tables.append([None, 0, 0])
            elif closing:
                columns, most_cells, most_spanned = tables.pop()
                if columns is None or most_cells > columns or most_spanned < columns:
                    raise _NeedsTree("tableau à ajuster")
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
                raise _NeedsTree("fusion de cellules illisible")
            cells[-1] = int(match.group(1))


class _Deflater:
    """A zip member compressed as its bytes come (``write.deflate``, in pieces)."""

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


class Renderer:
    """Renders jobs from one templates folder, preparing each template once.

    One per process and per run: templates are read once (their bytes are what the
    manifest hashed), environments are made once per currency and spelling.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self._envs: dict[tuple[str, bool], SandboxedEnvironment] = {}
        self._prepared: dict[tuple[str, tuple[str, bool]], PreparedTemplate | None] = {}

    def environment(self, settings: RenderSettings) -> SandboxedEnvironment:
        key = settings.environment_key
        if key not in self._envs:
            self._envs[key] = make_environment(settings)
        return self._envs[key]

    def prepared(self, template: str, settings: RenderSettings) -> PreparedTemplate | None:
        """The prepared template, or None when only the plain path can render it."""
        key = (template, settings.environment_key)
        if key not in self._prepared:
            path = template_path(self.directory, template)
            try:
                with _template_errors(path, template):
                    self._prepared[key] = PreparedTemplate(path, path.read_bytes(), self.environment(settings))
            except Unsupported:
                self._prepared[key] = None
        return self._prepared[key]

    def render(self, job: DocumentJob, settings: RenderSettings, *, fast: bool | None = None) -> bytes:
        """Normalized DOCX bytes of one job.

        ``fast``: whether the fast path may be used (None: find out from the context);
        False forces the plain docxtpl path.
        """
        if fast is None:
            fast = context_is_plain(job.context)
        prepared = self.prepared(job.template, settings) if fast else None
        if prepared is None:
            data = render_document(job, self.directory, self.environment(settings), settings)
            return normalize_docx(data)
        with _template_errors(prepared.path, job.filename), sandbox.guarded():
            return prepared.render(job, settings)


# --------------------------------------------------------------------------------------
# What a document depends on


class _Opaque(Exception):
    pass


def _canonical(obj: Any) -> Any:
    """JSON form of the values a context holds; anything else is opaque."""
    if isinstance(obj, Decimal):
        return {"$d": str(obj)}
    if isinstance(obj, (datetime, date, time)):
        return {"$t": type(obj).__name__, "v": obj.isoformat()}
    if isinstance(obj, enum.Enum):
        return {"$e": type(obj).__qualname__, "v": obj.value}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"$c": f"{type(obj).__module__}.{type(obj).__qualname__}",
                "f": {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}}
    if isinstance(obj, (set, frozenset)):
        return {"$s": sorted(json.dumps(x, default=_canonical, ensure_ascii=False) for x in obj)}
    raise _Opaque(type(obj).__name__)


def context_digest(context: dict[str, Any]) -> str | None:
    """A hash of everything a context holds, or None if it holds something opaque.

    Dicts are hashed in their order (a template iterates them in that order); decimals by
    their text (``1.0`` and ``1.00`` print differently). A context holding docxtpl objects
    or anything without a stable value (None) is always rendered, by the plain path. The
    context is hashed piece by piece: the JSON of a 1 000-lot note de calcul is 40 MB, never
    held at once.
    """
    h = hashlib.sha256()
    try:
        _digest_into(h, context, 0)
    except (_Opaque, TypeError, ValueError):
        return None
    return h.hexdigest()


def _digest_into(h: Any, obj: Any, depth: int) -> None:
    """Feed ``obj`` to ``h``: the context and the dicts just under it key by key, long lists
    (a lot's lines, the operation's lots) item by item — each framed with its length, so that
    no two values feed the same bytes —, the rest as one JSON text."""
    if isinstance(obj, dict) and depth < 2 and obj:
        h.update(b"{%d:" % len(obj))
        for key, value in obj.items():
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                raise _Opaque(type(key).__name__)
            h.update(json.dumps(key, ensure_ascii=False).encode("utf-8") + b":")
            _digest_into(h, value, depth + 1)
        h.update(b"}")
    elif isinstance(obj, (list, tuple)) and len(obj) > 32 and depth < 4:
        h.update(b"[%d:" % len(obj))
        for item in obj:
            _digest_into(h, item, depth + 1)
        h.update(b"]")
    else:
        h.update(json.dumps(obj, default=_canonical, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        h.update(b";")


def context_is_plain(context: dict[str, Any]) -> bool:
    """Whether the fast path can render this context (no docxtpl objects in it)."""
    return context_digest(context) is not None
