"""The table of mandatory mentions (issue 13, point 7): for each document family, the sections
the law requires, by product, date range and named condition, each with its source.

The table is data: ``parameters/mentions/<family>.yaml``, one entry per mention::

    description: …
    date: acte.date            # where the document's context keeps the date that chooses
    mentions:
      - id: dont_acte
        libelle: Clôture de l’acte (décret n° 71-941, art. 10)
        repere: Dont acte       # a heading of the rendered document, exact text
        produits: [lts, psla]   # omitted: every product
        du: 1993-01-01          # optional, from (inclusive)
        au: 2099-12-31          # optional, until (exclusive)
        si: copropriete         # optional named condition (``CONDITIONS``)
        source: {titre: …, article: …, url: …}

Adding a mention is a YAML edit; a condition is one line of ``CONDITIONS``. Two checks use it:
``actegen templates check`` (``template_findings``: an office's template and clause set can
still produce every heading) and the render (``ensure_mentions``: a document that lacks a
heading it must carry is refused, nothing is written). A « repère » is the text of a
paragraph in a heading style (Titre, Titre 1…9), in the « Article » style (the numbered
articles of a convention) or in the « Mention » style.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from .authoring.templates_dump import dump
from .clause_catalogue import LIBRARY
from .docx_lines import StyleNames, body_blocks, paragraph_text, w
from .docx_zip import compressed_bytes
from .errors import ParameterError, RenderError
from .parameters.reading import TextLoader
from .templates import shipped_templates_dir, template_path

MENTIONS_DIR = Path(__file__).resolve().parent / "parameters" / "mentions"

CONDITIONS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "copropriete": lambda c: "copropriete" in (c.get("lot") or {}),
    "vefa": lambda c: c.get("jouissance") == "vefa",
    "vendeur_commune": lambda c: (c.get("vendeur") or {}).get("type") == "commune",
    # a seller that is a legal person of private law (an Hlm body, a cooperative, an operator)
    "personne_morale": lambda c: (c.get("vendeur") or {}).get("type") not in (None, "commune"),
    "assurance_revente": lambda c: c.get("assurance") is not None,
    "tva": lambda c: ((c.get("calc") or {}).get("fiscalite") or {}).get("regime") == "tva",
    "garantie_rachat": lambda c: (c.get("garanties") or {}).get("rachat") is not None,
    "garantie_relogement": lambda c: (c.get("garanties") or {}).get("relogement") is not None,
    # a seller who built or had built within ten years of réception (C. civ. 1792-1, 2°)
    "vendeur_constructeur_dix_ans": lambda c: (
        c.get("jouissance") != "vefa"
        and bool(((c.get("bien") or {}).get("construction") or {}).get("dans_les_dix_ans"))
    ),
    "travaux_remise_en_etat": lambda c: bool((c.get("lts") or {}).get("travaux_remise_en_etat")),
}
"""Named conditions a mention may require (``si``), asked of the document's context."""


_KEYS = frozenset({"id", "libelle", "repere", "produits", "du", "au", "si", "source"})
_HEADING = re.compile(r"^\[(Titre(?: \d)?|Article|Mention)\] (.+)$")
_REPERE_STYLES = ("Titre", "Article", "Mention")  # what a style name must start with to match
_P, _SDT, _SDT_CONTENT = w("p"), w("sdt"), w("sdtContent")
_P_PR, _P_STYLE, _VAL = w("pPr"), w("pStyle"), w("val")


@dataclass(frozen=True)
class Mention:
    """One mandatory mention of a family."""

    id: str
    libelle: str
    repere: str
    source: tuple[tuple[str, str], ...]
    produits: tuple[str, ...] | None = None
    du: date | None = None
    au: date | None = None
    si: str | None = None

    @property
    def source_text(self) -> str:
        """« titre, article (url) », as the error messages give it."""
        parts = dict(self.source)
        text = ", ".join(v for k, v in self.source if k in ("titre", "article"))
        return f"{text} ({parts['url']})" if "url" in parts else text

    def applies(self, produit: str | None, when: date | None, context: dict[str, Any]) -> bool:
        if self.produits is not None and produit not in self.produits:
            return False
        if when is not None and self.du is not None and when < self.du:
            return False
        if when is not None and self.au is not None and when >= self.au:
            return False
        return self.si is None or CONDITIONS[self.si](context)


@dataclass(frozen=True)
class Table:
    family: str
    date_path: tuple[str, ...]
    mentions: tuple[Mention, ...]

    def date_of(self, context: dict[str, Any]) -> date | None:
        value: Any = context
        for key in self.date_path:
            value = value.get(key) if isinstance(value, dict) else None
        return value if isinstance(value, date) else None

    def required(self, context: dict[str, Any]) -> list[Mention]:
        """The mentions a document with this context must carry."""
        produit = context.get("produit") or (context.get("op") or {}).get("produit")
        when = self.date_of(context)
        return [m for m in self.mentions if m.applies(produit, when, context)]


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        raise ParameterError(f"{where} : date invalide « {value} » (AAAA-MM-JJ)") from None


def _mention(raw: Any, where: str) -> Mention:
    if not isinstance(raw, dict):
        raise ParameterError(f"{where} : une mention est un dictionnaire (id, libelle, repere, source…)")
    unknown = sorted(set(raw) - _KEYS)
    if unknown:
        raise ParameterError(f"{where} : clé inconnue « {unknown[0]} »")
    for key in ("id", "libelle", "repere", "source"):
        if not raw.get(key):
            raise ParameterError(f"{where} : champ « {key} » obligatoire")
    source = raw["source"]
    if not isinstance(source, dict) or "titre" not in source:
        raise ParameterError(f"{where} : « source » donne au moins le titre du texte (titre, article, url)")
    si = raw.get("si")
    if si is not None and si not in CONDITIONS:
        known = ", ".join(sorted(CONDITIONS))
        raise ParameterError(f"{where} : condition « si: {si} » inconnue (connues : {known})")
    produits = raw.get("produits")
    return Mention(
        id=str(raw["id"]),
        libelle=str(raw["libelle"]),
        repere=str(raw["repere"]),
        source=tuple((str(k), str(v)) for k, v in source.items()),
        produits=tuple(str(p) for p in produits) if produits is not None else None,
        du=_day(raw.get("du"), where),
        au=_day(raw.get("au"), where),
        si=si,
    )


def read_table(path: Path) -> Table:
    """One family's table, checked entry by entry (a bad file stops with its name and entry)."""
    try:
        # every plain scalar stays text (dates are read by ``_day``); libyaml's parser
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=TextLoader)
    except yaml.YAMLError as exc:
        raise ParameterError(f"mentions/{path.name} : YAML illisible : {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("mentions"), list):
        raise ParameterError(f"mentions/{path.name} : liste « mentions » attendue")
    entries = tuple(
        _mention(raw, f"mentions/{path.name}, mention {i}") for i, raw in enumerate(data["mentions"], 1)
    )
    ids = [m.id for m in entries]
    if len(set(ids)) != len(ids):
        raise ParameterError(f"mentions/{path.name} : identifiant de mention en double")
    return Table(path.stem, tuple(str(data.get("date", "")).split(".")), entries)


@functools.cache
def table(family: str) -> Table | None:
    """The shipped table of ``family`` (None: the family has none)."""
    path = MENTIONS_DIR / f"{family}.yaml"
    return read_table(path) if path.is_file() else None


def families() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in MENTIONS_DIR.glob("*.yaml")))


_STYLE_NAMES: dict[tuple[int, int, int, int, bytes], StyleNames] = {}


def _style_names(buffer: io.BytesIO, z: zipfile.ZipFile) -> StyleNames:
    """The style names of a rendered document: read once per template, since every document
    rendered from it holds the same compressed styles.xml (``docx_zip.compressed_bytes``)."""
    try:
        info = z.getinfo("word/styles.xml")
    except KeyError:
        return StyleNames(None)
    raw = compressed_bytes(buffer, info)
    key = (info.compress_type, info.flag_bits, info.CRC, info.file_size, raw) if raw is not None else None
    names = _STYLE_NAMES.get(key) if key is not None else None
    if names is None:
        names = StyleNames(etree.fromstring(z.read(info)))
        if key is not None:
            if len(_STYLE_NAMES) >= 32:
                _STYLE_NAMES.clear()
            _STYLE_NAMES[key] = names
    return names


def headings(docx: bytes, body: etree._Element | None = None, names: StyleNames | None = None) -> list[str]:
    """The repères of a rendered document: its heading and « Mention » paragraphs, in order.
    ``body``: its ``<w:body>`` already parsed (the streamed render's), not parsed again;
    ``names``: its style names already read (its prepared template's); with both, the
    document itself is not opened.

    The lines ``document_lines(…, styles=True)`` gives that ``_HEADING`` matches — only body
    paragraphs (a table cell's line starts with its « [tableau … ] » label), and only those
    whose style name starts as a repère's does: the text of the others is never extracted.
    """
    if body is None or names is None:
        buffer = io.BytesIO(docx)
        with zipfile.ZipFile(buffer) as z:
            if body is None:
                body = etree.fromstring(z.read("word/document.xml")).find(w("body"))
            if names is None:
                names = _style_names(buffer, z)
    out: list[str] = []
    for block in _repere_paragraphs(body, names):
        text = paragraph_text(block).replace("\n", "⏎")
        match = _HEADING.match(f"[{names.of(block)}]" + (f" {text}" if text else ""))
        if match:
            out.append(match.group(2).strip())
    return out


def _repere_paragraphs(body: etree._Element, names: StyleNames) -> Iterator[etree._Element]:
    """The paragraphs of the body — directly in it or in its content controls, not in a
    table — whose style name starts as a repère's, in order.

    Found from their ``<w:pStyle>`` (lxml's C iteration, not a Python walk of every
    paragraph): a paragraph without one has the default style, which is not a repère's in
    any shipped template; where it would be, every paragraph is walked.
    """
    if names.default.startswith(_REPERE_STYLES):
        yield from _walk(body, names)
        return
    labels = names.names
    for ref in body.iter(_P_STYLE):
        sid = ref.get(_VAL)
        properties = ref.getparent()
        if sid is None or not labels.get(sid, sid).startswith(_REPERE_STYLES):
            continue
        if properties is None or properties.tag != _P_PR:
            continue
        p = properties.getparent()
        if (
            p is None
            or p.tag != _P
            or p.find(_P_PR) is not properties
            or properties.find(_P_STYLE) is not ref
        ):
            continue  # not the paragraph's own style (``StyleNames.of`` reads the first)
        if _directly_in(p, body):
            yield p


def _directly_in(p: etree._Element, body: etree._Element) -> bool:
    """``p`` is a block of ``body`` or of its content controls (``_walk``'s paragraphs)."""
    parent = p.getparent()
    while parent is not body:
        if parent is None or parent.tag != _SDT_CONTENT:
            return False
        sdt = parent.getparent()
        if sdt is None or sdt.tag != _SDT or sdt.find(_SDT_CONTENT) is not parent:
            return False
        parent = sdt.getparent()
    return True


def _walk(container: etree._Element, names: StyleNames) -> Iterator[etree._Element]:
    for block in body_blocks(container):
        if block.tag == _P:
            if names.of(block).startswith(_REPERE_STYLES):
                yield block
        elif block.tag == _SDT:
            content = block.find(_SDT_CONTENT)
            if content is not None:
                yield from _walk(content, names)


def missing(family: str, context: dict[str, Any], found: Iterable[str]) -> list[Mention]:
    """The mentions the document should carry and whose repère is not among ``found``."""
    tab = table(family)
    if tab is None:
        return []
    have = set(found) | set(_renamed_library_titles(context))
    return [m for m in tab.required(context) if m.repere not in have]


def _renamed_library_titles(context: dict[str, Any]) -> Iterable[str]:
    """A library clause the case renamed (``{titre: …}``) keeps the library's text: it still
    carries the section its library title names."""
    titles = {spec.nom: spec.titre for spec in LIBRARY}
    for clause in context.get("clauses") or ():
        if clause.get("source") == "dossier" and not clause.get("paragraphes") and clause["nom"] in titles:
            yield titles[clause["nom"]]


def checked(family: str, context: dict[str, Any]) -> bool:
    """Whether ``ensure_mentions`` reads the document: its family requires a mention at its date."""
    tab = table(family)
    return tab is not None and bool(tab.required(context))


def ensure_mentions(
    family: str,
    filename: str,
    context: dict[str, Any],
    docx: bytes,
    body: etree._Element | None = None,
    names: StyleNames | None = None,
) -> None:
    """Refuse a rendered document that lacks a mandatory mention (a ``RenderError``). The
    document is parsed only when its family requires a mention at its date (a délibération of
    thousands of lots is not read back); ``body``, ``names``: its body already parsed, its
    style names already read (``headings``)."""
    if not checked(family, context):
        return
    absent = missing(family, context, headings(docx, body, names))
    if absent:
        lines = "\n".join(f"  — « {m.repere} » : {m.libelle} ; source : {m.source_text}" for m in absent)
        raise RenderError(
            f"{filename} : document refusé, mention obligatoire absente :\n{lines}\n"
            "Rétablir la clause ou la section dans le dossier (clauses:) ou dans le modèle."
        )


def template_texts(paths: Iterable[Path]) -> set[str]:
    """Every paragraph text of the given Word files (their dumps: style tag removed)."""
    texts: set[str] = set()
    for path in paths:
        for line in dump(path).splitlines():
            match = re.match(r"^(?:\[tableau [^\]]*\] )?\[[^\]]*\] ?(.*)$", line)
            texts.add((match.group(1) if match else line).strip())
    return texts


def family_sources(directory: Path, template: str, clauses: bool) -> list[Path]:
    """The Word files that can produce a family's headings: its template (the office's, else
    the shipped one) and, for the acte, every clause the library would take (the office's
    ``clauses/`` first, then the shipped ones it does not replace)."""
    paths = [template_path(directory, template)]
    if clauses:
        stems: dict[str, Path] = {}
        for base in (shipped_templates_dir(), directory):  # the office's file wins
            for path in sorted((base / "clauses").glob("*.docx")):
                if not path.name.startswith(("~$", ".~lock")):
                    stems[path.stem] = path
        paths += list(stems.values())
    return paths


def template_gaps(family: str, texts: set[str]) -> list[Mention]:
    """The mentions of ``family`` (any product, any date) that no paragraph of ``texts`` can
    produce: their heading text was dropped from the template and from every clause."""
    tab = table(family)
    if tab is None:
        return []
    return [m for m in tab.mentions if m.repere not in texts]
