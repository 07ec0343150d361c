"""French print typography, as Word's French autocorrect and every printed acte have it.

``typographie(text)`` puts the typographic apostrophe (’) in French words and the no-break
spaces French print requires: narrow (U+202F) before « ; ! ? », inside « … » and between
the groups of three digits of a number; ordinary no-break (U+00A0) before « : », between a
number and its unit (« 25 % », « 15 ans », « 4 000 F »), after « n° » and after the dash
that opens a list item; and the capital of a legal code cited by its title (« du Code
civil »). It changes nothing else: no other letter, no digit or punctuation mark, and
never the text of a Jinja tag (``{{ … }}``, ``{% … %}``, ``{# … #}``), where a straight
quote is Python syntax. It is idempotent: typographic text is a fixed point.

``typographie_docx`` applies it to the text of a Word file (body, tables, headers, footers,
notes), paragraph by paragraph, so that a tag split across runs is seen whole and left
alone; the other members of the file keep their bytes. ``actegen templates typographie``
is the command over it, and the tests keep every shipped template a fixed point.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..bounded import Refused, read_docx
from ..docx_zip import deflate, zip_members
from ..errors import TemplateError

NNBSP = "\u202f"  # narrow no-break space: before ; ! ?, inside « », in 1 000
NBSP = "\u00a0"  # no-break space: before :, between a number and its unit, after n°

# A Jinja tag, as docxtpl and Jinja read it. A tag left open (it goes on in the next
# paragraph) protects the rest of the text; a tag closed before any opening (it began in the
# paragraph before) protects the text up to its end.
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{[{%#].*\Z|\A(?:(?!\{[{%#]).)*?[}%#]\}", re.S)
_LETTER = r"[^\W\d_]"
_UNITS = r"(?:%|‰|€|F|EUR|euros?|ans?|mois|jours?|m²|m³|ha|km|cm|mm|kg)(?!\w)"
_SPACES = f" {NBSP}{NNBSP}"
_CODES = "|".join(
    (
        "civil", "pénal", "rural", "général", "monétaire", "forestier", "électoral", "minier",
        "du travail", "de commerce", "de procédure", "de justice", "de la construction",
        "de la sécurité", "de la santé", "de la consommation", "de la route", "des assurances",
        "des impôts", "de l['’]urbanisme", "de l['’]environnement", "de l['’]action sociale",
    )
)  # fmt: skip

# Each rule: a pattern whose group 1 is the one character replaced, or the empty place
# where a space is inserted, and what goes there; the rest of the match is context only.
_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # l'office → l’office; l'{{ x }} (an elision before a printed value) too.
    (re.compile(rf"(?<={_LETTER})(')(?={_LETTER}|\{{\{{)"), "’"),
    # « ; ! ? » after a space: the space becomes narrow and no-break.
    (re.compile(rf"([ {NBSP}])(?=[;!?])"), NNBSP),
    # « ; ! ? » right after a word, a number or a closing mark, at the end of a clause.
    (re.compile(r"(?<=[\w»)’])()(?=[;!?](?:\s|»|\Z))"), NNBSP),
    # « … »: the space inside the marks becomes narrow, and is added where there is none.
    (re.compile(rf"(?<=«)([ {NBSP}])"), NNBSP),
    (re.compile(rf"([ {NBSP}])(?=»)"), NNBSP),
    (re.compile(rf"(?<=«)()(?=[^\s{_SPACES}])"), NNBSP),
    (re.compile(rf"(?<=[^\s{_SPACES}])()(?=»)"), NNBSP),
    # « : » after an ordinary space (after the « … » rules: « « : » keeps the mark's narrow space).
    (re.compile(r"( )(?=:)"), NBSP),
    # 25 %, 15 ans, 4 000,00 F, {{ taux }} %: the unit stays with its number.
    (re.compile(rf"(?:(?<=\d)|(?<=\}}\}}))( )(?={_UNITS})"), NBSP),
    # n° 12, n° {{ lot.numero }}
    (re.compile(r"(?<=n°)( )(?=\S)"), NBSP),
    # The dash that opens a list item stays with its first word.
    (re.compile(r"(?<=\A[—–])( )"), NBSP),
    # « du Code civil », « le Code de la construction et de l’habitation »: a legal code by its
    # title (Grammalecte's maj_code; Légifrance's spelling).
    (re.compile(rf"(?<=\b(?:du|le|au|Le|Du) )(c)(?=ode (?:{_CODES}))"), "C"),
)
# 162 690 → 162 690: the groups of a number (never an identifier that starts with 0).
_NUMBER = re.compile(r"(?<![\d.,])[1-9]\d{0,2}(?: \d{3})+(?![\d])")


@dataclass(frozen=True, order=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` (one character, or nothing for an insertion) by ``new``."""

    start: int
    end: int
    new: str


def _candidates(text: str) -> list[tuple[int, int, str]]:
    found = [(*m.span(1), new) for pattern, new in _RULES for m in pattern.finditer(text)]
    for m in _NUMBER.finditer(text):
        found += [(m.start() + i, m.start() + i + 1, NNBSP) for i, c in enumerate(m.group()) if c == " "]
    return found


def _inside(start: int, end: int, tag: tuple[int, int]) -> bool:
    """A replaced character inside the tag, or an insertion strictly between its ends."""
    s, e = tag
    return s <= start < e if end > start else s < start < e


def edits(text: str) -> list[Edit]:
    """The edits ``typographie`` makes to ``text``, by position in ``text``, in order.

    The rules read the text as it is (tags included: « l'{{ x }} » is an elision), but no
    edit falls inside a tag, and a place is edited once at most (the first rule wins).
    """
    tags = [m.span() for m in _TAG.finditer(text)]
    found: dict[tuple[int, int], Edit] = {}
    for start, end, new in _candidates(text):
        if text[start:end] == new or (start, end) in found:
            continue
        if any(_inside(start, end, tag) for tag in tags):
            continue
        found[(start, end)] = Edit(start, end, new)
    return sorted(found.values())


def apply_edits(text: str, changes: list[Edit]) -> str:
    """``text`` with ``changes`` (sorted, not overlapping) applied."""
    out: list[str] = []
    pos = 0
    for e in changes:
        out += (text[pos : e.start], e.new)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def typographie(text: str) -> str:
    """``text`` with French print typography (see the module docstring)."""
    return apply_edits(text, edits(text))


# --------------------------------------------------------------------------- Word files

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")


@dataclass(frozen=True, slots=True)
class Change:
    """One paragraph a transform changes: where it is, its text before and after."""

    part: str
    paragraph: int
    before: str
    after: str


# What a paragraph's text holds besides its ``w:t``: tabs and breaks (as ``docx_lines``
# reads them), which a rule must see (a line ends at a break) but no edit touches.
_FIXED = {f"{W}tab": "\t", f"{W}br": "\n", f"{W}cr": "\n", f"{W}noBreakHyphen": "-"}


def _segments(paragraph: etree._Element) -> list[tuple[etree._Element | None, str]]:
    """The paragraph's own text pieces in order (not those of a paragraph nested in it, a
    text box): each ``w:t`` with its text, each tab or break as ``(None, "\\t")``…"""
    out: list[tuple[etree._Element | None, str]] = []
    for el in paragraph.iter(f"{W}t", *_FIXED):
        if next(el.iterancestors(f"{W}p")) is not paragraph:
            continue
        if el.tag == f"{W}t":
            out.append((el, el.text or ""))
        elif el.getparent() is not None and el.getparent().tag == f"{W}r":
            out.append((None, _FIXED[el.tag]))
    return out


def _apply_to_segments(segments: list[tuple[etree._Element | None, str]], changes: list[Edit]) -> None:
    """Apply edits made on the joined text of ``segments`` to their ``w:t``: a replaced
    character in its own node, an inserted space at the end of the node before it (or at
    the start of the node after it, after a break)."""
    spans, pos = [], 0
    for node, text in segments:
        spans.append((node, pos, pos + len(text)))
        pos += len(text)
    local: dict[int, list[Edit]] = {}
    for e in changes:
        for i, (node, s, end) in enumerate(spans):
            if node is None:
                continue
            if e.end > e.start:
                hit = s <= e.start < end
            else:
                before = e.start > 0 and s < e.start <= end
                after = e.start == s and (i == 0 or spans[i - 1][0] is None)
                hit = before or after
            if hit:
                local.setdefault(i, []).append(Edit(e.start - s, e.end - s, e.new))
                break
    for i, mine in local.items():
        node = spans[i][0]
        assert node is not None
        node.text = apply_edits(node.text or "", mine)


def transform_part(
    xml: bytes, part: str, transform: Callable[[str], list[Edit]] = edits
) -> tuple[bytes, list[Change]]:
    """A text part with ``transform``'s edits applied paragraph by paragraph, and what changed."""
    root = etree.fromstring(xml)
    found: list[Change] = []
    for number, paragraph in enumerate(root.iter(f"{W}p"), 1):
        segments = _segments(paragraph)
        text = "".join(piece for _node, piece in segments)
        changes = transform(text)
        if not changes:
            continue
        _apply_to_segments(segments, changes)
        after = "".join(piece for _node, piece in _segments(paragraph))
        found.append(Change(part, number, text, after))
    if not found:
        return xml, []
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), found


def typographie_docx(path: Path, write: bool = False) -> list[Change]:
    """The paragraphs of a Word file that ``typographie`` changes; with ``write``, the file
    rewritten with them (a reproducible zip, every other member byte for byte)."""
    try:
        data = read_docx(path)  # bounded, checked: a bomb is refused unread
    except Refused as exc:
        raise TemplateError(f"{path.name}: fichier refusé : {exc}") from None
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(name, z.read(name)) for name in z.namelist() if not name.endswith("/")]
    changes: list[Change] = []
    out = []
    for name, data in members:
        if _TEXT_PARTS.fullmatch(name):
            data, found = transform_part(data, name)
            changes += found
        out.append((name, data))
    if write and changes:
        with io.BytesIO(zip_members(deflate(n, d) for n, d in out)) as buffer:
            path.write_bytes(buffer.getvalue())
    return changes
