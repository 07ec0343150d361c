"""Numbers, amounts, dates and percentages in French, as a notary writes them.

This module is the one place where a number becomes French words or French figures in
actegen: every amount of every generated document goes through it (issue 3). Acts state
sums in letters and in figures, and the letters prevail when the two differ (C. civ.
art. 1376), so a wrong word is a defect in a legal document.

Rules applied (sources are cited again, case by case, in ``tests/test_french.py``):

- *vingt* and *cent* take an s when multiplied and not followed by another numeral:
  "quatre-vingts", "deux cents", but "quatre-vingt-un", "deux cent un", "deux cent mille";
  *million* and *milliard* are nouns, not numerals, so they do not stop the plural:
  "deux cents millions" (Académie française, Dictionnaire, 9e éd., « cent », « vingt »,
  « million »; Grevisse, *Le Bon Usage*, déterminants numéraux).
- *mille* is invariable; "mille", never "un mille" (same sources).
- "et" joins *un* (and *onze* in 71) to the tens 20 to 70: "vingt et un", "soixante et onze";
  not 81 and 91: "quatre-vingt-un", "quatre-vingt-onze" (Académie, Dictionnaire, « et »).
- Traditional spelling hyphenates only between numerals below one hundred, except around
  "et". The 1990 rectified spelling hyphenates all numerals ("vingt-et-un",
  "deux-cent-mille"), never around the nouns *million* and *milliard* ("deux-cents
  millions") (Rapport du Conseil supérieur de la langue française, « Les rectifications
  de l'orthographe », JO, Documents administratifs n° 100, 6 décembre 1990, règle 1 et
  analyse). ``reform1990=True`` selects it; both spellings are correct.
- A noun counted by a number ending in *million(s)* or *milliard(s)* takes "de", elided
  "d'" before a vowel: "un million d'euros", "deux millions de francs"; not when other
  numerals follow: "un million deux cent mille euros".
- Below two the noun is singular: "un euro", "un centime", and "zéro euro" (*zéro* used as
  a numeral determiner means *aucun* and takes the singular: OQLF, Banque de dépannage
  linguistique, « Zéro »; Le Robert, guide « Accord du nom après zéro »).
- In a date the year is an ordinal use, so *vingt* and *cent* stay invariable ("mil neuf
  cent quatre-vingt"), and acts write "mil" for the years 1001 to 1999 ("mil neuf cent
  quatre-vingt-treize"), never "deux mil" (Académie, Dictionnaire, « mil »).
  Day 1 is "premier".

Decisions a template author must know:

- Amounts are ``Decimal``, ``int`` (a number of euros or francs, never of centimes) or a
  numeric string; a ``float`` or an amount with more than two decimals is refused with
  ``ValueError``, never rounded. Trailing zeros are harmless ("1.000" is one euro).
- Centimes are spelled only when non-zero, joined by "et": "mille francs et un centime".
  An amount below one unit is spelled with its centimes alone: "cinquante centimes".
- Amounts and numbers are spelled up to 999 999 999 999; beyond, ``ValueError``, as for
  every refused input (a ``decimal`` signal never escapes). Numbers are read from their own
  digits, without arithmetic, so the caller's ``decimal`` context (a lowered precision,
  tight exponent limits) changes no output. Years start at 1.
- Percentages and decimal numbers are shown with the digits they need: 3.50 is
  "3,5 %" and "trois virgule cinq pour cent" (letters and figures always agree);
  zeros after the comma are read one by one: 0.05 is "zéro virgule zéro cinq".
- The apostrophe is the ASCII one ("d'euros"), as the issue writes it.
- Currencies: "EUR" (euros, "€" or "EUR") and "FRF" (francs, "F"), case-insensitive.
- Every text keeps its no-break spaces (U+202F between thousands, U+00A0 before "€", "EUR",
  "F" and "%"): a template must not replace them.

Display conventions, one per kind of figure (issue 14):

- Amounts in an acte: the letters, in capitals, then the figures in parentheses with "EUR"
  ("TRENTE-CINQ MILLE EUROS (35 000,00 EUR)", ``prix_notarial``); every other amount in
  figures, in every document, with "€" ("742,50 €", ``montant``), always two decimals. "€" is
  the one the documents use most (about 250 amounts against 31 "EUR", the latter only after
  letters in actes). Where they disagree today: the assurance revente clause of the PSLA,
  VEFA and BRS actes writes "35 000,00 €, soit au plus … (35 000,00 EUR)" in one sentence,
  and notarial practice writes "EUR" in legal acts. Francs are "F" everywhere.
- Percentages: the digits they need in running text ("10,5 %"); in a column, one fixed
  number of decimals for the whole column (``format_percent(p, places=2)``: "21,00 %" above
  "16,98 %"). The solvency annex of the 1993 délibération still mixes "21 %" and "16,98 %".
- Surfaces: in figures "64,3 m²" (``surface``); in an acte, in letters as square metres and
  square decimetres, "soixante-quatre mètres carrés trente décimètres carrés (64,30 m²)"
  (``spell_surface``, ``format_surface(s, places=2)``), never "soixante-quatre virgule
  trois mètres carrés", which the copropriété actes still print.
- Other decimal numbers (quotas, rates, durations) in letters: ``spell_decimal``, the
  digits after the comma read as a number.

For templates: the render stage registers ``make_filters(reform1990=..., currency=...)``
built from the case-level settings, so every filter defaults to the case's spelling and
currency; a template overrides per call, e.g. ``{{ prix | montant_lettres(reform1990=true) }}``
or ``{{ prix | prix_notarial("FRF") }}``. ``JINJA_FILTERS`` holds the defaults of a case that
sets nothing (traditional spelling, euros).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from actegen.money import CENT, to_decimal

__all__ = [
    "JINJA_FILTERS",
    "MAX_SPELLED",
    "format_amount",
    "format_amount_legal",
    "format_computed",
    "format_computed_rate",
    "format_computed_short",
    "format_date",
    "format_date_long",
    "format_number",
    "format_percent",
    "make_filters",
    "notarial_amount",
    "spell_amount",
    "spell_date",
    "spell_decimal",
    "spell_number",
    "spell_percent",
    "spell_surface",
]

NNBSP = "\u202f"
"""Narrow no-break space: between groups of thousands (Imprimerie nationale, Lexique des règles typographiques)."""
NBSP = "\u00a0"
"""No-break space: before a unit or the percent sign, so that they never start a line."""

MAX_SPELLED = 999_999_999_999
"""Largest number spelled; beyond it an act would need "mille milliards" or "billion"."""

_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
)  # fmt: skip
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

_MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


# --------------------------------------------------------------------------- numbers


def _below_100(n: int, final: bool) -> str:
    """1–99, traditional spelling; ``final``: no numeral follows (plural of quatre-vingts)."""
    if n <= 16:
        return _UNITS[n]
    if n < 20:
        return "dix-" + _UNITS[n - 10]
    tens, unit = divmod(n, 10)
    if tens == 7:  # soixante-dix … soixante-dix-neuf, "soixante et onze"
        return "soixante et onze" if unit == 1 else "soixante-" + _below_100(10 + unit, final)
    if tens == 8:  # "quatre-vingts" alone, "quatre-vingt-un" (no "et")
        if unit == 0:
            return "quatre-vingts" if final else "quatre-vingt"
        return "quatre-vingt-" + _UNITS[unit]
    if tens == 9:  # "quatre-vingt-dix", "quatre-vingt-onze" (no "et")
        return "quatre-vingt-" + _below_100(10 + unit, final)
    word = _TENS[tens]
    if unit == 0:
        return word
    if unit == 1:
        return word + " et un"
    return word + "-" + _UNITS[unit]


def _below_1000(n: int, final: bool) -> str:
    """1–999, traditional spelling: "cent" is plural only multiplied and last."""
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_100(rest, final)
    if hundreds == 1:
        head = "cent"
    else:
        head = _UNITS[hundreds] + (" cents" if rest == 0 and final else " cent")
    return head if rest == 0 else head + " " + _below_100(rest, final)


# Tables indexed by n (0 unused): [reform1990][final] → spelling of n in 1–999. Built once,
# so that spelling an amount is a few look-ups (see benchmarks/bench_french.py).
_TABLES: dict[tuple[bool, bool], tuple[str, ...]] = {}
for _final in (False, True):
    _trad = ("",) + tuple(_below_1000(i, _final) for i in range(1, 1000))
    _TABLES[(False, _final)] = _trad
    # 1990: the same words, all joined by hyphens (below 1000 there is no noun).
    _TABLES[(True, _final)] = tuple(s.replace(" ", "-") for s in _trad)
del _final, _trad


def _cardinal(n: int, reform1990: bool, *, year: bool = False, mil: bool = False) -> str:
    """Spell 0 ≤ n ≤ MAX_SPELLED; ``year``: vingt/cent invariable, ``mil`` for 1001–1999."""
    if n == 0:
        return "zéro"
    final_table = _TABLES[(reform1990, not year)]
    inner_table = _TABLES[(reform1990, False)]
    sep = "-" if reform1990 else " "
    milliards, rest = divmod(n, 1_000_000_000)
    millions, rest = divmod(rest, 1_000_000)
    thousands, units = divmod(rest, 1000)
    words: list[str] = []
    # million and milliard are nouns: their count is a whole number of its own ("deux cents
    # millions"), they take the plural, and never a hyphen (1990 report).
    if milliards:
        words.append(final_table[milliards])
        words.append("milliard" if milliards == 1 else "milliards")
    if millions:
        words.append(final_table[millions])
        words.append("million" if millions == 1 else "millions")
    low: list[str] = []
    if thousands == 1:
        low.append("mil" if mil and year and n < 2000 and units else "mille")
    elif thousands:
        low.append(inner_table[thousands] + sep + "mille")  # "quatre-vingt mille"
    if units:
        low.append(final_table[units])
    if low:
        words.append(sep.join(low))
    return " ".join(words)


def _check_int(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"nombre entier attendu, reçu {type(n).__name__} : {n!r}")
    if abs(n) > MAX_SPELLED:
        raise ValueError(f"nombre hors limites (au plus {_group(str(MAX_SPELLED))} en valeur absolue) : {n}")
    return n


def spell_number(n: int, *, reform1990: bool = False) -> str:
    """Spell an integer as a cardinal number: "quatre-vingts", "deux cents millions".

    Traditional spelling by default; ``reform1990=True`` hyphenates all numerals
    (rectifications of 1990). Negative numbers start with "moins".
    """
    n = _check_int(n)
    if n < 0:
        return "moins " + _cardinal(-n, reform1990)
    return _cardinal(n, reform1990)


# --------------------------------------------------------------------------- amounts


_CURRENCIES = {
    # code: (singular, plural, "de" + plural, symbol for display, symbol for legal acts)
    "EUR": ("euro", "euros", "d'euros", "€", "EUR"),
    "FRF": ("franc", "francs", "de francs", "F", "F"),
}


def _currency(code: str) -> tuple[str, str, str, str, str]:
    try:
        return _CURRENCIES[code.upper()]
    except (KeyError, AttributeError):
        raise ValueError(f"devise inconnue : {code!r} (attendu EUR ou FRF)") from None


def _to_number(value: object, what: str) -> Decimal:
    """A finite Decimal from Decimal, int or numeric text; a float is refused (ValueError)."""
    # ValueError, not TypeError, for a float or a bool: the contract, so that a
    # caller catching "bad amount" catches them with the rest.
    if isinstance(value, float):
        message = f"{what} en float refusé ({value!r}) : utiliser Decimal, int ou str"
        raise ValueError(message)
    if isinstance(value, bool):
        raise ValueError(f"{what} : un booléen n'est pas un nombre ({value!r})")
    number = to_decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} non fini : {value!r}")
    return number


def _split_amount(amount: object) -> tuple[bool, int, int]:
    """(negative, units, centimes) of an amount; refuses floats and sub-centime digits."""
    if isinstance(amount, int) and not isinstance(amount, bool):
        # An int is a number of euros (or francs), never of centimes.
        if abs(amount) > MAX_SPELLED:
            raise ValueError(f"montant hors limites (au plus {_group(str(MAX_SPELLED))}) : {amount}")
        return amount < 0, abs(amount), 0
    number = _to_number(amount, "montant")
    if number.copy_abs() >= MAX_SPELLED + 1:
        raise ValueError(f"montant hors limites (au plus {_group(str(MAX_SPELLED))}) : {amount!r}")
    parts = _exact_parts(number, 2)
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
    singular, plural, de_plural, _, _ = _currency(currency)
    negative, units, centimes = _split_amount(amount)
    parts: list[str] = []
    if units or not centimes:
        words = _cardinal(units, reform1990)
        if units % 1_000_000 == 0 and units:  # "un million d'euros", "deux milliards de francs"
            noun = de_plural
        else:
            noun = singular if units < 2 else plural
        parts.append(f"{words} {noun}")
    if centimes:
        words = _cardinal(centimes, reform1990)
        parts.append(f"{words} {'centime' if centimes == 1 else 'centimes'}")
    text = " et ".join(parts)
    return "moins " + text if negative else text


def _group(digits: str) -> str:
    """Group an integer's digits by three with narrow no-break spaces: "182 550"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)


def _figures(amount: object) -> str:
    negative, units, centimes = _split_amount(amount)
    return f"{'-' if negative and (units or centimes) else ''}{_group(str(units))},{centimes:02d}"


def format_amount(amount: object, currency: str = "EUR") -> str:
    """Amount in figures for running text: "182 550,14 €", "1 000,00 F".

    Always two decimals, narrow no-break spaces between thousands, a no-break space before
    the unit (notarial practice). Same inputs and refusals as :func:`spell_amount`.
    """
    symbol = _currency(currency)[3]
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
    symbol = _currency(currency)[4]
    return f"{_figures(amount)}{NBSP}{symbol}"


def notarial_amount(amount: object, currency: str = "EUR", *, reform1990: bool = False) -> str:
    """The customary form of a price in an act: letters in capitals, then figures.

    "CENT QUATRE-VINGT-DEUX MILLE CINQ CENT CINQUANTE FRANCS ET QUATORZE CENTIMES
    (182 550,14 F)" (notarial practice). Capitals keep their accents ("ZÉRO EURO").
    """
    letters = spell_amount(amount, currency, reform1990=reform1990).upper()
    return f"{letters} ({format_amount_legal(amount, currency)})"


# --------------------------------------------------------------------------- decimals


def _exact_parts(number: Decimal, places: int) -> tuple[bool, int, str] | None:
    """(negative, integer part, fraction digits without trailing zeros) of a finite
    Decimal below 10¹², or None beyond ``places`` decimals.

    Only exact operations, which ignore the decimal context (``as_tuple``, ``copy_abs``,
    ``format`` without a precision): a caller's precision or exponent limits cannot round,
    overflow or underflow the number, as abs(), normalize() and quantize() would. -0 and
    0E-5 are zero, not negative.
    """
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite: _to_number refused NaN and infinities
    if not any(digits):
        return False, 0, ""
    zeros = 0
    while digits[-1 - zeros] == 0:  # trailing zeros of the coefficient are not decimals
        zeros += 1
    if exponent + zeros < -places:  # checked before writing the digits out (1E-1000030)
        return None
    whole, _, fraction = format(number.copy_abs(), "f").partition(".")
    return bool(sign), int(whole), fraction.rstrip("0")


def _decimal_parts(value: object, what: str) -> tuple[bool, int, str]:
    """(negative, integer part, fraction digits without trailing zeros)."""
    number = _to_number(value, what)
    if number.copy_abs() >= MAX_SPELLED + 1:
        raise ValueError(f"{what} hors limites (au plus {_group(str(MAX_SPELLED))}) : {value!r}")
    parts = _exact_parts(number, 12)
    if parts is None:
        raise ValueError(f"{what} avec plus de douze décimales : {value!r}")
    return parts


def _spell_decimal_parts(negative: bool, whole: int, fraction: str, reform1990: bool) -> str:
    text = _cardinal(whole, reform1990)
    if fraction:
        significant = fraction.lstrip("0")
        zeros = ["zéro"] * (len(fraction) - len(significant))
        text += " virgule " + " ".join([*zeros, _cardinal(int(significant), reform1990)])
    return "moins " + text if negative else text


def spell_decimal(value: object, *, reform1990: bool = False) -> str:
    """Spell a decimal number: "dix virgule cinq", "zéro virgule zéro cinq", "quarante-deux".

    For surfaces, quotas and rates; the digits after the comma are read as a number, zeros
    that lead them one by one. Accepts Decimal, int or numeric text, never a float.
    """
    return _spell_decimal_parts(*_decimal_parts(value, "nombre"), reform1990)


def format_number(value: object, *, places: int | None = None) -> str:
    """A number in figures: "1 234,5" (narrow no-break spaces, decimal comma).

    The digits are kept as needed (trailing zeros after the comma dropped), or exactly
    ``places`` decimals, for a column: "21,00" beside "16,98"; a number with more decimals
    than ``places`` is refused (ValueError), never rounded. Not for years, postcodes or
    article numbers, which are never grouped (Imprimerie nationale).
    """
    negative, whole, fraction = _decimal_parts(value, "nombre")
    if places is not None:
        if len(fraction) > places:
            raise ValueError(f"nombre avec plus de {places} décimales : {value!r}")
        fraction = fraction.ljust(places, "0")
    text = _group(str(whole)) + ("," + fraction if fraction else "")
    return "-" + text if negative else text


def spell_percent(p: object, *, reform1990: bool = False) -> str:
    """Spell a percentage: "dix virgule cinq pour cent", "soixante-dix pour cent"."""
    return spell_decimal(p, reform1990=reform1990) + " pour cent"


def format_percent(p: object, *, places: int | None = None) -> str:
    """A percentage in figures: "10,5 %" (a no-break space before the sign); ``places``
    fixes the decimals of a column: "21,00 %" above "16,98 %"."""
    return f"{format_number(p, places=places)}{NBSP}%"


def spell_surface(m2: object, *, reform1990: bool = False) -> str:
    """A surface in letters as an act writes it: "soixante-quatre mètres carrés trente
    décimètres carrés" for 64,30 m², "cinquante décimètres carrés" for 0,50 m².

    Square metres and square decimetres (1 dm² = 0,01 m²), each only when non-zero, the
    noun singular below two ("un mètre carré un décimètre carré"), "de" after a round
    million ("un million de mètres carrés"). Decimal, int or numeric text; a negative
    surface, a float or more than two decimals (centiares of dm²) is refused (ValueError).
    """
    negative, units, fraction = _decimal_parts(m2, "surface")
    if negative:
        raise ValueError(f"surface négative : {m2!r}")
    if len(fraction) > 2:
        raise ValueError(f"surface avec plus de deux décimales (au décimètre carré) : {m2!r}")
    dm2 = int(fraction.ljust(2, "0"))
    parts: list[str] = []
    if units or not dm2:
        if units % 1_000_000 == 0 and units:
            noun = "de mètres carrés"
        else:
            noun = "mètre carré" if units < 2 else "mètres carrés"
        parts.append(f"{_cardinal(units, reform1990)} {noun}")
    if dm2:
        parts.append(f"{_cardinal(dm2, reform1990)} {'décimètre carré' if dm2 < 2 else 'décimètres carrés'}")
    return " ".join(parts)


# --------------------------------------------------------------------------- note de calcul
# The figures of an explanation line as computed: digits kept as the Decimal holds them
# (« 1,50 », « 24 689,541612… »), unlike format_number, which trims them for running text.


def format_digits(value: Decimal) -> str:
    """A Decimal with its digits as held, grouped: Decimal("-4000.50") → "-4 000,50"."""
    text = format(value, "f")
    whole, _, fraction = text.lstrip("-").partition(".")
    return ("-" if text.startswith("-") else "") + _group(whole) + ("," + fraction if fraction else "")


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
        symbol = _CURRENCIES[code][3] if code in _CURRENCIES else currency
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


# --------------------------------------------------------------------------- dates


def _check_date(d: object) -> dt.date:
    if not isinstance(d, dt.date):
        raise TypeError(f"date attendue, reçu {type(d).__name__} : {d!r}")
    return d


def spell_date(d: dt.date, *, mil: bool = True, reform1990: bool = False) -> str:
    """Spell a date as acts do: "vingt-quatre juillet mil neuf cent quatre-vingt-treize".

    Day 1 is "premier"; the year keeps vingt and cent invariable (ordinal use); ``mil``
    (default) writes "mil" for 1001–1999, ``mil=False`` writes "mille" there too.
    """
    d = _check_date(d)
    day = "premier" if d.day == 1 else _cardinal(d.day, reform1990)
    year = _cardinal(d.year, reform1990, year=True, mil=mil)
    return f"{day} {_MONTHS[d.month - 1]} {year}"


def spell_year(year: int, *, mil: bool = True, reform1990: bool = False) -> str:
    """The year of a date in letters, as in an act's heading: "L'AN mil neuf cent quatre-vingt-treize".

    Years start at 1 (there is no year 0 in the calendar of an act): 0 or below is refused.
    """
    if _check_int(year) < 1:
        raise ValueError(f"année hors limites (de 1 à {_group(str(MAX_SPELLED))}) : {year}")
    return _cardinal(year, reform1990, year=True, mil=mil)


def spell_day_month(d: dt.date, *, reform1990: bool = False) -> str:
    """Day and month in letters, for "LE quinze décembre": the act's heading splits the date."""
    d = _check_date(d)
    day = "premier" if d.day == 1 else _cardinal(d.day, reform1990)
    return f"{day} {_MONTHS[d.month - 1]}"


def format_date(d: dt.date) -> str:
    """A date in figures: "24/07/1993"."""
    d = _check_date(d)
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def format_date_long(d: dt.date) -> str:
    """A date with the month in letters: "24 juillet 1993", "1er novembre 2026"."""
    d = _check_date(d)
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {_MONTHS[d.month - 1]} {d.year}"


# --------------------------------------------------------------------------- Jinja filters


def make_filters(*, reform1990: bool, currency: str) -> dict[str, Callable[..., str]]:
    """The Jinja filters, in French for template authors, with the case's defaults bound.

    The render stage calls this with the case-level settings (spelling reform, currency)
    and registers the result; a template can still override per call, positionally for
    the currency or by keyword: ``{{ prix | montant_lettres("FRF", reform1990=true) }}``.
    """
    _currency(currency)  # fail early on an unknown default currency

    def montant_lettres(value: object, currency: str = currency, *, reform1990: bool = reform1990) -> str:
        return spell_amount(value, currency, reform1990=reform1990)

    def montant(value: object, currency: str = currency) -> str:
        return format_amount(value, currency)

    def montant_acte(value: object, currency: str = currency) -> str:
        return format_amount_legal(value, currency)

    def prix_notarial(value: object, currency: str = currency, *, reform1990: bool = reform1990) -> str:
        return notarial_amount(value, currency, reform1990=reform1990)

    def nombre_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_decimal(value, reform1990=reform1990)

    def date_lettres(value: dt.date, *, mil: bool = True, reform1990: bool = reform1990) -> str:
        return spell_date(value, mil=mil, reform1990=reform1990)

    def surface_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_surface(value, reform1990=reform1990)

    def pourcentage_lettres(value: object, *, reform1990: bool = reform1990) -> str:
        return spell_percent(value, reform1990=reform1990)

    def annee_lettres(value: dt.date, *, mil: bool = True, reform1990: bool = reform1990) -> str:
        return spell_year(_check_date(value).year, mil=mil, reform1990=reform1990)

    def jour_mois_lettres(value: dt.date, *, reform1990: bool = reform1990) -> str:
        return spell_day_month(value, reform1990=reform1990)

    filters: dict[str, Callable[..., Any]] = {
        "annee_lettres": annee_lettres,
        "jour_mois_lettres": jour_mois_lettres,
        "montant_nu": format_amount_bare,
        "surface": format_surface,
        "surface_lettres": surface_lettres,
        "montant_lettres": montant_lettres,
        "montant": montant,
        "montant_acte": montant_acte,
        "prix_notarial": prix_notarial,
        "nombre_lettres": nombre_lettres,
        "nombre": format_number,
        "date_lettres": date_lettres,
        "date_longue": format_date_long,
        "date_courte": format_date,
        "pourcentage_lettres": pourcentage_lettres,
        "pourcentage": format_percent,
    }
    return filters


JINJA_FILTERS: dict[str, Callable[..., str]] = make_filters(reform1990=False, currency="EUR")
"""The filters with the defaults of a case that sets nothing: traditional spelling, euros."""
