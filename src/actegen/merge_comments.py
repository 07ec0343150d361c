"""The Word comments of a merge: « conflit : … » anchored where the notary and the case
changed the same words (comments part, its relationship, its content type), and reading
them back for ``render --check``.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from lxml import etree

from .bounded import Refused, read_docx
from .docx_lines import W, w

FUSION_AUTHOR = "actegen"
COMMENTS = "word/comments.xml"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def add_comments(
    data: dict[str, bytes], infos: list[zipfile.ZipInfo], comments: list[tuple[int, str]], date: str
) -> None:
    """The comments part, its relationship and its content type (a notary's own comments are kept)."""
    if COMMENTS in data:
        root = etree.fromstring(data[COMMENTS])
    else:
        root = etree.Element(w("comments"), nsmap={"w": W})
        infos.append(_info(COMMENTS, infos))
        rels_name = "word/_rels/document.xml.rels"
        rels = etree.fromstring(data[rels_name])
        ids = {r.get("Id") for r in rels}
        n = 1
        while f"rIdC{n}" in ids:
            n += 1
        etree.SubElement(
            rels, f"{{{_PKG_REL}}}Relationship", Id=f"rIdC{n}", Type=_COMMENTS_REL, Target="comments.xml"
        )
        data[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
        types = etree.fromstring(data["[Content_Types].xml"])
        etree.SubElement(
            types, f"{{{_CT}}}Override", PartName="/word/comments.xml", ContentType=_COMMENTS_TYPE
        )
        data["[Content_Types].xml"] = etree.tostring(
            types, xml_declaration=True, encoding="UTF-8", standalone=True
        )
    for cid, text in comments:
        c = etree.SubElement(root, w("comment"))
        c.set(w("id"), str(cid))
        c.set(w("author"), FUSION_AUTHOR)
        c.set(w("date"), date)
        run = etree.SubElement(etree.SubElement(c, w("p")), w("r"))
        t = etree.SubElement(run, w("t"))
        t.text = text
    data[COMMENTS] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _info(name: str, infos: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=infos[0].date_time if infos else (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def pending_conflicts(path: Path) -> list[str]:
    """The « conflit » comments actegen left in a merged file (none when it cannot be read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(read_docx(path))) as z:
            root = etree.fromstring(z.read(COMMENTS))
    except (OSError, Refused, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, zlib.error):
        return []
    texts = (
        "".join(t.text or "" for t in c.iter(w("t")))
        for c in root.iter(w("comment"))
        if c.get(w("author")) == FUSION_AUTHOR
    )
    return [t for t in texts if t.startswith("conflit : ")]
