"""Rules on the case as a whole: its numbers, its id, the lots' numbers and shares, the
order of its main dates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from ..case_types import Case
from ..errors import CaseError
from ..load import LoadedCase
from ..naming import WINDOWS_RESERVED_NAMES
from .common import err, walk_numbers, walk_strings


def _more_than_two_decimals(value: Decimal) -> bool:
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and exponent < -2


def amounts_have_at_most_two_decimals(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """A price is written to the centime: a third decimal is a typing mistake, never rounded away."""
    # Only a number written with more than two decimals may have a third one that is not a zero.
    for path, value in walk_numbers(loaded.data, (), _more_than_two_decimals):
        _sign, digits, exponent = value.as_tuple()  # finite: the loader refuses the others
        assert isinstance(exponent, int)
        zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
        if any(digits) and exponent + zeros < -2:  # no quantize: it fails past 28 digits
            yield err(loaded, path, "au plus deux décimales (les centimes) sont permises")


def case_id_can_name_a_folder(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """The id names the output folder as it is: Windows has no folder called ``con`` or ``nul``."""
    if str(case["id"]).upper() in WINDOWS_RESERVED_NAMES:
        yield err(
            loaded,
            ("id",),
            "nom réservé par Windows (CON, PRN, AUX, NUL, COM1…, LPT1…) : "
            "il ne peut pas nommer le dossier de sortie",
        )


def lot_numbers_are_unique(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    seen: dict[str, int] = {}
    for i, lot in enumerate(case["lots"]):
        key = str(lot["numero"])
        if key in seen:
            yield err(loaded, ("lots", i, "numero"), f"numéro de lot déjà utilisé par lots[{seen[key]}]")
        else:
            seen[key] = i


def dates_are_in_order(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    act = case["operation"]["date_acte"]
    auth = case["vendeur"]["autorisation"]["date"]
    if act < auth:
        yield err(loaded, ("operation", "date_acte"), "la date des actes précède l'autorisation de vendre")
    seance = case.get("seance")
    if seance and seance["date_certification"] < seance["date"]:
        yield err(loaded, ("seance", "date_certification"), "l'extrait est certifié avant la séance")


def copropriete_shares_fit(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    for i, lot in enumerate(case["lots"]):
        copro = lot.get("copropriete")
        if copro and copro["tantiemes"] > copro["tantiemes_total"]:
            yield err(
                loaded,
                ("lots", i, "copropriete", "tantiemes"),
                "les tantièmes du lot dépassent le total de la copropriété",
            )


_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c"}
_OPENERS.update(dict.fromkeys("\u2066\u2067\u2068", "\u2069"))
_CLOSERS = {"\u202c", "\u2069"}
_ANY_MARK = re.compile("[\u202a-\u202e\u2066-\u2069]")
"""Any of the marks above: a text without one has nothing left open (most texts)."""


def _unpaired_direction_mark(text: str) -> str | None:
    """The first bidirectional embedding, override or isolate of ``text`` left open (or a
    closing one with nothing open), as Unicode's algorithm pairs them; None if all pair."""
    stack: list[str] = []
    for char in text:
        if char in _OPENERS:
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or _OPENERS[stack[-1]] != char:
                return char
            stack.pop()
    return stack[0] if stack else None


def direction_marks_are_closed(case: Case, loaded: LoadedCase) -> Iterator[CaseError]:
    """An override left open (U+202E…) displays the rest of the line reversed in Word: the
    name read is not the name written."""
    for path, text in walk_strings(loaded.data, (), _ANY_MARK.search):
        bad = _unpaired_direction_mark(text)
        if bad is not None:
            yield err(
                loaded,
                path,
                f"marque de direction du texte U+{ord(bad):04X} non appariée : "
                "le reste de la ligne s'afficherait dans un autre sens",
            )
