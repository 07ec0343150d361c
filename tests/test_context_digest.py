"""What a document depends on: ``build.digest.context_digest`` hashes a context piece by piece
(a 1 000-lot note de calcul is 40 MB of JSON, never held at once) and must still tell any
two different contexts apart, and give equal contexts the same hash."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from actegen.build import digest
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


def test_dataclasses_are_hashed_by_class_and_every_field():
    """orjson's own form of a dataclass drops the class and the ``_private`` fields: the
    digest writes them itself."""

    @dataclasses.dataclass
    class Figure:
        valeur: Decimal
        _note: str = ""

    @dataclasses.dataclass
    class Other:
        valeur: Decimal
        _note: str = ""

    one = Figure(Decimal("1.0"))
    assert context_digest({"f": one}) == context_digest({"f": Figure(Decimal("1.0"))})
    assert context_digest({"f": one}) != context_digest({"f": Figure(Decimal("1.0"), "x")})
    assert context_digest({"f": one}) != context_digest({"f": Other(Decimal("1.0"))})
    assert context_digest({"f": one}) != context_digest({"f": {"valeur": Decimal("1.0"), "_note": ""}})


def test_a_set_is_hashed_the_same_whatever_the_hash_seed():
    """A set iterates in an order that changes with PYTHONHASHSEED: its items are sorted."""
    code = (
        "from actegen.build.digest import context_digest;"
        "print(context_digest({'s': {'a', 'b', 'c', 'd', 'lot-1', 'lot-2'}, 'f': frozenset({'x', 'y'})}))"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("0", "1", "2", "3")
    }
    assert len(digests) == 1 and None not in digests


def test_keys_that_are_not_strings_are_written_as_their_text():
    """As the standard json module did (``{1: "x"}`` is written as ``{"1": "x"}``): an int key
    does not make the context opaque, a tuple key does."""
    assert context_digest({"a": {"b": {1: "x", None: "y", 2.5: "z", False: "t"}}}) is not None
    assert context_digest({"a": {"b": {1: "x"}}}) != context_digest({"a": {"b": {2: "x"}}})
    assert context_digest({"a": {"b": {1: "x"}}, "k": {"z": list(range(40))}}) is not None


@given(st.dictionaries(st.text(max_size=4), VALUES, max_size=5))
def test_the_non_str_keys_option_leaves_str_keys_as_they_were(value: dict):
    """The digest tries orjson without OPT_NON_STR_KEYS first (faster), then with it: the
    text must not depend on which try succeeded."""
    strict = digest._OPTIONS
    assert orjson.dumps(value, default=digest._canonical, option=strict) == orjson.dumps(
        value, default=digest._canonical, option=strict | orjson.OPT_NON_STR_KEYS
    )


def test_a_long_context_is_hashed_in_small_pieces(monkeypatch):
    """The text of a context that grows with the lots is never built at once: the largest
    piece fed to the hash is one item of a long list."""
    fed: list[int] = []
    real = hashlib.sha256

    class Recording:
        def __init__(self):
            self.inner = real()

        def update(self, data):
            fed.append(len(data))
            self.inner.update(data)

        def hexdigest(self):
            return self.inner.hexdigest()

    lot = {"numero": "1", "lignes": [{"libelle": "Prix", "valeur": Decimal("1000.00")}] * 20}
    context = {"op": {"nom": "x"}, "annexe": {"lots": [lot] * 1000}, "groupes": [[lot] * 40] * 40}
    monkeypatch.setattr(hashlib, "sha256", Recording)
    assert context_digest(context) is not None
    item = len(orjson.dumps(lot, default=digest._canonical))
    assert sum(fed) > 1000 * item and max(fed) <= item + 1


def test_an_int_beyond_64_bits_is_opaque():
    """orjson writes ints up to 64 bits; a larger one (no figure is one: money is Decimal)
    sends its document down the plain path, always rendered."""
    assert context_digest({"n": 2**70}) is None
    assert context_digest({"n": 2**62}) is not None
