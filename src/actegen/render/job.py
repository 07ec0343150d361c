"""The properties a job and its settings (``jobs``) give the document."""

from __future__ import annotations

from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn

from ..jobs import DocumentJob, RenderSettings, default_timestamp

__all__ = ["TEMPLATED_PROPERTIES", "DocumentJob", "RenderSettings", "default_timestamp", "set_properties"]


# docxtpl renders these core properties as templates (DocxTemplate.render_properties), in this order.
TEMPLATED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def set_properties(props: CoreProperties, job: DocumentJob, settings: RenderSettings) -> None:
    """The document properties come from the case, never from the machine or the template."""
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
    for name in (
        "cp:contentStatus",
        "cp:version",
        "cp:lastPrinted",
    ):  # the template's, python-docx cannot unset them
        element = props._element.find(qn(name))
        if element is not None:
            props._element.remove(element)
