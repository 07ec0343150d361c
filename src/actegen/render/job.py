"""What a document is made from: the job (template, file name, context), the settings its
case shares with its other documents, and the properties these give the document."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn


@dataclass(frozen=True)
class DocumentJob:
    """One document to produce: which template, which file name, with which context."""

    family: str
    filename: str
    template: str
    context: dict[str, Any] = field(hash=False, compare=False)
    title: str = ""
    author: str = ""  # the document's author property; empty: the case's office (settings)


@dataclass(frozen=True)
class RenderSettings:
    """Case-level settings that every document of a case shares."""

    currency: str
    reform1990: bool
    author: str
    timestamp: datetime
    reference: str

    @property
    def environment_key(self) -> tuple[str, bool]:
        """What the Jinja environment depends on (its filters' defaults)."""
        return (self.currency, self.reform1990)


def default_timestamp(case_date: Any) -> datetime:
    """The documents' date: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else the act's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime(case_date.year, case_date.month, case_date.day, 12, 0, 0, tzinfo=UTC)


# docxtpl renders these core properties as templates (DocxTemplate.render_properties), in this order.
TEMPLATED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")


def set_properties(props: CoreProperties, job: DocumentJob, settings: RenderSettings) -> None:
    """The document properties come from the case, never from the machine or the template."""
    props.author = job.author or settings.author
    props.last_modified_by = job.author or settings.author
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
