"""Hand-written table of the tricky cases of French numbers, amounts, dates and percents.

Each row cites the rule it checks. Abbreviations of the sources:

- AF-DICT: Académie française, *Dictionnaire*, 9e édition, articles « cent », « vingt »,
  « mille », « mil », « million », « milliard », « et » (vingt and cent take an s when
  multiplied and not followed by another numeral; mille invariable; million and milliard
  are nouns; « vingt et un » … « soixante et onze » but « quatre-vingt-un »).
- RO1990: Conseil supérieur de la langue française, « Les rectifications de
  l'orthographe », rapport publié au JO, Documents administratifs n° 100, 6 décembre 1990,
  règle 1 (« on lie par des traits d'union les numéraux formant un nombre complexe,
  inférieur ou supérieur à cent ») and its analyse (million and milliard are nouns, not
  numerals: no hyphen around them); approved by the Académie française.
- GREV: Grevisse & Goosse, *Le Bon Usage*, déterminants numéraux cardinaux (plural of
  vingt/cent, mille invariable, « mil » in dates 1001–1999, ordinal use of the year keeps
  vingt/cent invariable, a noun after a number below two is singular).
- OQLF: Office québécois de la langue française, Banque de dépannage linguistique, « Zéro »
  (zéro as a determiner means « aucun » and takes the singular: « zéro dollar »).
- IMPR: *Lexique des règles typographiques en usage à l'Imprimerie nationale* (groups of
  three digits separated by a space, decimal comma, a space before % and the unit).
- DOM4: /work/shared/domain.md §4, « Writing conventions for acts » (letters and figures,
  capitals then figures for a price, "EUR" in legal acts, "F" for francs, "premier").
- ISSUE3: the issue that specified this module (public API and the num2words traps).
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from actegen.french import (
    JINJA_FILTERS,
    amounts,
    format_amount,
    format_amount_legal,
    format_date,
    format_date_long,
    format_number,
    format_percent,
    format_surface,
    make_filters,
    notarial_amount,
    spell_amount,
    spell_date,
    spell_decimal,
    spell_number,
    spell_percent,
    spell_surface,
    spell_year,
)

NN = "\u202f"  # narrow no-break space, between groups of thousands (IMPR, DOM4)
NB = "\u00a0"  # no-break space, before a unit or % (IMPR)


# ----------------------------------------------------------------- numbers, traditional

TRADITIONAL = [
    (0, "zéro"),  # AF-DICT « zéro »: the cardinal of nothing
    (1, "un"),  # AF-DICT
    (16, "seize"),  # AF-DICT: last simple numeral before « dix-sept »
    (17, "dix-sept"),  # AF-DICT, GREV: hyphen between two numerals below 100
    (21, "vingt et un"),  # AF-DICT « et »: « et » joins un to vingt, no hyphen
    (31, "trente et un"),  # AF-DICT « et »
    (41, "quarante et un"),  # AF-DICT « et »
    (51, "cinquante et un"),  # AF-DICT « et »
    (61, "soixante et un"),  # AF-DICT « et »
    (22, "vingt-deux"),  # AF-DICT: hyphen when no « et »
    (70, "soixante-dix"),  # AF-DICT « soixante »: 70 is sixty-ten
    (71, "soixante et onze"),  # AF-DICT « et »: « soixante et onze »
    (72, "soixante-douze"),  # AF-DICT: no « et » beyond 71
    (77, "soixante-dix-sept"),  # AF-DICT: hyphens all along below 100
    (80, "quatre-vingts"),  # AF-DICT « vingt »: multiplied and last → s
    (81, "quatre-vingt-un"),  # AF-DICT « et »: no « et » in 81; vingt followed → no s
    (90, "quatre-vingt-dix"),  # AF-DICT « vingt »: followed by dix → no s
    (91, "quatre-vingt-onze"),  # AF-DICT « et »: no « et » in 91
    (99, "quatre-vingt-dix-neuf"),  # AF-DICT
    (100, "cent"),  # AF-DICT « cent »: « cent », never « un cent »
    (101, "cent un"),  # AF-DICT « et »: no « et » after cent; GREV: no hyphen above 100
    (180, "cent quatre-vingts"),  # AF-DICT « vingt »: quatre-vingts last → s
    (200, "deux cents"),  # AF-DICT « cent »: multiplied and last → s
    (201, "deux cent un"),  # AF-DICT « cent »: followed by a numeral → no s
    (280, "deux cent quatre-vingts"),  # AF-DICT « cent », « vingt »
    (1000, "mille"),  # AF-DICT « mille »: « mille », never « un mille »
    (1001, "mille un"),  # AF-DICT « mille »; « et » only in « mille et un » (figurative)
    (1080, "mille quatre-vingts"),  # AF-DICT « vingt »: last numeral → s
    (2000, "deux mille"),  # AF-DICT « mille »: invariable
    (21_000, "vingt et un mille"),  # AF-DICT « et », « mille »; un stays masculine here
    (80_000, "quatre-vingt mille"),  # AF-DICT « vingt »: mille is a numeral → no s
    (200_000, "deux cent mille"),  # AF-DICT « cent »: mille is a numeral → no s
    (200_100, "deux cent mille cent"),  # AF-DICT « cent », « mille »
    (1_000_000, "un million"),  # AF-DICT « million »: a noun, with its article « un »
    (1_000_001, "un million un"),  # AF-DICT « million »
    (2_000_000, "deux millions"),  # AF-DICT « million »: a noun takes the plural
    (1_200_000, "un million deux cent mille"),  # AF-DICT « million », « cent »
    (80_000_000, "quatre-vingts millions"),  # AF-DICT « vingt »: million is a noun → s
    (200_000_000, "deux cents millions"),  # AF-DICT « cent »: million is a noun → s
    (201_000_000, "deux cent un millions"),  # AF-DICT « cent »: followed by un → no s
    (1_000_000_000, "un milliard"),  # AF-DICT « milliard »: a noun
    (2_000_000_000, "deux milliards"),  # AF-DICT « milliard »: plural
    (300_000_000_000, "trois cents milliards"),  # AF-DICT « cent », « milliard »
    (182_550, "cent quatre-vingt-deux mille cinq cent cinquante"),  # DOM4 seed price
    (
        999_999_999_999,  # ISSUE3: the upper bound of the range
        (
            "neuf cent quatre-vingt-dix-neuf milliards neuf cent quatre-vingt-dix-neuf millions "
            "neuf cent quatre-vingt-dix-neuf mille neuf cent quatre-vingt-dix-neuf"
        ),
    ),
    (-5, "moins cinq"),  # ISSUE3, AF-DICT « moins »: negative numbers
    (-80, "moins quatre-vingts"),  # ISSUE3; the plural rule holds after « moins »
]


@pytest.mark.parametrize(("n", "expected"), TRADITIONAL, ids=[str(n) for n, _ in TRADITIONAL])
def test_spell_number_traditional(n: int, expected: str) -> None:
    assert spell_number(n) == expected


# ----------------------------------------------------------------- numbers, 1990 spelling

REFORM_1990 = [
    (21, "vingt-et-un"),  # RO1990 règle 1: hyphens also around « et »
    (71, "soixante-et-onze"),  # RO1990 règle 1 (its own example « deux-cent-soixante-et-onze »)
    (80, "quatre-vingts"),  # RO1990: the plural rules of vingt and cent are unchanged
    (101, "cent-un"),  # RO1990 règle 1: numerals above 100 are hyphenated too
    (200, "deux-cents"),  # RO1990 règle 1 example « deux-cents ans »
    (1001, "mille-un"),  # RO1990 règle 1: mille is a numeral, hyphenated
    (21_000, "vingt-et-un-mille"),  # RO1990 règle 1
    (80_000, "quatre-vingt-mille"),  # RO1990 règle 1; AF-DICT « vingt »: no s before mille
    (182_550, "cent-quatre-vingt-deux-mille-cinq-cent-cinquante"),  # ISSUE3 example
    (1_000_000, "un million"),  # RO1990 analyse: million is a noun, no hyphen
    (200_000_000, "deux-cents millions"),  # RO1990 analyse + AF-DICT « cent »
    (1_200_000, "un million deux-cent-mille"),  # RO1990 analyse: no hyphen after million
    (
        3_021_000_071,  # RO1990 analyse: milliard and million are nouns, no hyphens
        "trois milliards vingt-et-un millions soixante-et-onze",
    ),
    (-21, "moins vingt-et-un"),  # RO1990 règle 1; ISSUE3: « moins » is not a numeral
]


@pytest.mark.parametrize(("n", "expected"), REFORM_1990, ids=[str(n) for n, _ in REFORM_1990])
def test_spell_number_reform1990(n: int, expected: str) -> None:
    assert spell_number(n, reform1990=True) == expected


# ----------------------------------------------------------------- amounts

AMOUNTS = [
    # (amount, currency, reform1990, expected)
    (D("182550.14"), "EUR", False,  # ISSUE3 example; AF-DICT « cent », « vingt »
     "cent quatre-vingt-deux mille cinq cent cinquante euros et quatorze centimes"),
    (D("182550.14"), "FRF", True,  # ISSUE3; RO1990 règle 1 for the 1990 spelling
     "cent-quatre-vingt-deux-mille-cinq-cent-cinquante francs et quatorze centimes"),
    (1, "EUR", False, "un euro"),  # GREV: a noun after un is singular; ISSUE3
    (2, "EUR", False, "deux euros"),  # GREV: plural from two; ISSUE3
    (0, "EUR", False, "zéro euro"),  # OQLF « Zéro »: zéro takes the singular
    (D("0.00"), "FRF", False, "zéro franc"),  # OQLF « Zéro »; ISSUE3 no « et zéro centimes »
    (1_000_000, "EUR", False, "un million d'euros"),  # AF-DICT « million »: « un million d' »
    (2_000_000, "EUR", False, "deux millions d'euros"),  # AF-DICT « million »; ISSUE3
    (2_000_000, "FRF", False, "deux millions de francs"),  # AF-DICT « million »; ISSUE3
    (1_200_000, "EUR", False, "un million deux cent mille euros"),  # ISSUE3: no « de »
    (1_000_000_000, "EUR", False, "un milliard d'euros"),  # AF-DICT « milliard »
    (1_001_000_000, "EUR", False, "un milliard un million d'euros"),  # AF-DICT « million »
    (200_000_000, "EUR", True, "deux-cents millions d'euros"),  # RO1990 analyse, AF-DICT
    (200_000, "EUR", False, "deux cent mille euros"),  # AF-DICT « cent »: before mille
    (D("1000.01"), "FRF", False, "mille francs et un centime"),  # ISSUE3; GREV: singular
    (D("0.01"), "EUR", False, "un centime"),  # GREV: singular; no « zéro euro et »
    (D("0.50"), "EUR", False, "cinquante centimes"),  # decision documented in the module
    (D("1.80"), "EUR", False, "un euro et quatre-vingts centimes"),  # AF-DICT « vingt »
    (D("21.21"), "EUR", False, "vingt et un euros et vingt et un centimes"),  # AF-DICT « et »
    (D("21.21"), "EUR", True, "vingt-et-un euros et vingt-et-un centimes"),  # RO1990 règle 1
    (D(-100), "EUR", False, "moins cent euros"),  # ISSUE3: « moins » for negatives
    ("182 550,14", "eur", False,  # ISSUE3: a numeric string, currency case-insensitive
     "cent quatre-vingt-deux mille cinq cent cinquante euros et quatorze centimes"),
    (D("100.000"), "EUR", False, "cent euros"),  # trailing zeros lose nothing (module doc)
]  # fmt: skip


@pytest.mark.parametrize(("amount", "currency", "reform", "expected"), AMOUNTS)
def test_spell_amount(amount: object, currency: str, reform: bool, expected: str) -> None:
    assert spell_amount(amount, currency, reform1990=reform) == expected


@pytest.mark.parametrize(
    "bad",
    [
        0.1,  # ISSUE3: a float is refused, never spelled through binary rounding
        1.0,  # ISSUE3: even an integral float
        D("1.005"),  # ISSUE3: more than two decimals, never silently rounded
        "12,345",  # ISSUE3: the same through a string (comma as decimal separator)
        D("NaN"),  # not an amount
        10**12,  # ISSUE3: beyond 999 999 999 999
        True,  # a bool is not an amount
    ],
)
def test_spell_amount_refuses(bad: object) -> None:
    with pytest.raises(ValueError):
        spell_amount(bad)


def test_unknown_currency_is_refused() -> None:
    # ISSUE3: EUR and FRF at least; anything else is an error, not a guess.
    with pytest.raises(ValueError):
        spell_amount(1, "USD")
    with pytest.raises(ValueError):
        format_amount(1, "XYZ")


# ----------------------------------------------------------------- the num2words traps

# ISSUE3, "Known traps to beat (num2words 0.5.14)": each row is an input num2words gets
# wrong, the wrong output it gave (for the record) and what an act must say.
TRAPS = [
    # an int read as centimes, num2words(1000000) → "dix mille euros et zéro centimes"
    (1_000_000, "un million d'euros", "dix mille euros et zéro centimes"),
    # OQLF: "zéro euros et zéro centimes" → "zéro euro"
    (D(0), "zéro euro", "zéro euros et zéro centimes"),
    # AF-DICT « million »: no "d'" → "deux millions euros et zéro centimes"
    (D(2_000_000), "deux millions d'euros", "deux millions euros et zéro centimes"),
    # AF-DICT « milliard »: "un milliard euros et zéro centimes"
    (D(1_000_000_000), "un milliard d'euros", "un milliard euros et zéro centimes"),
    # ISSUE3: "et zéro centimes" appended to round amounts
    (D(100), "cent euros", "cent euros et zéro centimes"),
    # OQLF/GREV: "zéro euros et cinquante centimes"
    (D("0.50"), "cinquante centimes", "zéro euros et cinquante centimes"),
]


@pytest.mark.parametrize(("amount", "expected", "num2words_output"), TRAPS)
def test_num2words_traps_are_beaten(amount: object, expected: str, num2words_output: str) -> None:
    assert spell_amount(amount) == expected
    assert expected != num2words_output


def test_num2words_traps_still_exist() -> None:
    """Guards the table above: num2words (a dependency) says what is recorded, or this fails."""
    changed = [
        (a, recorded, said)
        for a, _, recorded in TRAPS
        if (said := num2words(a, lang="fr", to="currency", currency="EUR")) != recorded
    ]
    assert not changed, f"num2words changed its French output; update TRAPS: {changed}"


def test_float_trap_is_beaten() -> None:
    # ISSUE3: num2words spells 0.1 + 0.2 (0.30000000000000004) as "trente centimes",
    # a silent rounding; a float never reaches the spelling here.
    with pytest.raises(ValueError):
        spell_amount(0.1 + 0.2)


def test_1990_spelling_exists() -> None:
    # ISSUE3: num2words has no 1990 spelling; RO1990 règle 1.
    assert spell_number(200_000_000, reform1990=True) == "deux-cents millions"


def test_icu_trap_is_beaten() -> None:
    # ISSUE3: ICU writes "deux cent millions"; AF-DICT « cent »: million is a noun, so cent,
    # multiplied and last of its numeral, takes the s.
    assert spell_number(200_000_000) == "deux cents millions"
    assert spell_number(80_000_000_000) == "quatre-vingts milliards"


# ----------------------------------------------------------------- dates

DATES = [
    # (date, mil, reform1990, expected)
    (dt.date(1993, 7, 24), True, False,  # ISSUE3, AF-DICT « mil »: mil in 1001–1999
     "vingt-quatre juillet mil neuf cent quatre-vingt-treize"),
    (dt.date(1993, 7, 24), False, False,  # ISSUE3: "mille" as an option
     "vingt-quatre juillet mille neuf cent quatre-vingt-treize"),
    (dt.date(2026, 11, 1), True, False,  # ISSUE3, DOM4: day 1 is "premier"; never "deux mil"
     "premier novembre deux mille vingt-six"),
    (dt.date(1980, 1, 21), True, False,  # GREV, DOM4: year is ordinal use → "quatre-vingt"
     "vingt et un janvier mil neuf cent quatre-vingt"),
    (dt.date(1900, 3, 3), True, False,  # DOM4 « l'an mil neuf cent »: cent invariable
     "trois mars mil neuf cent"),
    (dt.date(2000, 2, 29), True, False,  # AF-DICT « mil »: not for 2000; mille invariable
     "vingt-neuf février deux mille"),
    (dt.date(1000, 8, 15), True, False,  # DOM4: mil only when other numbers follow
     "quinze août mille"),
    (dt.date(2080, 12, 31), True, False,  # GREV: ordinal use → "quatre-vingt" invariable
     "trente et un décembre deux mille quatre-vingt"),
    (dt.date(1993, 7, 24), True, True,  # RO1990 règle 1 applied to the year
     "vingt-quatre juillet mil-neuf-cent-quatre-vingt-treize"),
    (dt.date(2021, 5, 21), True, True,  # RO1990 règle 1: "vingt-et-un"
     "vingt-et-un mai deux-mille-vingt-et-un"),
]  # fmt: skip


@pytest.mark.parametrize(("d", "mil", "reform", "expected"), DATES)
def test_spell_date(d: dt.date, mil: bool, reform: bool, expected: str) -> None:
    assert spell_date(d, mil=mil, reform1990=reform) == expected


def test_format_dates() -> None:
    # DOM4: figures for dates outside the act's own date; "1er" for the first (IMPR).
    assert format_date(dt.date(1993, 7, 24)) == "24/07/1993"
    assert format_date_long(dt.date(1993, 7, 24)) == "24 juillet 1993"
    assert format_date_long(dt.date(2026, 11, 1)) == "1ᵉʳ novembre 2026"
    with pytest.raises(TypeError):
        spell_date("1993-07-24")  # type: ignore[arg-type]


# ----------------------------------------------------------------- percentages, decimals

PERCENTS = [
    (D("10.5"), "dix virgule cinq pour cent", f"10,5{NB}%"),  # ISSUE3; IMPR: space before %
    (70, "soixante-dix pour cent", f"70{NB}%"),  # ISSUE3; AF-DICT « soixante »
    (D("0.62"), "zéro virgule soixante-deux pour cent", f"0,62{NB}%"),  # ISSUE3
    (D("3.50"), "trois virgule cinq pour cent", f"3,5{NB}%"),  # module doc: trailing zeros
    (D("0.05"), "zéro virgule zéro cinq pour cent", f"0,05{NB}%"),  # module doc: zeros read
    (D(80), "quatre-vingts pour cent", f"80{NB}%"),  # AF-DICT « vingt »: last → s
    (D("71.25"), "soixante et onze virgule vingt-cinq pour cent", f"71,25{NB}%"),  # AF-DICT
]


@pytest.mark.parametrize(("p", "letters", "figures"), PERCENTS)
def test_percent(p: object, letters: str, figures: str) -> None:
    assert spell_percent(p) == letters
    assert format_percent(p) == figures


def test_percent_1990_and_refusals() -> None:
    # RO1990 règle 1 in the integer part and in the decimals.
    assert spell_percent(D("21.71"), reform1990=True) == ("vingt-et-un virgule soixante-et-onze pour cent")
    with pytest.raises(ValueError):  # ISSUE3 spirit: no float anywhere
        spell_percent(10.5)


def test_spell_decimal_and_format_number() -> None:
    # IMPR: groups of three, decimal comma; no grouping asked for years (DOM4).
    assert spell_decimal(D("85.30")) == "quatre-vingt-cinq virgule trois"
    assert spell_decimal(42) == "quarante-deux"
    assert format_number(D("1234567.891")) == f"1{NN}234{NN}567,891"
    assert format_number(123) == "123"
    assert format_number(D("-1000.50")) == f"\u22121{NN}000,5"


# ----------------------------------------------------------------- amounts in figures

FIGURES = [
    # (amount, currency, format_amount, format_amount_legal)
    (D("182550.14"), "EUR", f"182{NN}550,14{NB}€", f"182{NN}550,14{NB}EUR"),  # ISSUE3, DOM4
    (D("182550.14"), "FRF", f"182{NN}550,14{NB}F", f"182{NN}550,14{NB}F"),  # DOM4: "F"
    (100_000, "EUR", f"100{NN}000,00{NB}€", f"100{NN}000,00{NB}EUR"),  # DOM4 "(100 000,00 EUR)"
    (D("0.5"), "EUR", f"0,50{NB}€", f"0,50{NB}EUR"),  # ISSUE3: always two decimals
    (999, "EUR", f"999,00{NB}€", f"999,00{NB}EUR"),  # IMPR: no separator below 1000
    (1000, "EUR", f"1{NN}000,00{NB}€", f"1{NN}000,00{NB}EUR"),  # IMPR/DOM4: grouped
    (D("-1234.5"), "EUR", f"\u22121{NN}234,50{NB}€", f"\u22121{NN}234,50{NB}EUR"),  # negative amount
]


@pytest.mark.parametrize(("amount", "currency", "plain", "legal"), FIGURES)
def test_figures(amount: object, currency: str, plain: str, legal: str) -> None:
    assert format_amount(amount, currency) == plain
    assert format_amount_legal(amount, currency) == legal


def test_format_amount_refuses_like_spell_amount() -> None:
    # ISSUE3: letters and figures accept and refuse the same amounts.
    for bad in (1.5, D("1.001")):
        with pytest.raises(ValueError):
            format_amount(bad)


# ----------------------------------------------------------------- notarial form

NOTARIAL = [
    (D("182550.14"), "FRF", False,  # ISSUE3, DOM4: capitals then figures in parentheses
     (f"CENT QUATRE-VINGT-DEUX MILLE CINQ CENT CINQUANTE FRANCS ET QUATORZE CENTIMES "
      f"(182{NN}550,14{NB}F)")),
    (100_000, "EUR", False, f"CENT MILLE EUROS (100{NN}000,00{NB}EUR)"),  # DOM4
    (1_000_000, "EUR", False, f"UN MILLION D'EUROS (1{NN}000{NN}000,00{NB}EUR)"),  # AF-DICT
    (0, "EUR", False, f"ZÉRO EURO (0,00{NB}EUR)"),  # AF: accents kept on capitals; OQLF
    (200_000_000, "EUR", True,  # RO1990 analyse
     f"DEUX-CENTS MILLIONS D'EUROS (200{NN}000{NN}000,00{NB}EUR)"),
]  # fmt: skip


@pytest.mark.parametrize(("amount", "currency", "reform", "expected"), NOTARIAL)
def test_notarial_amount(amount: object, currency: str, reform: bool, expected: str) -> None:
    assert notarial_amount(amount, currency, reform1990=reform) == expected


# ----------------------------------------------------------------- Jinja filters


def test_filters_names() -> None:
    # ISSUE3: French filter names for template authors.
    assert set(JINJA_FILTERS) == {
        "montant_lettres", "montant", "montant_acte", "prix_notarial", "nombre_lettres",
        "nombre", "date_lettres", "date_longue", "date_courte", "pourcentage_lettres",
        "pourcentage", "annee_lettres", "jour_mois_lettres", "montant_nu", "surface",
        "surface_lettres",
    }  # fmt: skip


def test_act_heading_and_table_filters() -> None:
    # domain.md §4: the act's heading splits the date: « L'AN mil neuf cent quatre-vingt-treize,
    # LE quinze décembre »; table cells show amounts without their unit, surfaces with m².
    f = JINJA_FILTERS
    d = dt.date(1993, 12, 15)
    assert f["annee_lettres"](d) == "mil neuf cent quatre-vingt-treize"
    assert f["jour_mois_lettres"](dt.date(2026, 11, 1)) == "premier novembre"
    assert f["jour_mois_lettres"](d) == "quinze décembre"
    assert f["montant_nu"](D("1967696")) == f"1{NN}967{NN}696,00"
    assert f["surface"](D("72.5")) == f"72,5{NB}m²"


def test_filters_in_a_template() -> None:
    """A template chooses the spelling per call; the case-level setting is the default."""
    jinja2 = pytest.importorskip("jinja2")
    env = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)
    env.filters.update(make_filters(reform1990=True, currency="FRF"))
    ctx = {"prix": D("182550.14"), "date": dt.date(1993, 7, 24), "taux": D("10.5")}
    out = env.from_string(
        "{{ prix | montant_lettres }}|{{ prix | montant_lettres('EUR', reform1990=false) }}|"
        "{{ prix | montant }}|{{ prix | montant_acte('EUR') }}|{{ date | date_lettres }}|"
        "{{ date | date_lettres(mil=false, reform1990=false) }}|{{ date | date_courte }}|"
        "{{ taux | pourcentage_lettres }}|{{ 21 | nombre_lettres }}|{{ prix | prix_notarial }}"
    ).render(ctx)
    assert out.split("|") == [
        "cent-quatre-vingt-deux-mille-cinq-cent-cinquante francs et quatorze centimes",
        "cent quatre-vingt-deux mille cinq cent cinquante euros et quatorze centimes",
        f"182{NN}550,14{NB}F",
        f"182{NN}550,14{NB}EUR",
        "vingt-quatre juillet mil-neuf-cent-quatre-vingt-treize",
        "vingt-quatre juillet mille neuf cent quatre-vingt-treize",
        "24/07/1993",
        "dix virgule cinq pour cent",
        "vingt-et-un",
        (
            "CENT-QUATRE-VINGT-DEUX-MILLE-CINQ-CENT-CINQUANTE FRANCS ET QUATORZE CENTIMES "
            f"(182{NN}550,14{NB}F)"
        ),
    ]


def test_default_filters_are_traditional_euros() -> None:
    assert JINJA_FILTERS["montant_lettres"](D(21)) == "vingt et un euros"  # AF-DICT « et »
    with pytest.raises(ValueError):
        make_filters(reform1990=False, currency="USD")


def test_spell_number_type_and_range() -> None:
    # ISSUE3: at least 0 to 999 999 999 999; spell_number takes an int.
    with pytest.raises(ValueError):
        spell_number(10**12)
    with pytest.raises(TypeError):
        spell_number(D(1))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        spell_number(1.0)  # type: ignore[arg-type]


# ----------------------------------------------------------------- edge inputs (issue 14)


def test_spell_year_refuses_years_below_one() -> None:
    # Issue 14: spell_year(-5) spelled a huge number (divmod of a negative); no year 0 in acts.
    for bad in (-5, -1, 0):
        with pytest.raises(ValueError, match="année hors limites"):
            spell_year(bad)
    assert spell_year(1) == "un"
    assert spell_year(1993) == "mil neuf cent quatre-vingt-treize"


HUGE = ["1E1000000", D("1E1000000"), D("-1E1000000"), D("9E999999999")]


@pytest.mark.parametrize("value", HUGE, ids=repr)
def test_huge_exponents_are_value_errors(value: object) -> None:
    # Issue 14: abs() of 1E1000000 overflowed the default context (decimal.Overflow);
    # the documented refusal is ValueError, for every public function.
    for function in (
        spell_amount,
        format_amount,
        format_amount_legal,
        notarial_amount,
        spell_decimal,
        format_number,
        spell_percent,
        format_percent,
        spell_surface,
    ):
        with pytest.raises(ValueError, match="hors limites"):
            function(value)


@pytest.mark.parametrize("value", ["1E-1000030", D("1E-1000030"), D("-3E-1000000000")], ids=repr)
def test_tiny_exponents_are_refused_not_zero(value: object) -> None:
    # Issue 14: normalize() underflowed 1E-1000030 to zero, which was then spelled « zéro ».
    with pytest.raises(ValueError, match="plus de douze décimales"):
        spell_decimal(value)
    with pytest.raises(ValueError, match="plus de deux décimales"):
        spell_amount(value)


def test_zero_in_any_form_is_zero() -> None:
    # -0 and 0E-1000030 carry no digit: zero, not negative, whatever the exponent.
    for zero in (D("-0"), D("0E-1000030"), D("0E+1000000"), D("-0.000")):
        assert spell_decimal(zero) == "zéro"
        assert spell_amount(zero) == "zéro euro"
        assert format_amount(zero) == f"0,00{NB}€"


EXACT = [
    (D("123456789012.123456789012"),
     "cent vingt-trois milliards quatre cent cinquante-six millions sept cent quatre-vingt-neuf "
     "mille douze virgule cent vingt-trois milliards quatre cent cinquante-six millions sept "
     "cent quatre-vingt-neuf mille douze"),
    (D("182550.14"), "cent quatre-vingt-deux mille cinq cent cinquante virgule quatorze"),
    (D("1E-12"), "zéro virgule " + "zéro " * 11 + "un"),
    (D("1.2E+3"), "mille deux cents"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), EXACT, ids=lambda v: str(v)[:20])
def test_caller_context_changes_nothing(value: D, expected: str) -> None:
    # Issue 14: a caller's lowered precision changed spell_decimal's result (abs() and
    # normalize() follow the context). With a context that traps every rounding and every
    # exponent limit, the functions still answer: they do no arithmetic on the number.
    assert spell_decimal(value) == expected
    strict = decimal.Context(
        prec=1,
        Emax=1,
        Emin=-1,
        traps=[
            decimal.Inexact,
            decimal.Rounded,
            decimal.Overflow,
            decimal.Underflow,
            decimal.Subnormal,
            decimal.Clamped,
            decimal.InvalidOperation,
        ],
    )
    with decimal.localcontext(strict):
        assert spell_decimal(value) == expected
        assert spell_amount(D("182550.14")) == (
            "cent quatre-vingt-deux mille cinq cent cinquante euros et quatorze centimes"
        )
        assert format_amount(D("-1234.5")) == f"\u22121{NN}234,50{NB}€"
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert spell_decimal(value) == expected
        assert format_number(D("123456.789")) == f"123{NN}456,789"


def test_messages_group_digits_the_french_way() -> None:
    # Issue 14: « 999 999 999 999 » with narrow no-break spaces, never « 999,999,999,999 ».
    french = f"999{NN}999{NN}999{NN}999"
    for call in (
        lambda: spell_number(10**12),
        lambda: spell_amount(10**12),
        lambda: spell_amount(D("1E12")),
        lambda: spell_decimal(D("1E12")),
        lambda: spell_year(-1),
    ):
        with pytest.raises(ValueError) as info:
            call()
        assert french in str(info.value)
        assert "999,999" not in str(info.value)


# ----------------------------------------------------------------- surfaces, fixed decimals

SURFACES = [
    (D("64.30"), "soixante-quatre mètres carrés trente décimètres carrés"),  # legal review §4
    (64, "soixante-quatre mètres carrés"),  # no « zéro décimètre carré »
    (D("0.50"), "cinquante décimètres carrés"),  # below one square metre: dm² alone
    (D("1.01"), "un mètre carré un décimètre carré"),  # GREV: singular below two
    (D("81.2"), "quatre-vingt-un mètres carrés vingt décimètres carrés"),  # 0,2 m² = 20 dm²
    (D("80.80"), "quatre-vingts mètres carrés quatre-vingts décimètres carrés"),  # AF-DICT
    (D("21.00"), "vingt et un mètres carrés"),  # AF-DICT « et »; trailing zeros harmless
    (0, "zéro mètre carré"),  # OQLF: zéro takes the singular
    (1_000_000, "un million de mètres carrés"),  # AF-DICT « million »: a noun, « de »
]  # fmt: skip


@pytest.mark.parametrize(("m2", "expected"), SURFACES, ids=lambda v: str(v)[:12])
def test_spell_surface(m2: object, expected: str) -> None:
    assert spell_surface(m2) == expected


def test_spell_surface_1990_and_refusals() -> None:
    assert spell_surface(D("21.71"), reform1990=True) == (
        "vingt-et-un mètres carrés soixante-et-onze décimètres carrés"
    )  # RO1990 règle 1
    assert JINJA_FILTERS["surface_lettres"](D("64.3")) == (
        "soixante-quatre mètres carrés trente décimètres carrés"
    )
    for bad in (D("64.305"), D("-1"), 64.3, "1E1000000"):
        with pytest.raises(ValueError):
            spell_surface(bad)


def test_fixed_decimals_for_a_column() -> None:
    # Issue 14 point 6: one number of decimals in a column (« 21,00 % » above « 16,98 % »).
    assert format_percent(21, places=2) == f"21,00{NB}%"
    assert format_percent(D("16.98"), places=2) == f"16,98{NB}%"
    assert format_percent(D("16.9"), places=2) == f"16,90{NB}%"
    assert format_percent(D("16.98")) == f"16,98{NB}%"  # unchanged without places
    assert format_surface(D("64.3"), places=2) == f"64,30{NB}m²"
    assert format_number(D("1234.5"), places=1) == f"1{NN}234,5"
    with pytest.raises(ValueError):  # never rounded
        format_percent(D("16.985"), places=2)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.decimals(min_value=-(10**11), max_value=10**11, places=2, allow_nan=False), st.integers(0, 4))
def test_an_amount_prints_as_its_equal_amounts_do_kept_or_not(amount: D, zeros: int) -> None:
    """The figures kept by value (``amounts._FIGURES``) are those each equal amount — more
    trailing zeros, -0 — prints on its own; one with a third decimal is still refused."""
    padded = amount.quantize(D(1).scaleb(-2 - zeros))
    amounts._FIGURES.clear()
    alone = format_amount(padded)
    amounts._FIGURES.clear()
    assert format_amount(amount) == alone == format_amount(padded) == format_amount(amount)
    with pytest.raises(ValueError, match="plus de deux décimales"):
        format_amount(amount + D("0.001"))
