"""What a build gives back: the checked case, and per case what happened to its documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..errors import ActegenError, CaseError

if TYPE_CHECKING:  # not loaded by the no-parse re-run (``noop``)
    from ..case_types import Case
    from ..compute.dossier import CaseResults
    from ..merge import Conflict


class Checked(NamedTuple):
    """A case through stages 1–3: its data, its warnings (located), its computed figures."""

    case: Case
    warnings: list[CaseError]
    results: CaseResults


@dataclass
class CaseOutcome:
    """What happened to one case; documents by what happened to them."""

    path: Path
    case_id: str | None = None
    output: Path | None = None
    warnings: list[CaseError] = field(default_factory=list)
    warning_lines: list[str] = field(default_factory=list)  # replayed from the manifest
    error: ActegenError | None = None
    failures: list[str] = field(default_factory=list)  # one message per failed document
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    beside: list[tuple[str, str, bool]] = field(default_factory=list)  # (edited, new version, rewritten)
    outside: list[str] = field(default_factory=list)  # not in this --shard
    removed: list[str] = field(default_factory=list)  # no longer produced, unedited: deleted
    kept_obsolete: list[str] = field(default_factory=list)  # no longer produced, but edited: kept
    fusion_kept: list[str] = field(default_factory=list)  # NAME.fusion.docx edited by hand: kept
    conflicts: list[tuple[str, Conflict]] = field(default_factory=list)  # (fusion file, conflict)
    differences: list[tuple[str, str]] = field(default_factory=list)  # --check: (file, reason)
    pdfs: list[Path] = field(default_factory=list)
    parsed: bool = True  # False: unchanged, not even parsed

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class CaseResult:
    case_id: str
    output: Path
    warnings: list[CaseError] = field(default_factory=list)
    report: CaseOutcome | None = None


@dataclass
class SetReport:
    cases: list[CaseOutcome]

    def count(self, attribute: str) -> int:
        return sum(len(getattr(c, attribute)) for c in self.cases)

    @property
    def failed_cases(self) -> list[CaseOutcome]:
        return [c for c in self.cases if not c.ok]

    @property
    def differences(self) -> int:
        return self.count("differences")
