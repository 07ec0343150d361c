"""The layout stays readable: no import cycle, small modules, a short pipeline, imports at the
top of modules (but for the CLI's start-up and a POSIX-only module), a dump beside each template.

These are the "done when" of the architecture issue, kept true by CI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from .helpers import ROOT

PACKAGE = ROOT / "src" / "actegen"
MAX_LINES = 450
MAX_PIPELINE_LINES = 200


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _top_level_imports(name: str) -> set[str]:
    """The actegen modules ``name`` imports when it is imported (function bodies excluded)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if _is_package(name) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            continue
        for sub in ast.walk(node):
            if isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                break
            if isinstance(sub, ast.Import):
                found |= {a.name for a in sub.names if a.name in MODULES}
            elif isinstance(sub, ast.ImportFrom):
                if sub.level:
                    base = package.split(".")[: len(package.split(".")) - (sub.level - 1)]
                    target = ".".join(base + ([sub.module] if sub.module else []))
                else:
                    target = sub.module or ""
                submodules = {f"{target}.{a.name}" for a in sub.names} & set(MODULES)
                found |= submodules
                if target in MODULES and len(submodules) < len(sub.names):
                    found.add(target)
    found.discard(name)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_no_import_cycle() -> None:
    graph = {name: _top_level_imports(name) for name in MODULES}
    assert graph["actegen.pipeline"], "the import graph was not read"
    assert _cycles(graph) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_450_lines(name: str) -> None:
    lines = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name].relative_to(ROOT)}: {lines} lines"


def test_the_pipeline_reads_in_one_screenful_or_two() -> None:
    lines = len((PACKAGE / "pipeline.py").read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_PIPELINE_LINES


def test_imports_are_at_the_top_of_modules() -> None:
    """A function-level import hides a cycle or a cost; allowed only in the CLI and its console
    script ``__main__`` (start-up speed: ``--version`` must not import docxtpl, a replayed
    no-op not click), for a module that exists on POSIX only, for python-jsonschema, which
    only an invalid case needs (validate/schema_errors.py), and for what the no-op re-run
    never needs (test_noop_imports): a zip reader, the template hasher, ``shutil``."""
    allowed_modules = {"resource", "jsonschema"}  # sandbox's memory ceiling: POSIX only
    allowed_modules |= {"zipfile", "shutil"}  # bounded.check_docx, output.recover.recover
    allowed_from = {".docx_digest"}  # fingerprints: a template not in statcache
    found = []
    for name, path in MODULES.items():
        if name.startswith("actegen.cli") or name == "actegen.__main__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for sub in ast.walk(node):
                    if isinstance(sub, ast.Import) and {a.name for a in sub.names} <= allowed_modules:
                        continue
                    if (
                        isinstance(sub, ast.ImportFrom)
                        and "." * sub.level + (sub.module or "") in allowed_from
                    ):
                        continue
                    if isinstance(sub, (ast.Import, ast.ImportFrom)):
                        found.append(f"{path.relative_to(ROOT)}:{sub.lineno}: {ast.unparse(sub)}")
    assert found == []


def test_every_template_and_clause_has_its_text_dump() -> None:
    templates = sorted((ROOT / "templates").rglob("*.docx"))
    assert templates
    missing = [t.relative_to(ROOT) for t in templates if not t.with_name(t.name + ".txt").is_file()]
    assert missing == []
