"""Templates: where they come from (``template_paths``), and what reading one can raise."""

from __future__ import annotations

import zipfile
import zlib

from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from .template_paths import shipped_templates_dir, template_path, templates_dir

__all__ = ["UNREADABLE_DOCX", "shipped_templates_dir", "template_path", "templates_dir"]

# What reading a .docx (template or clause file) raises when the file is bad: it cannot be
# read, is no zip or a truncated one, has a member missing or corrupt, a part that is not
# XML, or is a package that is not a Word document (python-docx's ValueError). Only the step
# that reads the file maps these: raised anywhere else, they are a bug and escape as such.
UNREADABLE_DOCX: tuple[type[Exception], ...] = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zlib.error,
    PackageNotFoundError,
    KeyError,
    etree.XMLSyntaxError,
    ValueError,
)
