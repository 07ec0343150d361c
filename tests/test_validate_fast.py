"""The fast schema check (``validate.schema_fast``, jsonschema-rs) never calls valid a case that
python-jsonschema refuses, and a case it refuses gets python-jsonschema's messages unchanged."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actegen.errors import CaseInvalid, FieldPath
from actegen.load import load_case, load_text
from actegen.schema import case_schema, coerce, resolve_ref
from actegen.validate import schema_errors, schema_fast
from actegen.validate.common import walk_numbers, walk_strings
from actegen.validate.schema_errors import _schema_validator

from .helpers import CASES, GIRIMBELLES
from .strategies import BASE, PATHS, WEIRD, _get_parent, mutated_cases, valid_variations

rs = pytest.importorskip("jsonschema_rs")

SCHEMA_TEXT = json.dumps(case_schema())

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def python_valid(data: Any) -> bool:
    return bool(_schema_validator().is_valid(data))


def messages(data: Any, text: str = "") -> list[str]:
    """The schema messages of ``data`` as located by ``load_text`` of its dump."""
    from .strategies import dump

    return [str(e) for e in schema_errors(load_text(text or dump(data), "c.yaml"))]


@pytest.fixture
def python_only(monkeypatch):
    """The fast check switched off: python-jsonschema judges every case (as before it)."""
    monkeypatch.setattr(schema_fast, "_fast_check", lambda: None)


def test_the_fast_check_is_used_and_passes_every_shipped_case():
    assert schema_fast._fast_check() is not None
    for path in sorted(CASES.glob("*.yaml")):
        data = load_case(path).data
        assert schema_fast.says_valid(data), path.name
        assert python_valid(data)


# --------------------------------------------------------------------------------------
# The three points where jsonschema-rs reads the schema otherwise


def _both(schema: dict[str, Any]) -> tuple[Any, Any]:
    """python-jsonschema on ``schema``, and jsonschema-rs on its copy made for the fast check."""
    from jsonschema import Draft202012Validator, FormatChecker

    schema = {"$schema": DRAFT, **schema}
    fast = rs.validator_for(schema_fast._fast_schema(schema), validate_formats=True)
    return Draft202012Validator(schema, format_checker=FormatChecker()), fast


def test_dates_are_judged_as_date_fromisoformat_does():
    python, fast = _both({"type": "string", "format": "date"})
    years = [0, 1, 4, 99, 100, 400, 1900, 1993, 2000, 2020, 2021, 2100, 2400, 9999]
    texts = [f"{y:04d}-{m:02d}-{d:02d}" for y in years for m in range(14) for d in range(33)]
    texts += ["20200101", "2020-1-01", "2020-01-01\n", "٢٠٢٠-01-01", "+2020-01-01", "2020-W01-1", ""]
    for text in texts:
        assert fast.is_valid(text) == python.is_valid(text), text
    assert not fast.is_valid("0000-01-01")  # jsonschema-rs alone takes it: the copy refuses it


def test_the_case_schema_copy_refuses_year_zero_in_every_date():
    schema = case_schema()
    fast = schema_fast._fast_schema(schema)
    dates = []

    def visit(node: dict[str, Any], fast_node: dict[str, Any]) -> None:
        if node.get("format") == "date":
            dates.append(fast_node)
        for key in ("properties", "$defs"):
            for name, sub in node.get(key, {}).items():
                visit(sub, fast_node[key][name])
        for key in ("additionalProperties", "items"):
            if isinstance(node.get(key), dict):
                visit(node[key], fast_node[key])

    visit(schema, fast)
    assert len(dates) >= 30
    assert all(d["not"] == {"pattern": "^0000"} for d in dates)
    assert json.dumps(schema) == json.dumps(json.loads(SCHEMA_TEXT))  # the schema itself is left as it is


def test_numbers_are_compared_exactly_with_the_bounds():
    schema = case_schema()
    bounds = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") in ("number", "integer"):
                bounds.add((node.get("minimum"), node.get("maximum")))
            for value in node.values():
                visit(value)

    visit(schema)
    for low, high in bounds:
        python, fast = _both({"type": "number", "minimum": low, "maximum": high})
        for bound in (low, high):
            for digits in range(0, 45, 3):
                for step in (Decimal(1), Decimal(5)):
                    for sign in (-1, 1):
                        value = Decimal(str(bound)) + sign * step * Decimal(10) ** -digits
                        if fast.is_valid(value):
                            assert python.is_valid(value), (low, high, value)


def _integer_fields(value: Any, sites: Any, path: FieldPath = ()) -> Iterator[FieldPath]:
    """The paths of the ints of ``value`` where the schema says integer."""
    if sites.here and isinstance(value, int) and not isinstance(value, bool):
        yield path
    if isinstance(value, dict):
        for key, item in value.items():
            sub = sites.properties.get(key) if key in sites.names else sites.additional
            if sub is not None:
                yield from _integer_fields(item, sub, path + (key,))
    elif isinstance(value, list) and sites.items is not None:
        for i, item in enumerate(value):
            yield from _integer_fields(item, sites.items, path + (i,))


def test_a_decimal_in_an_integer_field_goes_to_python_jsonschema(monkeypatch):
    schema = case_schema()
    sites = schema_fast._sites(schema, schema)
    fields = list(_integer_fields(BASE, sites))
    assert len(fields) >= 10  # lot numbers, years, counts…
    for field in fields:
        for written in ("{}", "{}.0", "{}E0"):
            data = copy.deepcopy(BASE)
            parent, key = _get_parent(data, field)
            parent[key] = Decimal(written.format(parent[key]))
            assert rs.validator_for(schema).is_valid(data)  # jsonschema-rs alone takes it
            assert not schema_fast.says_valid(data), field
            assert not python_valid(data), field


def test_a_date_of_year_zero_goes_to_python_jsonschema(girimbelles_text, monkeypatch):
    text = girimbelles_text.replace("date_acte: 1993-", "date_acte: 0000-", 1)
    assert text != girimbelles_text
    fast = messages(None, text)
    assert len(fast) == 1 and "date attendue au format AAAA-MM-JJ" in fast[0]
    monkeypatch.setattr(schema_fast, "_fast_check", lambda: None)
    assert messages(None, text) == fast


_WITHOUT_RS = """
import sys
sys.modules["jsonschema_rs"] = None  # the import fails, as where the wheel is missing
from pathlib import Path
from actegen.errors import CaseInvalid
from actegen.load import load_text
from actegen.validate import schema_fast, validate
text = Path(sys.argv[1]).read_text(encoding="utf-8")
assert schema_fast._fast_check() is None and not schema_fast.says_valid({})
validate(load_text(text, "g.yaml"))
try:
    validate(load_text(text.replace("date_acte: 1993-", "date_acte: 1993-13-", 1), "g.yaml"))
except CaseInvalid as exc:
    print(exc.errors[0])
"""


def test_without_jsonschema_rs_python_jsonschema_alone_judges(girimbelles_text):
    done = subprocess.run(
        [sys.executable, "-c", _WITHOUT_RS, str(GIRIMBELLES)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "date_acte : date attendue au format AAAA-MM-JJ" in done.stdout


def test_a_schema_with_keywords_not_followed_is_not_checked_fast():
    assert schema_fast._followable(case_schema())
    for keyword in ("anyOf", "oneOf", "allOf", "if", "patternProperties", "prefixItems"):
        node = {"type": "object", "properties": {"a": {keyword: [{"type": "integer"}]}}}
        assert not schema_fast._followable(node), keyword
    assert not schema_fast._followable({"$ref": "https://example.org/schema.json"})


def test_what_jsonschema_rs_cannot_read_goes_to_python_jsonschema(monkeypatch):
    def unreadable(data: Any) -> bool:
        return bool("\ud800".encode())  # a lone surrogate has no UTF-8 (the loader refuses it)

    monkeypatch.setattr(schema_fast, "_fast_check", lambda: unreadable)
    assert not schema_fast.says_valid(BASE)


# --------------------------------------------------------------------------------------
# Property tests: mutated cases


EDGES = st.one_of(
    WEIRD,
    st.sampled_from(
        [
            Decimal("5"),
            Decimal("5.0"),
            Decimal("1E+1"),
            Decimal("999999999.99"),
            Decimal("999999999.990000001"),
            Decimal("-999999999.99"),
            999999999,
            1000000000,
            "0000-01-01",
            "0001-01-01",
            "2024-02-29",
            "2023-02-29",
            "x@y",
            "@",
            "123456789",
            "123456789\n",
            "1234567A",
        ]
    ),
)


@st.composite
def edge_mutations(draw) -> dict[str, Any]:
    """The Girimbelles data with 1–3 mutations aimed at where the two validators may differ."""
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent, key = _get_parent(data, path)
            value = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, (dict, list)):  # an earlier mutation made an ancestor a scalar
            continue
        op = draw(st.sampled_from(["swap", "decimal", "year"]))
        if op == "decimal" and isinstance(value, int) and not isinstance(value, bool):
            parent[key] = Decimal(draw(st.sampled_from(["{}", "{}.0", "{}.00", "{}E0"])).format(value))
        elif op == "year" and isinstance(value, str) and value[:4].isdigit():
            parent[key] = draw(st.sampled_from(["0000", "0001", "9999"])) + value[4:]
        else:
            parent[key] = draw(EDGES)
    return data


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edge_mutations())
def test_the_fast_check_never_passes_what_python_jsonschema_refuses(data: dict[str, Any]):
    if schema_fast.says_valid(data):
        assert python_valid(data)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_cases())
def test_both_validators_agree_on_the_fuzz_mutations(yaml_text: str):
    try:
        data = load_text(yaml_text, "m.yaml").data
    except CaseInvalid:  # refused by the loader: never validated
        return
    fast = schema_fast.says_valid(data)
    if fast:
        assert python_valid(data)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_variations())
def test_valid_variations_take_the_fast_path(yaml_text: str):
    data = load_text(yaml_text, "v.yaml").data
    assert python_valid(data)
    assert schema_fast.says_valid(data)
    assert _same(coerce(data), _reference_coerce(data))


def test_messages_of_invalid_cases_are_python_jsonschemas(monkeypatch):
    """The same messages with the fast check as without (it only decides whether to ask)."""
    cases = []
    for field in (("operation", "date_acte"), ("lots", 0, "numero"), ("notaire", "nom")):
        for value in (Decimal("3.0"), "0000-02-01", "", None, [], 10**13):
            data = copy.deepcopy(BASE)
            parent, key = _get_parent(data, field)
            parent[key] = value
            cases.append(data)
    fast = [messages(data) for data in cases]
    monkeypatch.setattr(schema_fast, "_fast_check", lambda: None)
    assert [messages(data) for data in cases] == fast
    assert sum(1 for m in fast if m) >= 15  # "" is a valid date_acte for neither; a text is a valid name


# --------------------------------------------------------------------------------------
# coerce and the walks of the rules, against the plain versions they replaced


def _reference_coerce(value: Any, node: dict[str, Any] | None = None) -> Any:
    root = case_schema()
    node = resolve_ref(root if node is None else node, root)
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        return {
            k: _reference_coerce(v, props.get(k) or (extra if isinstance(extra, dict) else {}))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_reference_coerce(item, node.get("items", {})) for item in value]
    if isinstance(value, str) and node.get("format") == "date":
        return date.fromisoformat(value)
    if node.get("type") == "number" and isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return Decimal(value)
    return value


def _same(a: Any, b: Any) -> bool:
    """Equal, of the same types, dict keys in the same order, Decimals written alike."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return bool(a == b) and str(a) == str(b)


def test_coerce_gives_what_the_plain_walk_gave():
    for path in sorted(CASES.glob("*.yaml")):
        data = load_case(path).data
        coerced = coerce(data)
        assert _same(coerced, _reference_coerce(data)), path.name
        assert coerced is not data and coerced["lots"] is not data["lots"]  # copies


def _reference_walk(value: Any, path: FieldPath, kind: type) -> Iterator[tuple[FieldPath, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _reference_walk(v, path + (k,), kind)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _reference_walk(v, path + (i,), kind)
    elif isinstance(value, kind):
        yield path, value


@settings(max_examples=50, deadline=None)
@given(edge_mutations())
def test_the_walks_give_every_value_in_document_order(data: dict[str, Any]):
    assert list(walk_numbers(data, ("x",))) == list(_reference_walk(data, ("x",), Decimal))
    assert list(walk_strings(data, ())) == list(_reference_walk(data, (), str))
    assert list(walk_strings(data, (), lambda s: "a" in s)) == [
        (p, s) for p, s in _reference_walk(data, (), str) if "a" in s
    ]
    assert list(walk_strings("abc", ("k",))) == [(("k",), "abc")]
    assert list(walk_numbers(Decimal(1), ())) == [((), Decimal(1))]
