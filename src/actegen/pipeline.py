"""The stages in order: load → validate → compute → render → write.

Each stage is a plain function with a one-line contract; this module strings them
together. ``render_set`` is the build of a folder of cases:

1. for each case, **plan**: load, validate and compute it, build its documents' contexts,
   hash each document's inputs, and compare with the manifest and the files on disk — a
   document whose inputs and file are what the manifest recorded is not rendered at all.
   A case whose file, templates, parameters and actegen are all unchanged, and whose files
   are all as recorded, is not even parsed;
2. **render** what must be, in worker processes (``jobs``), each template prepared once per
   process; a new file goes to the case's staging folder;
3. **write**: swap the staging folder in, with the new manifest; nothing of a case is
   written if one of its documents fails.

All of it under the output root's lock (``OutputLock``): one render at a time writes there.

A case that is invalid, or one of whose documents fails, is reported and left as it was;
the other cases are still built (the command exits 1 at the end).
"""

from __future__ import annotations

import concurrent.futures as cf
import ctypes
import dataclasses
import hashlib
import multiprocessing
import os
import re
import signal
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from . import __version__, documents
from .build.digest import context_digest
from .compute.dossier import CaseResults, compute
from .docx_zip import file_sha256, sha256
from .errors import ActegenError, CaseError, CaseInvalid, OutputError, RenderError, display_path
from .load import load_case
from .naming import nouveau_name, safe_name
from .output.lock import OutputLock
from .output.manifest import (
    Entry,
    Manifest,
    OnDisk,
    Version,
    destination,
    effective_entry,
    is_current,
    is_edited,
    on_disk,
    read_manifest,
)
from .output.staging import Staging, recover_output, write_file
from .render import DocumentJob, Renderer, RenderSettings, default_timestamp
from .templates import templates_dir
from .validate import validate


@dataclass
class CaseResult:
    case_id: str
    output: Path
    warnings: list[CaseError] = field(default_factory=list)
    report: CaseOutcome | None = None


def check_case(path: Path) -> tuple[dict, list[CaseError]]:
    """Load, validate and compute one case; raise ``CaseInvalid`` with every problem found.

    Returns the case and its warnings (the business rules' and the computations', such
    as an effort above 25 %), located in the file.
    """
    case, warnings, _results = _checked(path)
    return case, warnings


def explain_case(path: Path) -> tuple[dict, CaseResults, list[CaseError]]:
    """Load, validate and compute a case for its note de calcul."""
    case, warnings, results = _checked(path)
    return case, results, warnings


def _checked(path: Path) -> tuple[dict, list[CaseError], CaseResults]:
    loaded = load_case(path)                      # 1. YAML → data + positions
    case, warnings = validate(loaded)             # 2. schema, then business rules
    results = compute(case)                       # 3. every figure, with Decimal
    warnings = warnings + [
        CaseError(loaded.source_of(w.path), w.path, w.message, "avertissement") for w in results.warnings
    ]
    return case, warnings, results


def settings_for(case: dict) -> RenderSettings:
    op = case["operation"]
    return RenderSettings(
        currency=op["devise"],
        reform1990=op.get("orthographe") == "rectifiee_1990",
        author=op["office"],
        timestamp=default_timestamp(op["date_acte"]),
        reference=f"{case['id']} — {op['nom']}",
    )


def render_case(path: Path, output_root: Path | None = None, *, templates: Path | None = None,
                force: bool = False) -> CaseResult:
    """Produce every document of one case into ``output_root/<case id>/``, or nothing.

    Raises the case's error (``CaseInvalid``, ``TemplateError``…) if it could not be built.
    """
    report = render_set([path], SetOptions(output_root or Path("out"), templates=templates, force=force, jobs=1))
    outcome = report.cases[0]
    if outcome.error is not None:
        raise outcome.error
    assert outcome.case_id is not None and outcome.output is not None
    return CaseResult(outcome.case_id, outcome.output, outcome.warnings, outcome)


# --------------------------------------------------------------------------------------
# Options, outcomes


@dataclass(frozen=True)
class SetOptions:
    output_root: Path
    templates: Path | None = None
    force: bool = False
    jobs: int = 1
    check: bool = False
    shard: tuple[int, int] | None = None          # (K, N): the K-th of N parts, 1 ≤ K ≤ N
    pdf: Callable[[list[Path], Path], list[Path]] | None = None


@dataclass
class CaseOutcome:
    """What happened to one case; documents by what happened to them."""

    path: Path
    case_id: str | None = None
    output: Path | None = None
    warnings: list[CaseError] = field(default_factory=list)
    warning_lines: list[str] = field(default_factory=list)   # replayed from the manifest
    error: ActegenError | None = None
    failures: list[str] = field(default_factory=list)        # one message per failed document
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    beside: list[tuple[str, str, bool]] = field(default_factory=list)  # (edited, new version, rewritten)
    outside: list[str] = field(default_factory=list)         # not in this --shard
    removed: list[str] = field(default_factory=list)         # no longer produced, unedited: deleted
    kept_obsolete: list[str] = field(default_factory=list)   # no longer produced, but edited: kept
    differences: list[tuple[str, str]] = field(default_factory=list)  # --check: (file, reason)
    pdfs: list[Path] = field(default_factory=list)
    parsed: bool = True                                      # False: unchanged, not even parsed

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class SetReport:
    cases: list[CaseOutcome]

    def count(self, attribute: str) -> int:
        return sum(len(getattr(c, attribute)) for c in self.cases)

    @property
    def failed_cases(self) -> list[CaseOutcome]:
        return [c for c in self.cases if not c.ok]

    @property
    def differences(self) -> int:
        return self.count("differences")


def shard_of(case_id: str, filename: str, parts: int) -> int:
    """The part (1…N) a document belongs to: a hash of its name, never its position."""
    digest = hashlib.sha256(f"{case_id}\0{filename}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % parts + 1


def expand_cases(paths: Iterable[Path]) -> list[Path]:
    """Case files in the order given; a folder stands for its ``*.yaml`` files, sorted
    (a folder without any stays as it is, and is reported as such)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir()
                           if p.suffix in (".yaml", ".yml") and p.is_file() and not p.name.startswith("."))
            files.extend(found or [path])
        else:
            files.append(path)
    return files


# --------------------------------------------------------------------------------------
# Fingerprints: what the documents are built from


def _tree_digest(root: Path, suffixes: tuple[str, ...] | None = None, exclude: tuple[str, ...] = ()) -> str:
    h = hashlib.sha256()
    if root.is_dir():
        for p in sorted(root.rglob("*")):
            rel = p.relative_to(root).as_posix()
            if (not p.is_file() or "__pycache__" in p.parts or rel.startswith(exclude)
                    or (suffixes is not None and p.suffix not in suffixes)):
                continue
            h.update(rel.encode("utf-8") + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()


@dataclass(frozen=True)
class Fingerprints:
    """Hashes of what every case shares: actegen's code, its parameters, the templates."""

    code: str                   # version + every .py of actegen + the case schema
    parameters: str             # src/actegen/parameters/
    templates: str              # the templates folder and the shipped clause library
    template_files: dict[str, str]   # per document template: its bytes

    @classmethod
    def of(cls, directory: Path) -> Fingerprints:
        from .templates import shipped_templates_dir
        from .schema import SCHEMA_NAME, schemas_dir

        package = Path(__file__).resolve().parent
        code = hashlib.sha256(__version__.encode() + b"\0" + _tree_digest(package, (".py",)).encode()
                              + b"\0" + (file_sha256(schemas_dir() / SCHEMA_NAME) or "").encode()).hexdigest()
        # A template or a clause missing from --templates DIR is taken from the shipped set.
        templates = hashlib.sha256((_tree_digest(directory) + "\0"
                                    + _tree_digest(shipped_templates_dir())).encode()).hexdigest()
        # Clause files reach a document through its context (rendered fragments), which is
        # hashed per document: a changed clause re-renders only the actes that carry it.
        template_files = {p.name: file_sha256(p) or "" for p in sorted(shipped_templates_dir().glob("*.docx"))}
        template_files.update({p.name: file_sha256(p) or "" for p in sorted(directory.glob("*.docx"))})
        return cls(code, _tree_digest(package / "parameters"), templates, template_files)

    def case_key(self, case_bytes: bytes) -> str:
        """Everything a case's documents are built from, for the no-parse re-run."""
        h = hashlib.sha256(b"actegen-dossier/2\0")
        for part in (self.code, self.parameters, self.templates, hashlib.sha256(case_bytes).hexdigest(),
                     os.environ.get("SOURCE_DATE_EPOCH", "")):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()

    def document_inputs(self, job: DocumentJob, settings: RenderSettings, context: str | None) -> str | None:
        """Everything one document is built from. Parameters act through the computed
        figures, which are in the context; so do the case's values. None: always render."""
        template = self.template_files.get(job.template)
        if context is None or template is None:
            return None
        h = hashlib.sha256(b"actegen-document/2\0")
        for part in (self.code, template, job.family, job.filename, job.template, job.title,
                     settings.currency, str(settings.reform1990), settings.author,
                     settings.timestamp.isoformat(), settings.reference, context):
            h.update(part.encode("utf-8") + b"\0")
        return h.hexdigest()


# --------------------------------------------------------------------------------------
# 1. Plan


@dataclass
class DocPlan:
    index: int
    filename: str
    template: str
    inputs: str | None
    fast: bool
    action: str                 # "skip", "render" or "outside"
    dest: str                   # "main" or "beside"
    disk: OnDisk
    entry: Entry | None         # the manifest's entry, after taking back an adopted version


@dataclass
class CasePlan:
    outcome: CaseOutcome
    case_id: str = ""
    target: Path | None = None
    settings: RenderSettings | None = None
    case_key: str = ""
    manifest: Manifest | None = None
    docs: list[DocPlan] = field(default_factory=list)
    jobs: dict[int, DocumentJob] = field(default_factory=dict)   # only those to render
    obsolete: list[str] = field(default_factory=list)


_ID_LINE = re.compile(rb"(?m)^id:[ \t]*([\"']?)([A-Za-z0-9][A-Za-z0-9._-]{0,63})\1[ \t]*(?:#.*)?\r?$")


def _warning_record(e: CaseError) -> dict[str, Any]:
    text = str(e)
    prefix = f"{e.source}: "
    return {"ligne": e.source.line, "colonne": e.source.column,
            "message": text[len(prefix):] if text.startswith(prefix) else text}


def _unchanged_case(path: Path, data: bytes, key: str, options: SetOptions) -> CasePlan | None:
    """The plan of a case whose inputs are those of the manifest and whose files are as
    recorded: nothing to do, found without parsing the YAML. None when that is not so."""
    match = _ID_LINE.search(data)
    if not match:
        return None
    case_id = match.group(2).decode("ascii")
    target = options.output_root.resolve() / case_id
    try:
        manifest = read_manifest(target)
    except (OutputError, OSError):     # not readable: the case is planned the usual way
        return None
    if manifest.case_key != key or manifest.case_id != case_id or not manifest.documents:
        return None
    outcome = CaseOutcome(path, case_id, target, parsed=False)
    shown = display_path(path)
    outcome.warning_lines = [f"{shown}:{w.get('ligne')}:{w.get('colonne')}: {w.get('message')}"
                             for w in manifest.warnings]
    for name, entry in sorted(manifest.documents.items()):
        disk = on_disk(target, name)
        if effective_entry(entry, disk) is not entry:
            return None
        edited = is_edited(entry, disk)
        inputs = entry.nouveau.entrees if edited and entry.nouveau else entry.ecrit.entrees
        if not is_current(entry, disk, inputs, options.force) or (edited and options.check):
            return None
        if options.shard and shard_of(case_id, name, options.shard[1]) != options.shard[0]:
            outcome.outside.append(name)
        elif edited:
            outcome.beside.append((name, nouveau_name(name), False))
        else:
            outcome.unchanged.append(name)
    return CasePlan(outcome, case_id, target)


def plan_case(path: Path, options: SetOptions, prints: Fingerprints) -> CasePlan:
    """Load, validate, compute a case; decide what to do with each of its documents."""
    outcome = CaseOutcome(path)
    if path.is_dir():
        outcome.error = OutputError(f"{display_path(path)} : aucun dossier YAML (*.yaml) dans ce dossier")
        return CasePlan(outcome)
    try:
        data = path.read_bytes() if path.is_file() else b""
    except OSError:
        data = b""
    key = prints.case_key(data) if data else ""
    if key:
        unchanged = _unchanged_case(path, data, key, options)
        if unchanged is not None:
            return unchanged
    try:
        case, warnings, results = _checked(path)                 # 1–3. load, validate, compute
        jobs = documents.build_jobs(case, results, options.templates)   # a context per document
        for job in jobs:
            safe_name(job.filename)
        names = [job.filename for job in jobs]
        if len(set(names)) != len(names):
            dup = sorted({n for n in names if names.count(n) > 1})
            raise RenderError(f"deux documents porteraient le même nom : {', '.join(dup)}")
        settings = settings_for(case)
        target = (options.output_root / case["id"]).resolve()
        manifest = read_manifest(target)
    except ActegenError as exc:
        outcome.error = exc
        return CasePlan(outcome)
    outcome.case_id, outcome.output, outcome.warnings = case["id"], target, warnings
    plan = CasePlan(outcome, case["id"], target, settings, key, manifest)
    for index, job in enumerate(jobs):
        digest = context_digest(job.context)
        inputs = prints.document_inputs(job, settings, digest)
        disk = on_disk(target, job.filename)
        entry = effective_entry(manifest.documents.get(job.filename), disk)
        if options.shard and shard_of(plan.case_id, job.filename, options.shard[1]) != options.shard[0]:
            action = "outside"
        elif options.check:
            # --check renders only an unedited file whose inputs changed, to compare bytes.
            stale = disk.main is not None and not is_edited(entry, disk) and not is_current(entry, disk, inputs, False)
            action = "render" if stale else "skip"
        else:
            action = "skip" if is_current(entry, disk, inputs, options.force) else "render"
        plan.docs.append(DocPlan(index, job.filename, job.template, inputs, digest is not None, action,
                                 destination(entry, disk, options.force), disk, entry))
        if action == "render":
            plan.jobs[index] = job
    produced = set(names)
    plan.obsolete = sorted(n for n in manifest.documents if n not in produced)
    manifest.warnings = [_warning_record(w) for w in warnings]
    return plan


def _plan_in_worker(path: Path, options: SetOptions, prints: Fingerprints) -> CasePlan:
    """``plan_case`` in a worker: its error travels back as plain data."""
    plan = plan_case(path, options, prints)
    plan.outcome.error = _portable(plan.outcome.error)
    return plan


def _portable(exc: Any) -> Any:
    if isinstance(exc, CaseInvalid):
        return ("CaseInvalid", list(exc.errors))
    if isinstance(exc, ActegenError):
        return (type(exc), str(exc))
    return exc


def _restore(data: Any) -> Any:
    if isinstance(data, tuple) and data and data[0] == "CaseInvalid":
        return CaseInvalid(data[1])
    if isinstance(data, tuple) and len(data) == 2 and isinstance(data[0], type):
        try:
            return data[0](data[1])
        except Exception:  # an error class with another signature
            return RenderError(data[1])
    return data


# --------------------------------------------------------------------------------------
# 2. Render (in this process or in workers)


@dataclass(frozen=True)
class RenderItem:
    index: int
    job: DocumentJob
    fast: bool
    write_as: str | None                 # file name in the staging folder; None: --check
    same_as: tuple[str | None, ...]      # hashes of files the new bytes would not need to replace


_RENDERERS: dict[str, Renderer] = {}


def render_items(directory: str, settings: RenderSettings, staging: str | None,
                 items: Sequence[RenderItem]) -> list[tuple[int, str | None, bool, str | None]]:
    """Render items; returns (index, sha256, written, error message) for each, up to the
    first that fails."""
    renderer = _RENDERERS.get(directory)
    if renderer is None:
        renderer = _RENDERERS[directory] = Renderer(Path(directory))
    results = []
    for item in items:
        try:
            data = renderer.render(item.job, settings, fast=item.fast)
        except ActegenError as exc:
            results.append((item.index, None, False, str(exc)))
            break       # the case fails: the rest of the chunk would only fail the same way, slowly
        digest = sha256(data)
        written = False
        if staging is not None and item.write_as is not None and digest not in item.same_as:
            write_file(Path(staging) / item.write_as, data)
            written = True
        results.append((item.index, digest, written, None))
    # No gc.collect() here: a render leaves no reference cycle worth collecting (the body
    # tree is replaced, not accumulated; no Document per render), and memory stays flat.
    return results


def _warm_up(_n: int) -> int:
    return os.getpid()


_PR_SET_PDEATHSIG = 1


def _worker_init(parent: int, lock_fd: int | None) -> None:
    """A worker dies with the render that forked it, and holds nothing of its lock.

    Else a render killed by SIGKILL would leave workers writing into its staging folder,
    which the next run removes, and keeping the output lock alive until they end.
    """
    if lock_fd is not None:
        try:
            os.close(lock_fd)       # the render's flock stays: its own descriptor is still open
        except OSError:
            pass
    if sys.platform == "linux":
        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        except (OSError, AttributeError):
            return
        if os.getppid() != parent:  # the render died before prctl
            os._exit(1)


class _Pool:
    """Worker processes, forked (on Linux) all at once: they start fast and share actegen's
    imported code. The caller must not run threads of its own then (the CLI's progress bar
    refreshes from the main thread)."""

    def __init__(self, workers: int, lock_fd: int | None = None):
        self.workers = workers
        self.lock_fd = lock_fd
        self._executor: cf.ProcessPoolExecutor | None = None

    def start(self) -> _Pool:
        self.get()
        return self

    def get(self) -> cf.ProcessPoolExecutor:
        if self._executor is None:
            fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform == "linux"
            context = multiprocessing.get_context("fork" if fork else None)
            # Only a forked worker inherits the lock's descriptor (a spawned one would close another).
            self._executor = cf.ProcessPoolExecutor(
                max_workers=self.workers, mp_context=context, initializer=_worker_init,
                initargs=(os.getpid(), self.lock_fd if fork else None))
            list(self._executor.map(_warm_up, range(self.workers)))
        return self._executor

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------------------
# 3. Write


def _finish(plan: CasePlan, results: dict[int, tuple[str | None, bool]], staging: Staging | None,
            options: SetOptions) -> None:
    """Record each document's fate; swap the staging folder in with the new manifest."""
    outcome, manifest, target = plan.outcome, plan.manifest, plan.target
    assert manifest is not None and target is not None
    if outcome.failures:
        outcome.error = RenderError(outcome.failures[0] + (
            f" (et {len(outcome.failures) - 1} autre(s) document(s) en échec)" if len(outcome.failures) > 1 else ""))
        if staging is not None:
            staging.abort()
        return
    documents = dict(manifest.documents)
    staged: set[str] = set()
    removed: set[str] = set()
    complete = True
    for doc in plan.docs:
        entry, disk = doc.entry, doc.disk
        if doc.action == "outside":
            outcome.outside.append(doc.filename)
            if entry is None or not is_current(entry, disk, doc.inputs, options.force):
                complete = False
            continue
        if options.check:
            _check_document(doc, results.get(doc.index), outcome)
            continue
        if doc.action == "skip":
            assert entry is not None
            documents[doc.filename] = entry
            if is_edited(entry, disk):
                outcome.beside.append((doc.filename, nouveau_name(doc.filename), False))
            else:
                outcome.unchanged.append(doc.filename)
            continue
        digest, written = results[doc.index]
        assert digest is not None
        new = Version(doc.inputs or "", digest)
        if doc.inputs is None:
            complete = False
        if doc.dest == "beside" and digest != disk.main:
            documents[doc.filename] = Entry(doc.template, entry.ecrit if entry else Version("", ""), new)
            outcome.beside.append((doc.filename, nouveau_name(doc.filename), written))
            if written:
                staged.add(nouveau_name(doc.filename))
        else:
            documents[doc.filename] = Entry(doc.template, new)
            (outcome.written if written else outcome.unchanged).append(doc.filename)
            if written:
                staged.add(doc.filename)
    if options.check:
        for name in plan.obsolete:
            if (target / name).is_file():
                outcome.differences.append((name, "obsolète (n'est plus produit)"))
        return
    for name in plan.obsolete:
        old = manifest.documents.pop(name)
        documents.pop(name, None)
        disk = on_disk(target, name)
        entry = effective_entry(old, disk)
        if disk.main is None:
            continue
        if disk.main == entry.ecrit.sortie:
            removed.add(name)
            outcome.removed.append(name)
        else:
            outcome.kept_obsolete.append(name)
        if entry.nouveau is not None and disk.beside == entry.nouveau.sortie:
            removed.add(nouveau_name(name))
    new_manifest = Manifest(plan.case_id, plan.case_key if complete else "", __version__,
                            manifest.warnings, documents)
    data = new_manifest.to_bytes()
    if not staged and not removed and file_sha256(target / ".actegen-manifest.json") == sha256(data):
        if staging is not None:
            staging.abort()
        return
    if staging is None:
        staging = Staging(target)
    staging.commit(staged, removed, data)


def _check_document(doc: DocPlan, result: tuple[str | None, bool] | None, outcome: CaseOutcome) -> None:
    entry, disk = doc.entry, doc.disk
    if disk.main is None:
        outcome.differences.append((doc.filename, "manquant (supprimé depuis le dernier rendu)" if entry
                                    else "nouveau"))
    elif is_edited(entry, disk):
        outcome.differences.append((doc.filename, "modifié à la main"))
    elif result is not None and result[0] != disk.main:
        outcome.differences.append((doc.filename, "à mettre à jour"))
    else:
        outcome.unchanged.append(doc.filename)


def _make_pdfs(plan: CasePlan, options: SetOptions) -> None:
    """PDFs beside the DOCX written in this run, and beside any DOCX that has none yet."""
    outcome, target = plan.outcome, plan.target
    if options.pdf is None or options.check or target is None or not outcome.ok:
        return
    produced = set(outcome.written) | {new for _edited, new, written in outcome.beside if written}
    current = set(outcome.unchanged) | {new for _edited, new, written in outcome.beside if not written}
    todo = sorted(produced | {n for n in current if not (target / n).with_suffix(".pdf").is_file()})
    todo = [n for n in todo if (target / n).is_file()]
    if not todo:
        return
    try:
        outcome.pdfs = list(options.pdf([target / n for n in todo], target))
    except ActegenError as exc:
        outcome.error = exc


# --------------------------------------------------------------------------------------
# The whole set


ProgressCallback = Callable[[int, int], None]   # (documents done, documents more to do)


def render_set(paths: Iterable[Path], options: SetOptions, progress: ProgressCallback | None = None) -> SetReport:
    """Build every case of ``paths`` into ``output_root/<case id>/`` (or only check them).

    Under the output root's lock, exclusive for a render, shared for ``--check`` (checks
    may run together, never beside a render swapping folders): a second render into the
    same root stops at once. What a killed run left there is repaired first.
    """
    files = expand_cases(paths)
    lock = OutputLock(options.output_root, shared=options.check).acquire()
    try:
        if lock.held:
            recover_output(lock.root)
        return _build_set(files, options, progress, lock.fd)
    finally:
        lock.release()


def _build_set(files: list[Path], options: SetOptions, progress: ProgressCallback | None,
               lock_fd: int | None) -> SetReport:
    """``render_set`` once the output root is locked: plan, render, write each case."""
    directory = templates_dir(options.templates)
    prints = Fingerprints.of(directory)
    tick = progress or (lambda done, more: None)
    workers = max(1, options.jobs)
    # Started first, while this process is small: forked workers do not inherit the cases.
    pool = _Pool(workers, lock_fd).start() if workers > 1 else None
    running = _Running(options, tick)
    outcomes: list[CaseOutcome] = []
    targets: dict[Path, Path] = {}
    try:
        # 1. plan each case (in the workers when there are several), in the order given
        if pool is not None and len(files) > 1:
            portable = dataclasses.replace(options, pdf=None)    # the converter stays here
            plan_futures = [pool.get().submit(_plan_in_worker, path, portable, prints) for path in files]
        else:
            plan_futures = [None] * len(files)
        for path, future in zip(files, plan_futures):
            if future is None:
                plan = plan_case(path, options, prints)
            else:
                while not future.done():
                    running.process(wait_for=future)
                plan = future.result()
                plan.outcome.error = _restore(plan.outcome.error)
            outcomes.append(plan.outcome)
            if plan.outcome.error is None and plan.target is not None:
                if plan.target in targets:
                    plan.outcome.error = OutputError(
                        f"même identifiant « {plan.case_id} » que {display_path(targets[plan.target])} : "
                        "les deux dossiers iraient dans le même dossier de sortie")
                    continue
                targets[plan.target] = plan.outcome.path
            if plan.outcome.error is not None:
                continue
            if plan.settings is None:           # unchanged, not even parsed
                tick(len(plan.outcome.unchanged) + len(plan.outcome.beside) + len(plan.outcome.outside), 0)
                _make_pdfs(plan, options)
                continue
            tick(len(plan.docs) - len(plan.jobs), len(plan.docs))
            # 2. render what must be, 3. then write
            staging = Staging(plan.target) if plan.jobs and not options.check else None
            items = [_render_item(plan, doc, options) for doc in plan.docs if doc.index in plan.jobs]
            # The documents of the least used templates first: a délibération with its annexes
            # for every lot is the longest render, it must not be the last one.
            uses = Counter(item.job.template for item in items)
            items.sort(key=lambda i: (uses[i.job.template], i.job.template, i.index))
            if pool is None or not items:
                results: dict[int, tuple[str | None, bool, str | None]] = {}
                for item in items:
                    for index, digest, written, error in render_items(
                            str(directory), plan.settings, str(staging.path) if staging else None, [item]):
                        results[index] = (digest, written, error)
                    tick(1, 0)
                    if results[item.index][2] is not None:
                        break       # the case fails: render no more of it
                running.finish(plan, staging, results)
            else:
                # one document of the operation per task (the longest renders), then chunks
                alone = [[item] for item in items if uses[item.job.template] == 1]
                rest = [item for item in items if uses[item.job.template] > 1]
                size = max(1, min(16, len(rest) // (workers * 4)))
                chunks = alone + [rest[i:i + size] for i in range(0, len(rest), size)]
                running.start(plan, staging, [
                    (pool.get().submit(render_items, str(directory), plan.settings,
                                 str(staging.path) if staging else None, chunk), len(chunk))
                    for chunk in chunks])
                running.process()
        while running.busy:
            running.process(block=True)
    except cf.BrokenExecutor:
        raise RenderError("un processus de rendu s'est arrêté brutalement (mémoire ?) ; "
                          "relancer avec --jobs 1 pour en savoir plus") from None
    finally:
        running.abort()
        if pool is not None:
            pool.shutdown()
    return SetReport(outcomes)


def _render_item(plan: CasePlan, doc: DocPlan, options: SetOptions) -> RenderItem:
    job = plan.jobs[doc.index]
    if options.check:
        return RenderItem(doc.index, job, doc.fast, None, ())
    if doc.dest == "beside":
        return RenderItem(doc.index, job, doc.fast, nouveau_name(doc.filename), (doc.disk.main, doc.disk.beside))
    return RenderItem(doc.index, job, doc.fast, doc.filename, (doc.disk.main,))


@dataclass
class _Case:
    plan: CasePlan
    staging: Staging | None
    futures: dict[cf.Future, int]
    results: dict[int, tuple[str | None, bool, str | None]] = field(default_factory=dict)


class _Running:
    """The cases whose documents are being rendered by the workers."""

    def __init__(self, options: SetOptions, tick: ProgressCallback):
        self.options, self.tick = options, tick
        self.cases: list[_Case] = []

    @property
    def busy(self) -> bool:
        return bool(self.cases)

    def start(self, plan: CasePlan, staging: Staging | None, futures: list[tuple[cf.Future, int]]) -> None:
        self.cases.append(_Case(plan, staging, dict(futures)))
        if not futures:
            self.process()

    def process(self, *, block: bool = False, wait_for: cf.Future | None = None) -> None:
        """Take in the finished renders; finish the cases that are complete."""
        waiting = [f for c in self.cases for f in c.futures]
        if wait_for is not None:
            cf.wait(waiting + [wait_for], return_when=cf.FIRST_COMPLETED)
        elif block and waiting:
            cf.wait(waiting, return_when=cf.FIRST_COMPLETED)
        for case in list(self.cases):
            for future in [f for f in case.futures if f.done()]:
                size = case.futures.pop(future)
                if future.cancelled():
                    continue
                failed = False
                for index, digest, written, error in future.result():
                    case.results[index] = (digest, written, error)
                    failed = failed or error is not None
                self.tick(size, 0)
                if failed:          # the case fails: render no more of it
                    for other, n in list(case.futures.items()):
                        if other.cancel():
                            case.futures.pop(other)
                            self.tick(n, 0)
            if not case.futures:
                self.cases.remove(case)
                self.finish(case.plan, case.staging, case.results)

    def finish(self, plan: CasePlan, staging: Staging | None,
               results: dict[int, tuple[str | None, bool, str | None]]) -> None:
        plan.outcome.failures = [results[i][2] for i in sorted(results) if results[i][2] is not None]
        _finish(plan, {i: (d, w) for i, (d, w, _e) in results.items()}, staging, self.options)   # 3. write
        _make_pdfs(plan, self.options)

    def abort(self) -> None:
        """After an interruption: remove the staging folders of unfinished cases."""
        for case in self.cases:
            if case.staging is not None:
                case.staging.abort()
        self.cases.clear()
