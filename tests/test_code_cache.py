"""The cache of prepared templates (``render.code_cache``): the same bytes with a cold cache,
a warm one and none; a damaged entry is ignored and rebuilt; a changed template gets entries
of its own; a cache that cannot be written is only skipped; the sandbox holds with code read
back from the cache."""

from __future__ import annotations

import hashlib
from pathlib import Path

import jinja2
import pytest

from actegen import __version__, documents, sandbox
from actegen.pipeline import check_case, settings_for
from actegen.render import Renderer, code_cache, make_environment
from actegen.render.code_cache import Compiler
from actegen.templates import shipped_templates_dir
from actegen.user_cache import CACHE_ENV

from .helpers import CASES, GIRIMBELLES, run_entry_point
from .test_hardening_templates import hostile_templates


def _digests(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*.docx"))
    }


def _files(cache: Path) -> list[Path]:
    return sorted(path for path in cache.rglob("*") if path.is_file())


def _entries(cache: Path) -> dict[str, int]:
    """The entries of a cache folder's prepared templates and when each was written (beside
    them, ``build.statcache``'s files)."""
    folder = cache / f"templates-{__version__}"
    return {path.name: path.stat().st_mtime_ns for path in folder.rglob("*") if path.is_file()}


def test_the_same_bytes_with_a_cold_cache_a_warm_one_and_none(tmp_path: Path, shipped_render):
    """Every shipped case, in fresh processes: a warm run reads every entry and writes none."""
    cache = tmp_path / "cache"
    digests = {}
    for name, folder in (("froid", str(cache)), ("chaud", str(cache)), ("sans", "off")):
        out = tmp_path / name
        result = run_entry_point("render", str(CASES), "-o", str(out), "--jobs", "2", env={CACHE_ENV: folder})
        assert result.returncode == 0, result.stderr
        digests[name] = _digests(out)
        if name == "froid":
            entries = _entries(cache)
            assert {Path(e).suffix for e in entries} == {".code", ".prepared"}
        elif name == "chaud":
            assert _entries(cache) == entries
    assert digests["froid"] == digests["chaud"] == digests["sans"]
    session = next(iter(shipped_render.values())).parent  # the session's render, its own cache
    assert _digests(session) == digests["froid"]


@pytest.fixture(scope="module")
def acte():
    """The first acte of Girimbelles and its settings."""
    case, _warnings, results = check_case(GIRIMBELLES)
    job = next(j for j in documents.build_jobs(case, results) if j.template == "acte_de_vente.docx")
    return job, settings_for(case)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _one_byte_changed(data: bytes) -> bytes:
    return data[:-1] + bytes([data[-1] ^ 1])


def _not_a_header(data: bytes) -> bytes:
    return b"x" + data[1:]


@pytest.mark.parametrize("damage", [_truncated, _one_byte_changed, _not_a_header, lambda _d: b""])
def test_a_damaged_entry_is_ignored_and_replaced(acte, cache: Path, damage):
    job, settings = acte
    expected = Renderer(shipped_templates_dir()).render(job, settings, fast=True)
    entries = sorted(_files(cache))
    assert entries
    for path in entries:
        path.write_bytes(damage(path.read_bytes()))
    assert Renderer(shipped_templates_dir()).render(job, settings, fast=True) == expected
    for path in entries:  # rebuilt, whole again
        assert code_cache.load(path.name) is not None, path.name


def test_an_entry_of_another_shape_is_ignored(acte, cache: Path):
    """An entry whose checksum holds but whose content is not what this code wrote."""
    job, settings = acte
    expected = Renderer(shipped_templates_dir()).render(job, settings, fast=True)
    for path in _files(cache):
        code_cache.store(path.name, b"\x00pas du marshal")
    assert Renderer(shipped_templates_dir()).render(job, settings, fast=True) == expected
    for path in _files(cache):
        assert code_cache.load(path.name) != b"\x00pas du marshal"


def test_a_changed_template_gets_new_entries(acte, cache: Path, tmp_path: Path):
    job, settings = acte
    Renderer(shipped_templates_dir()).render(job, settings, fast=True)
    before = _entries(cache)
    folder = hostile_templates(tmp_path, "{{ 'Modèle modifié' }}")
    Renderer(folder).render(job, settings, fast=True)
    after = _entries(cache)
    assert after.items() >= before.items()  # the old entries stay, unchanged
    added = {Path(name).suffix for name in after.keys() - before.keys()}
    assert added == {".code", ".prepared"}  # the body's source, the template's data


def test_a_changed_source_gets_a_new_code_entry(cache: Path, acte):
    _job, settings = acte
    compiler = Compiler(make_environment(settings), "essai")
    assert compiler.from_string("a{{ x }}").render(x=1) == "a1"
    assert compiler.from_string("b{{ x }}").render(x=1) == "b1"
    assert len(list(cache.rglob("*.code"))) == 2


def test_a_cache_that_cannot_be_written_is_skipped(acte, tmp_path: Path, monkeypatch):
    job, settings = acte
    expected = Renderer(shipped_templates_dir()).render(job, settings, fast=True)
    (tmp_path / "fichier").write_text("pas un dossier")
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "fichier" / "cache"))
    assert Renderer(shipped_templates_dir()).render(job, settings, fast=True) == expected


def test_the_sandbox_holds_with_code_from_the_cache(cache: Path, acte, monkeypatch):
    """A template built from cached code is counted, bounded and refused the same way."""
    _job, settings = acte
    hostile = {
        "{% for i in range(1000) %}{% for j in range(1000) %}{% endfor %}{% endfor %}": sandbox.TemplateLimit,
        '{{ "x"|center(100000000) }}': sandbox.TemplateLimit,
        "{% macro f(n) %}{% if n %}{{ f(n - 1) }}{{ f(n - 1) }}{% endif %}{% endmacro %}{{ f(40) }}": (
            sandbox.TemplateLimit
        ),
        "{{ ''.__class__.__mro__[1].__subclasses__() }}": jinja2.exceptions.SecurityError,
    }
    monkeypatch.setattr(sandbox, "MAX_STEPS", 50_000)
    for source in hostile:
        Compiler(make_environment(settings), "essai").from_string(source)  # cold: stored
    env = make_environment(settings)
    monkeypatch.setattr(env, "compile", lambda *_a, **_k: pytest.fail("compiled again"))  # warm
    compiler = Compiler(env, "essai")
    for source, refusal in hostile.items():
        template = compiler.from_string(source)
        with pytest.raises(refusal), sandbox.guarded():
            sandbox.render_text(template, {})


def test_where_the_cache_lives(monkeypatch, tmp_path: Path):
    version = f"templates-{__version__}"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert code_cache.directory() == tmp_path / "xdg" / "actegen" / version
    monkeypatch.setenv("XDG_CACHE_HOME", "relatif")  # not absolute: ignored, as the spec says
    monkeypatch.setenv("HOME", str(tmp_path))
    assert code_cache.directory() == tmp_path / ".cache" / "actegen" / version
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "ailleurs"))
    assert code_cache.directory() == tmp_path / "ailleurs" / version
    for off in ("off", "0", ""):
        monkeypatch.setenv(CACHE_ENV, off)
        assert code_cache.directory() is None
