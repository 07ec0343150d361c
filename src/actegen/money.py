"""One money type, one constructor, one rounding rule.

Every amount in actegen is a ``Decimal`` built from text or an int, never from a float
("never use floating-point in an accounting system", beancount). Rounding is explicit:
to the centime, half-up (the rule of French accounting practice and of the rapport n° 93/4-18
tables), unless a computation documents another rule.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
UNIT = Decimal("1")
HUNDRED = Decimal("100")


def to_decimal(value: object) -> Decimal:
    """Build a Decimal from an int, a Decimal or a numeric string; refuse floats.

    A float has already lost the amount the person typed (0.1 is not 0.1), so it is a
    programming error to let one reach a computation.
    """
    if isinstance(value, bool):
        raise TypeError("un booléen n'est pas un montant")
    if isinstance(value, float):
        raise TypeError("un float n'est pas accepté comme montant : utiliser Decimal ou str")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            result = Decimal(value.strip().replace(" ", "").replace("\u202f", "").replace(",", "."))
        except InvalidOperation as exc:
            raise ValueError(f"montant illisible : {value!r}") from exc
        if not result.is_finite():
            raise ValueError(f"montant non fini : {value!r}")
        return result
    raise TypeError(f"type de montant non pris en charge : {type(value).__name__}")


def round_cents(amount: Decimal) -> Decimal:
    """Round to the centime, half-up: 0,005 → 0,01."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def round_units(amount: Decimal) -> Decimal:
    """Round to the unit (franc or euro), half-up, as the rapport 93/4-18's payment table does."""
    return amount.quantize(UNIT, rounding=ROUND_HALF_UP)


def percent(amount: Decimal, rate_percent: Decimal) -> Decimal:
    """``rate_percent`` % of ``amount``, unrounded (the caller rounds, once)."""
    return amount * rate_percent / HUNDRED
