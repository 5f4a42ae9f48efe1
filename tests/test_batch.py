"""Batch translation of files and folders: mirroring, bad input, batching, resume, report."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from glossary import batch, formats
from glossary.errors import InputError
from glossary.memory import TranslationMemory
from glossary.progress import PlainProgress
from tests.formats.contract import FIXTURES
from tests.formats.translators import (
    IdentityTranslator,
    TermCountingTranslator,
    UpperTranslator,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def tm(tmp_path):
    with TranslationMemory.open(tmp_path / "tm.db") as memory:
        yield memory


@pytest.fixture
def tree(tmp_path) -> Path:
    """A folder with every fixture format, a nested folder, an image and a hidden file."""
    root = tmp_path / "src"
    (root / "sub" / "deeper").mkdir(parents=True)
    for f in FIXTURES.iterdir():
        if f.suffix != ".py":
            shutil.copy(f, root / f.name)
    shutil.copy(FIXTURES / "talk.srt", root / "sub" / "deeper" / "again.srt")
    (root / "sub" / "notes.txt").write_text("En anteckning.\n", encoding="utf-8")
    (root / "sub" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (root / ".hidden.txt").write_text("Dold fil.\n", encoding="utf-8")
    return root


def _snapshot(root: Path) -> dict[str, object]:
    """Every file's bytes; for .docx the zip members (zip entry times differ run to run)."""
    out: dict[str, object] = {}
    for p in root.rglob("*"):
        if p.is_file():
            key = str(p.relative_to(root))
            if p.suffix == ".docx" and zipfile.is_zipfile(p):
                with zipfile.ZipFile(p) as zf:
                    out[key] = {n: zf.read(n) for n in zf.namelist()}
            else:
                out[key] = p.read_bytes()
    return out


def test_folder_is_mirrored_and_inputs_untouched(tree, tmp_path, tm):
    before = _snapshot(tree)
    out = tmp_path / "out"
    report = batch.translate_paths([tree], out, UpperTranslator(), memory=tm)
    assert _snapshot(tree) == before
    assert report.ok and report.exit_code == 0
    produced = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    expected = sorted(k for k in before if not k.endswith(".png") and not k.startswith("."))
    assert produced == expected
    skipped = [f for f in report.files if f.status == "skipped"]
    assert [Path(f.input).name for f in skipped] == ["logo.png"]
    assert "not a translatable file type" in skipped[0].error
    assert (out / "sub" / "notes.txt").read_text("utf-8") == "EN ANTECKNING.\n"
    legacy = next(f for f in report.files if f.input.endswith("legacy-cp1252.txt"))
    assert legacy.encoding == "cp1252"
    assert "FÖRETAGET" in (out / "legacy-cp1252.txt").read_bytes().decode("cp1252")
    assert not list(out.rglob("*.part"))


def test_work_is_batched_across_files(tmp_path, tm):
    src = tmp_path / "many"
    src.mkdir()
    for i in range(40):
        (src / f"f{i:02}.txt").write_text(f"Fil nummer {i} har en mening.\n", encoding="utf-8")
    translator = UpperTranslator()
    report = batch.translate_paths([src], tmp_path / "out", translator, memory=tm)
    assert report.totals()["segments"] == 40
    assert len(translator.calls) == 1 and len(translator.calls[0]) == 40
    small = UpperTranslator()
    batch.translate_paths([src], tmp_path / "out2", small, memory=tmp_path / "tm2.db",
                          chunk_words=60)  # fmt: skip
    assert 3 <= len(small.calls) <= 6  # about 60 words (10 segments) per call


def test_second_run_comes_from_memory(tree, tmp_path, tm):
    batch.translate_paths([tree], tmp_path / "a", UpperTranslator(), memory=tm)
    again = UpperTranslator()
    report = batch.translate_paths([tree], tmp_path / "b", again, memory=tm)
    assert again.calls == []
    totals = report.totals()
    assert totals["cached"] > 0 and totals["translated"] == 0
    assert _snapshot(tmp_path / "a") == _snapshot(tmp_path / "b")


BAD_FILES = {
    "binary.txt": bytes(range(256)) * 8,
    "cp-broken.txt": b"ord \x81\x8d\x8f\x90\x9d och mer " * 4,
    "empty.md": b"",
    "broken.xlf": b'<xliff version="1.2"><file><body><trans-unit id="1"><source>Hej',
    "nomarkup.html": b"bara ord utan taggar",
    "fake.docx": b"PK\x03\x04 not really a zip",
}


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (16 << 20))


def test_bad_inputs_fail_alone_with_one_line_errors(tmp_path, tm):
    src = tmp_path / "src"
    src.mkdir()
    for name, data in BAD_FILES.items():
        (src / name).write_bytes(data)
    _zip_bomb(src / "bomb.docx")
    shutil.copy(FIXTURES / "prose.txt", src / "good.txt")
    report_path = tmp_path / "report.json"
    out = tmp_path / "out"
    report = batch.translate_paths(
        [src], out, UpperTranslator(), memory=tm, report_path=report_path
    )
    assert not report.ok and report.exit_code == 2
    by_name = {Path(f.input).name: f for f in report.files}
    assert by_name["good.txt"].status == "translated"
    assert (out / "good.txt").exists()
    expectations = {
        "binary.txt": "binary",
        "cp-broken.txt": "undecodable",
        "empty.md": "empty",
        "broken.xlf": "malformed XLIFF",
        "nomarkup.html": "malformed HTML",
        "fake.docx": "not a Word document",
        "bomb.docx": "zip bomb",
    }
    for name, words in expectations.items():
        f = by_name[name]
        assert f.status == "failed", name
        assert words in f.error and name in f.error and "\n" not in f.error
        assert not (out / name).exists()  # no partial output
    data = json.loads(report_path.read_text("utf-8"))
    assert data["ok"] is False and data["totals"]["files_failed"] == 7
    assert "FAILED" in report.summary() and "good.txt" in report.summary()


def test_existing_translations_kept_unless_overwrite(tmp_path, tm):
    src = tmp_path / "app.po"
    shutil.copy(FIXTURES / "app.po", src)
    out = tmp_path / "out"
    report = batch.translate_paths([src], out, UpperTranslator(), memory=tm)
    assert report.files[0].kept == 1
    assert 'msgstr "Save it"' in (out / "app.po").read_text("utf-8")
    report = batch.translate_paths(
        [src], out, UpperTranslator(), memory=tm, overwrite_existing=True
    )
    assert report.files[0].kept == 0
    assert 'msgstr "SAVE"' in (out / "app.po").read_text("utf-8")


def test_file_without_out_dir_goes_beside_it(tmp_path, tm):
    src = tmp_path / "note.md"
    src.write_text("# Hej\n", encoding="utf-8")
    report = batch.translate_paths([src], None, UpperTranslator(), memory=tm)
    assert report.files[0].output == str(tmp_path / "note.en.md")
    assert (tmp_path / "note.en.md").read_text("utf-8") == "# HEJ\n"
    with pytest.raises(InputError, match="out-dir"):
        batch.translate_paths([tmp_path], None, UpperTranslator(), memory=tm)
    with pytest.raises(InputError, match="no such file"):
        batch.translate_paths([tmp_path / "nope.txt"], None, UpperTranslator(), memory=tm)


def test_format_override_and_output_encoding(tmp_path, tm):
    src = tmp_path / "readme.text.orig"
    shutil.copy(FIXTURES / "legacy-cp1252.txt", src)
    out = tmp_path / "out"
    report = batch.translate_paths(
        [src], out, UpperTranslator(), memory=tm, format="txt", output_encoding="utf-8"
    )
    assert report.files[0].format == "txt" and report.files[0].encoding == "cp1252"
    assert "FÖRETAGET SÄLJER" in (out / src.name).read_text("utf-8")


def test_terms_and_words_are_reported(tmp_path, tm):
    src = tmp_path / "t.txt"
    src.write_text("Vi säljer kiselskivor.\nEtt chip till.\nInget här.\n", encoding="utf-8")
    report = batch.translate_paths([src], tmp_path / "o", TermCountingTranslator(), memory=tm)
    f = report.files[0]
    assert (f.segments, f.words, f.terms_applied, f.terms_failed) == (3, 8, 1, 1)
    assert f.seconds >= 0 and report.peak_rss_mb > 10


def test_large_text_is_streamed_with_the_same_result(tmp_path, tm, monkeypatch):
    src = tmp_path / "big.txt"
    lines = [f"Rad {i} i en lång fil.\r\n" if i % 7 else "\r\n" for i in range(3000)]
    src.write_bytes("".join(lines).encode("cp1252"))
    whole = batch.translate_paths([src], tmp_path / "whole", UpperTranslator(), memory=tm)
    monkeypatch.setattr(batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(batch, "STREAM_WINDOW_LINES", 200)
    streamed = batch.translate_paths(
        [src], tmp_path / "streamed", UpperTranslator(), memory=tmp_path / "tm2.db"
    )
    assert (tmp_path / "streamed" / "big.txt").read_bytes() == (
        tmp_path / "whole" / "big.txt"
    ).read_bytes()
    assert streamed.files[0].segments == whole.files[0].segments
    assert streamed.files[0].encoding == "cp1252"


def test_a_streamed_text_places_reports_and_guards_markup_like_a_whole_one(tmp_path, monkeypatch):
    src = tmp_path / "links.txt"
    lines = [
        f"Rad {i}: läs https://example.org/{i} eller mejla a{i}@example.se.\n" for i in range(300)
    ]
    src.write_text("".join(lines), encoding="utf-8")

    def run(name: str):
        with TranslationMemory.open(tmp_path / f"{name}.db") as memory:  # a person's old
            memory.record(lines[0][:-1], "ROW 0: READ OR MAIL.", "sv", "en", origin="human")
        return batch.translate_paths([src], tmp_path / name, UpperTranslator(),
                                     memory=tmp_path / f"{name}.db").files[0]  # fmt: skip

    whole = run("whole")
    monkeypatch.setattr(batch, "STREAM_BYTES", 10_000)
    monkeypatch.setattr(batch, "STREAM_WINDOW_LINES", 50)
    streamed = run("streamed")
    out = (tmp_path / "streamed" / "links.txt").read_text(encoding="utf-8")
    assert out == (tmp_path / "whole" / "links.txt").read_text(encoding="utf-8")
    first = out.splitlines()[0]  # the memory's target lost both: put back
    assert "https://example.org/0" in first and "a0@example.se" in first
    assert (streamed.markup_aligned, streamed.markup_fallback) == (
        whole.markup_aligned,
        whole.markup_fallback,
    )
    assert streamed.markup_aligned == 299 and streamed.markup_fallback == 1
    assert streamed.markup == whole.markup


def test_plain_progress_lines(tmp_path, tm):
    stream = io.StringIO()
    batch.translate_paths(
        [FIXTURES / "prose.txt"], tmp_path / "o", UpperTranslator(), memory=tm,
        progress=PlainProgress(stream, interval=0),
    )  # fmt: skip
    text = stream.getvalue()
    assert "1/1 files" in text and "words/s" in text and "ETA" in text and "done" in text


def test_parallel_jobs_give_the_same_output(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in ("prose.txt", "talk.srt", "guide.md", "app.po", "report.docx"):
        shutil.copy(FIXTURES / name, src / name)
    one = batch.translate_paths([src], tmp_path / "one", UpperTranslator(),
                                memory=tmp_path / "a.db")  # fmt: skip
    # A translator class is a factory: each worker process builds its own.
    two = batch.translate_paths([src], tmp_path / "two", UpperTranslator, jobs=2,
                                memory=tmp_path / "b.db")  # fmt: skip
    assert [f.input for f in two.files] == [f.input for f in one.files]
    assert two.ok and _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two")


def test_real_model_translates_every_format(tree, tmp_path, tiny_engine):
    """The tiny copy model gives back its input, so every file must keep its text."""
    out = tmp_path / "out"
    report = batch.translate_paths([tree], out, tiny_engine, memory=tmp_path / "tm.db")
    assert report.ok
    assert report.totals()["translated"] > 30
    for f in report.files:
        if f.status != "translated":
            continue
        before = formats.load(Path(f.input))
        after = formats.load(Path(f.output))
        assert [s.source for s in after.segments] == [s.source for s in before.segments]
        if f.format in ("po", "xliff"):
            filled = [s.target for s in after.segments if s.target is not None]
            assert filled, f.input
        elif f.format in ("txt", "md", "srt", "vtt"):
            assert Path(f.output).read_bytes() == Path(f.input).read_bytes(), f.input


CRASH_SCRIPT = """
import sys
from pathlib import Path
from glossary.batch import translate_paths
from tests.formats.translators import SlowLoggingTranslator
report = translate_paths([Path(sys.argv[1])], Path(sys.argv[2]), SlowLoggingTranslator(),
                         memory=Path(sys.argv[3]), chunk_words=6)
sys.exit(report.exit_code)
"""


def _recorded(db: Path) -> set[str]:
    con = sqlite3.connect(db)
    try:
        return {row[0] for row in con.execute("SELECT source FROM segments")}
    except sqlite3.OperationalError:
        return set()
    finally:
        con.close()


def test_kill_9_then_rerun_retranslates_nothing_finished(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    sentences = []
    for f in range(12):
        lines = [f"Mening {n} i fil {f} här." for n in range(3)]
        sentences += lines
        (src / f"doc{f:02}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, db = tmp_path / "out", tmp_path / "tm.db"
    args = [sys.executable, "-c", CRASH_SCRIPT, str(src), str(out), str(db)]
    env = dict(os.environ, ORDBRO_TEST_LOG=str(tmp_path / "run1.log"), ORDBRO_TEST_DELAY="0.05")
    proc = subprocess.Popen(args, cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while len(_recorded(db)) < 9 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    finished = _recorded(db)
    assert 9 <= len(finished) < len(sentences)  # killed in the middle

    env["ORDBRO_TEST_LOG"] = str(tmp_path / "run2.log")
    rerun = subprocess.run(args, cwd=ROOT, env=env, timeout=120)
    assert rerun.returncode == 0
    second = set((tmp_path / "run2.log").read_text("utf-8").splitlines())
    assert not second & finished  # nothing finished before the kill was translated again
    assert second | finished == set(sentences)
    for f in range(12):
        text = (out / f"doc{f:02}.txt").read_text("utf-8")
        assert text == (src / f"doc{f:02}.txt").read_text("utf-8").upper()
    assert not list(out.rglob("*.part"))


def test_identity_folder_round_trip_is_byte_identical(tree, tmp_path, tm):
    out = tmp_path / "out"
    batch.translate_paths([tree], out, IdentityTranslator(), memory=tm)
    for name in ("prose.txt", "bom-crlf.txt", "legacy-cp1252.txt", "guide.md", "talk.srt",
                 "talk.vtt", "report.docx"):  # fmt: skip
        assert (out / name).read_bytes() == (tree / name).read_bytes(), name


def test_live_bar_shows_files_segments_and_speed(tmp_path, tm):
    from glossary.progress import LiveProgress

    stream = io.StringIO()
    batch.translate_paths(
        [FIXTURES / "talk.srt", FIXTURES / "prose.txt"], tmp_path / "o", UpperTranslator(),
        memory=tm, progress=LiveProgress(stream),
    )  # fmt: skip
    text = stream.getvalue()
    assert "2/2 files" in text and "segments" in text and "words/s" in text


def test_out_dir_inside_the_input_folder_is_not_walked(tmp_path, tm):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Hej.\n", encoding="utf-8")
    batch.translate_paths([src], src / "en", UpperTranslator(), memory=tm)
    report = batch.translate_paths([src], src / "en", UpperTranslator(), memory=tm)
    assert [Path(f.input).name for f in report.files] == ["a.txt"]
    assert (src / "en" / "a.txt").read_text("utf-8") == "HEJ.\n"


def test_relative_file_paths_are_mirrored_and_clashes_refused(tmp_path, tm, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text("Hej.\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Då.\n", encoding="utf-8")
    batch.translate_paths([Path("docs/a.txt"), Path("a.txt")], Path("en"), UpperTranslator(),
                          memory=tm)  # fmt: skip
    assert (tmp_path / "en" / "docs" / "a.txt").read_text("utf-8") == "HEJ.\n"
    assert (tmp_path / "en" / "a.txt").read_text("utf-8") == "DÅ.\n"
    with pytest.raises(InputError, match="would both be written"):
        batch.translate_paths([tmp_path / "docs", tmp_path / "a.txt"], tmp_path / "out",
                              UpperTranslator(), memory=tm)  # fmt: skip


def test_outputs_over_inputs_or_outside_the_folder_are_refused_before_any_work(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Original.\n")
    with pytest.raises(InputError, match="refusing to overwrite an input"):
        batch.plan_outputs([docs], docs)
    (tmp_path / "outside").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "docs").symlink_to(tmp_path / "outside")
    with pytest.raises(InputError, match="outside"):
        batch.plan_outputs([Path("docs/a.txt")], Path("out"))
    assert (docs / "a.txt").read_text() == "Original.\n"
    assert not any((tmp_path / "outside").iterdir())
