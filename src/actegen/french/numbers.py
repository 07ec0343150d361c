"""Whole numbers and decimals in French words and figures (the Académie's rules, traditional or 1990 spelling)."""

from __future__ import annotations

from decimal import Decimal

from ..money import to_decimal

NNBSP = "\u202f"
"""Narrow no-break space: between groups of thousands (Imprimerie nationale, Lexique des règles typographiques)."""
NBSP = "\u00a0"
"""No-break space: before a unit or the percent sign, so that they never start a line."""
MINUS = "\u2212"
"""The minus sign of printed figures (« −4 000,00 € »), not the hyphen (Imprimerie nationale)."""

MAX_SPELLED = 999_999_999_999
"""Largest number spelled; beyond it an act would need "mille milliards" or "billion"."""

_UNITS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf",
    "dix", "onze", "douze", "treize", "quatorze", "quinze", "seize",
)  # fmt: skip
_TENS = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante"}

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


def cardinal(n: int, reform1990: bool, *, year: bool = False, mil: bool = False) -> str:
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


def check_int(n: object) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"nombre entier attendu, reçu {type(n).__name__} : {n!r}")
    if abs(n) > MAX_SPELLED:
        raise ValueError(
            f"nombre hors limites (au plus {group_digits(str(MAX_SPELLED))} en valeur absolue) : {n}"
        )
    return n


def spell_number(n: int, *, reform1990: bool = False) -> str:
    """Spell an integer as a cardinal number: "quatre-vingts", "deux cents millions".

    Traditional spelling by default; ``reform1990=True`` hyphenates all numerals
    (rectifications of 1990). Negative numbers start with "moins".
    """
    n = check_int(n)
    if n < 0:
        return "moins " + cardinal(-n, reform1990)
    return cardinal(n, reform1990)


# --------------------------------------------------------------------------- decimals


def exact_parts(number: Decimal, places: int) -> tuple[bool, int, str] | None:
    """(negative, integer part, fraction digits without trailing zeros) of a finite
    Decimal below 10¹², or None beyond ``places`` decimals.

    Only exact operations, which ignore the decimal context (``as_tuple``, ``copy_abs``,
    ``format`` without a precision): a caller's precision or exponent limits cannot round,
    overflow or underflow the number, as abs(), normalize() and quantize() would. -0 and
    0E-5 are zero, not negative.
    """
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite: to_number refused NaN and infinities
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
    number = to_number(value, what)
    if number.copy_abs() >= MAX_SPELLED + 1:
        raise ValueError(f"{what} hors limites (au plus {group_digits(str(MAX_SPELLED))}) : {value!r}")
    parts = exact_parts(number, 12)
    if parts is None:
        raise ValueError(f"{what} avec plus de douze décimales : {value!r}")
    return parts


def _spell_decimal_parts(negative: bool, whole: int, fraction: str, reform1990: bool) -> str:
    text = cardinal(whole, reform1990)
    if fraction:
        significant = fraction.lstrip("0")
        zeros = ["zéro"] * (len(fraction) - len(significant))
        text += " virgule " + " ".join([*zeros, cardinal(int(significant), reform1990)])
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
    text = group_digits(str(whole)) + ("," + fraction if fraction else "")
    return MINUS + text if negative else text


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
        parts.append(f"{cardinal(units, reform1990)} {noun}")
    if dm2:
        parts.append(f"{cardinal(dm2, reform1990)} {'décimètre carré' if dm2 < 2 else 'décimètres carrés'}")
    return " ".join(parts)


# --------------------------------------------------------------------------- shared by amounts and figures


def to_number(value: object, what: str) -> Decimal:
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


def group_digits(digits: str) -> str:
    """Group an integer's digits by three with narrow no-break spaces: "182 550"."""
    head = len(digits) % 3 or 3
    groups = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return NNBSP.join(groups)
