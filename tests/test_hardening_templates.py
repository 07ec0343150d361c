"""Untrusted templates: a template from another office gets no access to Python internals,
and one that loops forever or explodes in size is stopped by a limit with a clear error —
exit 1, a message naming the template, the document and the limit, nothing written.

Also here: the streamed body (``render.streamed``) gives the bytes docxtpl's tree
would, for hostile values too, and hands to the tree path what it cannot stream.
"""

from __future__ import annotations

import copy
import itertools
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from actegen import sandbox
from actegen.build import pool as build_pool
from actegen.errors import ActegenError
from actegen.pipeline import check_case, render_case, settings_for
from actegen.render import Renderer, streamed
from actegen.render.streamed import BodyChecker, NeedsTree, strip_declarations
from actegen.templates import shipped_templates_dir

from .docx_text import text
from .helpers import GIRIMBELLES, ROOT, run_entry_point

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ROOT_NS = {(b"xmlns:w", b"http://schemas.openxmlformats.org/wordprocessingml/2006/main")}


def hostile_templates(
    tmp_path: Path, jinja: str, template: str = "acte_de_vente.docx", *, last: bool = False
) -> Path:
    """A copy of the shipped templates where ``template`` starts (``last``: ends) with a
    paragraph holding ``jinja``."""
    folder = tmp_path / "modeles"
    if not folder.exists():
        shutil.copytree(ROOT / "templates", folder)
    path = folder / template
    with zipfile.ZipFile(path) as z:
        members = {info: z.read(info.filename) for info in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members.items():
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                start = xml.rindex("<w:sectPr") if last else xml.index(">", xml.index("<w:body")) + 1
                paragraph = f'<w:p><w:r><w:t xml:space="preserve">{escape(jinja)}</w:t></w:r></w:p>'
                data = (xml[:start] + paragraph + xml[start:]).encode("utf-8")
            z.writestr(info, data)
    return folder


def refused(tmp_path: Path, jinja: str, template: str = "acte_de_vente.docx", *, last: bool = False) -> str:
    """Render Girimbelles with the hostile template: exit 1, nothing written; the message."""
    folder = hostile_templates(tmp_path, jinja, template, last=last)
    out = tmp_path / "sortie"
    result = run_entry_point("render", str(GIRIMBELLES), "--templates", str(folder), "-o", str(out))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())
    return result.stderr


@pytest.mark.parametrize(
    "jinja",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__ }}",
        "{{ cycler.__init__.__globals__.os }}",
        "{{ ().__class__.__base__.__subclasses__() }}",
    ],
)
def test_python_internals_are_out_of_reach(tmp_path: Path, jinja: str):
    message = refused(tmp_path, jinja)
    assert "acte_de_vente.docx: opération interdite dans un modèle" in message


def test_a_loop_without_end_is_stopped_by_the_step_limit(tmp_path: Path):
    message = refused(
        tmp_path, "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    )
    assert (
        "acte_de_vente.docx: le modèle ne s'arrête pas : plus de 5 000 000 tours de boucle "
        "ou appels pour un document (boucle sans fin ?) (document acte-de-vente_lot-"
    ) in message


def test_endless_recursion_is_stopped(tmp_path: Path):
    message = refused(tmp_path, "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}")
    assert "acte_de_vente.docx: le modèle s'appelle lui-même sans fin (récursion trop profonde)" in message


@pytest.mark.parametrize(
    "jinja, expected",
    [
        ('{{ "x" * 100000000 }}', "fabrique une répétition de plus de 10 000 000 caractères"),
        ('{{ "x"|center(100000000) }}', "fabrique avec « center » un texte de plus de 10 000 000 caractères"),
        ('{{ ("x" * 9000000)|replace("x", "xx") }}', "fabrique avec « replace » un texte"),
        ('{{ "  "|indent(100000000) }}', "fabrique avec « indent » un texte"),
        ('{{ ("x" * 6000000) + ("y" * 6000000) }}', "fabrique un assemblage de plus de"),
        ("{{ 2 ** 1000000 }}", "calcule une puissance de plus de 100 000 bits"),
    ],
)
def test_size_explosions_are_refused_before_they_happen(tmp_path: Path, jinja: str, expected: str):
    message = refused(tmp_path, jinja)
    assert "acte_de_vente.docx: le modèle " + expected in message
    assert "(explosion de taille ?)" in message


@pytest.mark.slow
def test_a_string_doubling_without_end_is_stopped_by_the_size_limit(tmp_path: Path):
    """``~`` is rewritten by the sandbox into a bounded concatenation: the size limit stops a
    doubling long before memory runs out."""
    message = refused(
        tmp_path,
        '{% set ns = namespace(s="xxxxxxxxxx") %}'
        "{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    )
    assert (
        "acte_de_vente.docx: le modèle fabrique un assemblage (~) de plus de 10 000 000 caractères" in message
    )


def test_a_clause_file_is_under_the_same_limits(tmp_path: Path):
    clause = "lts_superficie.docx"  # in every Girimbelles acte
    message = refused(
        tmp_path,
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        f"clauses/{clause}",
    )
    assert "lts_superficie" in message and "ne s'arrête pas" in message


# -------------------------------------------------------------------------------- limits in-process


def test_exponential_macros_are_stopped_by_the_step_limit(tmp_path: Path, monkeypatch):
    """A macro calling itself twice, 40 deep, has no loop: its calls are counted."""
    monkeypatch.setattr(sandbox, "MAX_STEPS", 50_000)
    folder = hostile_templates(
        tmp_path, "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}"
    )
    with pytest.raises(
        ActegenError, match=r"acte_de_vente\.docx: le modèle ne s'arrête pas : plus de 50 000"
    ):
        render_case(GIRIMBELLES, tmp_path / "sortie", templates=folder)
    assert not (tmp_path / "sortie").exists()


def test_the_time_limit(tmp_path: Path, monkeypatch):
    """The sandbox's own check, at a step (the watchdog that kills a worker at the deadline
    is test_hardening_deadline's): the render's watchdog is given the documented limit."""
    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.05)
    monkeypatch.setattr(build_pool, "deadline_seconds", lambda: 300.0)
    folder = hostile_templates(
        tmp_path, "{% for i in range(100000) %}{% for j in range(30) %}{{ j }}{% endfor %}{% endfor %}"
    )
    with pytest.raises(
        ActegenError, match=r"le modèle tourne depuis plus de 0\.05 secondes pour un document"
    ):
        render_case(GIRIMBELLES, tmp_path / "sortie", templates=folder)


def test_the_size_limit_of_a_part(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(sandbox, "MAX_PART_BYTES", 2**20)
    folder = hostile_templates(tmp_path, '{% for i in range(1000) %}{{ "x" * 5000 }}{% endfor %}')
    with pytest.raises(ActegenError, match=r"le document dépasse 1 Mio de XML pour une de ses parties"):
        render_case(GIRIMBELLES, tmp_path / "sortie", templates=folder)


def test_the_shipped_documents_are_far_below_the_limits():
    """The budget a real document uses: a tiny fraction of each limit."""
    renderer = Renderer(shipped_templates_dir())
    from actegen import documents

    case, _warnings, results = check_case(GIRIMBELLES)
    settings_ = settings_for(case)
    for job in documents.build_jobs(case, results):
        budget = sandbox.Budget()
        with sandbox.guarded(budget):
            data = renderer.render(job, settings_, fast=True)
        assert budget.steps < sandbox.MAX_STEPS / 1000, job.filename
        assert len(data) < sandbox.MAX_PART_BYTES / 1000
    # every shipped body streamed: none needed the tree path
    assert all(p.tree_renders == 0 for p in renderer._prepared.values() if p is not None)


# -------------------------------------------------------------------------------- the streamed body


HOSTILE_TEXT = st.lists(
    st.sampled_from(
        list("aZé '\"&<>{}%#;:=/_-")
        + [
            ' xmlns:a="b"',
            "</w:t>",
            "{{ x }}",
            "&#34;",
            "&quot;",
            "<w:p>",
            "{%p if %}",
            "’",
            "😀",
            "{_{",
            "}_}",
            "{_%",
            "%_}",
        ]
    ),
    max_size=12,
).map(lambda parts: "".join(parts).strip())


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=HOSTILE_TEXT, operation=HOSTILE_TEXT)
@example(name="{_{ a }_}", operation="Vente {_{ x }_} {_% if %_} & <b> \"c\" 'd'")
def test_streamed_body_is_docxtpl_bytes_for_hostile_values(name: str, operation: str):
    """Any value, rendered by the streamed body and by a plain DocxTemplate: same bytes,
    and the value comes out literally."""
    case, _warnings, results = _CASE
    case = copy.deepcopy(case)
    case["lots"][0]["acquereurs"][0]["nom"] = name or "X"
    case["operation"]["nom"] = operation or "Y"
    from actegen import documents

    settings_ = settings_for(case)
    job = next(j for j in documents.build_jobs(case, results) if j.template == "acte_de_vente.docx")
    fast = _RENDERER.render(job, settings_, fast=True)
    plain = _RENDERER.render(job, settings_, fast=False)
    assert fast == plain
    tmp = Path(__import__("tempfile").mkdtemp())
    (tmp / "a.docx").write_bytes(fast)
    assert (operation or "Y") in text(tmp / "a.docx")  # the footer prints it as typed
    shutil.rmtree(tmp)


_CASE = check_case(GIRIMBELLES)
_RENDERER = Renderer(shipped_templates_dir())


def _check(xml: str) -> None:
    checker = BodyChecker()
    checker.feed(xml.encode("utf-8"))
    checker.close()


def table(grid: int, rows: list[list[int]]) -> str:
    """A table of ``grid`` columns; each row a list of cell spans."""
    cols = "".join('<w:gridCol w:w="100"/>' for _ in range(grid))
    body = "".join(
        "<w:tr>"
        + "".join(
            f'<w:tc><w:tcPr><w:gridSpan w:val="{s}"/></w:tcPr><w:p/></w:tc>'
            if s > 1
            else "<w:tc><w:p/></w:tc>"
            for s in row
        )
        + "</w:tr>"
        for row in rows
    )
    return f"<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{body}</w:tbl>"


@pytest.mark.parametrize(
    "inner, streams",
    [
        (table(3, [[1, 1, 1], [2, 1], [3]]), True),
        (table(3, [[1, 1, 1, 1]]), False),  # more cells than columns: fix_tables adds one
        (table(3, [[1, 1]]), False),  # fewer columns spanned: fix_tables removes one
        (
            table(2, [[1, 1]]).replace("<w:p/></w:tc></w:tr>", table(1, [[1]]) + "<w:p/></w:tc></w:tr>", 1),
            True,
        ),
        (
            table(1, [[1]]).replace("<w:p/></w:tc>", table(2, [[1, 1]]) + "<w:p/></w:tc>", 1),
            False,
        ),  # nested rows count
        ("<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>", False),  # no grid
        (
            table(2, [[1, 1]])
            .replace("<w:tr>", "<w:tr><w:sdt><w:sdtContent>", 1)
            .replace("</w:tr>", "</w:sdtContent></w:sdt></w:tr>", 1),
            False,
        ),
        (
            '<w:p><w:r><w:drawing><wp:inline xmlns:wp="x"><wp:docPr id="1"/></wp:inline></w:drawing></w:r></w:p>',
            False,
        ),
        ("<w:p><w:r><w:t>a</w:r></w:p>", False),  # not well-formed: lxml's recover decides
    ],
)
def test_the_body_checker_sends_to_the_tree_what_docxtpl_would_fix(inner: str, streams: bool):
    xml = f"<w:body {W}>{inner}</w:body>"
    if streams:
        _check(xml)
    else:
        with pytest.raises(NeedsTree):
            _check(xml)


def test_declarations_are_stripped_from_tags_only():
    root = {(b"xmlns:w", b"u")}
    data = b'<w:body xmlns:w="u"><w:t>a xmlns:w="u" b</w:t></w:body>'
    assert strip_declarations(data, root) == b'<w:body><w:t>a xmlns:w="u" b</w:t></w:body>'
    assert strip_declarations(b'<w:p xmlns:x="v"/>', root) is None
    assert strip_declarations(b"<w:p/>", root) == b"<w:p/>"


class _TagByTag(BodyChecker):
    """The table check as first written: ``_tag`` called for every tag of ``_TABLE_TAG``."""

    def _scan(self, data: bytes) -> None:
        for match in streamed._TABLE_TAG.finditer(data):
            self._tag(*match.groups())


def _outcome(checker: BodyChecker, segments: list[bytes]) -> tuple[str, Any]:
    try:
        for segment in segments:
            checker.feed(segment)
        checker.close()
    except NeedsTree as exc:
        result = str(exc)
    else:
        result = "flux"
    return result, (checker._tables, checker._rows, checker._cells, checker._grid)


_CELL = st.sampled_from(
    [
        "<w:tc><w:p/></w:tc>",
        '<w:tc><w:tcPr><w:tcW w:w="1"/></w:tcPr><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc>',
        '<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p/></w:tc>',
        '<w:tc w:x="1"><w:p/></w:tc>',
        "<w:tc/>",
        "<w:tc><w:sdt><w:sdtContent><w:p/></w:sdtContent></w:sdt></w:tc>",
    ]
)


@st.composite
def _tables(draw: st.DrawFn, depth: int = 0) -> str:
    """A table as a template's render may give one: grids, rows, cells, spans, nested tables."""
    grid = "".join('<w:gridCol w:w="1"/>' for _ in range(draw(st.integers(0, 3))))
    grid = draw(
        st.sampled_from(
            [f"<w:tblGrid>{grid}</w:tblGrid>", "", "<w:tblGrid/>", f"<w:tblGrid>{grid}</w:tblGrid>" * 2]
        )
    )
    rows = []
    for _ in range(draw(st.integers(0, 3))):
        cells = draw(st.lists(_CELL, max_size=4))
        if depth < 2 and draw(st.booleans()):
            cells.append(f"<w:tc>{draw(_tables(depth + 1))}<w:p/></w:tc>")
        opening = draw(st.sampled_from(["<w:tr>", '<w:tr w:rsidR="1">', "<w:tr><w:trPr/>"]))
        rows.append(opening + "".join(cells) + "</w:tr>")
    rows.insert(draw(st.integers(0, len(rows))), draw(st.sampled_from(["", "<w:tr/>", "<w:bookmarkStart/>"])))
    return f"<w:tbl><w:tblPr/>{grid}{''.join(rows)}</w:tbl>"


@settings(max_examples=300, deadline=None)
@given(
    blocks=st.lists(st.one_of(_tables(), st.just("<w:p><w:r><w:t>a</w:t></w:r></w:p>")), max_size=4),
    cuts=st.lists(st.integers(0, 10_000), max_size=4),
)
def test_the_body_checker_judges_tables_as_tag_by_tag(blocks: list[str], cuts: list[int]):
    """The table check's shortcuts (plain tables, plain rows, text outside tables) end where
    calling ``_tag`` for every tag ends, whatever the tables, however the body is cut."""
    data = f"<w:body {W}>{''.join(blocks)}<w:p/></w:body>".encode()
    ends = sorted({m.end() for m in re.finditer(rb"</w:p>|<w:p/>", data)})
    points = sorted({ends[c % len(ends)] for c in cuts})
    segments = [data[a:b] for a, b in zip([0, *points], [*points, len(data)], strict=True)]
    assert _outcome(BodyChecker(), segments) == _outcome(_TagByTag(), segments)


@settings(max_examples=500, deadline=None)
@given(
    xml=st.lists(
        st.sampled_from(
            ["<w:t", "<w:tbl", "<w:body", " ", "\u00a0", 'a="1"', ">", "</w:t>", "</w:body>", "<", "x", "/"]
        ),
        max_size=16,
    ).map("".join),
    names=st.sampled_from([(), ("w:t",), ("w:body", "w:t")]),
)
def test_empty_elements_close_as_the_pattern_closes_them(xml: str, names: tuple[str, ...]):
    """``_close_empty`` gives what the regular expression it replaces gives."""
    expected = xml
    if names:
        alternatives = "|".join(re.escape(n) for n in names)
        expected = re.sub(rf"<({alternatives})(\s[^<>]*?)?></\1>", r"<\1\2/>", xml)
    assert streamed._close_empty(xml, names) == expected


@settings(max_examples=200, deadline=None)
@given(
    sizes=st.lists(st.integers(0, 400), max_size=30),
    limit=st.integers(0, 4000),
    segment=st.sampled_from([64, 256, 100_000]),
)
def test_the_streamed_body_stops_at_the_piece_past_the_limit(sizes: list[int], limit: int, segment: int):
    """``stream_body`` counts the pieces itself: it stops at the piece ``sandbox.stream``
    stops at (the first whose end passes the limit), having taken none after it."""
    pieces = [f"<w:body {W}>", *(f"<w:p>{'x' * n}</w:p>" for n in sizes), "</w:body>"]
    taken: list[int] = []

    def generate() -> Iterator[str]:
        for number, piece in enumerate(pieces, 1):
            taken.append(number)
            yield piece

    ends = list(itertools.accumulate(map(len, pieces)))
    past = next((i for i, end in enumerate(ends, 1) if end > limit), None)

    def stream() -> streamed.ZipMember:
        return streamed.stream_body(
            generate(),
            "word/document.xml",
            b"",
            b"",
            after_jinja=str,
            empty=(),
            root_namespaces=ROOT_NS,
            limit=limit,
        )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(streamed, "_SEGMENT", segment)
        if past is None:
            stream()
            assert taken[-1] == len(pieces)
        else:
            with pytest.raises(sandbox.TemplateLimit, match="Mio de XML"):
                stream()
            assert taken[-1] == past


def test_a_syntax_error_in_a_body_names_the_paragraphs_around_it(tmp_path: Path):
    """The body is compiled without the line breaks put before its paragraphs (``joined``),
    yet a syntax error is still shown with the text of the template around it."""
    message = refused(tmp_path, "Reçu la somme de {{ prix ", last=True)  # far from line 1
    assert "acte_de_vente.docx: balise de modèle invalide" in message
    near = message.split("près de « ", 1)[1]
    # not the acte's first lines, which the joined source's line 1 would give
    assert "{{ acte.titre }}" not in near
