"""A Word document as lines of text: the one extractor behind ``actegen diff``, the template
dumps (``templates/**/NAME.docx.txt``) and the golden text of the shipped documents.

One line per paragraph of the body and per table cell (« tableau 2, ligne 3, cellule 1 »), in
order, then the headers, footers and notes, each line labelled with its part. The text
is the text as stored and accepted — Jinja tags included, deleted revisions left out, run
boundaries, ids and rsids invisible — so that a line changes only when the wording does.
With ``styles=True`` each paragraph also carries its style name (``[Titre 1] …``) and a
cell gives one line per paragraph: the form a reviewer reads in a template's dump.
"""

from __future__ import annotations

import re

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# Parts other than the body, with their French label; their lines follow the body's in the
# order of the part names.
_PART_LABELS = (
    (r"word/header\d*\.xml", "en-tête"),
    (r"word/footer\d*\.xml", "pied de page"),
    (r"word/footnotes\.xml", "note de bas de page"),
    (r"word/endnotes\.xml", "note de fin"),
)
# Footnote and endnote entries Word keeps for its own separators: no text of the document.
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}
# Word stores its built-in styles under English names and shows them translated: a dump
# uses the names a French office sees in Word's style gallery (and templates/clauses/LISEZMOI.md).
_FRENCH_STYLES = {
    "title": "Titre",
    "subtitle": "Sous-titre",
    "header": "En-tête",
    "footer": "Pied de page",
    "caption": "Légende",
    "footnote text": "Note de bas de page",
    "endnote text": "Note de fin",
    "list paragraph": "Paragraphe de liste",
    **{f"heading {n}": f"Titre {n}" for n in range(1, 10)},
}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def is_text_part(name: str) -> bool:
    """Whether a part of the package holds text that the lines show (besides the body)."""
    return any(re.fullmatch(pattern, name) for pattern, _label in _PART_LABELS)


def paragraph_text(p: etree._Element) -> str:
    """The text of a paragraph as accepted: deleted text left out, tabs and breaks kept."""
    out = []
    for el in p.iter(_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN):
        if next(el.iterancestors(_DEL), None) is not None:
            continue
        tag = el.tag
        if tag == _T:
            out.append(el.text or "")
        elif tag == _TAB:
            parent = el.getparent()
            if parent is not None and parent.tag == _R:
                out.append("\t")
        elif tag == _NO_BREAK_HYPHEN:
            out.append("-")
        else:
            out.append("\n")
    return "".join(out)


_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN, _DEL, _R = (
    w(tag) for tag in ("t", "tab", "br", "cr", "noBreakHyphen", "del", "r")
)


def body_blocks(container: etree._Element) -> list[etree._Element]:
    """The paragraphs, tables and content controls directly inside a body, cell or part."""
    return [c for c in container if c.tag in (w("p"), w("tbl"), w("sdt"))]


_STYLE_PATH = f"{w('pPr')}/{w('pStyle')}"


class StyleNames:
    """Paragraph style ids → the names Word shows, from ``word/styles.xml``."""

    def __init__(self, root: etree._Element | None) -> None:
        self.names: dict[str, str] = {}
        self.default = "Normal"
        for style in [] if root is None else root.iter(w("style")):
            sid, name = style.get(w("styleId")), style.find(w("name"))
            label = name.get(w("val")) if name is not None else None
            if sid is None or not label:
                continue
            label = _FRENCH_STYLES.get(label.lower(), label)
            self.names[sid] = label
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true", "on"):
                self.default = label

    @classmethod
    def of_pairs(cls, names: tuple[tuple[str, str], ...], default: str) -> StyleNames:
        """The style names ``pairs`` gave (kept in a cache): no styles.xml parsed."""
        made = cls(None)
        made.names, made.default = dict(names), default
        return made

    def pairs(self) -> tuple[tuple[str, str], ...]:
        return tuple(self.names.items())

    def of(self, p: etree._Element) -> str:
        ref = p.find(_STYLE_PATH)
        sid = ref.get(w("val")) if ref is not None else None
        return self.default if sid is None else self.names.get(sid, sid)


def document_lines(parts: dict[str, etree._Element], *, styles: bool = False) -> list[str]:
    """The lines of a document read by ``diff.read_parts`` (see the module docstring)."""
    lines: list[str] = []
    tables = 0
    names = StyleNames(parts.get("word/styles.xml"))

    def para(where: str, p: etree._Element) -> str:
        text = paragraph_text(p).replace("\n", "⏎")
        if not styles:
            return f"{where}{text}"
        return f"{where}[{names.of(p)}]" + (f" {text}" if text else "")

    def walk(container: etree._Element, where: str) -> None:
        nonlocal tables
        for block in body_blocks(container):
            if block.tag == w("p"):
                lines.append(para(where, block))
            elif block.tag == w("tbl"):
                tables += 1
                number = tables
                for r, row in enumerate(block.iter(w("tr")), 1):
                    for c, cell in enumerate(row.findall(w("tc")), 1):
                        label = f"[tableau {number}, ligne {r}, cellule {c}]"
                        if not styles:
                            text = " ⏎ ".join(paragraph_text(p) for p in cell.findall(w("p")))
                            lines.append(f"{label} {text}")
                            continue
                        cell_paragraphs = cell.findall(w("p"))
                        lines.extend(para(f"{label} ", p) for p in cell_paragraphs)
                        if not cell_paragraphs:
                            lines.append(label)
            else:
                content = block.find(w("sdtContent"))
                if content is not None:
                    walk(content, where)

    walk(parts["word/document.xml"].find(w("body")), "")
    for name in sorted(parts):
        label = next((label for pattern, label in _PART_LABELS if re.fullmatch(pattern, name)), None)
        if label is None:
            continue
        notes = [n for n in parts[name] if n.tag in (w("footnote"), w("endnote"))]
        if not notes:
            walk(parts[name], f"[{label}] ")
        for number, note in enumerate((n for n in notes if n.get(w("type")) not in _SEPARATORS), 1):
            walk(note, f"[{label} {number}] ")
    return lines
