"""The note de calcul of one lot, annexed to its acte and named like it: the lot's
computations with their formulas and sources, then every figure its documents (acte,
convention CAF, bulletin d'assurance revente) copy from the case (``note_donnees``).

Written when the case's notes are ``par_lot`` (the default) or ``les_deux``; a household that
gets no acte gets no note of its own either (``Family.vente``): its figures are in the
operation's note, as the délibération states them.
"""

from __future__ import annotations

from typing import Any

from ..case_types import Case, Lot
from ..compute.dossier import LotResult
from ..naming import note_de_calcul_lot_name
from .note_de_calcul import groups_context, notes_par_lot
from .note_donnees import sections_du_lot


def applies(case: Case, lot: Lot, result: LotResult) -> bool:
    """The case's notes are per lot (``documents.note_de_calcul``: ``par_lot`` or ``les_deux``)."""
    return notes_par_lot(case)


def context(case: Case, lot: Lot, result: LotResult) -> dict[str, Any]:
    groups = [(f"Lot {lot['numero']}", sections_du_lot(case, lot, result))]
    currency = case["operation"]["devise"]
    return {
        "op": case["operation"],
        "dossier": case["id"],
        "lot": {"numero": lot["numero"]},
        "groupes": groups_context(groups, currency),
    }


def filename(lot: Lot) -> str:
    return note_de_calcul_lot_name(lot)


def title(lot: Lot) -> str:
    return f"Note de calcul — lot {lot['numero']}"
