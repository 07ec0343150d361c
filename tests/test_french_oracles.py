"""actegen.french checked against independent oracles over generated values.

Two oracles that share no code with the module:

- ``text2num`` (PyPI package text2num, ``text_to_num.text2num(s, "fr")``) parses French
  number words back into an int. It proves the *value* of every spelling, in both
  spellings; it is lenient about orthography (it reads "deux cent millions" too), so it
  says nothing about plurals or hyphens.
- ICU's rule-based French spell-out (PyICU, ``RuleBasedNumberFormat(SPELLOUT, fr)``) proves
  the *orthography* of the traditional spelling, after two documented normalisations where
  ICU differs from the rules the acts follow (see ``icu_traditional``).

The 1990 spelling is checked structurally: same words as the traditional one, hyphens
between all numerals, spaces only around the nouns million and milliard (rapport de 1990,
règle 1 et analyse).

Volumes (about 400 000 generated values in total, counted in ``test_volume``): every
integer from 0 to 199 999, 100 000 random integers up to 999 999 999 999 (log-uniform, so
that every order of magnitude is well covered), 60 000 random amounts, 20 000 dates and
20 000 percentages, all from a seeded generator, plus Hypothesis examples. Runs in a few
seconds on two cores.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from text_to_num import text2num

from actegen.french import (
    MAX_SPELLED,
    format_amount,
    format_number,
    format_percent,
    spell_amount,
    spell_date,
    spell_number,
    spell_percent,
)

icu = pytest.importorskip("icu")  # a guard only: CI installs PyICU (libicu-dev + pkg-config)

SEED = 20_260_001
EXHAUSTIVE = 200_000
RANDOM_INTS = 100_000
RANDOM_AMOUNTS = 60_000
RANDOM_DATES = 20_000
RANDOM_PERCENTS = 20_000

_ICU = icu.RuleBasedNumberFormat(icu.URBNFRuleSetTag.SPELLOUT, icu.Locale("fr"))
_NOUNS = {"million", "millions", "milliard", "milliards"}
_MULTIPLIERS = "deux|trois|quatre|cinq|six|sept|huit|neuf"
# ICU (72) leaves cent and vingt singular before million/milliard: "deux cent millions",
# "quatre-vingt millions". That is wrong: million and milliard are nouns, so cent and vingt,
# multiplied and last of their numeral, take the s (Académie française, Dictionnaire,
# « cent », « vingt », « million »; ISSUE 3). We add the s back before comparing.
_ICU_CENT = re.compile(rf"\b((?:{_MULTIPLIERS}) )cent(?= milli)")
_ICU_VINGT = re.compile(r"quatre-vingt(?= milli)")


def icu_traditional(n: int) -> str:
    """ICU's spell-out, normalised to the traditional spelling of the Académie.

    1. ICU writes "vingt-et-un", "soixante-et-onze": hyphens around « et » belong to the
       1990 spelling only; the traditional spelling has none (Académie, « et »).
    2. ICU writes "deux cent millions"; see the comment on ``_ICU_CENT``.
    """
    text = _ICU.format(n).replace("-et-", " et ")
    text = _ICU_CENT.sub(r"\1cents", text)
    return _ICU_VINGT.sub("quatre-vingts", text)


def icu_year(year: int, *, mil: bool) -> str:
    """ICU's cardinal turned into a year of a date, as acts write it.

    ICU's own year rule set says "dix-neuf-cent quatre-vingt-treize", which acts never
    write, so we start from the cardinal: in a date the year is an ordinal use and vingt
    and cent stay invariable (Grevisse; domain.md §4); "mil" in 1001–1999 (Académie, « mil »).
    """
    text = icu_traditional(year)
    text = re.sub(r"\b(vingt|cent)s\b", r"\1", text)
    if mil and 1001 <= year <= 1999:
        text = "mil" + text[len("mille") :]
    return text


# text2num 3.1 cannot read "dix-mille", "dix-sept-mille", "dix-huit-mille", "dix-neuf-mille"
# nor "dix-mille-un" (it reads "dix mille", "seize-mille", "cent-dix-mille-un"): a gap in the
# oracle, not in the spelling, which is the rapport de 1990's own ("dix-mille"). Only on that
# failure, and only there, the hyphens around this "mille" are read as spaces.
_T2N_GAP = re.compile(r"\bdix(-sept|-huit|-neuf)?-mille(-?)")


def _t2n_gap(match: re.Match[str]) -> str:
    return f"dix{match[1] or ''} mille{' ' if match[2] else ''}"


def words_to_int(text: str) -> int:
    """text2num, with "moins" (which it does not read) and its one documented gap."""
    sign = -1 if text.startswith("moins ") else 1
    text = text.removeprefix("moins ")
    try:
        return sign * text2num(text, "fr")
    except ValueError:
        patched = _T2N_GAP.sub(_t2n_gap, text)
        if patched == text:
            raise
        return sign * text2num(patched, "fr")


def check_1990_structure(traditional: str, rectified: str) -> None:
    """Same words; hyphens between numerals, spaces only around million/milliard."""
    words = re.split(r"[ -]", traditional)
    assert re.split(r"[ -]", rectified) == words, (traditional, rectified)
    separators = re.findall(r"[ -]", rectified)
    for i, sep in enumerate(separators):
        beside_noun = words[i] in _NOUNS or words[i + 1] in _NOUNS or words[i] == "moins"
        assert sep == (" " if beside_noun else "-"), rectified


def check_number(n: int) -> None:
    traditional = spell_number(n)
    rectified = spell_number(n, reform1990=True)
    assert words_to_int(traditional) == n, traditional
    assert words_to_int(rectified) == n, rectified
    assert traditional == ("moins " if n < 0 else "") + icu_traditional(abs(n))
    check_1990_structure(traditional, rectified)


def log_uniform_ints(rng: random.Random, count: int, top: int) -> Iterator[int]:
    """Integers in [0, top] with every number of digits equally likely."""
    digits = len(str(top))
    for _ in range(count):
        width = rng.randint(1, digits)
        yield rng.randint(0, min(top, 10**width - 1))


# ----------------------------------------------------------------- numbers


def test_every_integer_below_200_000() -> None:
    for n in range(EXHAUSTIVE):
        check_number(n)


def test_random_integers_up_to_the_bound() -> None:
    rng = random.Random(SEED)
    for n in log_uniform_ints(rng, RANDOM_INTS, MAX_SPELLED):
        check_number(n if rng.random() < 0.95 else -n)
    # the round numbers where the plural rules bite: k·10^j, k·10^j·(10^3 | 10^6 | 10^9)
    for k in range(1, 1000):
        for scale in (1, 1000, 10**6, 10**9):
            check_number(k * scale)


@settings(max_examples=2_000, deadline=None, derandomize=True)
@given(st.integers(min_value=-MAX_SPELLED, max_value=MAX_SPELLED))
def test_hypothesis_integers(n: int) -> None:
    check_number(n)


# ----------------------------------------------------------------- amounts

_AMOUNT = re.compile(
    r"(?:(?P<units>.+?) (?P<noun>euros?|d'euros|francs?|de francs))?"
    r"(?: et )?(?:(?P<cents>.+) (?P<cnoun>centimes?))?"
)


def parse_amount(text: str) -> tuple[Decimal, str | None, str | None]:
    """Words back to (amount, noun of the unit, noun of the centimes), through text2num."""
    negative = text.startswith("moins ")
    match = _AMOUNT.fullmatch(text.removeprefix("moins "))
    assert match, text
    units = words_to_int(match["units"]) if match["units"] else 0
    cents = words_to_int(match["cents"]) if match["cents"] else 0
    value = Decimal(units) + Decimal(cents) / 100
    return (-value if negative else value), match["noun"], match["cnoun"]


def expected_nouns(units: int, cents: int, currency: str) -> tuple[str | None, str | None]:
    """The grammar of the nouns, restated independently of the module (Académie, OQLF)."""
    one, many, de_many = (
        ("euro", "euros", "d'euros") if currency == "EUR" else ("franc", "francs", "de francs")
    )
    if units == 0 and cents:
        noun = None  # "cinquante centimes": no "zéro euro et" (module's documented decision)
    elif units and units % 1_000_000 == 0:
        noun = de_many  # "un million d'euros", "deux milliards de francs"
    else:
        noun = one if units < 2 else many  # "zéro euro", "un euro", "deux euros"
    cnoun = None if cents == 0 else ("centime" if cents == 1 else "centimes")
    return noun, cnoun


def check_amount(amount: Decimal, currency: str, reform1990: bool) -> None:
    text = spell_amount(amount, currency, reform1990=reform1990)
    value, noun, cnoun = parse_amount(text)
    assert value == amount, (amount, text)
    units, cents = divmod(abs(amount) * 100, 100)
    assert (noun, cnoun) == expected_nouns(int(units), int(cents), currency), text
    # letters and figures agree: parse the figures back too
    figures = format_amount(amount, currency)
    number = figures.rsplit("\u00a0", 1)[0].replace("\u202f", "").replace(",", ".").replace("\u2212", "-")
    assert Decimal(number) == amount, figures


def test_random_amounts() -> None:
    rng = random.Random(SEED + 1)
    for units in log_uniform_ints(rng, RANDOM_AMOUNTS, MAX_SPELLED):
        cents = rng.choice((0, 0, 1, rng.randint(0, 99)))
        amount = Decimal(units) + Decimal(cents).scaleb(-2)
        if rng.random() < 0.02:
            amount = -amount
        check_amount(amount, rng.choice(("EUR", "FRF")), rng.random() < 0.5)


@settings(max_examples=1_000, deadline=None, derandomize=True)
@given(
    st.decimals(min_value=-MAX_SPELLED, max_value=MAX_SPELLED, places=2, allow_nan=False),
    st.sampled_from(["EUR", "FRF"]),
    st.booleans(),
)
def test_hypothesis_amounts(amount: Decimal, currency: str, reform1990: bool) -> None:
    check_amount(amount, currency, reform1990)


# ----------------------------------------------------------------- dates

_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
    "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def check_date(d: dt.date, mil: bool, reform1990: bool) -> None:
    text = spell_date(d, mil=mil, reform1990=reform1990)
    month = _MONTHS[d.month - 1]
    day_words, year_words = text.split(f" {month} ")
    day = 1 if day_words == "premier" else words_to_int(day_words)
    assert (day, words_to_int(year_words)) == (d.day, d.year), text
    assert day_words != "un"  # day 1 is "premier" (domain.md §4)
    if not reform1990:
        assert day_words == ("premier" if d.day == 1 else icu_traditional(d.day))
        assert year_words == icu_year(d.year, mil=mil), text
    else:
        trad_day, trad_year = spell_date(d, mil=mil).split(f" {month} ")
        check_1990_structure(trad_day, day_words)
        check_1990_structure(trad_year, year_words)
    assert not re.search(r"\b(deux|trois|quatre|cinq|six|sept|huit|neuf) mil\b", text)


def test_random_dates() -> None:
    rng = random.Random(SEED + 2)
    start, end = dt.date(1000, 1, 1).toordinal(), dt.date(2200, 12, 31).toordinal()
    for i in range(RANDOM_DATES):
        if i % 10 == 0:  # now and then, anywhere in the calendar
            d = dt.date.fromordinal(rng.randint(1, dt.date(9999, 12, 31).toordinal()))
        else:
            d = dt.date.fromordinal(rng.randint(start, end))
        check_date(d, rng.random() < 0.8, rng.random() < 0.3)


# ----------------------------------------------------------------- percentages


def check_percent(p: Decimal, reform1990: bool) -> None:
    text = spell_percent(p, reform1990=reform1990)
    assert text.endswith(" pour cent"), text
    body = text.removesuffix(" pour cent")
    negative = body.startswith("moins ")
    whole_words, _, fraction_words = body.removeprefix("moins ").partition(" virgule ")
    whole = words_to_int(whole_words)
    digits = ""
    if fraction_words:
        words = fraction_words.split(" ")
        zeros = 0
        while words[zeros] == "zéro":
            zeros += 1
        digits = "0" * zeros + str(words_to_int(" ".join(words[zeros:])))
    value = Decimal(f"{whole}.{digits or 0}")
    assert (-value if negative else value) == p, (p, text)
    if not reform1990:
        assert whole_words == icu_traditional(whole), text
    # the figures say the same digits as the letters
    figures = format_percent(p).removesuffix("\u00a0%").replace("\u202f", "")
    assert Decimal(figures.replace(",", ".").replace("\u2212", "-")) == p
    assert figures.replace("\u2212", "") == format_number(abs(p)).replace("\u202f", "")


def test_random_percents() -> None:
    rng = random.Random(SEED + 3)
    for _ in range(RANDOM_PERCENTS):
        places = rng.choice((0, 1, 2, 2, 3, 4))
        p = Decimal(rng.randint(0, 150 * 10**places)).scaleb(-places)
        if rng.random() < 0.02:
            p = -p
        check_percent(p, rng.random() < 0.3)


# ----------------------------------------------------------------- volume


def test_volume() -> None:
    """The issue asks for at least 100 000 generated values checked against the oracles."""
    total = EXHAUSTIVE + RANDOM_INTS + 4 * 999 + RANDOM_AMOUNTS + RANDOM_DATES + RANDOM_PERCENTS
    assert total >= 100_000


def test_the_oracles_catch_known_mistakes() -> None:
    """The oracles are not vacuous: ICU (normalised) rejects the classic mistakes."""
    assert _ICU.format(200_000_000) == "deux cent millions"  # ICU's own mistake, fixed here
    assert icu_traditional(200_000_000) == "deux cents millions"
    assert icu_traditional(80_000_000) == "quatre-vingts millions"
    assert icu_traditional(100_000_000) == "cent millions"  # cent alone is never plural
    assert icu_traditional(80_000) == "quatre-vingt mille"
    assert icu_traditional(71) == "soixante et onze"
    assert icu_year(1980, mil=True) == "mil neuf cent quatre-vingt"
    assert icu_year(2000, mil=True) == "deux mille"
    with pytest.raises(AssertionError):
        check_1990_structure("deux cents millions", "deux-cents-millions")
