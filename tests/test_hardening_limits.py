"""The template limits hold for every builder the sandbox allows (issue 16, class 2): each
way to make a big string, list or integer is refused before the long operation runs, in
well under a second, with the limit's message; ordinary uses render as before."""

from __future__ import annotations

import time

import pytest
from jinja2 import StrictUndefined

from actegen.sandbox import ActegenSandbox, TemplateLimit, guarded

_TEXT = "le modèle fabrique {} de plus de 10 000 000 caractères (explosion de taille ?)"
_BITS = "le modèle calcule {} de plus de 100 000 bits (explosion de taille ?)"

BUILDERS = {
    "percent-width": ("{{ '%999999999d' % 1 }}", _TEXT.format("avec « % » un texte")),
    "percent-precision": ("{{ '%.999999999f' % 1.5 }}", _TEXT.format("avec « % » un texte")),
    "percent-star": ("{{ '%*d' % (999999999, 1) }}", _TEXT.format("avec « % » un texte")),
    "percent-many": ("{{ ('%9000000d' * 3) % (1, 2, 3) }}", _TEXT.format("avec « % » un texte")),
    "format-filter": ("{{ '%999999999s'|format('a') }}", _TEXT.format("avec « format » un texte")),
    "str-format": ("{{ '{:999999999}'.format(1) }}", _TEXT.format("avec « format » un texte")),
    "str-format-nested": ("{{ '{:{}}'.format(1, 999999999) }}", _TEXT.format("avec « format » un texte")),
    "str-format-item": ("{{ '{:{0[0]}}'.format([999999999]) }}", _TEXT.format("avec « format » un texte")),
    "str-format-many": (
        "{{ ('{:9000000}' * 5).format(1, 2, 3, 4, 5) }}",
        _TEXT.format("avec « format » un texte"),
    ),
    "format-map": ("{{ '{a:>999999999}'.format_map({'a': 1}) }}", _TEXT.format("avec « format » un texte")),
    "markup-format": ("{{ ('{:999999999}'|safe).format(1) }}", _TEXT.format("avec « format » un texte")),
    "ljust": ("{{ 'a'.ljust(999999999) }}", _TEXT.format("avec « ljust » un texte")),
    "rjust": ("{{ 'a'.rjust(999999999) }}", _TEXT.format("avec « rjust » un texte")),
    "center-method": ("{{ 'a'.center(999999999) }}", _TEXT.format("avec « center » un texte")),
    "center-filter": ("{{ 'a'|center(999999999) }}", _TEXT.format("avec « center » un texte")),
    "zfill": ("{{ '1'.zfill(999999999) }}", _TEXT.format("avec « zfill » un texte")),
    "expandtabs": ("{{ ('\t' * 100).expandtabs(999999) }}", _TEXT.format("avec « expandtabs » un texte")),
    "indent": ("{{ ('\n' * 1000)|indent(999999) }}", _TEXT.format("avec « indent » un texte")),
    "replace-method": (
        "{{ ('a' * 1000).replace('a', 'b' * 100000) }}",
        _TEXT.format("avec « replace » un texte"),
    ),
    "replace-filter": (
        "{{ ('a' * 1000)|replace('a', 'b' * 100000) }}",
        _TEXT.format("avec « replace » un texte"),
    ),
    "join-method": (
        "{% set s = 'x' * 9000000 %}{{ ''.join([s, s]) }}",
        _TEXT.format("avec « join » un texte"),
    ),
    "join-filter": ("{% set s = 'x' * 9000000 %}{{ [s, s]|join }}", _TEXT.format("avec « join » un texte")),
    "batch": ("{{ [1]|batch(999999999, 0)|list|length }}", _TEXT.format("avec « batch » un texte")),
    "slice": ("{{ [1]|slice(999999999, 0)|list|length }}", _TEXT.format("avec « slice » un texte")),
    "repeat": ("{{ 'ab' * 6000000 }}", _TEXT.format("une répétition")),
    "plus": ("{% set s = 'x' * 6000000 %}{{ s + s }}", _TEXT.format("un assemblage")),
    "tilde": ("{% set s = 'x' * 6000000 %}{{ s ~ s }}", _TEXT.format("un assemblage (~)")),
    "tilde-doubling": (
        "{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        _TEXT.format("un assemblage (~)"),
    ),
    "list-extend": (
        "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
        _TEXT.format("une liste"),
    ),
    "power": ("{{ 3 ** 10000000 }}", _BITS.format("une puissance")),
    "squaring": (
        "{% set ns = namespace(n=3) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
        _BITS.format("un produit"),
    ),
}


@pytest.fixture(scope="module")
def env() -> ActegenSandbox:
    return ActegenSandbox(undefined=StrictUndefined, autoescape=True)


@pytest.mark.parametrize(("source", "message"), BUILDERS.values(), ids=list(BUILDERS))
def test_every_builder_is_refused_before_it_builds(env: ActegenSandbox, source: str, message: str):
    start = time.monotonic()
    with pytest.raises(TemplateLimit) as info, guarded():
        env.from_string(source).render()
    assert str(info.value) == message
    assert time.monotonic() - start < 5, "refused before the long operation"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ '%5.2f' % 3.14159 }}", " 3.14"),
        ("{{ '%s et %s' % ('a', 'b') }}", "a et b"),
        ("{{ '%(x)s' % {'x': 1} }}", "1"),
        ("{{ '{:>6}'.format('a') }}|{{ '{x}'.format_map({'x': 2}) }}", "     a|2"),
        ("{{ ('<{}>'|safe).format('&') }}", "<&amp;>"),
        ("{{ 'a' ~ 'b' ~ 3 }}", "ab3"),
        ("{{ 'x'.center(5) }}|{{ '7'.zfill(3) }}|{{ 'a'.ljust(3) }}|", "  x  |007|a  |"),
        ("{{ ', '.join(['a', 'b']) }}|{{ ['a', 'b']|join('-') }}", "a, b|a-b"),
        (
            "{{ 12345678901234567890 * 98765432109876543210 }}",
            str(12345678901234567890 * 98765432109876543210),
        ),
        ("{{ 2 ** 1000 > 0 }}", "True"),
        ("{{ 7 % 3 }}", "1"),
        ("{{ 'ab'|replace('a', 'c') }}|{{ 'x\ny'|indent(2) }}|{{ 'a'|center(3) }}", "cb|x\n  y| a "),
        ("{{ '%s-%s'|format(1, 2) }}|{{ [1, 2, 3]|batch(2, 0)|list }}", "1-2|[[1, 2], [3, 0]]"),
    ],
)
def test_ordinary_uses_render_as_before(env: ActegenSandbox, source: str, expected: str):
    with guarded():
        assert env.from_string(source).render() == expected
