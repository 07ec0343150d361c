"""The « note de calcul »: every computed figure of a case with its formula, its rounding
and the references of its rules, for a notary or a municipal finance officer to check by
hand. Shown as text (``actegen explain``), as JSON (``--json``, every Decimal as its exact
string, never through a float) and as DOCX.

The case chooses the DOCX notes (``documents.note_de_calcul``, issue 17 point 4): by default
(``par_lot``) each acte has its lot's note as an annex (``note_de_calcul_lot``) and this
family writes a short note of the operation's own figures; ``operation_complete`` writes one
note of every lot and the operation (no note per lot); ``les_deux`` writes both.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from ..case_types import Case
from ..compute.dossier import CaseResults, Section
from ..compute.explain import NOMBRE, TAUX, Ligne
from ..compute.solvabilite import motif_sans_acte
from ..errors import ActegenError
from ..french import format_computed, format_computed_rate, format_digits
from ..money import ZERO
from ..naming import note_de_calcul_lot_name, slug
from .note_donnees import sections_du_lot

PAR_LOT = "par_lot"
OPERATION_COMPLETE = "operation_complete"
LES_DEUX = "les_deux"
MODES = (PAR_LOT, OPERATION_COMPLETE, LES_DEUX)
"""The values of ``documents.note_de_calcul`` (default ``par_lot``)."""


class LotInconnu(ActegenError, LookupError):
    """The lot asked for is not in the case."""

    exit_code = 2  # a wrong ``--lot``: the command line is wrong, as for a usage error


def format_valeur(ligne: Ligne, currency: str | None) -> str:
    """A line's value as its unit is shown: an amount, a rate as a percentage, a count, a date."""
    # The notes of a case's lots show the same few hundred values thousands of times: each
    # is formatted once. The key is the value's text, not the value: Decimal("1.5") equals
    # Decimal("1.50") but prints otherwise, and a Decimal's str() is exact (sign, digits,
    # exponent). What formats raise is not kept.
    valeur = ligne.valeur
    key = (type(valeur), str(valeur), ligne.unite, currency)
    found = _FORMATTED.get(key)
    if found is None:
        found = _format_valeur(valeur, ligne.unite, currency)
        if len(_FORMATTED) >= _FORMATTED_MAX:
            _FORMATTED.clear()
        _FORMATTED[key] = found
    return found


_FORMATTED: dict[tuple[type, str, str, str | None], str] = {}
_FORMATTED_MAX = 8192


def _format_valeur(valeur: Decimal | date, unite: str, currency: str | None) -> str:
    if isinstance(valeur, date):
        return valeur.strftime("%d/%m/%Y")
    if unite == TAUX:
        return format_computed_rate(valeur)
    if unite == NOMBRE:
        return format_digits(valeur)
    return format_computed(valeur, currency)


def to_text(lignes: Sequence[Ligne], currency: str | None = "EUR", titre: str | None = None) -> str:
    """A plain French « note de calcul »: one numbered paragraph per line.

    ``currency`` is "EUR" or "FRF" (amounts are shown with € or F), or None for bare
    numbers.
    """
    out: list[str] = []
    if titre:
        out += [titre, "=" * len(titre), ""]
    for i, ligne in enumerate(lignes, 1):
        out.append(f"{i}. {ligne.libelle} : {format_valeur(ligne, currency)}")
        out.append(f"   Calcul : {ligne.formule}")
        if ligne.arrondi:
            out.append(f"   Arrondi : {ligne.arrondi}")
        for ref in ligne.references:
            out.append(f"   Référence : {ref}")
    return "\n".join(out) + "\n"


def to_data(lignes: Sequence[Ligne]) -> list[dict[str, object]]:
    """The lines as JSON-ready dicts, every Decimal as its exact string."""
    return [
        {
            "libelle": ligne.libelle,
            "formule": ligne.formule,
            "valeur": ligne.valeur.isoformat() if isinstance(ligne.valeur, date) else str(ligne.valeur),
            "unite": ligne.unite,
            "arrondi": ligne.arrondi,
            "references": list(ligne.references),
        }
        for ligne in lignes
    ]


def mode(case: Case) -> str:
    """Which DOCX notes the case gets (``MODES``; ``par_lot`` when the case says nothing)."""
    return str(case.get("documents", {}).get("note_de_calcul", PAR_LOT))


def notes_par_lot(case: Case) -> bool:
    """Each acte has its lot's note as an annex."""
    return mode(case) != OPERATION_COMPLETE


def select(case: Case, results: CaseResults, lot: str | None) -> list[tuple[str, Sequence[Section]]]:
    """(heading, sections) per lot — or only lot ``lot`` — then the operation's totals. A
    lot's sections are its computations, then the figures its documents copy from the case."""
    groups: list[tuple[str, Sequence[Section]]] = []
    numbers = [str(r.numero) for r in results.lots]
    if lot is not None and lot not in numbers:
        raise LotInconnu(f"lot {lot!r} absent du dossier (lots : {', '.join(numbers)})")
    for data, r in zip(case["lots"], results.lots, strict=True):
        if lot is None or str(r.numero) == lot:
            groups.append((f"Lot {r.numero}", sections_du_lot(case, data, r)))
    if lot is None and results.sections:
        groups.append(("Opération", results.sections))
    return groups


def select_operation(case: Case, results: CaseResults) -> list[tuple[str, Sequence[Section]]]:
    """The short note of ``par_lot``: the operation's own figures, the lots with the note
    that holds each one's figures, and the lots that get no acte (their figures are stated
    by the délibération only, so this note holds them)."""
    index = []
    tenants: list[tuple[str, Sequence[Section]]] = []
    for data, r in zip(case["lots"], results.lots, strict=True):
        if motif_sans_acte(data, r.solvabilite) is not None:
            where = "sans acte de vente : ses calculs figurent ci-dessous"
            tenants.append((f"Lot {r.numero} (sans acte de vente)", sections_du_lot(case, data, r)))
        else:
            where = f"détail dans la note de calcul du lot ({note_de_calcul_lot_name(data)})"
        frais = r.prix.get("frais_de_vente", ZERO)
        libelle = f"Lot {r.numero} : prix" + (" (frais de vente compris)" if frais else "")
        index.append(Ligne(libelle, where, r.prix_de_vente))
    groups: list[tuple[str, Sequence[Section]]] = []
    if results.sections:
        groups.append(("Opération", results.sections))
    groups.append(("Lots de l’opération", (Section("Prix de chaque lot", tuple(index)),)))
    return groups + tenants


def as_text(case: Case, results: CaseResults, lot: str | None = None) -> str:
    out = [f"Note de calcul — {case['operation']['nom']} ({case['id']})", ""]
    for heading, sections in select(case, results, lot):
        out += [heading, "-" * len(heading), ""]
        for section in sections:
            out.append(to_text(section.lignes, results.currency, titre=section.titre))
    return "\n".join(out).rstrip() + "\n"


def as_json(case: Case, results: CaseResults, lot: str | None = None) -> str:
    data = {
        "dossier": case["id"],
        "devise": results.currency,
        "groupes": [
            {"titre": heading, "calculs": [{"titre": s.titre, "lignes": to_data(s.lignes)} for s in sections]}
            for heading, sections in select(case, results, lot)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --------------------------------------------------------------------------- the DOCX family


def applies(case: Case, results: CaseResults) -> bool:
    """Every case has its note de calcul: the whole one, or the operation's short one."""
    return True


def context(case: Case, results: CaseResults) -> dict[str, Any]:
    """The DOCX note's context: groups → sections → lines, values already formatted;
    ``complete``: every lot (``operation_complete``, ``les_deux``), else the short note."""
    complete = mode(case) != PAR_LOT
    groups = select(case, results, None) if complete else select_operation(case, results)
    return {
        "op": case["operation"],
        "dossier": case["id"],
        "complete": complete,
        "groupes": groups_context(groups, results.currency),
    }


def groups_context(groups: Sequence[tuple[str, Sequence[Section]]], currency: str) -> list[dict[str, Any]]:
    """Groups → sections → numbered lines, as the DOCX notes show them."""
    out = []
    for heading, sections in groups:
        out.append(
            {
                "titre": heading,
                "calculs": [
                    {
                        "titre": s.titre,
                        "lignes": [
                            {
                                "numero": i,
                                "libelle": ligne.libelle,
                                "formule": ligne.formule,
                                "valeur": format_valeur(ligne, currency),
                                "arrondi": ligne.arrondi or "",
                                "references": " ; ".join(ligne.references),
                            }
                            for i, ligne in enumerate(s.lignes, 1)
                        ],
                    }
                    for s in sections
                ],
            }
        )
    return out


def filename(case: Case) -> str:
    return f"note-de-calcul_{slug(case['id'], limit=64)}.docx"


def title(case: Case) -> str:
    return "Note de calcul" if mode(case) != PAR_LOT else "Note de calcul de l’opération"
