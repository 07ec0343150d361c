"""Crashes and concurrency (issue 7): a killed render leaves the previous set whole, and two
renders into the same folder never mix their writes.

The kills are real: ``actegen render`` runs in a subprocess and gets SIGKILL at moments found
by watching the output folder (the lock file, the staging folder, its documents, its
manifest), with no hook in the code. After each kill the folder holds exactly the previous
set, byte for byte, and the next render repairs what the killed one left and writes the new
set.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import termios
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from actegen.errors import OutputError
from actegen.output import lock as output_lock
from actegen.output import staging as output_staging
from actegen.output.lock import LOCK_FILE, OutputLock
from actegen.output.manifest import MANIFEST
from actegen.output.recover import recover, recover_output
from actegen.output.staging import Staging, exchange
from benchmarks.make_big_case import write_big_case

from .helpers import GIRIMBELLES, CliResult, entry_point_env, run_entry_point

ID = "girimbelles-1993"
STAGING = re.compile(rf"^\.{re.escape(ID)}\.[a-z0-9_]{{8}}\.tmp$")
NOM = "  nom: Vente des LTS « Les Girimbelles »\n"

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL and flock as on Linux")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file of a set (the manifest included), by name."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def mtimes(folder: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def render(*args: str, cwd: Path | None = None) -> CliResult:
    return run_entry_point("render", *args, cwd=cwd, env={"CI": "true"})


def start_render(*args: str, cwd: Path | None = None) -> subprocess.Popen:
    """``actegen render`` started, not waited for (``run_entry_point``'s environment)."""
    return subprocess.Popen(
        [sys.executable, "-m", "actegen.cli", "render", *args],
        cwd=cwd,
        env=entry_point_env({"CI": "true"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stagings(out: Path) -> list[Path]:
    try:
        return sorted(p for p in out.iterdir() if STAGING.match(p.name))
    except FileNotFoundError:
        return []


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name != ID)


def assert_whole_set(folder: Path, *, open_docx: bool = True) -> dict:
    """The manifest names exactly the files there, with their hashes; every DOCX is a sound
    zip, and opens in python-docx (the slow part: ``open_docx``)."""
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    docs = sorted(p.name for p in folder.glob("*.docx"))
    assert docs == sorted(manifest["documents"])
    for name, entry in manifest["documents"].items():
        data = (folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sortie"], name
        with zipfile.ZipFile(folder / name) as z:
            assert z.testzip() is None, name
        if open_docx:
            Document(str(folder / name))
    return manifest


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, Path]:
    """The Girimbelles set rendered once (``out/``), and the case edited since (``changed.yaml``):
    its operation has a new name, so every document of the next render differs."""
    base = tmp_path_factory.mktemp("precedent")
    out = base / "out"
    result = render(str(GIRIMBELLES), "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = GIRIMBELLES.read_text(encoding="utf-8")
    assert text.count(NOM) == 1
    changed = base / "changed.yaml"
    changed.write_text(
        text.replace(NOM, "  nom: Vente des LTS « Les Girimbelles » (seconde tranche)\n"), encoding="utf-8"
    )
    return out, changed


@pytest.fixture
def workspace(previous, tmp_path) -> tuple[Path, Path, dict[str, bytes]]:
    """A copy of the previous set for one test: (output root, changed case, the set's files)."""
    out = tmp_path / "out"
    shutil.copytree(previous[0], out)
    case = tmp_path / "changed.yaml"
    shutil.copy(previous[1], case)
    return out, case, tree(out / ID)


def assert_recovers(out: Path, case: Path, before: dict[str, bytes], *, written: bool = True) -> None:
    """The next render removes every leftover and writes the new set (unless ``written`` is
    False: the killed run had swapped it in); a re-run writes nothing."""
    result = render(str(case), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert ("33 documents écrits, 0 inchangé" if written else "rien n'a été réécrit") in result.stdout
    assert os.listdir(out) == [ID]  # no staging, no .ancien, no lock file
    after = tree(out / ID)
    assert set(after) == set(before)
    assert all(after[name] != before[name] for name in before if name.endswith(".docx"))
    assert_whole_set(out / ID)
    stamps = mtimes(out / ID)
    again = render(str(case), "-o", str(out))
    assert again.returncode == 0 and "rien n'a été réécrit" in again.stdout
    assert mtimes(out / ID) == stamps and os.listdir(out) == [ID]


def poll(condition, proc: subprocess.Popen, timeout: float = 30) -> bool:
    """Wait until ``condition()`` holds; False if the render ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.0005)
    raise AssertionError("the render neither reached the moment nor ended")


def staged_docs(out: Path) -> int:
    return sum(len(list(s.glob("*.docx"))) for s in stagings(out))


MOMENTS = {
    "at once": lambda out: True,
    "lock file made": lambda out: (out / LOCK_FILE).exists(),
    "staging folder made": lambda out: bool(stagings(out)),
    "3 documents staged": lambda out: staged_docs(out) >= 3,
}


# -- a render killed midway ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("moment", "jobs"),
    [
        ("at once", "1"),
        ("lock file made", "1"),
        ("staging folder made", "2"),
        ("3 documents staged", "1"),
        ("3 documents staged", "2"),
    ],
)
def test_a_render_killed_midway_leaves_the_previous_set_and_the_next_one_recovers(workspace, moment, jobs):
    out, case, before = workspace
    proc = start_render(str(case), "-o", str(out), "--jobs", jobs)
    reached = poll(lambda: MOMENTS[moment](out), proc)
    proc.kill()
    proc.communicate()
    assert reached and proc.returncode == -signal.SIGKILL, f"the render ended before « {moment} »"
    # no worker outlives the render (--jobs 2): nothing more arrives in its staging folder
    staged = {s.name: sorted(os.listdir(s)) for s in stagings(out)}
    time.sleep(0.3)
    assert {s.name: sorted(os.listdir(s)) for s in stagings(out)} == staged
    assert tree(out / ID) == before  # the previous set, byte for byte
    assert not (out / f".{ID}.ancien").exists()
    if moment != "at once":
        assert (out / LOCK_FILE).is_file()  # the file stays; its lock died with the render
    assert_recovers(out, case, before)


@pytest.mark.slow
def test_a_render_killed_at_the_swap_leaves_one_whole_set(workspace):
    """Killed once its staging folder holds the manifest, the last write before the swap:
    the folder is then the previous set or the new one, whole, never a mix."""
    out, case, before = workspace
    proc = start_render(str(case), "-o", str(out), "--jobs", "1")
    poll(lambda: any((s / MANIFEST).exists() for s in stagings(out)), proc)
    proc.kill()
    proc.communicate()
    now = tree(out / ID)
    if now != before:
        assert set(now) == set(before)
        assert all(now[name] != before[name] for name in before if name.endswith(".docx"))
        assert_whole_set(out / ID)
    assert_recovers(out, case, before, written=now == before)


# -- what a killed run leaves: repaired under the lock ---------------------------------------


def test_recover_puts_back_the_previous_set_and_removes_the_staging_folders(previous, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(previous[0], out)
    before = tree(out / ID)
    # killed between the two renames of the fallback swap: the set is only at .ID.ancien
    (out / ID).rename(out / f".{ID}.ancien")
    (out / f".{ID}.k3j4h5g6.tmp").mkdir()  # a staging folder of a killed run
    (out / f".{ID}.k3j4h5g6.tmp" / "acte.docx").write_bytes(b"moitie")
    (out / f".{ID}.0.tmp").mkdir()  # not one of actegen's names: left alone
    (out / ".autre.ancien").mkdir()  # no manifest: not an actegen set, left alone
    recover(out / ID)
    assert tree(out / ID) == before
    assert sorted(os.listdir(out)) == sorted([ID, f".{ID}.0.tmp", ".autre.ancien"])
    # killed after the second rename: the old set lingers beside the new one
    shutil.copytree(out / ID, out / f".{ID}.ancien")
    (out / ID / "acte-de-vente_lot-01_GRONDIN.docx").write_bytes(b"nouveau")
    recover_output(out)
    assert sorted(os.listdir(out)) == sorted([ID, f".{ID}.0.tmp", ".autre.ancien"])
    assert (out / ID / "acte-de-vente_lot-01_GRONDIN.docx").read_bytes() == b"nouveau"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["render", "--check"])
def test_a_set_left_as_ancien_comes_back_through_the_cli(previous, tmp_path, command):
    out = tmp_path / "out"
    shutil.copytree(previous[0], out)
    before = tree(out / ID)
    (out / ID).rename(out / f".{ID}.ancien")
    shutil.copytree(out / f".{ID}.ancien", out / f".{ID}.abcd1234.tmp")
    args = [str(GIRIMBELLES), "-o", str(out)]
    result = render(*args) if command == "render" else render("--check", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = "33 documents à jour" if command == "--check" else "rien n'a été réécrit"
    assert expected in result.stdout
    assert os.listdir(out) == [ID]
    assert documents_of(tree(out / ID)) == documents_of(before)


def documents_of(files: dict[str, bytes]) -> dict[str, object]:
    """A set's files, its manifest by the hashes it records (its input keys include the hash
    of actegen's own code, which may change between the module's renders)."""
    manifest = json.loads(files[MANIFEST])
    return {**files, MANIFEST: {n: e["sortie"] for n, e in manifest["documents"].items()}}


# -- the swap --------------------------------------------------------------------------------


def _staged_commit(target: Path) -> None:
    staging = Staging(target)
    (staging.path / "nouveau.docx").write_bytes(b"nouveau")
    staging.commit({"nouveau.docx"}, {"retire.docx"}, b"{}\n")


def _old_set(target: Path) -> dict[str, int]:
    target.mkdir()
    for name in ("garde.docx", "retire.docx", "nouveau.docx", MANIFEST):
        (target / name).write_bytes(b"ancien " + name.encode())
    return {name: (target / name).stat().st_ino for name in ("garde.docx",)}


@pytest.mark.parametrize("atomic", [True, False], ids=["renameat2", "two renames"])
def test_the_swap_with_or_without_renameat2(tmp_path, monkeypatch, atomic):
    if not atomic:
        monkeypatch.setattr(output_staging, "renameat2", False)
    elif output_staging._libc_renameat2() is None:
        pytest.skip("no renameat2 in this libc")
    target = tmp_path / "out" / "dossier"
    target.parent.mkdir()
    inodes = _old_set(target)
    _staged_commit(target)
    assert tree(target) == {"garde.docx": b"ancien garde.docx", "nouveau.docx": b"nouveau", MANIFEST: b"{}\n"}
    assert (target / "garde.docx").stat().st_ino == inodes["garde.docx"]  # kept: hard-linked
    assert os.listdir(tmp_path / "out") == ["dossier"]


def test_exchange_swaps_two_folders_in_one_step(tmp_path):
    if output_staging._libc_renameat2() is None:
        pytest.skip("no renameat2 in this libc")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x").write_bytes(b"a")
    (tmp_path / "b").mkdir()
    assert exchange(tmp_path / "a", tmp_path / "b") is True
    assert os.listdir(tmp_path / "b") == ["x"] and os.listdir(tmp_path / "a") == []
    with pytest.raises(FileNotFoundError):
        exchange(tmp_path / "absent", tmp_path / "b")


def test_a_failed_second_rename_puts_the_previous_set_back(tmp_path, monkeypatch):
    monkeypatch.setattr(output_staging, "renameat2", False)
    target = tmp_path / "dossier"
    _old_set(target)
    before = tree(target)
    real = Path.rename

    def rename(self, dest):
        if self.name.endswith(".tmp"):
            raise OSError(errno.EIO, "Input/output error")
        return real(self, dest)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(OutputError, match="écriture impossible"):
        _staged_commit(target)
    assert tree(target) == before
    assert os.listdir(tmp_path) == ["dossier"]


# -- the lock --------------------------------------------------------------------------------


def refused(result: CliResult, folder: str, pid: int) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr == (
        f"erreur : {folder} : un autre rendu d'actegen (processus {pid}) écrit déjà "
        "dans ce dossier ; attendre qu'il se termine\n"
    )
    assert result.stdout == ""


@pytest.mark.slow
def test_a_render_into_a_locked_folder_stops_at_once_and_writes_nothing(tmp_path):
    with OutputLock(tmp_path / "sortie") as lock:
        assert (tmp_path / "sortie" / LOCK_FILE).read_text().split() == [str(os.getpid())]
        started = time.monotonic()
        refused(render(str(GIRIMBELLES), "-o", "sortie", cwd=tmp_path), "sortie", os.getpid())
        assert time.monotonic() - started < 10
        refused(render("--check", str(GIRIMBELLES), "-o", "sortie", cwd=tmp_path), "sortie", os.getpid())
        assert os.listdir(tmp_path / "sortie") == [LOCK_FILE]
        elsewhere = render(str(GIRIMBELLES), "-o", "ailleurs", cwd=tmp_path)  # another folder: free
        assert elsewhere.returncode == 0, elsewhere.stderr
        assert lock.held
    assert not (tmp_path / "sortie").exists()  # the lock made it, and leaves it empty: removed
    result = render(str(GIRIMBELLES), "-o", "sortie", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.listdir(tmp_path / "sortie") == [ID]
    assert tree(tmp_path / "sortie" / ID) == tree(tmp_path / "ailleurs" / ID)


@pytest.mark.slow
def test_checks_share_the_lock_but_a_render_waits_for_them(previous, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(previous[0], out)
    with OutputLock(out, shared=True):
        check = render("--check", str(GIRIMBELLES), "-o", "out", cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
        result = render(str(GIRIMBELLES), "-o", "out", cwd=tmp_path)
        assert result.returncode == 1
        assert result.stderr == (
            "erreur : out : une vérification d'actegen (--check) lit ce dossier ; "
            "attendre qu'elle se termine\n"
        )
        assert (out / LOCK_FILE).is_file()  # the check left it: another holder remains
    assert os.listdir(out) == [ID]  # the last holder unlinked it


@pytest.mark.slow
def test_a_killed_holder_leaves_no_stale_lock(tmp_path):
    code = (
        "import sys, time; from pathlib import Path; from actegen.output.lock import OutputLock; "
        "OutputLock(Path(sys.argv[1])).acquire(); print('ok', flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "ok\n"
        with pytest.raises(OutputError, match=rf"un autre rendu d'actegen \(processus {holder.pid}\)"):
            OutputLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    assert (tmp_path / LOCK_FILE).read_text().split() == [str(holder.pid)]  # the file stays…
    with OutputLock(tmp_path) as lock:  # …its lock does not
        assert lock.held and (tmp_path / LOCK_FILE).read_text().split() == [str(os.getpid())]
    assert os.listdir(tmp_path) == []  # tmp_path existed: only the file goes


def test_a_lock_file_unlinked_by_its_releaser_is_not_kept(tmp_path, monkeypatch):
    """Locking a file its holder unlinked meanwhile is no lock: try again with the new file."""
    real, calls = output_lock.try_lock, []

    def unlinked_first(fd, shared):
        calls.append(fd)
        if len(calls) == 1:
            os.unlink(tmp_path / LOCK_FILE)  # the releaser of the previous run
        return real(fd, shared)

    monkeypatch.setattr(output_lock, "try_lock", unlinked_first)
    with OutputLock(tmp_path) as lock:
        assert len(calls) == 2
        assert os.fstat(lock.fd).st_ino == os.stat(tmp_path / LOCK_FILE).st_ino


# -- two renders at once ---------------------------------------------------------------------


@pytest.mark.slow
def test_two_renders_at_once_never_mix_their_sets(tmp_path):
    """Started together on 200 lots, into an empty folder, then again after the case changed:
    one render wins the lock, the other stops at once naming it; the set is whole."""
    case = write_big_case(200, tmp_path / "dossiers")
    case_id = "girimbelles-200"
    out = tmp_path / "out"
    for round_ in ("first render", "re-render of a changed case"):
        if round_ != "first render":
            text = case.read_text(encoding="utf-8").replace(NOM, "  nom: Girimbelles (bis)\n", 1)
            case.write_text(text, encoding="utf-8")
        procs = [start_render(str(case), "-o", "out", cwd=tmp_path) for _ in range(2)]
        results = [(p, *p.communicate(timeout=300)) for p in procs]
        codes = sorted(p.returncode for p, _o, _e in results)
        assert codes in ([0, 0], [0, 1]), [(p.returncode, e) for p, _o, e in results]
        for p, _stdout, stderr in results:
            if p.returncode == 1:
                (winner,) = [q for q in procs if q is not p]
                assert stderr == (
                    f"erreur : out : un autre rendu d'actegen (processus {winner.pid}) "
                    "écrit déjà dans ce dossier ; attendre qu'il se termine\n"
                ), round_
        assert os.listdir(out) == [case_id], round_
        manifest = assert_whole_set(out / case_id, open_docx=round_ != "first render")
        assert len(manifest["documents"]) > 250  # lots in hypothesis 4 get no acte nor convention
    check = render("--check", str(case), "-o", "out", cwd=tmp_path)
    assert check.returncode == 0, check.stdout


# -- Ctrl+C on a terminal (issue 16) -------------------------------------------------------


@pytest.mark.parametrize("moment", ["lock file made", "staging folder made", "3 documents staged"])
def test_ctrl_c_with_workers_says_interrompu_and_leaves_the_previous_set(workspace, moment):
    """A terminal's Ctrl+C reaches the whole process group, workers included: they ignore
    it, the render stops them, removes its staging folder and says « interrompu. » (130)."""
    out, case, before = workspace
    proc = subprocess.Popen(
        [sys.executable, "-m", "actegen.cli", "render", str(case), "-o", str(out), "--jobs", "2"],
        env=entry_point_env({"CI": "true"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    reached = poll(lambda: MOMENTS[moment](out), proc)
    os.killpg(proc.pid, signal.SIGINT)
    _stdout, stderr = proc.communicate(timeout=60)
    assert reached, f"the render ended before « {moment} »"
    assert (proc.returncode, stderr) == (130, "interrompu.\n")
    assert tree(out / ID) == before
    assert stagings(out) == []
    assert_recovers(out, case, before)


def _read_all(master: int, proc: subprocess.Popen, timeout: float = 60) -> bytes:
    """What the render wrote on its terminal, until it exits."""
    data = b""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's last writer is gone
                break
            if not chunk:
                break
            data += chunk
        elif proc.poll() is not None:
            break
    return data


@pytest.mark.parametrize("moment", ["staging folder made", "3 documents staged"])
def test_ctrl_c_typed_on_a_terminal_with_workers(workspace, moment):
    """Ctrl+C typed on a real terminal (a pty): the line discipline sends SIGINT to the
    foreground process group, the workers too. One « interrompu. », no worker's traceback."""
    out, case, before = workspace
    master, slave = pty.openpty()

    def on_the_terminal() -> None:  # in the child: a session whose controlling terminal is the pty
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(
        [sys.executable, "-m", "actegen.cli", "render", str(case), "-o", str(out), "--jobs", "2"],
        env=entry_point_env({"CI": "true"}),
        stdin=slave,
        stdout=slave,
        stderr=slave,
        preexec_fn=on_the_terminal,  # noqa: PLW1509 - the test needs a controlling terminal
    )
    os.close(slave)
    try:
        reached = poll(lambda: MOMENTS[moment](out), proc)
        os.write(master, b"\x03")  # Ctrl+C, as typed
        said = _read_all(master, proc).decode("utf-8", "replace")
        proc.wait(timeout=60)
    finally:
        os.close(master)
    assert reached, f"the render ended before « {moment} »"
    assert proc.returncode == 130, said
    assert "Traceback" not in said and said.count("interrompu.") == 1, said
    assert tree(out / ID) == before
    assert stagings(out) == []
    assert_recovers(out, case, before)
