"""The plain path: a ``DocxTemplate`` loaded, rendered and saved by docxtpl.

The reference the prepared path is checked against, and the path for what that one does
not handle: a template with footnotes, a context carrying docxtpl objects (``InlineImage``,
``Subdoc``, ``RichText``, ``Listing``).
"""

from __future__ import annotations

import io
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from .. import sandbox
from ..bounded import read_docx
from ..templates import template_path
from .environment import StrictDocxTemplate, template_errors
from .job import DocumentJob, RenderSettings, set_properties


def render_document(
    job: DocumentJob, directory: Path, env: SandboxedEnvironment, settings: RenderSettings
) -> bytes:
    """Render one job with a plain ``DocxTemplate`` into DOCX bytes (not yet normalized).

    The reference path: loaded, rendered and saved by docxtpl; raises ``TemplateError``.
    """
    path = template_path(directory, job.template)
    with template_errors(path, job.filename, reading=True):
        tpl = StrictDocxTemplate(io.BytesIO(read_docx(path)))
        tpl.init_docx()
    with template_errors(path, job.filename, reading=False), sandbox.guarded():
        tpl.render(job.context, jinja_env=env, autoescape=True)
        set_properties(tpl.docx.core_properties, job, settings)
        buffer = io.BytesIO()
        tpl.save(buffer)
    return buffer.getvalue()
