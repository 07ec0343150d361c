"""Stage 4 — render: a document job (template + context) → DOCX bytes.

Rendering never lies:
- ``StrictUndefined``: a variable missing from the context is an error naming the
  template and the variable, never a blank in an act;
- autoescape: a name like ``Dupont & Fils <SARL>`` comes out intact and the XML valid;
- a sandboxed Jinja environment: templates come from other offices and get no access to
  Python internals; case values are data, never template code;
- the document properties (author, dates) come from the case, never from the machine.

Templates are looked up in ``--templates DIR``, else a ``templates/`` folder in the working
directory, else the set shipped with actegen.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from . import french
from .errors import TemplateError


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce: which template, which file name, with which context."""

    family: str
    filename: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    title: str = ""


@dataclass(frozen=True)
class RenderSettings:
    """Case-level settings that every document of a case shares."""

    currency: str
    reform1990: bool
    author: str
    timestamp: datetime
    reference: str


def shipped_templates_dir() -> Path:
    checkout = Path(__file__).resolve().parents[2] / "templates"
    if (checkout / "acte_de_vente.docx").is_file():
        return checkout
    return Path(str(resources.files("actegen") / "_data" / "templates"))


def templates_dir(override: Path | None) -> Path:
    """``--templates DIR`` first, then ``./templates`` if present, then the shipped set."""
    if override is not None:
        if not override.is_dir():
            raise TemplateError(f"dossier de modèles introuvable : {override}")
        return override
    local = Path.cwd() / "templates"
    if local.is_dir() and any(local.glob("*.docx")):
        return local
    return shipped_templates_dir()


def _jour_semaine(d: Any) -> str:
    return ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")[d.weekday()]


def make_environment(settings: RenderSettings) -> SandboxedEnvironment:
    """The Jinja environment every template renders in: strict, escaping, sandboxed."""
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    env.filters.update(french.make_filters(reform1990=settings.reform1990, currency=settings.currency))
    env.filters["jour_semaine"] = _jour_semaine
    return env


_UNDEFINED_ATTR = re.compile(r"has no attribute '([^']+)'")
_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined")


def _describe_undefined(exc: jinja2.UndefinedError) -> str:
    text = str(exc)
    match = _UNDEFINED_ATTR.search(text) or _UNDEFINED_NAME.search(text)
    name = match.group(1) if match else text
    return f"variable inconnue « {name} »"


def render_document(job: DocumentJob, directory: Path, env: SandboxedEnvironment,
                    settings: RenderSettings) -> bytes:
    """Render one job into DOCX bytes; raise ``TemplateError`` naming template and cause."""
    path = directory / job.template
    if not path.is_file():
        raise TemplateError(f"{path}: modèle introuvable")
    try:
        tpl = DocxTemplate(str(path))
        tpl.render(job.context, jinja_env=env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{path.name}: {_describe_undefined(exc)} (document {job.filename})") from None
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(getattr(exc, "docx_context", []) or []).strip()
        where = f" près de « {near[:120]} »" if near else ""
        raise TemplateError(f"{path.name}: balise de modèle invalide ({exc.message}){where}") from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{path.name}: opération interdite dans un modèle ({exc})") from None
    except (jinja2.TemplateError, ValueError, TypeError, ArithmeticError) as exc:
        raise TemplateError(f"{path.name}: le modèle n'a pas pu être rempli ({type(exc).__name__} : {exc})") from None
    except Exception as exc:  # a corrupt .docx: zip or XML errors from python-docx
        raise TemplateError(f"{path.name}: fichier modèle illisible ({type(exc).__name__})") from None
    props = tpl.docx.core_properties
    props.author = settings.author
    props.last_modified_by = settings.author
    props.title = job.title
    props.subject = settings.reference
    props.comments = ""
    props.keywords = ""
    props.category = ""
    props.identifier = ""
    props.created = settings.timestamp.replace(tzinfo=None)
    props.modified = settings.timestamp.replace(tzinfo=None)
    props.revision = 1
    buffer = io.BytesIO()
    tpl.save(buffer)
    return buffer.getvalue()


def default_timestamp(case_date: Any) -> datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the act's date."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime(case_date.year, case_date.month, case_date.day, 12, 0, 0, tzinfo=timezone.utc)
