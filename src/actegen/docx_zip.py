"""The reproducible zip of a DOCX: the same content gives the same bytes, on any machine.

``zip_members`` writes the zip itself: members in a fixed order (``[Content_Types].xml``
first, then by name), the DOS epoch as timestamp, fixed permissions, deflate at a level
set by the member's name (``compress_level``), no extra fields. ``docProps/app.xml`` keeps only what does not describe the machine or the
template's history (no ``Template``, ``Company``, ``Manager``, ``TotalTime``, stale page and
word counts). Both render paths end here, and the output stage hashes what they give.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then the name's and the extra field's lengths
COMPRESS_LEVEL = 6
# The parts a render writes anew for each document — body, headers, footers, properties —
# are deflated fast: level 1 takes 0.35 ms less per document (9 % of a render) for 2 KiB
# more; the others (styles, theme, numbering…) are compressed once per template, at 6.
RENDERED_LEVEL = 1
_RENDERED_PART = re.compile(r"word/(?:document|header\d*|footer\d*)\.xml|docProps/core\.xml")


def compress_level(name: str) -> int:
    """The deflate level of the member ``name``: the same in every path that writes it."""
    return RENDERED_LEVEL if _RENDERED_PART.fullmatch(name) else COMPRESS_LEVEL


@dataclass(frozen=True, slots=True)
class ZipMember:
    """A zip member already compressed: what the zip needs, nothing of the machine."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def deflate(name: str, data: bytes) -> ZipMember:
    compressor = zlib.compressobj(compress_level(name), zlib.DEFLATED, -15)
    return ZipMember(
        name, zlib.crc32(data) & 0xFFFFFFFF, len(data), compressor.compress(data) + compressor.flush()
    )


_DOS_TIME = 0  # 00:00:00
_DOS_DATE = ((ZIP_EPOCH[0] - 1980) << 9) | (ZIP_EPOCH[1] << 5) | ZIP_EPOCH[2]
_EXTERNAL_ATTR = 0o644 << 16  # rw-r--r--
_MADE_BY = (3 << 8) | 20  # Unix, zip 2.0
_NEEDED = 20  # deflate


def _member_order(name: str) -> tuple[bool, str]:
    return (name != "[Content_Types].xml", name)


def zip_members(members: Iterable[ZipMember]) -> bytes:
    """The zip of ``members``, byte-reproducible: fixed order, times, attributes. Built as
    one ``join`` of the pieces, so the members' data is copied once."""
    pieces: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in sorted(members, key=lambda m: _member_order(m.name)):
        name = m.name.encode("utf-8")
        flags = 0x800 if not m.name.isascii() else 0
        header = (
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                _NEEDED,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                len(m.data),
                m.size,
                len(name),
                0,
            )
            + name
        )
        pieces += (header, m.data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                _MADE_BY,
                _NEEDED,
                flags,
                8,
                _DOS_TIME,
                _DOS_DATE,
                m.crc,
                len(m.data),
                m.size,
                len(name),
                0,
                0,
                0,
                0,
                _EXTERNAL_ATTR,
                offset,
            )
            + name
        )
        offset += len(header) + len(m.data)
    size = sum(len(entry) for entry in central)
    pieces += central
    pieces.append(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), size, offset, 0))
    return b"".join(pieces)


def _elements(*names: str) -> re.Pattern[str]:
    """The elements ``names`` (any prefix), empty or with their content, and the blank before."""
    alternatives = "|".join(names)
    return re.compile(rf"\s*<(?:\w+:)?({alternatives})(?:\s[^>]*)?(?:/>|>.*?</(?:\w+:)?\1>)", re.DOTALL)


_APP_XML_DROPPED = (
    "Template",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "Lines",
    "Paragraphs",
    "CharactersWithSpaces",
    "Company",
    "Manager",
    "HyperlinkBase",
    "HeadingPairs",
    "TitlesOfParts",
    "HLinks",
    "DigSig",
)
_APP_XML_ELEMENT = _elements(*_APP_XML_DROPPED)
_SETTINGS_PARTS = ("word/settings.xml", "word/glossary/settings.xml")
_SETTINGS_ELEMENT = _elements("attachedTemplate", "mailMerge", "docVars", "saveThroughXslt")
_SETTINGS_RELS = ("word/_rels/settings.xml.rels", "word/glossary/_rels/settings.xml.rels")
_EXTERNAL_RELATIONSHIP = re.compile(
    r"""\s*<(?:\w+:)?Relationship\s[^>]*?\bTargetMode\s*=\s*["']External["'][^>]*?"""
    r"""(?:/>|>\s*</(?:\w+:)?Relationship>)"""
)
_CUSTOM_XML_EMPTY = (
    b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"/>'
)


def sanitize_member(name: str, data: bytes) -> bytes:
    """A member's bytes with nothing of a machine or of the template's history.

    Word records these in a template, and they would reach every document made from it:
    - ``docProps/app.xml``: the template file, the company, the manager, the editing time,
      hyperlink and signature caches, and page and word counts that no longer describe the
      document: dropped;
    - ``docProps/custom.xml``: the template's custom properties (an author, a client, a
      path): emptied, a document's data come from its case (a ``DOCPROPERTY`` field keeps
      its last shown value);
    - ``word/settings.xml``: the attached template (``C:\\Users\\…\\Normal.dotm``), a mail
      merge's data source and query, the document variables of macros, an XSLT to save
      through: dropped, and with them the external relationships of
      ``word/_rels/settings.xml.rels`` (paths on the machine where the template was edited).
    ``docProps/core.xml`` is written from the case by the render stage. A member with
    nothing to drop keeps its bytes.
    """
    if name == "docProps/custom.xml":
        return _CUSTOM_XML_EMPTY
    if name == "docProps/app.xml":
        pattern = _APP_XML_ELEMENT
    elif name in _SETTINGS_PARTS:
        pattern = _SETTINGS_ELEMENT
    elif name in _SETTINGS_RELS:
        pattern = _EXTERNAL_RELATIONSHIP
    else:
        return data
    text = data.decode("utf-8")
    cleaned = pattern.sub("", text)
    return data if cleaned == text else cleaned.encode("utf-8")


def normalize_docx(data: bytes) -> bytes:
    """The same DOCX content, as a byte-reproducible zip."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return zip_members(
            deflate(name, sanitize_member(name, source.read(name)))
            for name in source.namelist()
            if not name.endswith("/")
        )


def compressed_bytes(fh: BinaryIO, info: zipfile.ZipInfo) -> bytes | None:
    """The compressed bytes of a member of the zip open on ``fh``, read where ``ZipFile.open``
    reads them; None if its local header is not one ``ZipFile.open`` accepts (it then
    decides). Two members with the same bytes, method, flags, CRC and sizes inflate alike:
    what is known of one is known of the other, without inflating it."""
    fh.seek(info.header_offset)
    header = fh.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        return None
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    if signature != b"PK\x03\x04" or fh.read(name_length) != info.orig_filename.encode(
        "utf-8" if info.flag_bits & 0x800 else "cp437"
    ):
        return None
    fh.seek(extra_length, os.SEEK_CUR)
    raw = fh.read(info.compress_size)
    return raw if len(raw) == info.compress_size else None
