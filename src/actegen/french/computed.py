"""Figures of the note de calcul as computed: digits kept as the Decimal holds them
(« 1,50 », « 24 689,541612… »), unlike ``format_number``, which trims them for running text."""

from __future__ import annotations

from decimal import Decimal

from ..money import CENT
from .amounts import CURRENCIES, format_amount
from .numbers import MINUS, NBSP, group_digits

# The figures of an explanation line as computed: digits kept as the Decimal holds them
# (« 1,50 », « 24 689,541612… »), unlike format_number, which trims them for running text.


def format_digits(value: Decimal) -> str:
    """A Decimal with its digits as held, grouped: Decimal("-4000.50") → "−4 000,50"."""
    text = format(value, "f")
    whole, _, fraction = text.lstrip("-").partition(".")
    return (
        (MINUS if text.startswith("-") else "") + group_digits(whole) + ("," + fraction if fraction else "")
    )


def _computed(value: Decimal) -> str:
    """At most six decimals, an ellipsis when digits are cut: "24 689,541612…"."""
    exponent = value.as_tuple().exponent
    shown = value.quantize(Decimal("0.000001")) if isinstance(exponent, int) and exponent < -6 else value
    if shown == value:
        return format_digits(shown)
    return format_digits(shown.normalize()) + "…"


def format_computed(amount: Decimal, currency: str | None = None) -> str:
    """A figure of the note de calcul: "182 550,14 F", "1 000,00 €"; an unrounded
    intermediate amount keeps its digits ("24 689,541612… F"); bare without a currency."""
    if currency is None:
        return _computed(amount)
    cents = amount.quantize(CENT)
    if cents != amount:
        code = currency.upper()
        symbol = CURRENCIES[code][3] if code in CURRENCIES else currency
        return f"{_computed(amount)}{NBSP}{symbol}"
    return format_amount(cents, currency)


def format_computed_short(value: Decimal) -> str:
    """An intermediate value inside a formula: at most 6 decimals, an ellipsis when cut."""
    shown = value.quantize(Decimal("0.000001"))
    cut = shown != value
    shown = shown.normalize()
    if shown == shown.to_integral_value():
        shown = shown.quantize(Decimal(1))
    return format_computed(shown) + ("…" if cut else "")


def format_computed_rate(rate: Decimal) -> str:
    """A fraction as a percentage of the note de calcul: Decimal("0.105") → "10,5 %"."""
    percent = (rate * 100).normalize()
    if percent == percent.to_integral_value():
        percent = percent.quantize(Decimal(1))
    return f"{format_digits(percent)}{NBSP}%"
