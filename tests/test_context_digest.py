"""What a document depends on: ``build.digest.context_digest`` hashes a context piece by piece
(a 1 000-lot note de calcul is 40 MB of JSON, never held at once) and must still tell any
two different contexts apart, and give equal contexts the same hash."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from actegen.build.digest import context_digest

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=6),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=40), st.dictionaries(st.text(max_size=4), inner, max_size=5)
    ),
    max_leaves=60,
)
CONTEXTS = st.dictionaries(st.text(max_size=5), VALUES, max_size=6)


def _plain(value):
    """A JSON text that says everything the context holds, types included."""
    return json.dumps(value, default=lambda o: [type(o).__name__, str(o)], sort_keys=False)


@given(CONTEXTS, CONTEXTS)
def test_two_contexts_have_the_same_digest_exactly_when_they_are_the_same(a: dict, b: dict):
    same = _plain(a) == _plain(b)
    assert (context_digest(a) == context_digest(b)) == same


@given(CONTEXTS)
def test_a_digest_depends_on_the_values_not_on_the_objects(a: dict):
    copy = json.loads(json.dumps(a, default=lambda o: {"$repr$": repr(o)}))  # new objects, same shape
    restored = _restore(copy)
    assert context_digest(restored) == context_digest(a)


def _restore(value):
    if isinstance(value, dict) and set(value) == {"$repr$"}:
        return eval(value["$repr$"], {"Decimal": Decimal, "datetime": __import__("datetime")})
    if isinstance(value, dict):
        return {k: _restore(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_restore(v) for v in value]
    return value


def test_long_lists_and_nesting_are_framed():
    """The pieces are framed: moving an item across a boundary changes the hash."""
    long = list(range(40))
    assert context_digest({"a": [long, [1]]}) != context_digest({"a": [long + [1], []]})
    assert context_digest({"a": {"b": "c"}}) != context_digest({"a": '{"b":"c"}'})
    assert context_digest({"x": Decimal("1.0")}) != context_digest({"x": Decimal("1.00")})
    assert context_digest({"d": date(2024, 1, 2)}) != context_digest({"d": "2024-01-02"})


def test_opaque_values_are_always_rendered():
    assert context_digest({"image": object()}) is None
    assert context_digest({"table": {(1, 2): "x"}}) is None
    assert context_digest({"a": {"b": {(1, 2): "x"}}}) is None  # a key JSON refuses, deeper down
    looped: list = []
    looped.append(looped)
    assert context_digest({"a": {"b": [looped]}}) is None  # a value that holds itself


def test_a_bug_in_the_digest_is_not_taken_for_an_opaque_context(monkeypatch):
    """Only what JSON refuses in a value makes a context opaque; a TypeError elsewhere escapes,
    instead of silently sending every document down the plain path."""

    class Broken:
        def update(self, data):
            raise TypeError("a bug")

    monkeypatch.setattr(hashlib, "sha256", Broken)
    with pytest.raises(TypeError, match="a bug"):
        context_digest({"a": 1})
