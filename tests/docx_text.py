"""Read a generated DOCX back as text: body paragraphs, table cells, headers and footers."""

from __future__ import annotations

from pathlib import Path

from docx import Document


def paragraphs(path: Path) -> list[str]:
    doc = Document(str(path))
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            out.append(" | ".join(cell.text for cell in row.cells))
    for section in doc.sections:
        out.extend(p.text for p in section.header.paragraphs)
        out.extend(p.text for p in section.footer.paragraphs)
    return out


def text(path: Path) -> str:
    return "\n".join(paragraphs(path))


def table_rows(path: Path) -> list[list[str]]:
    doc = Document(str(path))
    return [[cell.text for cell in row.cells] for table in doc.tables for row in table.rows]
