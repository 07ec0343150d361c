"""The prepared path: a template read, cleaned and compiled once, then many renders.

docxtpl spends most of a render re-parsing and re-compiling the template (issue 6). A
``PreparedTemplate`` does that once per process — docxtpl's own ``patch_xml``,
``resolve_listing``, ``fix_tables`` and ``fix_docpr_ids``, applied to the same XML — and then
renders many contexts from it: per document only the Jinja templates of the body, headers
and footers run, and only those parts and ``docProps/core.xml`` are serialized and
compressed; every other member of the zip was compressed once. The body is streamed
(``streamed``) unless it needs docxtpl's tree fix-ups. A test checks that this path and the
plain one give the same bytes for every shipped document.

What preparing gives — the template's data (``TemplateData``) and its compiled Jinja code —
is kept across runs (``code_cache``): a warm run neither parses the .docx nor compiles.
"""

from __future__ import annotations

import io
import marshal
import re
import zipfile
import zlib
from dataclasses import dataclass, replace
from dataclasses import fields as fields_of
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate
from lxml import etree

from .. import sandbox
from ..docx_lines import StyleNames
from ..docx_zip import ZipMember, deflate, sanitize_member, zip_members
from . import code_cache, streamed
from .code_cache import Compiler
from .environment import StrictDocxTemplate, after_jinja
from .job import CASE_PROPERTIES, TEMPLATED_PROPERTIES, DocumentJob, RenderSettings, set_properties
from .streamed import NeedsTree, empty_elements, strip_declarations


class Unsupported(Exception):
    """The fast path does not handle this template; the plain path will."""


_FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def read(docx: bytes) -> DocxTemplate:
    """The template whose bytes are ``docx`` (they are what the manifest hashed; read
    bounded and checked, ``bounded.read_docx``) read by python-docx."""
    helper = StrictDocxTemplate(io.BytesIO(docx))
    helper.init_docx()
    return helper


def _docx_context(source: str, exc: jinja2.TemplateSyntaxError) -> None:
    """The few lines around a syntax error, as docxtpl reports them (``render_xml_part``)."""
    if getattr(exc, "lineno", None) is not None:
        start = max(exc.lineno - 4, 0)
        lines = [re.sub(r"<[^>]+>", "", x) for x in source.splitlines()[start : start + 7]]
        exc.docx_context = lines  # type: ignore[attr-defined]  # the attribute docxtpl reports


@dataclass
class _Part:
    """A part whose XML is a template: compiled once, rendered per document."""

    name: str  # zip member name
    template: jinja2.Template
    encoding: str = "utf-8"


@dataclass(frozen=True)
class TemplateData:
    """What a template's .docx gives the prepared path, as plain data: the same for every
    environment, and kept across runs (``code_cache``) by the template's bytes."""

    core_name: str  # docProps/core.xml's member name
    core_xml: bytes
    properties: tuple[tuple[str, str], ...]  # the templated core properties: name, source
    document_name: str
    body_source: str  # the body's Jinja source, patched as docxtpl patches it
    body_empty: tuple[str, ...]  # ``streamed.empty_elements`` of the body
    document_head: bytes  # document.xml before and after the body
    document_tail: bytes
    root_namespaces: frozenset[tuple[bytes, bytes]]
    parts: tuple[tuple[str, str, str], ...]  # headers and footers: member name, source, encoding
    styles: tuple[tuple[str, str], ...]  # styles.xml's paragraph style ids → names (``StyleNames``)
    default_style: str
    static: tuple[ZipMember, ...]  # every other member, compressed once (the last field: ``dumps``)

    @classmethod
    def of(cls, helper: DocxTemplate) -> TemplateData:
        """Read from the template as python-docx loaded it (``read``); raises ``Unsupported``."""
        docx = helper.docx
        package = docx.part.package
        if any(part.content_type == _FOOTNOTES for part in package.iter_parts()):
            raise Unsupported("notes de bas de page")
        core = docx.core_properties  # python-docx adds the part if the template lacks it
        core_name = package._core_properties_part.partname.lstrip("/")
        core_xml = serialize_part_xml(core._element)
        properties = tuple((name, getattr(core, name) or "") for name in TEMPLATED_PROPERTIES)
        # The body: its source, and document.xml around it, serialized once to splice each render's body in.
        root = docx.element
        body = root.body
        body_source = _patched(helper, helper.xml_to_string(body))
        marker = etree.Comment(" actegen:body ")
        root.replace(body, marker)
        head, found, tail = serialize_part_xml(root).partition(etree.tostring(marker))
        assert found, "the marker is in the serialized document"
        root.replace(marker, body)
        parts = []
        for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
            for _rel, part in helper.get_headers_footers(uri):
                xml = helper.get_part_xml(part)
                parts.append(
                    (
                        part.partname.lstrip("/"),
                        _patched(helper, xml),
                        helper.get_headers_footers_encoding(xml),
                    )
                )
        # Every other member, as python-docx writes it, compressed once.
        buffer = io.BytesIO()
        docx.save(buffer)
        document_name = docx.part.partname.lstrip("/")
        dynamic = {document_name, core_name, *(p[0] for p in parts)}
        static = []
        with zipfile.ZipFile(buffer) as z:
            names = z.namelist()
            for name in names:
                if name not in dynamic:
                    static.append(deflate(name, sanitize_member(name, z.read(name))))
        missing = dynamic - set(names)
        if missing:
            raise Unsupported(f"parties absentes : {sorted(missing)}")
        styles = next((m for m in static if m.name == "word/styles.xml"), None)
        style_names = StyleNames(
            None if styles is None else etree.fromstring(zlib.decompress(styles.data, -15))
        )
        return cls(
            core_name,
            core_xml,
            properties,
            document_name,
            body_source,
            empty_elements(body_source),
            head,
            tail,
            frozenset(
                (b"xmlns:" + prefix.encode() if prefix else b"xmlns", uri.encode())
                for prefix, uri in root.nsmap.items()
            ),
            tuple(parts),
            style_names.pairs(),
            style_names.default,
            tuple(static),
        )

    def dumps(self) -> bytes:
        fields = [getattr(self, f.name) for f in fields_of(self)]
        fields[-1] = tuple((m.name, m.crc, m.size, m.data) for m in self.static)
        return marshal.dumps(("data", *fields))

    @classmethod
    def loads(cls, payload: bytes) -> TemplateData | Unsupported | None:
        """What ``dumps`` (or ``made_data`` for an unsupported template) wrote, or None
        when it is not that."""
        try:
            kind, *values = marshal.loads(payload)
            if kind == "unsupported":
                (reason,) = values
                return Unsupported(reason)
            if kind != "data" or len(values) != len(fields_of(cls)):
                return None
            values[-1] = tuple(ZipMember(*m) for m in values[-1])
            return cls(*values)
        except (EOFError, ValueError, TypeError):
            return None


def cached_data(docx: bytes) -> TemplateData | None:
    """The data of the template whose bytes are ``docx`` as the cache has it, None if it has
    not; raises ``Unsupported`` when the cache remembers the template to be."""
    payload = code_cache.load(code_cache.entry_key("prepared", docx))
    data = None if payload is None else TemplateData.loads(payload)
    if isinstance(data, Unsupported):
        raise data
    return data


def made_data(docx: bytes, helper: DocxTemplate) -> TemplateData:
    """The data of the template whose bytes are ``docx``, read by ``read`` into ``helper``,
    made and stored in the cache; raises ``Unsupported`` (stored too)."""
    key = code_cache.entry_key("prepared", docx)
    try:
        data = TemplateData.of(helper)
    except Unsupported as exc:
        code_cache.store(key, marshal.dumps(("unsupported", str(exc))))
        raise
    code_cache.store(key, data.dumps())
    return data


_TITLE_MARK = "actegen-titre-7c1e5b"  # stands for the title in a serialized core.xml
# A title lxml writes as it is, but ``&<>`` (escaped): no control, surrogate or non-character
# (which it refuses), no carriage return (which it writes ``&#13;``); at most python-docx's 255.
_PLAIN_TITLE = re.compile(r"[^\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]{0,255}")


def _xml_text(text: str) -> str:
    """``text`` escaped as lxml escapes an element's text: ``&``, ``<`` and ``>`` only. Not
    ``xml.sax.saxutils.escape``: importing it loads ``urllib.request``, ``http.client`` and
    ``ssl`` (25 ms before the workers fork)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _patched(helper: DocxTemplate, xml: str) -> str:
    """docxtpl's ``patch_xml`` and the line breaks ``render_xml_part`` adds."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", helper.patch_xml(xml))


def _joined(source: str) -> str:
    """``source`` without the line breaks before its paragraphs (``after_jinja``'s rewrite)."""
    return source.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")


class PreparedTemplate:
    """A Word template read, cleaned and compiled once; renders many contexts.

    The XML goes through docxtpl's own code (``patch_xml`` before compiling; after
    rendering ``resolve_listing``, ``fix_tables``, ``fix_docpr_ids``), so a template means
    here exactly what it means to docxtpl: ``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}``,
    ``colspan``, ``cellbg``, ``vm``/``hm``, listings, headers and footers.
    """

    def __init__(self, path: Path, docx: bytes, data: TemplateData, compiler: Compiler):
        """``docx``: the template's bytes, ``data`` what they give (``cached_data``, ``made_data``)."""
        self.path = path
        self.tree_renders = 0  # bodies that needed docxtpl's tree fix-ups (``streamed.NeedsTree``)
        self._docx = docx
        # docxtpl's methods used after a render read no file: a helper without a document.
        self._helper = StrictDocxTemplate(io.BytesIO())
        self._core_name, self._core_xml = data.core_name, data.core_xml
        self._property_templates = [
            (name, self._compile(source, compiler)) for name, source in data.properties
        ]
        self._document_name = data.document_name
        self._body_template = self._compile(data.body_source, compiler, joined=True)
        self._body_empty = data.body_empty
        self._document_head, self._document_tail = data.document_head, data.document_tail
        self.root_namespaces = set(data.root_namespaces)
        self._parts = [
            _Part(name, self._compile(source, compiler), encoding) for name, source, encoding in data.parts
        ]
        self._static = list(data.static)
        # The document element with its body, for the bodies that need the tree: read when one does.
        self._root: Any = None
        self._body: Any = None
        self._style_names = StyleNames.of_pairs(data.styles, data.default_style)
        self._core_skeletons: dict[tuple[Any, ...], tuple[bytes, bytes]] = {}
        self._part_members: dict[tuple[str, bytes], ZipMember] = {}  # header, footer: rendered XML

    @property
    def style_names(self) -> StyleNames:
        """The paragraph style names of every document rendered from this template, whose
        ``word/styles.xml`` is one of the members copied as they are (``mentions.headings``
        then need not open each rendered document to read them), read once with the rest of
        the template's data (``TemplateData``)."""
        return self._style_names

    @staticmethod
    def _compile(source: str, compiler: Compiler, *, joined: bool = False) -> jinja2.Template:
        """``source`` compiled; ``joined``: without the line breaks ``_patched`` put before
        each paragraph, which ``after_jinja`` would otherwise remove from every render — the
        same XML (what a value prints is escaped: it never starts a paragraph), two passes
        fewer over each body. A syntax error is reported on the lines of ``source``."""
        try:
            return compiler.from_string(_joined(source) if joined else source)
        except jinja2.TemplateSyntaxError as exc:
            if not joined:
                _docx_context(source, exc)
                raise
        return PreparedTemplate._compile(source, compiler)  # raises the same error, with its lines

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
        stripped = strip_declarations(body, self.root_namespaces)
        if stripped is None:
            del body
            if self._root is None:  # the template's document, as python-docx reads it
                self._root = read(self._docx).docx.element
                self._body = self._root.body
            self._root.replace(self._body, tree)
            self._body = tree
            try:
                return serialize_part_xml(self._root)
            finally:
                tree.clear()  # emptied, then detached at the next render: lxml detaches a large tree slowly
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

    def _body_streamed(self, context: dict[str, Any], bodies: list[etree._Element] | None) -> ZipMember:
        """The same bytes as ``_body_by_tree``, with memory that does not grow with the body
        (``streamed.stream_body``, ``bodies`` given: its tree kept there); raises ``NeedsTree``."""
        if not streamed.STREAM_BODIES:
            raise NeedsTree("corps en flux désactivé")
        return streamed.stream_body(
            self._body_template.generate(context),
            self._document_name,
            self._document_head,
            self._document_tail,
            after_jinja=self._after_jinja,
            empty=self._body_empty,
            root_namespaces=self.root_namespaces,
            limit=sandbox.MAX_PART_BYTES,
            bodies=bodies,
        )

    def render(
        self, job: DocumentJob, settings: RenderSettings, *, bodies: list[etree._Element] | None = None
    ) -> bytes:
        """The finished, normalized DOCX bytes of one document. ``bodies``: given, the
        ``<w:body>`` tree of a streamed body is added to it (a tree path's is not)."""
        context = job.context
        members = list(self._static)
        try:
            members.append(self._body_streamed(context, bodies))
        except NeedsTree:
            self.tree_renders += 1
            members.append(self._body_by_tree(context))
        # Headers and footers: docxtpl reloads them as parts (parse_xml), python-docx serializes;
        # a part rendered as before (a case's header, often) is that member again.
        for part in self._parts:
            xml = self._render_part(part.template, context).encode(part.encoding)
            member = self._part_members.get((part.name, xml))
            if member is None:
                member = deflate(part.name, serialize_part_xml(parse_xml(xml)))
                if len(self._part_members) >= 64:
                    self._part_members.clear()
                self._part_members[part.name, xml] = member
            members.append(member)
        # Document properties: docxtpl renders some as templates, then the case's values.
        rendered = tuple(
            sandbox.render_text(template, context) for _name, template in self._property_templates
        )
        members.append(deflate(self._core_name, self._core(job, settings, rendered)))
        return zip_members(members)

    def _core(self, job: DocumentJob, settings: RenderSettings, rendered: tuple[str, ...]) -> bytes:
        """``docProps/core.xml`` for ``job``: the template's properties set to ``rendered``,
        then to the job's and the settings' values (``set_properties``).

        Documents of a case differ there by their title only: the part is serialized once
        per other values with ``_TITLE_MARK`` for a title, and a title of plain characters
        (``_PLAIN_TITLE``: what lxml writes as it is, python-docx's 255 at most) is put in
        its place, escaped as lxml escapes text; any other title takes the full path.

        A rendered property the case then sets (``CASE_PROPERTIES``: the templates' title is
        ``{{ titre }}``) leaves no trace in the part, unless python-docx or lxml would refuse
        it: plain, it is left out of the skeleton's key; else the full path refuses it."""
        kept = []
        for (name, _template), value in zip(self._property_templates, rendered, strict=True):
            if name not in CASE_PROPERTIES:
                kept.append(value)
            elif _PLAIN_TITLE.fullmatch(value) is None:
                return self._core_part(job, settings, rendered)
        if _PLAIN_TITLE.fullmatch(job.title) is None:
            return self._core_part(job, settings, rendered)
        key = (job.author, settings, tuple(kept))
        skeleton = self._core_skeletons.get(key)
        if skeleton is None:
            head, mark, tail = self._core_part(replace(job, title=_TITLE_MARK), settings, rendered).partition(
                _TITLE_MARK.encode()
            )
            if not mark or _TITLE_MARK.encode() in tail:  # a value held the mark: no skeleton
                return self._core_part(job, settings, rendered)
            if len(self._core_skeletons) >= 64:  # properties templated per document: no reuse
                self._core_skeletons.clear()
            skeleton = self._core_skeletons[key] = (head, tail)
        head, tail = skeleton
        return head + _xml_text(job.title).encode("utf-8") + tail

    def _core_part(self, job: DocumentJob, settings: RenderSettings, rendered: tuple[str, ...]) -> bytes:
        core = parse_xml(self._core_xml)
        props = CoreProperties(core)
        for (name, _template), value in zip(self._property_templates, rendered, strict=True):
            setattr(props, name, value)
        set_properties(props, job, settings)
        return serialize_part_xml(core)
