"""The plan of a sharded render: every case loaded, validated, computed and hashed once
(``actegen plan``), then split into cost-balanced parts (``render --plan --shard K/N``).

The plan file is JSON, keys sorted, no date and no machine: the same cases, templates,
parameters and actegen give the same bytes. Its sha256 names it in the shards' manifests, so
that ``actegen manifest merge`` refuses shards of different plans.

**Cost model** (``estimated_cost``, in microseconds of one render on one core): a document
costs its template's weight plus, for a document of the whole operation (délibération,
note de calcul), a weight per lot of the case — its context and its tables grow with the
lots, a lot's own documents do not. The weights were measured on this repository's
templates (2 cores, warm renderer; ``girimbelles`` generated with 100 and 400 lots by
``benchmarks/make_big_case.py``): acte 11,1–11,8 ms; convention CAF 9,5–9,8 ms; bulletin
10,1–10,5 ms; délibération 34 ms at 100 lots, 134 ms at 400 (0,33 ms a lot); note de calcul
419 ms at 100 lots, 1 630 ms at 400 (4,0 ms a lot). A template not in the table (a new
family) weighs ``DEFAULT_WEIGHT``. Loading and computing a case is not counted: a case split
between shards is computed by each of them (about 1,3 ms a lot).
"""

from __future__ import annotations

import hashlib
import heapq
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._version import __version__
from ..bounded import Refused, read_regular
from ..errors import ActegenError, display_path
from ..output.manifest import Manifest, PartMark, part_manifest_name, read_manifest

PLAN_FORMAT = 1
COST_MODEL = 1  # bumped when the weights below change
MAX_PLAN_BYTES = 256 << 20

WEIGHTS: dict[str, tuple[int, int]] = {
    # template: (µs per document, µs per lot of the case for a document of the operation)
    "acte_de_vente.docx": (11_500, 0),
    "bulletin_assurance_revente.docx": (10_300, 0),
    "convention_caf.docx": (9_700, 0),
    "deliberation.docx": (1_000, 330),
    "note_de_calcul.docx": (15_000, 4_000),  # measured on the whole note; the short one costs less
    "note_de_calcul_lot.docx": (15_000, 0),  # not measured apart: as the whole note's fixed part
}
DEFAULT_WEIGHT = (10_000, 1_000)


class PlanError(ActegenError):
    """A plan that cannot be used: unreadable, or no longer what the cases give."""


def estimated_cost(template: str, per_lot: bool, lots: int) -> int:
    """Microseconds one render of this document is expected to take (``WEIGHTS``)."""
    base, per = WEIGHTS.get(template, DEFAULT_WEIGHT)
    return max(1, base + (0 if per_lot else per * lots))


@dataclass(frozen=True)
class PlannedDoc:
    name: str
    template: str
    inputs: str | None  # None: a context without a digest, always rendered
    cost: int
    lot: str | None  # the lot the document belongs to; None: a document of the operation

    def as_json(self) -> dict[str, Any]:
        return {
            "nom": self.name,
            "modele": self.template,
            "entrees": self.inputs,
            "cout": self.cost,
            "lot": self.lot,
        }


@dataclass(frozen=True)
class PlannedCase:
    case_id: str
    path: str  # the case file, as given (posix)
    sha256: str  # of the case file's bytes
    key: str  # Fingerprints.case_key: case, templates, parameters, actegen
    output: str  # its output folder, posix
    warnings: list[dict[str, Any]]
    documents: list[PlannedDoc]

    @property
    def cost(self) -> int:
        return sum(d.cost for d in self.documents)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.case_id,
            "fichier": self.path,
            "sha256": self.sha256,
            "entrees": self.key,
            "sortie": self.output,
            "avertissements": self.warnings,
            "cout": self.cost,
            "documents": [d.as_json() for d in self.documents],
        }


@dataclass(frozen=True)
class PlanFile:
    cases: list[PlannedCase]
    fingerprints: dict[str, str]  # code, parametres, modeles
    output_root: str
    templates: str | None
    version: str = __version__
    digest: str = ""  # sha256 of the file's bytes, once written or read

    def to_bytes(self) -> bytes:
        data = {
            "format": PLAN_FORMAT,
            "actegen": self.version,
            "modele_de_cout": COST_MODEL,
            "empreintes": self.fingerprints,
            "sortie": self.output_root,
            "modeles": self.templates,
            "cout_total": sum(c.cost for c in self.cases),
            "dossiers": [c.as_json() for c in self.cases],
        }
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def part(self, number: int, parts: int) -> PartSelection:
        """The documents of part ``number`` of ``parts`` (``assign``)."""
        owner = assign(self.cases, parts)
        mine: dict[str, set[str]] = {}
        holders: dict[str, set[int]] = {}
        for case in self.cases:
            for doc in case.documents:
                k = owner[(case.case_id, doc.name)]
                holders.setdefault(case.case_id, set()).add(k)
                if k == number:
                    mine.setdefault(case.case_id, set()).add(doc.name)
        cases = {
            c.case_id: PartCase(
                c.key,
                c.warnings,
                {d.name: d.inputs for d in c.documents if d.name in mine[c.case_id]},
                tuple(d.name for d in c.documents if d.name not in mine[c.case_id]),
                PartMark(self.digest, number, parts, tuple(sorted(holders[c.case_id])), len(c.documents)),
            )
            for c in self.cases
            if c.case_id in mine
        }
        return PartSelection(self.digest, number, parts, cases)


def assign(cases: list[PlannedCase], parts: int) -> dict[tuple[str, str], int]:
    """The part (1…N) of every document: greedy LPT on the estimated costs.

    A case is one item; a case costing more than a part's share (total / N) is split by lot
    (a lot's documents stay together; each document of the operation is an item of its own).
    Items go, the costliest first, to the least loaded part: no part then costs more than
    total / N plus the costliest item.
    """
    total = sum(c.cost for c in cases)
    items: list[tuple[int, int, int, list[tuple[str, str]]]] = []  # (cost, case, first doc, docs)
    for ci, case in enumerate(cases):
        names = [(case.case_id, d.name) for d in case.documents]
        if not names:
            continue
        if parts == 1 or case.cost * parts <= total:
            items.append((case.cost, ci, 0, names))
            continue
        groups: dict[str, tuple[int, int, list[tuple[str, str]]]] = {}
        for di, doc in enumerate(case.documents):
            key = f"lot\0{doc.lot}" if doc.lot is not None else f"doc\0{doc.name}"
            cost, first, members = groups.get(key, (0, di, []))
            groups[key] = (cost + doc.cost, first, [*members, (case.case_id, doc.name)])
        items.extend((cost, ci, first, members) for cost, first, members in groups.values())
    items.sort(key=lambda item: (-item[0], item[1], item[2]))
    loads = [(0, k) for k in range(1, parts + 1)]
    owner: dict[tuple[str, str], int] = {}
    for cost, _ci, _first, members in items:
        load, k = heapq.heappop(loads)
        for member in members:
            owner[member] = k
        heapq.heappush(loads, (load + cost, k))
    return owner


def part_costs(plan: PlanFile, parts: int) -> list[int]:
    """The estimated cost of each part (for the plan's summary and the balance test)."""
    owner = assign(plan.cases, parts)
    costs = [0] * parts
    for case in plan.cases:
        for doc in case.documents:
            costs[owner[(case.case_id, doc.name)] - 1] += doc.cost
    return costs


@dataclass(frozen=True)
class PartCase:
    key: str
    warnings: list[dict[str, Any]]
    inputs: dict[str, str | None]  # this part's documents of the case → their planned inputs
    others: tuple[str, ...]  # the case's documents in other parts
    mark: PartMark


@dataclass(frozen=True)
class PartSelection:
    """A shard's part of the plan: per case, the documents it renders (``SetOptions.part``)."""

    plan: str
    number: int
    parts: int
    cases: dict[str, PartCase] = field(default_factory=dict)

    @property
    def manifest_name(self) -> str:
        return part_manifest_name(self.number, self.parts)

    def outside(self, case_id: str, filename: str) -> bool:
        case = self.cases.get(case_id)
        return case is None or filename not in case.inputs

    def read_manifest(self, target: Path) -> Manifest:
        """The case's manifest, with what this shard already wrote for this plan over it
        (a shard run again before the merge finds its own files as its own)."""
        manifest = read_manifest(target)
        own = read_manifest(target, self.manifest_name)
        if own.part is not None and own.part.plan == self.plan:
            manifest.documents.update(own.documents)
        return manifest


# --------------------------------------------------------------------------------------
# Reading a plan


def _fail(path: Path, what: str) -> PlanError:
    return PlanError(f"{display_path(path)} : plan illisible ({what}) ; le refaire avec actegen plan")


def _doc(data: Any) -> PlannedDoc:
    if not isinstance(data, dict):
        raise ValueError("document")
    name, template, inputs, cost, lot = (data.get(k) for k in ("nom", "modele", "entrees", "cout", "lot"))
    if not (isinstance(name, str) and isinstance(template, str) and isinstance(cost, int)):
        raise ValueError("document")
    if not (inputs is None or isinstance(inputs, str)) or not (lot is None or isinstance(lot, str)):
        raise ValueError("document")
    return PlannedDoc(name, template, inputs, cost, lot)


def _case(data: Any) -> PlannedCase:
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise ValueError("dossier")
    texts = [data.get(k) for k in ("id", "fichier", "sha256", "entrees", "sortie")]
    if not all(isinstance(t, str) for t in texts) or not isinstance(data.get("avertissements"), list):
        raise ValueError("dossier")
    case_id, path, sha, key, output = (str(t) for t in texts)
    return PlannedCase(
        case_id, path, sha, key, output, data["avertissements"], [_doc(d) for d in data["documents"]]
    )


def read_plan(path: Path) -> PlanFile:
    """The plan file written by ``actegen plan``; ``PlanError`` for anything else."""
    try:
        raw = read_regular(path, MAX_PLAN_BYTES)
    except FileNotFoundError:
        raise PlanError(f"{display_path(path)} : plan introuvable ; le faire avec actegen plan") from None
    except (OSError, Refused) as exc:
        raise _fail(path, str(exc)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != PLAN_FORMAT:
            raise ValueError("format inconnu")
        if data.get("modele_de_cout") != COST_MODEL or not isinstance(data.get("dossiers"), list):
            raise ValueError("format inconnu")
        prints, root, templates = data.get("empreintes"), data.get("sortie"), data.get("modeles")
        if not isinstance(prints, dict) or not all(isinstance(v, str) for v in prints.values()):
            raise ValueError("empreintes")
        if not isinstance(root, str) or not (templates is None or isinstance(templates, str)):
            raise ValueError("sortie")
        cases = [_case(c) for c in data["dossiers"]]
    except (ValueError, RecursionError) as exc:  # JSON, UTF-8, shape
        raise _fail(path, str(exc) if type(exc) is ValueError else "JSON") from None
    version = data.get("actegen")
    return PlanFile(
        cases,
        prints,
        root,
        templates,
        version if isinstance(version, str) else "",
        hashlib.sha256(raw).hexdigest(),
    )
