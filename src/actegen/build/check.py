"""``--check``: what a render would do, without writing anything.

A check plans the cases as a render does, under the ``CHECK`` policy — it renders only an
unedited file whose inputs changed, to compare its bytes — then reports, instead of
committing, each document found as it would be written (``unchanged``) or why not
(``differences``). ``pipeline.check_set`` runs it under a shared lock.
"""

from __future__ import annotations

from ..merge_comments import pending_conflicts
from ..naming import fusion_name
from ..output.manifest import Entry, OnDisk, is_current, is_edited
from ..output.staging import Staging
from .commit import failure
from .options import Action, Policy
from .plan import DocPlan, Plan, Planned
from .report import CaseOutcome
from .workers import RenderResult


def check_action(entry: Entry | None, disk: OnDisk, inputs: str | None, _force: bool) -> Action:
    stale = (
        disk.main is not None and not is_edited(entry, disk) and not is_current(entry, disk, inputs, False)
    )
    return Action.RENDER if stale else Action.SKIP


CHECK = Policy(check_action, writes=False)


def compare(plan: Plan, _staging: Staging | None, results: dict[int, RenderResult]) -> None:
    """The end of a checked case: its documents as they are, or their differences."""
    if not isinstance(plan, Planned):
        return
    outcome = plan.outcome
    outcome.failures, outcome.error = failure(results)
    if outcome.error is not None:
        return
    for doc in plan.docs:
        if doc.action is Action.OUTSIDE:
            outcome.outside.append(doc.filename)
        else:
            _check_document(doc, results.get(doc.index), outcome)
            if is_edited(doc.entry, doc.disk):
                fusion = fusion_name(doc.filename)
                outcome.differences.extend((fusion, c) for c in pending_conflicts(plan.target / fusion))
    for name in plan.obsolete:
        if (plan.target / name).is_file():
            outcome.differences.append((name, "obsolète (n'est plus produit)"))


def _check_document(doc: DocPlan, result: RenderResult | None, outcome: CaseOutcome) -> None:
    entry, disk = doc.entry, doc.disk
    if disk.main is None:
        outcome.differences.append(
            (doc.filename, "manquant (supprimé depuis le dernier rendu)" if entry else "nouveau")
        )
    elif is_edited(entry, disk):
        outcome.differences.append((doc.filename, "modifié à la main"))
    elif result is not None and result.digest != disk.main:
        outcome.differences.append((doc.filename, "à mettre à jour"))
    else:
        outcome.unchanged.append(doc.filename)
