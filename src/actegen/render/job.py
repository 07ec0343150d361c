"""The properties a job and its settings (``jobs``) give the document."""

from __future__ import annotations

from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn

from ..jobs import DocumentJob, RenderSettings, Spool, SpooledJob, default_timestamp, loaded, remove_spool

__all__ = [
    "CASE_PROPERTIES",
    "TEMPLATED_PROPERTIES",
    "DocumentJob",
    "RenderSettings",
    "Spool",
    "SpooledJob",
    "default_timestamp",
    "loaded",
    "remove_spool",
    "set_properties",
]


# docxtpl renders these core properties as templates (DocxTemplate.render_properties), in this order.
TEMPLATED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


# The text properties ``set_properties`` gives every document, whatever the template had.
CASE_PROPERTIES = (
    "author",
    "last_modified_by",
    "title",
    "subject",
    "comments",
    "keywords",
    "category",
    "identifier",
)


def _case_texts(job: DocumentJob, settings: RenderSettings) -> tuple[str, ...]:
    """The values of ``CASE_PROPERTIES``, in that order."""
    author = job.author or settings.author
    return (author, author, job.title, settings.reference, "", "", "", "")


def set_properties(props: CoreProperties, job: DocumentJob, settings: RenderSettings) -> None:
    """The document properties come from the case, never from the machine or the template."""
    for name, value in zip(CASE_PROPERTIES, _case_texts(job, settings), strict=True):
        setattr(props, name, value)
    props.created = settings.timestamp.replace(tzinfo=None)
    props.modified = settings.timestamp.replace(tzinfo=None)
    props.revision = 1
    for name in (
        "cp:contentStatus",
        "cp:version",
        "cp:lastPrinted",
    ):  # the template's, python-docx cannot unset them
        element = props._element.find(qn(name))
        if element is not None:
            props._element.remove(element)
