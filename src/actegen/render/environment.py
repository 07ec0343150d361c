"""The Jinja environment templates render in, and how what a template does wrong is told.

Rendering never lies:
- ``StrictUndefined``: a variable missing from the context is an error naming the
  template and the variable, never a blank in an act;
- autoescape: a name like ``Dupont & Fils <SARL>`` comes out intact and the XML valid;
- a sandboxed Jinja environment (``actegen.sandbox``): templates come from other offices and
  get no access to Python internals; case values are data, never template code.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree
from markupsafe import Markup, escape

from .. import french
from ..bounded import Refused
from ..errors import TemplateError
from ..sandbox import ActegenSandbox, TemplateLimit
from ..templates import UNREADABLE_DOCX
from .job import RenderSettings


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


# What ``getattr`` finds on a plain dict: the attributes of its class and of ``object``.
_DICT_ATTRIBUTES = frozenset(name for cls in dict.__mro__ for name in vars(cls))


class _RenderSandbox(ActegenSandbox):
    """``ActegenSandbox``, reading a plain dict's items (most of a context) the short way."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's ``a.b``: Jinja tries the attribute first, and a dict's only attributes
        are its class's (``_DICT_ATTRIBUTES``), so for any other name the failing
        ``getattr`` — an ``AttributeError`` raised and caught per access — always ends in
        ``obj[attribute]`` or, the key missing, in the same undefined value."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def make_environment(settings: RenderSettings) -> SandboxedEnvironment:
    """The Jinja environment every template renders in: strict, escaping, sandboxed, with
    its loops counted and its sizes bounded (``actegen.sandbox``)."""
    env = _RenderSandbox(undefined=StrictUndefined, autoescape=True, finalize=_as_typed)
    env.filters.update(french.make_filters(reform1990=settings.reform1990, currency=settings.currency))
    env.filters["jour_semaine"] = _jour_semaine
    return env


class StrictDocxTemplate(DocxTemplate):
    """docxtpl with its one lenient parse made strict.

    ``fix_tables`` reads the rendered body with ``recover=True``: past a spot that is not XML
    (a character XML cannot hold, a text node beyond libxml2's limit, a tag a template left
    open) libxml2 drops the rest, and the act would be written cut, silently. Here the body is
    first parsed strictly, with the same limits: it is either read whole — then the lenient
    parse gives the same tree — or refused (``MalformedOutput``), nothing written.
    """

    def fix_tables(self, xml: str) -> etree._Element:
        try:
            etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise MalformedOutput.at(xml, exc) from None
        return super().fix_tables(xml)


_PARAGRAPH = re.compile(r"<w:p[ >]")
_LIBXML_WHERE = re.compile(r", line \d+, column \d+$")


class MalformedOutput(Exception):
    """The XML a template and its context gave is not well-formed: where, and libxml2's cause."""

    def __init__(self, where: str, cause: str):
        super().__init__(where, cause)
        self.where = where
        self.cause = cause

    @classmethod
    def at(cls, xml: str, exc: etree.XMLSyntaxError) -> MalformedOutput:
        """Located by paragraph of the body: the lines of ``xml`` are those of the template."""
        line, column = exc.position
        lines = xml.split("\n")
        offset = sum(len(x) + 1 for x in lines[: max(line - 1, 0)]) + max(column - 1, 0)
        paragraph = len(_PARAGRAPH.findall(xml, 0, offset))
        cause = _LIBXML_WHERE.sub("", exc.msg or str(exc))
        return cls(f"dans le corps, paragraphe n° {paragraph}", cause)


def after_jinja(helper: DocxTemplate, xml: str) -> str:
    """What docxtpl's ``render_xml_part`` does to the XML Jinja produced: the line breaks
    added before each ``<w:p`` removed, escaped tags restored, listings resolved."""
    # Each test first looks for one character (a fast scan), then for the string (a slower
    # one, 50× for a body of 100 000 characters): most renders have none of them.
    if "\n" in xml:  # a body compiled ``joined`` (``PreparedTemplate``) has no line break to remove
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
    if ("{" in xml or "}" in xml) and ("{_" in xml or "_}" in xml):
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    # resolve_listing only rewrites tabs, line and page breaks in text: skip it when there is none.
    if "\t" in xml or "\a" in xml or "\n" in xml or "\f" in xml:
        return helper.resolve_listing(xml)
    return xml


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
    noun, filled, itself = (
        ("la clause", "remplie", "elle-même") if clause else ("le modèle", "rempli", "lui-même")
    )
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
        raise TemplateError(
            f"{label}: {noun} s'appelle {itself} sans fin (récursion trop profonde) (document {document})"
        ) from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateError(
            f"{label}: {noun} n'a pas pu être {filled} ({type(exc).__name__} : {exc}) (document {document})"
        ) from None


# What rendering a template read well can raise because of the template: the XML its Jinja
# tags produced is not well-formed (a tag opened in one part of a header and closed in another).
_MALFORMED_OUTPUT: tuple[type[Exception], ...] = (etree.XMLSyntaxError,)


@contextlib.contextmanager
def template_errors(path: Path, filename: str, *, reading: bool) -> Iterator[None]:
    """``filling_errors``, and a Jinja syntax error; ``reading``: the step that reads the
    .docx, where a bad file's errors (``UNREADABLE_DOCX``) are told as such. Anything else —
    a bug in actegen — escapes as itself."""
    bad_file = UNREADABLE_DOCX if reading else _MALFORMED_OUTPUT
    try:
        with filling_errors(path.name, filename):
            yield
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(getattr(exc, "docx_context", []) or []).strip()
        where = f" près de « {near[:120]} »" if near else ""
        raise TemplateError(f"{path.name}: balise de modèle invalide ({exc.message}){where}") from None
    except Refused as exc:  # a special file, a huge one, a zip bomb: refused unread
        raise TemplateError(f"{path.name}: fichier modèle refusé : {exc}") from None
    except MalformedOutput as exc:
        raise _malformed(path, filename, exc.where, exc.cause) from None
    except bad_file as exc:
        if not reading and isinstance(exc, etree.XMLSyntaxError):  # a header or footer
            line, column = exc.position
            where = f"ligne {line}, colonne {column} d'un en-tête ou pied de page"
            raise _malformed(path, filename, where, _LIBXML_WHERE.sub("", exc.msg or str(exc))) from None
        raise TemplateError(f"{path.name}: fichier modèle illisible ({type(exc).__name__})") from None


def _malformed(path: Path, filename: str, where: str, cause: str) -> TemplateError:
    return TemplateError(
        f"{path.name}: le document {filename} rempli n'est pas du XML valide ({where} : {cause}) ; "
        "il n'est pas écrit"
    )
