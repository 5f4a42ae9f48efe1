"""Batch translation on a Ray cluster: same outputs and report as one machine, a killed
worker replaced, a killed driver resumed from the memory.

These tests start one local Ray instance (loopback, 2 CPUs) for the module. They are
marked ``ray`` (deselected by default; ``pytest -m ray`` runs them, as CI does after
installing ``ordbro[cluster]``) and skipped when Ray is not installed.
"""

from __future__ import annotations

import functools
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossary.cli import main
from tests.formats.contract import FIXTURES
from tests.formats.translators import SlowLoggingTranslator

ray = pytest.importorskip("ray")
pytestmark = pytest.mark.ray
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def cluster():
    """The GCS address of a local Ray instance with 2 CPUs, on loopback only."""
    env = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = f"{ROOT}{os.pathsep}{env}" if env else str(ROOT)
    context = ray.init(
        num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1"
    )
    try:
        yield context.address_info["gcs_address"]
    finally:
        ray.shutdown()


def _cli(args: list[str], monkeypatch) -> tuple[int, str]:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    try:
        main(args)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, err.getvalue()


def _files(root: Path) -> dict[str, bytes]:
    """Every output's bytes; for .docx its zip members (zip entry times differ run to run)."""
    import zipfile

    out: dict[str, object] = {}
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix == ".docx":
            with zipfile.ZipFile(p) as zf:
                out[str(p.relative_to(root))] = {n: zf.read(n) for n in zf.namelist()}
        elif p.is_file():
            out[str(p.relative_to(root))] = p.read_bytes()
    return out


def test_a_mixed_folder_on_ray_is_byte_identical_with_the_same_report(
    cluster, isolated_home, tiny_package, tmp_path, monkeypatch
):
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    terms = tmp_path / "terms.db"
    with Termbase.open(terms) as tb:
        tb.add_entry(Entry(None, terms=[Term(None, None, "sv", "chipkrig", pos="noun",
                                             gender="neuter"),
                                        Term(None, None, "en", "chip war", pos="noun")]))  # fmt: skip
    src = tmp_path / "src"
    (src / "sub").mkdir(parents=True)
    for f in FIXTURES.iterdir():
        if f.suffix != ".py":
            shutil.copy(f, src / f.name)
    (src / "sub" / "war.txt").write_text("Chipkriget fortsätter.\nChipkriget är dyrt.\n")
    (src / "sub" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    common = ["--model", str(tiny_package), "--terms", str(terms), "--progress", "none"]
    runs = {}
    for name, extra in (("local", []), ("ray", ["--ray", "--actors", "2"])):
        args = ["translate", str(src), "--out-dir", str(tmp_path / name), *common]
        args += ["--tm", str(tmp_path / f"{name}.db"), "--report", str(tmp_path / f"{name}.json")]
        code, err = _cli(args + extra, monkeypatch)
        assert code == 0, err
        runs[name] = json.loads((tmp_path / f"{name}.json").read_text())
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    assert (tmp_path / "ray" / "sub" / "war.txt").read_text().startswith("The chip war")
    assert runs["ray"]["totals"] == runs["local"]["totals"]
    assert runs["ray"]["totals"]["files_translated"] >= 8
    assert runs["ray"]["summary"]["applied"] == runs["local"]["summary"]["applied"] == 2
    statuses = {
        name: [(f["input"][-12:], f["status"]) for f in r["files"]] for name, r in runs.items()
    }
    assert statuses["ray"] == statuses["local"]


def _sentences_tree(root: Path, files: int, lines: int) -> list[str]:
    root.mkdir()
    sentences = []
    for f in range(files):
        text = [f"Mening {n} i fil {f} här." for n in range(lines)]
        sentences += text
        (root / f"doc{f:02}.txt").write_text("\n".join(text) + "\n", encoding="utf-8")
    return sentences


def _rows(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [row[0] for row in con.execute("SELECT source FROM segments")]
    except sqlite3.OperationalError:
        return []
    finally:
        con.close()


class _KillOnce:
    """A progress sink that kills one worker process (by its pid) after the first chunk."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.killed = False

    def update(self, snap) -> None:
        if not self.killed and snap.segments_done > 0:
            os.kill(self.pid, signal.SIGKILL)
            self.killed = True

    def close(self, snap) -> None:
        pass


def test_a_killed_worker_is_replaced_and_its_batch_retried(cluster, tmp_path):
    from glossary import batch
    from glossary.cluster import ClusterSettings
    from glossary.cluster.translator import cluster_translator
    from glossary.translate import Recipe

    sentences = _sentences_tree(tmp_path / "src", 16, 3)
    core = functools.partial(SlowLoggingTranslator, log=str(tmp_path / "log"), delay=0.03)
    recipe = Recipe(memory=tmp_path / "tm.db", core=core)
    translator = cluster_translator(recipe, ClusterSettings(actors=2))
    try:
        before = translator.worker_pids()
        sink = _KillOnce(before[0])
        report = batch.translate_paths([tmp_path / "src"], tmp_path / "out", translator,
                                       progress=sink, chunk_words=12)  # fmt: skip
        after = translator.worker_pids()
    finally:
        translator.close()
    assert sink.killed and before[0] not in after and before[1] in after  # replaced
    assert report.ok and report.totals()["files_translated"] == 16
    assert report.totals()["translated"] == len(sentences)
    for f in range(16):
        text = (tmp_path / "src" / f"doc{f:02}.txt").read_text("utf-8")
        assert (tmp_path / "out" / f"doc{f:02}.txt").read_text("utf-8") == text.upper()
    recorded = _rows(tmp_path / "tm.db")
    assert sorted(recorded) == sorted(sentences)  # every segment recorded, none twice


DRIVER = """
import functools, sys
from pathlib import Path
from glossary import batch
from glossary.cluster import ClusterSettings
from glossary.cluster.translator import cluster_translator
from glossary.translate import Recipe
from tests.formats.translators import SlowLoggingTranslator
src, out, db, log, address = sys.argv[1:6]
core = functools.partial(SlowLoggingTranslator, log=log, delay=0.1)
translator = cluster_translator(Recipe(memory=Path(db), core=core),
                                ClusterSettings(address=address, actors=1))
try:
    report = batch.translate_paths([Path(src)], Path(out), translator, chunk_words=6)
finally:
    translator.close()
print(report.totals()["translated"], report.totals()["cached"])
"""


def test_a_killed_driver_resumes_from_the_memory(cluster, tmp_path):
    sentences = _sentences_tree(tmp_path / "src", 10, 3)
    out, db = tmp_path / "out", tmp_path / "tm.db"
    args = [sys.executable, "-c", DRIVER, str(tmp_path / "src"), str(out), str(db)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    first = subprocess.Popen([*args, str(tmp_path / "log1"), cluster], cwd=ROOT, env=env)
    deadline = time.monotonic() + 120
    while len(_rows(db)) < 6 and time.monotonic() < deadline and first.poll() is None:
        time.sleep(0.05)
    first.send_signal(signal.SIGKILL)
    first.wait()
    assert first.returncode == -signal.SIGKILL
    finished = set(_rows(db))
    assert 6 <= len(finished) < len(sentences)  # killed in the middle

    second = subprocess.run([*args, str(tmp_path / "log2"), cluster], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=180)  # fmt: skip
    assert second.returncode == 0, second.stderr
    translated, cached = map(int, second.stdout.split())
    assert cached == len(finished) and translated == len(sentences) - len(finished)
    again = set((tmp_path / "log2").read_text("utf-8").splitlines())
    assert not again & finished  # nothing finished before the kill was translated again
    assert sorted(_rows(db)) == sorted(sentences)  # each recorded once
    for f in range(10):
        text = (tmp_path / "src" / f"doc{f:02}.txt").read_text("utf-8")
        assert (out / f"doc{f:02}.txt").read_text("utf-8") == text.upper()


def test_repeats_across_files_count_as_in_a_local_run(cluster, tiny_package, tmp_path):
    """A segment repeated in a later file while its chunk is still on its way is reported
    as from the memory, as in a local run (which has recorded it by then)."""
    from glossary import batch
    from glossary.cluster import ClusterSettings
    from glossary.cluster.translator import cluster_translator
    from glossary.translate import Recipe

    src = tmp_path / "src"
    src.mkdir()
    for f in range(8):
        lines = [f"Ny mening {n} i fil {f}." for n in range(2)] + ["Samma mening i alla filer."]
        (src / f"doc{f}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    reports = {}
    for name in ("local", "ray"):
        recipe = Recipe(model=str(tiny_package), memory=tmp_path / f"{name}.db")
        if name == "local":
            translator = recipe.build()
        else:
            translator = cluster_translator(recipe, ClusterSettings(actors=2))
        try:
            reports[name] = batch.translate_paths([src], tmp_path / name, translator,
                                                  chunk_words=10)  # fmt: skip
        finally:
            translator.close()
    assert reports["ray"].totals() == reports["local"].totals()
    assert reports["ray"].totals()["cached"] > 0
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    assert sorted(_rows(tmp_path / "ray.db")) == sorted(_rows(tmp_path / "local.db"))
