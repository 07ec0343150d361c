"""Stage 4 — render: a document job (template + context) → DOCX bytes.

The document properties (author, dates) come from the case, never from the machine; the
Jinja environment is strict, escaping and sandboxed (``environment``).

Two ways to the same bytes:
- the **prepared path** (``prepared.PreparedTemplate``) reads, cleans and compiles a
  template once per process (or reads that back from ``code_cache``), then renders many
  contexts from it, its body streamed (``streamed``) unless it needs docxtpl's tree fix-ups;
- the **plain path** (``plain.render_document``): a ``DocxTemplate`` loaded, rendered and
  saved, for what the prepared path does not handle.
Both end in ``docx_zip``'s reproducible zip, and a test checks that they give the same
bytes for every shipped document.
"""

from __future__ import annotations

from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from .. import mentions, sandbox
from ..bounded import read_docx
from ..build.digest import context_is_plain
from ..docx_zip import normalize_docx
from ..templates import template_path
from .code_cache import Compiler
from .environment import after_jinja, filling_errors, make_environment, template_errors
from .job import DocumentJob, RenderSettings, default_timestamp
from .plain import render_document
from .prepared import PreparedTemplate, Unsupported, cached_data, made_data, read

__all__ = [
    "DocumentJob",
    "RenderSettings",
    "Renderer",
    "after_jinja",
    "compiler_for",
    "default_timestamp",
    "filling_errors",
    "make_environment",
    "render_document",
]


def compiler_for(settings: RenderSettings) -> Compiler:
    """A new Jinja environment for ``settings`` (strict, escaping, sandboxed, the French
    filters bound to its currency and spelling: what ``environment_key`` names, and its
    name in the template cache), compiling through that cache (``code_cache``)."""
    return Compiler(make_environment(settings), repr(settings.environment_key))


class Renderer:
    """Renders jobs from one templates folder, preparing each template once.

    One per process and per run: templates are read once (their bytes are what the
    manifest hashed), environments are made once per currency and spelling.
    """

    def __init__(self, directory: Path):
        self.directory = directory
        self._compilers: dict[tuple[str, bool], Compiler] = {}
        self._prepared: dict[tuple[str, tuple[str, bool]], PreparedTemplate | None] = {}

    def environment(self, settings: RenderSettings) -> SandboxedEnvironment:
        return self.compiler(settings).env

    def compiler(self, settings: RenderSettings) -> Compiler:
        """The environment of ``settings``, one per renderer (``compiler_for``)."""
        key = settings.environment_key
        if key not in self._compilers:
            self._compilers[key] = compiler_for(settings)
        return self._compilers[key]

    def prepared(self, template: str, settings: RenderSettings) -> PreparedTemplate | None:
        """The prepared template, or None when only the plain path can render it."""
        key = (template, settings.environment_key)
        if key not in self._prepared:
            path = template_path(self.directory, template)
            try:
                with template_errors(path, template, reading=True):
                    docx = read_docx(path)
                    data = cached_data(docx)  # from the cache: python-docx need not read it
                    helper = read(docx) if data is None else None
                with template_errors(path, template, reading=False):
                    if data is None:
                        data = made_data(docx, helper)
                    self._prepared[key] = PreparedTemplate(path, docx, data, self.compiler(settings))
            except Unsupported:
                self._prepared[key] = None
        return self._prepared[key]

    def render(self, job: DocumentJob, settings: RenderSettings, *, fast: bool | None = None) -> bytes:
        """Normalized DOCX bytes of one job, refused if it lacks a mandatory mention.

        ``fast``: whether the prepared path may be used (None: find out from the context);
        False forces the plain docxtpl path.
        """
        if fast is None:
            fast = context_is_plain(job.context)
        prepared = self.prepared(job.template, settings) if fast else None
        bodies: list[etree._Element] = []  # the streamed body's tree, if the mentions will read it
        if prepared is None:
            data = normalize_docx(render_document(job, self.directory, self.environment(settings), settings))
        else:
            keep = bodies if mentions.checked(job.family, job.context) else None
            with template_errors(prepared.path, job.filename, reading=False), sandbox.guarded():
                data = prepared.render(job, settings, bodies=keep)
        body = bodies.pop() if bodies else None
        names = prepared.style_names if prepared is not None else None
        # the table of mentions
        mentions.ensure_mentions(job.family, job.filename, job.context, data, body, names)
        return data
