"""A shard of a plan: what it checks before rendering, how it records its part, and how
``actegen manifest merge`` joins the shards' records into each case's manifest.

A shard renders only its documents (``PartSelection``) and writes their entries to its
own manifest, ``.actegen-manifest.shard-K-of-N.json``, beside the case's manifest, which it
never rewrites: shards running in separate CI jobs, or one after another in one tree,
never blank each other's entries. The merge then writes the case's manifest that an
unsharded render would have written, so that the next full render is a no-op.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..bounded import Refused, read_regular
from ..errors import OutputError, display_path
from ..hashing import file_sha256, sha256
from ..load import MAX_CASE_BYTES
from ..naming import nouveau_name
from ..output.bases import stored
from ..output.durable import write_file
from ..output.folders import cannot_write
from ..output.lock import OutputLock
from ..output.manifest import (
    MANIFEST,
    PART_MANIFEST,
    Manifest,
    PartsRefused,
    merge_parts,
    on_disk,
    read_manifest,
)
from ..output.staging import Staging
from .commit import Found, apply, decide
from .fingerprints import Fingerprints
from .fusion import fuse
from .options import Action
from .plan import Planned
from .planfile import PartSelection, PlanError, PlanFile
from .workers import Results

RERUN = "relancer actegen plan"


def fingerprints_of(prints: Fingerprints) -> dict[str, str]:
    """What the plan records of what every case shares."""
    return {"code": prints.code, "parametres": prints.parameters, "modeles": prints.templates}


def check_plan(plan: PlanFile, prints: Fingerprints) -> None:
    """Refuse a plan that is no longer what the cases give: another actegen, other templates
    or parameters, a case file changed or gone. Every case of the plan is checked by its
    bytes' hash, none is loaded: every shard refuses a stale plan alike."""
    if plan.fingerprints != fingerprints_of(prints):
        raise PlanError(
            "le plan a été fait avec une autre version d'actegen, d'autres modèles ou d'autres "
            f"paramètres : {RERUN}"
        )
    for case in plan.cases:
        path = Path(case.path)
        try:
            data = read_regular(path, MAX_CASE_BYTES)
        except FileNotFoundError:
            raise PlanError(
                f"le dossier {case.case_id} du plan n'existe plus ({case.path}) : {RERUN}"
            ) from None
        except (OSError, Refused) as exc:
            raise PlanError(f"{display_path(path)} : illisible ({exc}) ; {RERUN}") from None
        if hashlib.sha256(data).hexdigest() != case.sha256:
            raise PlanError(f"le plan ne correspond plus au dossier {case.case_id} ({case.path}) : {RERUN}")
        if prints.case_key(data) != case.key:
            raise PlanError(
                f"le plan du dossier {case.case_id} a été fait dans un autre environnement "
                f"(SOURCE_DATE_EPOCH ?) : {RERUN}"
            )


def commit_part(
    plan: Planned, results: Results, staging: Staging | None, part: PartSelection, force: bool
) -> None:
    """5. for a shard: its documents' files and its own manifest, swapped in as a render's.

    Nothing is removed (an obsolete document is the merge's, then the next full render's);
    the bases of the other shards stay.
    """
    expected = part.cases.get(plan.case_id)
    mine = {doc.filename: doc.inputs for doc in plan.docs if doc.action is not Action.OUTSIDE}
    if expected is None or plan.case_key != expected.key or mine != expected.inputs:
        if staging is not None:
            staging.abort()
        plan.outcome.error = PlanError(
            f"le plan ne correspond plus au dossier {plan.case_id} ({display_path(plan.outcome.path)}) : {RERUN}"
        )
        return
    plan.obsolete = []  # the documents of the other parts among them (never built here)
    commit = decide(plan, results, force, Found.of(plan))
    commit.outside.extend(expected.others)
    fuse(commit, plan, staging)
    if commit.error is None and commit.record is not None:
        record = commit.record
        own = Manifest(
            plan.case_id,
            expected.key,
            record.version,
            expected.warnings,
            {name: record.documents[name] for name in mine},
            expected.mark,
        )
        data = own.to_bytes()
        commit.manifest_name = part.manifest_name
        changed = file_sha256(plan.target / part.manifest_name) != sha256(data)
        commit.manifest = data if commit.staged or commit.deleted or changed else None
        commit.keep |= stored(plan.target)
    apply(commit, plan.outcome, plan.target, staging)


# --------------------------------------------------------------------------------------
# actegen manifest merge


@dataclass
class Merged:
    """What a merge did: the cases whose manifest it wrote, the documents they record."""

    cases: list[str] = field(default_factory=list)
    documents: int = 0


def _case_folders(root: Path) -> list[Path]:
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError as exc:
        raise cannot_write(display_path(root), exc) from None
    return [Path(e.path) for e in entries if not e.name.startswith(".") and e.is_dir(follow_symlinks=False)]


def _parts_of(folder: Path) -> list[tuple[str, Manifest]]:
    found = []
    for name in sorted(p.name for p in folder.glob(".actegen-manifest.shard-*.json")):
        match = PART_MANIFEST.fullmatch(name)
        if match is None:
            continue
        manifest = read_manifest(folder, name)
        mark = manifest.part
        if mark is None or (mark.number, mark.parts) != (int(match[1]), int(match[2])):
            raise OutputError(f"{display_path(folder / name)} : pas un manifeste de part d'actegen")
        found.append((name, manifest))
    return found


def _check_files(folder: Path, manifest: Manifest, names: set[str]) -> None:
    """Every document the shards recorded (``names``) is there, with the bytes they wrote."""
    for name, entry in sorted(manifest.documents.items()):
        if name not in names:
            continue
        disk = on_disk(folder, name)
        if disk.main == entry.ecrit.sortie or (
            entry.nouveau is not None and disk.beside == entry.nouveau.sortie
        ):
            continue
        shown = display_path(folder / (name if entry.nouveau is None else nouveau_name(name)))
        raise OutputError(
            f"{shown} : absent, ou autre que ce que sa part a écrit (artefact incomplet ?) ; rien n'a été fusionné"
        )


def _check_complete(root: Path, plan: PlanFile, merging: set[str]) -> None:
    """Every case of the plan has its shards here, or was merged before."""
    for case in plan.cases:
        if case.case_id in merging or not case.documents:
            continue
        done = read_manifest(root / case.case_id).documents
        if any(doc.name not in done for doc in case.documents):
            raise OutputError(
                f"{display_path(root / case.case_id)} : aucune part du dossier {case.case_id} "
                "(artefact manquant ?) ; rien n'a été fusionné"
            )


def merge_output(root: Path, plan: PlanFile | None = None) -> Merged:
    """Join the shards' manifests of every case folder of ``root`` into its manifest.

    Everything is checked first — one plan and one split for the whole tree (``plan``'s,
    if given: then every case of it must be there), no part missing, every recorded file
    there —, then each case's manifest is written (atomically) and its shards' manifests
    removed; run again, it finds nothing left to do.
    """
    plan_digest = plan.digest if plan is not None else None
    merged = Merged()
    with OutputLock(root):
        work: list[tuple[Path, list[str], Manifest]] = []
        plans: set[tuple[str, int]] = set()
        for folder in _case_folders(Path(root)):
            parts = _parts_of(folder)
            if not parts:
                continue
            marks = [m.part for _n, m in parts if m.part is not None]
            plans |= {(m.plan, m.parts) for m in marks}
            if len(plans) > 1 or (plan_digest is not None and plans != {(plan_digest, marks[0].parts)}):
                raise OutputError(
                    f"{display_path(folder)} : des manifestes de parts de plans (ou de découpages) différents ; "
                    "ne fusionner que les parts d'un même plan"
                )
            try:
                manifest = merge_parts(read_manifest(folder), [m for _n, m in parts])
            except PartsRefused as exc:
                raise OutputError(f"{display_path(folder)} : {exc} ; rien n'a été fusionné") from None
            _check_files(folder, manifest, {n for _n, m in parts for n in m.documents})
            work.append((folder, [n for n, _m in parts], manifest))
        if plan is not None:
            _check_complete(Path(root), plan, {folder.name for folder, _n, _m in work})
        for folder, names, manifest in work:
            tmp = folder / f".{MANIFEST}.fusion.tmp"
            try:
                write_file(tmp, manifest.to_bytes())
                os.replace(tmp, folder / MANIFEST)
                for name in names:
                    os.unlink(folder / name)
            except OSError as exc:
                raise cannot_write(display_path(folder), exc) from None
            merged.cases.append(manifest.case_id)
            merged.documents += len(manifest.documents)
    return merged
