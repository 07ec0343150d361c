"""Reusable Hypothesis strategies: mutations of a valid case, and valid variations of it."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import yaml
from hypothesis import strategies as st

from actegen.load import load_text

from .helpers import GIRIMBELLES


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)


def base_case() -> dict[str, Any]:
    return load_text(GIRIMBELLES.read_text(encoding="utf-8"), "g.yaml").data


def _paths(value: Any, path: tuple = ()) -> list[tuple]:
    out = [path]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value[:2]):  # the first two lots / buyers are enough
            out += _paths(v, path + (i,))
    return out


BASE = base_case()
PATHS = [p for p in _paths(BASE) if p]

WEIRD = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**15), 10**15),
    st.booleans(),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    st.just([]),
    st.just({}),
    st.just("\x01\x02"),
    st.just("2026-02-30"),
    st.just("non"),
)


def _get_parent(data: Any, path: tuple) -> tuple[Any, Any]:
    node = data
    for part in path[:-1]:
        node = node[part]
    return node, path[-1]


@st.composite
def mutated_cases(draw) -> str:
    """The Girimbelles case with 1–3 random mutations, as YAML text."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent, key = _get_parent(data, path)
            parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        op = draw(st.sampled_from(["swap", "drop", "add", "range", "control"]))
        if op == "swap":
            parent[key] = draw(WEIRD)
        elif op == "drop" and isinstance(parent, dict):
            del parent[key]
        elif op == "add" and isinstance(parent[key], dict):
            parent[key][draw(st.sampled_from(["cle_inconnue", "prix_total", "Nom"]))] = draw(WEIRD)
        elif op == "range":
            value = parent[key]
            if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
                parent[key] = draw(st.sampled_from([-1, 10**13, Decimal("-0.01"), Decimal("0.001")]))
            elif isinstance(value, str):
                parent[key] = draw(st.sampled_from(["", " ", "x" * 5000]))
        elif op == "control" and isinstance(parent[key], str):
            parent[key] = parent[key] + draw(st.sampled_from(["\x00", "\x07", "\x1b[31m", "\x7f"]))
    return dump(data)


NAMES = (
    st.text(
        alphabet=st.characters(
            categories=["L", "M", "Zs", "Pd", "Po", "Sm", "Sc"], exclude_characters="\u2028\u2029\u00a0\u202f"
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def valid_variations(draw) -> str:
    """The Girimbelles case with schema-valid changes: names, amounts, dates, spelling."""
    data = copy.deepcopy(BASE)
    lot = data["lots"][0]
    lot["acquereurs"][0]["nom"] = draw(NAMES)
    lot["acquereurs"][0]["prenoms"] = draw(NAMES)
    data["notaire"]["nom"] = draw(NAMES)
    prix = lot["prix"]
    prix["foncier"] = draw(st.integers(60_000, 10**8))  # above any credit of rent: a sale has a price
    prix["travaux"] = draw(st.decimals(min_value=0, max_value=10**8, places=2, allow_nan=False))
    prix["frais_de_vente"] = draw(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
    prix["loyers_impayes"] = draw(st.integers(-50_000, 50_000))
    if prix["travaux"] > 0:  # works in the price are described (a lot of the case that has some)
        lot["travaux_remise_en_etat"] = copy.deepcopy(
            next(x["travaux_remise_en_etat"] for x in BASE["lots"] if "travaux_remise_en_etat" in x)
        )
    data["operation"]["orthographe"] = draw(st.sampled_from(["traditionnelle", "rectifiee_1990"]))
    data["lots"] = data["lots"][: draw(st.integers(1, 3))]
    return dump(data)
