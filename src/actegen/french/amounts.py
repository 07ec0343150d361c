"""Amounts of money in letters and figures, as an acte writes them (« … euros (182 550,14 €) »)."""

from __future__ import annotations

from decimal import Decimal

from .numbers import MAX_SPELLED, MINUS, NBSP, cardinal, exact_parts, format_number, group_digits, to_number

CURRENCIES = {
    # code: (singular, plural, "de" + plural, symbol for display, symbol for legal acts)
    "EUR": ("euro", "euros", "d'euros", "€", "EUR"),
    "FRF": ("franc", "francs", "de francs", "F", "F"),
}


def currency_names(code: str) -> tuple[str, str, str, str, str]:
    try:
        return CURRENCIES[code.upper()]
    except (KeyError, AttributeError):
        raise ValueError(f"devise inconnue : {code!r} (attendu EUR ou FRF)") from None


def _split_amount(amount: object) -> tuple[bool, int, int]:
    """(negative, units, centimes) of an amount; refuses floats and sub-centime digits."""
    if isinstance(amount, int) and not isinstance(amount, bool):
        # An int is a number of euros (or francs), never of centimes.
        if abs(amount) > MAX_SPELLED:
            raise ValueError(f"montant hors limites (au plus {group_digits(str(MAX_SPELLED))}) : {amount}")
        return amount < 0, abs(amount), 0
    number = to_number(amount, "montant")
    if number.copy_abs() >= MAX_SPELLED + 1:
        raise ValueError(f"montant hors limites (au plus {group_digits(str(MAX_SPELLED))}) : {amount!r}")
    parts = exact_parts(number, 2)
    if parts is None:
        raise ValueError(
            f"montant avec plus de deux décimales : {amount!r} (arrondir explicitement, "
            "actegen.money.round_cents)"
        )
    negative, units, fraction = parts
    centimes = int(fraction.ljust(2, "0"))
    return negative, units, centimes


def spell_amount(amount: object, currency: str = "EUR", *, reform1990: bool = False) -> str:
    """Spell an amount: "cent quatre-vingt-deux mille cinq cent cinquante euros et quatorze
    centimes", "un million d'euros", "zéro euro", "mille francs et un centime".
    """
    singular, plural, de_plural, _, _ = currency_names(currency)
    negative, units, centimes = _split_amount(amount)
    parts: list[str] = []
    if units or not centimes:
        words = cardinal(units, reform1990)
        if units % 1_000_000 == 0 and units:  # "un million d'euros", "deux milliards de francs"
            noun = de_plural
        else:
            noun = singular if units < 2 else plural
        parts.append(f"{words} {noun}")
    if centimes:
        words = cardinal(centimes, reform1990)
        parts.append(f"{words} {'centime' if centimes == 1 else 'centimes'}")
    text = " et ".join(parts)
    return "moins " + text if negative else text


def _figures(amount: object) -> str:
    """The figures of an amount, "182 550,14". A finite Decimal's are kept by its value: equal
    amounts (1.5, 1.50, 1.500) print alike and are accepted alike (``exact_parts`` ignores
    trailing zeros), and a lot's price or loan is printed in each of its documents."""
    if not isinstance(amount, Decimal) or type(amount) is not Decimal or not amount.is_finite():
        return _figures_of(amount)
    text = _FIGURES.get(amount)
    if text is None:
        text = _figures_of(amount)
        if len(_FIGURES) >= _FIGURES_KEPT:
            _FIGURES.clear()
        _FIGURES[amount] = text
    return text


def _figures_of(amount: object) -> str:
    negative, units, centimes = _split_amount(amount)
    return f"{MINUS if negative and (units or centimes) else ''}{group_digits(str(units))},{centimes:02d}"


_FIGURES: dict[Decimal, str] = {}
_FIGURES_KEPT = 50_000  # ≈ 5 MiB


def format_amount(amount: object, currency: str = "EUR") -> str:
    """Amount in figures for running text: "182 550,14 €", "1 000,00 F".

    Always two decimals, narrow no-break spaces between thousands, a no-break space before
    the unit (notarial practice). Same inputs and refusals as :func:`spell_amount`.
    """
    symbol = currency_names(currency)[3]
    return f"{_figures(amount)}{NBSP}{symbol}"


def format_amount_bare(amount: object) -> str:
    """An amount in figures without its unit, for table cells whose header names the unit."""
    return _figures(amount)


def format_surface(value: object, *, places: int | None = None) -> str:
    """A surface: "330 m²", "72,5 m²" (no-break space before the unit); ``places=2`` for
    "64,30 m²", the figures that follow a surface in letters in an act."""
    return f"{format_number(value, places=places)}{NBSP}m²"


def format_amount_legal(amount: object, currency: str = "EUR") -> str:
    """Amount in figures as legal acts write it: "100 000,00 EUR", "182 550,14 F"."""
    symbol = currency_names(currency)[4]
    return f"{_figures(amount)}{NBSP}{symbol}"


def notarial_amount(amount: object, currency: str = "EUR", *, reform1990: bool = False) -> str:
    """The customary form of a price in an act: letters in capitals, then figures.

    "CENT QUATRE-VINGT-DEUX MILLE CINQ CENT CINQUANTE FRANCS ET QUATORZE CENTIMES
    (182 550,14 F)" (notarial practice). Capitals keep their accents ("ZÉRO EURO").
    """
    letters = spell_amount(amount, currency, reform1990=reform1990).upper()
    return f"{letters} ({format_amount_legal(amount, currency)})"
