"""What a document is made from: the job (template, file name, context) and the settings its
case shares with its other documents.

Plain data, apart from ``render`` (whose package loads docxtpl, Jinja and lxml): the plan
and the no-parse re-run use it without loading them (``build.noop``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any


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
