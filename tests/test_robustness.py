"""Hostile, huge and odd input: user data is never destroyed, nothing hangs, one bad file
never takes a batch down, and every error a user can cause is one line with exit 2.

Each probe that once failed is a regression test here; generated cases (random nesting,
random corruption, random file names) cover the class of problem around it.
"""

from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from glossary import batch, formats
from glossary.cli import main
from glossary.errors import InputError
from glossary.memory import TranslationMemory
from tests.formats.contract import FIXTURES
from tests.formats.translators import UpperTranslator

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], monkeypatch, stdin: bytes = b"") -> tuple[int, bytes, str]:
    """The real ``ordbro`` entry point in-process: (exit code, stdout, stderr)."""
    out, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, write_through=True))
    monkeypatch.setattr(sys, "stderr", err)
    code = 0
    try:
        main(args)
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def one_line_error(err: str) -> str:
    """The single error line of ``err``; fails on a traceback or several lines."""
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if line.startswith("ordbro: error:")]
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def memory_db(tmp_path) -> Path:
    path = tmp_path / "memory.db"
    with TranslationMemory.open(path) as tm:
        tm.record("En mening.", "A sentence.", "sv", "en", "human", "x.txt")
    return path


@pytest.fixture
def terms_db(tmp_path) -> Path:
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    path = tmp_path / "terms.db"
    with Termbase.open(path) as tb:
        tb.add_entry(
            Entry(
                None, terms=[Term(None, None, "sv", "chipkrig"), Term(None, None, "en", "chip war")]
            )
        )
    return path


def _rows(db: Path, table: str) -> int:
    con = sqlite3.connect(db)
    try:
        return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        con.close()


# ----------------------------------------------------------------- no command writes over data


def test_tm_export_over_the_memory_itself_is_refused(memory_db, monkeypatch):
    before = memory_db.read_bytes()
    code, _out, err = run(["tm", "export", str(memory_db), "--tm", str(memory_db)], monkeypatch)
    assert code == 2
    assert "refusing to overwrite a database" in one_line_error(err)
    assert memory_db.read_bytes() == before
    assert _rows(memory_db, "segments") == 1


def test_terms_export_over_any_database_is_refused_whatever_its_name(
    terms_db, memory_db, tmp_path, monkeypatch
):
    disguised = tmp_path / "glossary.csv"  # a database with a harmless-looking name
    disguised.write_bytes(memory_db.read_bytes())
    for dest, fmt in ((terms_db, "tbx"), (memory_db, "csv"), (disguised, "csv")):
        before = dest.read_bytes()
        code, _out, err = run(
            ["terms", "export", str(dest), "--format", fmt, "--terms", str(terms_db)], monkeypatch
        )
        assert code == 2, (dest, err)
        assert "refusing to overwrite" in one_line_error(err)
        assert dest.read_bytes() == before
    assert _rows(terms_db, "entries") >= 1


def test_translate_never_writes_over_a_database_or_its_input(
    isolated_home, tiny_package, memory_db, terms_db, tmp_path, monkeypatch
):
    src = tmp_path / "in.txt"
    src.write_text("Chipkriget hårdnar.\n", encoding="utf-8")
    base = ["translate", "--model", str(tiny_package), "--no-tm", "-q"]
    cases = [
        [*base, "--no-terms", str(src), "-o", str(memory_db)],
        [*base, "--no-terms", "--format", "txt", str(src), "-o", str(terms_db)],
        [*base, "--terms", str(terms_db), str(src), "--report", str(terms_db)],
        [*base, "--no-terms", str(src), "--report", str(src)],
        [
            *base,
            "--no-terms",
            str(src),
            "-o",
            str(tmp_path / "out.txt"),
            "--report",
            str(memory_db),
        ],
    ]
    saved = {p: p.read_bytes() for p in (memory_db, terms_db, src)}
    for args in cases:
        code, _out, err = run(args, monkeypatch)
        assert code == 2, (args, err)
        assert "refusing to overwrite" in one_line_error(err)
        assert {p: p.read_bytes() for p in saved} == saved


def test_a_batch_output_over_a_database_fails_alone(tmp_path, memory_db):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("Första filen.\n", encoding="utf-8")
    (src / "b.txt").write_text("Andra filen.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "a.txt").write_bytes(memory_db.read_bytes())  # someone's database sits there
    report = batch.translate_paths([src], out, UpperTranslator(), memory=tmp_path / "tm.db")
    status = {Path(f.input).name: f.status for f in report.files}
    assert status == {"a.txt": "failed", "b.txt": "translated"}
    assert (out / "a.txt").read_bytes() == memory_db.read_bytes()


# ----------------------------------------------------------------- disk errors: one line, exit 2


def test_unwritable_outputs_are_one_line_errors(
    isolated_home, tiny_package, terms_db, tmp_path, monkeypatch
):
    src = tmp_path / "in.txt"
    src.write_text("En mening.\n", encoding="utf-8")
    blocker = tmp_path / "plain-file"
    blocker.write_text("x", encoding="utf-8")
    base = ["translate", "--model", str(tiny_package), "--no-terms", "--no-tm", "-q", str(src)]
    for args in (
        [*base, "-o", str(blocker / "out.txt")],  # a file where a folder should be
        [*base, "-o", "/sys/ordbro-out.txt"],  # no permission, even for root
        [*base, "--report", "/sys/ordbro-report.json"],
        ["terms", "export", "/sys/ordbro.tbx", "--terms", str(terms_db)],
    ):
        code, _out, err = run(args, monkeypatch)
        assert code == 2, (args, err)
        line = one_line_error(err)
        assert "cannot write" in line or "Not a directory" in line, line


FULL_DISK = """
import resource, sys
from glossary.cli import main
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))  # every write past 4 KiB fails
main(sys.argv[1:])
"""


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(
    isolated_home, tiny_package_dir, tmp_path
):
    src = tmp_path / "in.txt"
    src.write_text("En mening som upprepas.\n" * 400, encoding="utf-8")
    out = tmp_path / "out.txt"
    args = [sys.executable, "-c", FULL_DISK, "translate", "--model", str(tiny_package_dir),
            "--no-terms", "--no-tm", "--progress", "none", str(src), "-o", str(out)]  # fmt: skip
    proc = subprocess.run(args, cwd=ROOT, env=isolated_home.env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    (failed,) = [line for line in proc.stderr.splitlines() if "FAILED" in line]
    assert "cannot write: File too large" in failed
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_a_model_package_with_a_corrupt_tokenizer_is_refused(
    isolated_home, tiny_package, tmp_path, monkeypatch
):
    broken = tmp_path / "translate-sv_en-9_9.argosmodel"
    with zipfile.ZipFile(tiny_package) as src, zipfile.ZipFile(broken, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith("sentencepiece.model"):
                data = bytes(random.Random(1).randrange(256) for _ in range(len(data)))
            out.writestr(info, data)
    code, _out, err = run(["models", "install", str(broken)], monkeypatch)
    assert code == 2, err
    assert "sentencepiece.model cannot be loaded" in one_line_error(err)
    assert list(isolated_home.packages.iterdir()) == []


# ----------------------------------------------------------------- HTML and docx readers


def test_deeply_nested_inline_html_is_fast(tmp_path):
    for depth in (25, 200, 250):
        page = ("<p>Ett " + "<b>" * depth + "ord" + "</b>" * depth + " här.</p>").encode()
        started = time.monotonic()
        doc = _parse(page, "html")
        out = doc.render([s.source.upper() for s in doc.segments])
        assert time.monotonic() - started < 5
        assert b"ORD" in out and out.count(b"<b>") == depth


def _parse(data: bytes, fmt: str, name: str = "x"):
    import importlib

    module = importlib.import_module(formats.FORMATS[fmt].module)
    return module.parse(data, Path(f"{name}.{fmt}"), fmt)


def test_html_deeper_than_the_parser_limit_is_an_error_not_silent_loss(tmp_path):
    page = "<div>" * 300 + "<p>Djupt stycke.</p>" + "</div>" * 300 + "<p>Sista stycket.</p>"
    with pytest.raises(InputError, match="nested more than 255 levels"):
        _parse(page.encode(), "html")
    path = tmp_path / "deep.html"
    path.write_text(page, encoding="utf-8")
    report = batch.translate_paths([path], tmp_path / "out", UpperTranslator(),
                                   memory=tmp_path / "tm.db")  # fmt: skip
    assert report.files[0].status == "failed" and "255 levels" in report.files[0].error


def test_html_segment_keys_match_lxml_paths():
    from glossary.formats import html

    root, _ = html._parse_tree((FIXTURES / "page.html").read_text("utf-8"), Path("page.html"))
    tree = root.getroottree()
    paths = html._paths(root)
    assert paths and all(
        paths[el] == tree.getpath(el) for el in root.iter() if isinstance(el.tag, str)
    )


def _docx_with_big_headers(path: Path, headers: int = 4, size: int = 9 * 2**20) -> None:
    """A small .docx whose header parts each inflate to ``size`` bytes of XML."""
    with zipfile.ZipFile(FIXTURES / "report.docx") as src:
        entries = {i.filename: src.read(i) for i in src.infolist()}
    w = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    filler = b"<w:p><w:r><w:t>Sidhuvud</w:t></w:r></w:p>"
    body = filler * (size // len(filler))
    rels = entries["word/_rels/document.xml.rels"].decode()
    extra = "".join(
        f'<Relationship Id="rIdBig{n}" Type="http://schemas.openxmlformats.org/'
        f'officeDocument/2006/relationships/header" Target="big{n}.xml"/>'
        for n in range(headers)
    )
    entries["word/_rels/document.xml.rels"] = rels.replace("</Relationships>",
                                                           extra + "</Relationships>").encode()  # fmt: skip
    for n in range(headers):
        entries[f"word/big{n}.xml"] = b"<w:hdr " + w + b">" + body + b"</w:hdr>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in entries.items():
            out.writestr(name, data)


def test_docx_whose_parts_together_inflate_too_far_is_refused_quickly(tmp_path):
    path = tmp_path / "headers.docx"
    _docx_with_big_headers(path)
    assert path.stat().st_size < 512 * 1024
    started = time.monotonic()
    with pytest.raises(InputError, match="zip bomb"):
        formats.load(path)
    assert time.monotonic() - started < 5


def test_docx_with_too_many_parts_is_refused(tmp_path):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(FIXTURES / "report.docx") as src, zipfile.ZipFile(path, "w") as out:
        for info in src.infolist():
            out.writestr(info.filename, src.read(info))
        for n in range(6000):
            out.writestr(f"customXml/junk{n}.xml", b"<a/>")
    with pytest.raises(InputError, match="parts"):
        formats.load(path)


# ----------------------------------------------------------------- folder batches


def test_links_out_of_the_input_folder_are_not_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Hemlig text utanför mappen.\n", encoding="utf-8")
    src = tmp_path / "src"
    (src / "inner").mkdir(parents=True)
    (src / "own.txt").write_text("Egen text.\n", encoding="utf-8")
    (src / "leak.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "own.txt")
    (src / "outside-dir").symlink_to(tmp_path, target_is_directory=True)
    (src / "loop").symlink_to(src, target_is_directory=True)
    out, db = tmp_path / "out", tmp_path / "tm.db"
    report = batch.translate_paths([src], out, UpperTranslator(), memory=db)
    status = {Path(f.input).name: f.status for f in report.files}
    assert status == {"own.txt": "translated", "inside.txt": "translated", "leak.txt": "skipped"}
    leak = next(f for f in report.files if f.input.endswith("leak.txt"))
    assert "outside the input folder" in leak.error
    assert not (out / "leak.txt").exists()
    with TranslationMemory.open(db) as tm:
        assert tm.lookup("Hemlig text utanför mappen.", "sv", "en") is None
    assert report.exit_code == 0


def test_an_undecodable_file_name_is_one_failed_line(isolated_home, tiny_package, tmp_path,
                                                     monkeypatch):  # fmt: skip
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("En bra fil.\n", encoding="utf-8")
    bad = os.path.join(os.fsencode(src), b"d\xe5lig.txt")  # Latin-1 name on a UTF-8 system
    with open(bad, "wb") as fh:
        fh.write(b"En fil med konstigt namn.\n")
    out = tmp_path / "out"
    code, _o, err = run(["translate", "--model", str(tiny_package), "--no-terms", "--no-tm",
                         str(src), "--out-dir", str(out), "--report",
                         str(tmp_path / "r.json")], monkeypatch)  # fmt: skip
    assert code == 2, err
    assert "Traceback" not in err
    assert "FAILED" in err and "not valid UTF-8" in err
    assert (out / "good.txt").read_text("utf-8") == "En bra fil.\n"
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [f["status"] for f in data["files"]] == ["failed", "translated"]


class FailsOnWord(UpperTranslator):
    """A translator that breaks on one word, as the engine does on odd input."""

    def translate_sentences(self, sentences):
        if any("Krasch" in s for s in sentences):
            raise RuntimeError("the model cannot take this sentence")
        return super().translate_sentences(sentences)


def test_a_segment_the_translator_cannot_take_fails_only_its_file(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for n in range(5):
        (src / f"f{n}.txt").write_text(f"Fil nummer {n} är fin.\n", encoding="utf-8")
    (src / "f2.txt").write_text("Krasch i den här filen.\nOch en rad till.\n", encoding="utf-8")
    out = tmp_path / "out"
    report = batch.translate_paths([src], out, FailsOnWord(), memory=tmp_path / "tm.db")
    status = {Path(f.input).name: f.status for f in report.files}
    assert status == {"f0.txt": "translated", "f1.txt": "translated", "f2.txt": "failed",
                      "f3.txt": "translated", "f4.txt": "translated"}  # fmt: skip
    assert not (out / "f2.txt").exists()
    assert (out / "f4.txt").read_text("utf-8") == "FIL NUMMER 4 ÄR FIN.\n"


def test_temporary_files_of_a_dead_run_are_cleaned_and_live_ones_kept(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("En rad.\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale_file = out / f".a.txt.ordbro-{dead}-x1y2.part"
    stale_dir = out / f".b.txt.ordbro-{dead}-z3w4"
    live = out / f".c.txt.ordbro-{os.getppid()}-q5r6.part"
    stale_file.write_bytes(b"half")
    stale_dir.mkdir()
    (stale_dir / "b.txt").write_bytes(b"half")
    live.write_bytes(b"in use")
    for _ in range(2):  # a second run finds nothing more to clean and leaves nothing
        batch.translate_paths([src], out, UpperTranslator(), memory=tmp_path / "tm.db")
    assert sorted(p.name for p in out.iterdir()) == [live.name, "a.txt"]


WORKERS = """
import sys
from pathlib import Path
from glossary.batch import translate_paths
from tests.formats.translators import SlowLoggingTranslator
translate_paths([Path(sys.argv[1])], Path(sys.argv[2]), SlowLoggingTranslator,
                memory=Path(sys.argv[3]), jobs=2, chunk_words=3)
"""


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            command = (entry / "cmdline").read_bytes() if int(fields[1]) == pid else b""
            if b"spawn_main" in command:  # a pool worker (not the resource tracker)
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_jobs_workers_die_with_their_parent(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for f in range(8):
        lines = [f"Mening {n} i fil {f}." for n in range(6)]
        (src / f"doc{f}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [sys.executable, "-c", WORKERS, str(src), str(tmp_path / "out"), str(tmp_path / "tm.db")]
    env = dict(os.environ, ORDBRO_TEST_LOG=str(tmp_path / "log"), ORDBRO_TEST_DELAY="0.2")
    parent = subprocess.Popen(args, cwd=ROOT, env=env)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not (tmp_path / "log").exists():
        time.sleep(0.1)
    workers = _children(parent.pid)
    assert workers, "the workers never started"
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


# ----------------------------------------------------------------- glossary files


def _terms_cli(monkeypatch, db: Path, *args: str) -> tuple[int, str]:
    code, _out, err = run(["terms", *args, "--terms", str(db)], monkeypatch)
    return code, err


HOSTILE_CELLS = ["=cmd|' /C calc'!A0", "+1+1", "-ism", "@SUM(A1)", "'citat'", "'=inte formel"]


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_formula_cells_are_neutralised_on_export_and_round_trip_exactly(
    tmp_path, monkeypatch, suffix
):
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    db = tmp_path / "terms.db"
    with Termbase.open(db) as tb:
        for n, cell in enumerate(HOSTILE_CELLS):
            note = "rad ett\nrad två\tmed tabb och \\n bokstavligt" if n == 0 else None
            tb.add_entry(
                Entry(
                    None,
                    note=note,
                    terms=[Term(None, None, "sv", f"term{n}"), Term(None, None, "en", cell)],
                )  # fmt: skip
            )
    out = tmp_path / f"export{suffix}"
    assert _terms_cli(monkeypatch, db, "export", str(out))[0] == 0
    text = out.read_text("utf-8")
    if suffix == ".tsv":
        rows = [line.split("\t") for line in text.splitlines()]  # one line per entry
    else:
        import csv

        rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 1 + len(HOSTILE_CELLS)
    for row in rows[1:]:
        assert not row[1].startswith(("=", "+", "-", "@")), row  # nothing a sheet would run
    fresh = tmp_path / "fresh.db"
    code, err = _terms_cli(monkeypatch, fresh, "import", str(out))
    assert code == 0, err
    with Termbase.open(db) as a, Termbase.open(fresh) as b:

        def shape(tb):
            return sorted(
                (e.note or "", tuple(sorted((t.lang, t.text) for t in e.terms)))
                for e in tb.entries()
            )

        assert shape(a) == shape(b)


def test_a_glossary_with_mixed_encodings_is_refused_with_line_numbers(tmp_path, monkeypatch):
    path = tmp_path / "blandat.csv"
    path.write_bytes(
        b"source,target\n"
        + "språkmodell,language model\n".encode()
        + "förhållningssätt,approach\n".encode("cp1252")
    )
    db = tmp_path / "terms.db"
    code, err = _terms_cli(monkeypatch, db, "import", str(path))
    assert code == 2
    line = one_line_error(err)
    assert "mixed encodings" in line and "line 2" in line and "line 3" in line
    assert not db.exists() or _rows(db, "terms") == 0


def test_a_pure_cp1252_glossary_still_imports_without_mojibake(tmp_path, monkeypatch):
    path = tmp_path / "gammal.csv"
    path.write_bytes("source,target\nförhållningssätt,approach\n".encode("cp1252"))
    db = tmp_path / "terms.db"
    assert _terms_cli(monkeypatch, db, "import", str(path))[0] == 0
    con = sqlite3.connect(db)
    texts = {row[0] for row in con.execute("SELECT text FROM terms")}
    con.close()
    assert "förhållningssätt" in texts


ENTITY_TBX = (
    '<?xml version="1.0" encoding="{enc}"?>\n<!-- {pad} -->\n'
    '<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    '<tbx type="TBX-Basic" style="dca" xmlns="urn:iso:std:iso:30042:ed:3.0"><text><body>'
    '<conceptEntry id="c1"><langSec xml:lang="sv"><termSec><term>&x;</term></termSec>'
    "</langSec></conceptEntry></body></text></tbx>"
)


@pytest.mark.parametrize("encoding", ["UTF-8", "UTF-16"])
def test_tbx_entities_are_refused_after_a_long_prolog_and_in_utf16(tmp_path, monkeypatch, encoding):
    path = tmp_path / "hostile.tbx"
    text = ENTITY_TBX.format(enc=encoding, pad="x" * 70000)
    path.write_bytes(text.encode(encoding.lower()))
    db = tmp_path / "terms.db"
    code, err = _terms_cli(monkeypatch, db, "import", str(path))
    assert code == 2
    assert "declares XML entities" in one_line_error(err)
    assert "root:" not in err


def test_xliff_output_drops_a_hostile_doctype(tmp_path):
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    path = tmp_path / "in.xlf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
        f'<xliff version="1.2" xmlns="{ns}"><file source-language="sv" target-language="en">'
        '<body><trans-unit id="1"><source>Hej &e; världen.</source></trans-unit></body>'
        "</file></xliff>",
        encoding="utf-8",
    )
    report = batch.translate_paths([path], tmp_path / "out", UpperTranslator(),
                                   memory=tmp_path / "tm.db")  # fmt: skip
    assert report.ok
    out = (tmp_path / "out" / "in.xlf").read_bytes()
    assert b"DOCTYPE" not in out and b"ENTITY" not in out and b"root:" not in out
    assert b"<target" in out


def test_an_empty_text_file_is_the_same_error_to_stdout_and_to_a_file(
    isolated_home, tiny_package, tmp_path, monkeypatch
):
    empty = tmp_path / "tom.txt"
    empty.write_bytes(b"")
    base = ["translate", "--model", str(tiny_package), "--no-terms", "--no-tm", str(empty)]
    code_stdout, out, err_stdout = run(base, monkeypatch)
    code_file, _o, err_file = run([*base, "-o", str(tmp_path / "ut.txt")], monkeypatch)
    assert (code_stdout, code_file) == (2, 2) and out == b""
    assert "the file is empty" in one_line_error(err_stdout)
    assert "the file is empty" in err_file and "Traceback" not in err_file


def test_a_long_tm_import_does_not_lock_out_a_concurrent_writer(tmp_path):
    units = 40000
    tmx = tmp_path / "big.tmx"
    with open(tmx, "w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="sv"/><body>\n')
        for n in range(units):
            fh.write(f'<tu><tuv xml:lang="sv"><seg>Mening nummer {n} om chip.</seg></tuv>'
                     f'<tuv xml:lang="en"><seg>Sentence number {n} on chips.</seg></tuv></tu>\n')  # fmt: skip
        fh.write("</body></tmx>\n")
    db = tmp_path / "memory.db"
    TranslationMemory.open(db).close()
    args = [sys.executable, "-m", "glossary", "tm", "import", str(tmx), "--tm", str(db)]
    proc = subprocess.Popen(args, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    waits = []
    try:
        while proc.poll() is None and len(waits) < 20:
            if _rows(db, "segments") == 0:
                time.sleep(0.05)
                continue
            con = sqlite3.connect(db, timeout=60, isolation_level=None)
            started = time.monotonic()
            con.execute("BEGIN IMMEDIATE")
            waits.append(time.monotonic() - started)
            con.execute("COMMIT")
            con.close()
            time.sleep(0.05)
    finally:
        _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert waits, "the import finished before a writer could try"
    assert max(waits) < 5, waits  # one batch, never the whole import
    assert _rows(db, "segments") == units


# ----------------------------------------------------------------- generated: growth


def _random_html(rng: random.Random, units: int, depth: int, width: int) -> bytes:
    """``units`` blocks, each a random tree of inline and block elements up to ``depth``
    deep with up to ``width`` children per element."""
    inline = ["b", "i", "em", "a", "span", "code"]
    block = ["div", "section", "p", "ul", "li", "blockquote"]

    budget = [0]

    def tree(level: int) -> str:
        budget[0] -= 1
        if level >= depth or budget[0] < 0 or rng.random() < 0.1:
            return "ord "
        tag = rng.choice(inline if rng.random() < 0.7 else block)
        kids = "".join(tree(level + 1) for _ in range(rng.randint(1, width)))
        return f"<{tag}>Text {kids}</{tag}> svans "

    def shape() -> str:
        budget[0] = 60  # elements per shape: deep or wide, never both without bound
        return tree(0)

    shapes = [shape() for _ in range(8)]  # the same few shapes repeated: size scales exactly
    body = "".join(f"<p>Stycke {n}: {shapes[n % len(shapes)]}</p>\n" for n in range(units))
    return f"<html><body>{body}</body></html>".encode()


def _random_xliff(rng: random.Random, units: int, depth: int, width: int) -> bytes:
    ns = "urn:oasis:names:tc:xliff:document:1.2"

    budget = [0]

    def codes(level: int) -> str:
        budget[0] -= 1
        if level >= depth or budget[0] < 0 or rng.random() < 0.1:
            return "ord "
        if rng.random() < 0.3:
            return f'<x id="x{level}"/> '
        kids = "".join(codes(level + 1) for _ in range(rng.randint(1, width)))
        return f'<g id="g{level}">text {kids}</g> '

    shapes = []
    for _ in range(8):
        budget[0] = 60
        shapes.append(codes(0))
    tus = "".join(
        f'<trans-unit id="u{n}"><source>Mening {n} {shapes[n % 8]}</source></trans-unit>\n'
        for n in range(units)
    )
    return (f'<?xml version="1.0"?>\n<xliff version="1.2" xmlns="{ns}"><file '
            f'source-language="sv" datatype="plaintext" original="x"><body>{tus}'
            "</body></file></xliff>\n").encode()  # fmt: skip


def _cost(data: bytes, fmt: str) -> float:
    """CPU seconds to parse and fully re-render ``data`` (best of three).

    The cyclic garbage collector is paused while timing: its full passes scan the whole
    test process (pytest's objects too), which adds a size-dependent cost unrelated to
    the reader; the reader's own growth is what is measured here (benchmarks/formats.py
    measures with the collector on, in a fresh process)."""
    import gc

    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            started = time.process_time()
            doc = _parse(data, fmt)
            doc.render([s.source.upper() for s in doc.segments])
            best = min(best, time.process_time() - started)
        finally:
            gc.enable()
        del doc
    return best


def _assert_near_linear(costs: list[float], label: str) -> None:
    """Doubling the input costs at most ~2.5x: the log-log slope over the doublings is at
    most log2(2.5) (a quadratic reader has slope 2, an exponential one far more)."""
    import math

    xs = list(range(len(costs)))
    ys = [math.log2(max(c, 1e-4)) for c in costs]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mean_x) ** 2 for x in xs
    )
    assert slope <= math.log2(2.5), f"{label}: costs {costs} grow as n^{slope:.2f}"


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("fmt", ["html", "xliff"])
def test_random_nesting_parses_in_near_linear_time(fmt, seed):
    rng = random.Random(seed)
    depth, width = rng.randint(3, 40), rng.randint(1, 4)
    make = _random_html if fmt == "html" else _random_xliff
    costs = []
    for units in (50, 100, 200, 400):
        data = make(random.Random(seed), units, depth, width)
        costs.append(_cost(data, fmt))
        assert costs[-1] < 20, f"{fmt} depth {depth} width {width}: {costs}"
    _assert_near_linear(costs, f"{fmt} seed {seed} depth {depth} width {width}")


@pytest.mark.parametrize("fmt", ["html", "xliff"])
def test_depth_of_nesting_costs_linear_time(fmt):
    """One long chain of inline elements, 30 to 240 deep (was exponential in HTML)."""
    costs = []
    for depth in (30, 60, 120, 240):
        if fmt == "html":
            para = "<p>Ett " + "<b>" * depth + "ord" + "</b>" * depth + " här.</p>\n"
            data = ("<html><body>" + para * 20 + "</body></html>").encode()
        else:
            data = _random_xliff(random.Random(0), 20, 0, 1).replace(
                b"ord ", b'<g id="1">' * depth + b"ord" + b"</g>" * depth
            )
        costs.append(_cost(data, fmt))
    _assert_near_linear(costs, f"{fmt} chain")


@pytest.mark.parametrize("marker", ["**a ", "_a ", "[a ", "![a](", "`a "])
def test_unclosed_markdown_markers_cost_linear_time(marker):
    """A line full of markers that never close (once quadratic in the line's length)."""
    costs = [_cost((marker * n + "\n").encode(), "md") for n in (1000, 2000, 4000, 8000)]
    _assert_near_linear(costs, f"markdown {marker!r}")


def test_sibling_paragraphs_cost_linear_time():
    costs = []
    for n in (1000, 2000, 4000, 8000):
        data = ("<html><body>" + "<p>Ett ord.</p>mellan\n" * n + "</body></html>").encode()
        costs.append(_cost(data, "html"))
    _assert_near_linear(costs, "html siblings")


# ----------------------------------------------------------------- generated: corruption


def _mutations(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    out = []
    for _ in range(count):
        buf = bytearray(data)
        kind = rng.choice(["flip", "truncate", "insert", "duplicate"])
        if kind == "flip":
            for _ in range(rng.randint(1, 16)):
                buf[rng.randrange(len(buf))] = rng.randrange(256)
        elif kind == "truncate":
            del buf[rng.randrange(1, len(buf)) :]
        elif kind == "insert":
            at = rng.randrange(len(buf))
            buf[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            start = rng.randrange(len(buf))
            buf[start:start] = buf[start : start + rng.randint(1, 4096)]
        out.append(bytes(buf))
    return out


def _corrupt_docx(data: bytes, rng: random.Random, count: int) -> list[bytes]:
    """Byte corruption of the XML parts inside an intact zip (what python-docx parses)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    out = []
    for _ in range(count):
        name = rng.choice(["word/document.xml", "word/styles.xml", "[Content_Types].xml",
                           "word/_rels/document.xml.rels", "word/header1.xml"])  # fmt: skip
        (mutated,) = _mutations(parts[name], rng, 1)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for part, content in parts.items():
                zf.writestr(part, mutated if part == name else content)
        out.append(buf.getvalue())
    return out


def test_random_corruption_of_every_format_is_a_translation_or_one_line_error(tmp_path):
    rng = random.Random(16)
    src = tmp_path / "src"
    src.mkdir()
    made = 0
    for fixture in sorted(FIXTURES.iterdir()):
        if fixture.suffix == ".py":
            continue
        data = fixture.read_bytes()
        variants = _mutations(data, rng, 12)
        if fixture.suffix == ".docx":
            variants += _corrupt_docx(data, rng, 12)
        for n, variant in enumerate(variants):
            (src / f"{fixture.stem}-{n:02}{fixture.suffix}").write_bytes(variant)
            made += 1
    out = tmp_path / "out"
    report = batch.translate_paths([src], out, UpperTranslator(), memory=tmp_path / "tm.db",
                                   report_path=tmp_path / "report.json")  # fmt: skip
    assert len(report.files) == made
    statuses = {f.status for f in report.files}
    assert statuses <= {"translated", "failed"}
    for f in report.files:
        written = out / Path(f.input).name
        if f.status == "failed":
            assert f.error and "\n" not in f.error and "Traceback" not in f.error
            assert Path(f.input).name in f.error or "cannot" in f.error, f.error
            assert not written.exists()
        else:
            assert written.stat().st_size > 0
    assert json.loads((tmp_path / "report.json").read_text("utf-8"))["totals"]
    assert not [p for p in out.rglob(".*")]  # no temporary files left


def test_random_corruption_through_the_cli_is_exit_0_or_2_never_a_traceback(
    isolated_home, tiny_package_dir, tmp_path
):
    rng = random.Random(61)
    cases = []
    for fixture in ("page.html", "report.docx", "strings12.xlf", "app.po", "talk.srt", "guide.md"):
        data = (FIXTURES / fixture).read_bytes()
        variant = (_corrupt_docx if fixture.endswith(".docx") else _mutations)(data, rng, 1)[0]
        path = tmp_path / f"bad-{fixture}"
        path.write_bytes(variant)
        cases.append(path)
    for path in cases:
        out = tmp_path / f"out-{path.name}"
        proc = subprocess.run(
            [sys.executable, "-m", "glossary", "translate", "--model", str(tiny_package_dir),
             "--no-terms", "--no-tm", "--progress", "none", str(path), "-o", str(out)],
            cwd=ROOT, env=isolated_home.env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert proc.returncode in (0, 2), proc.stderr
        assert "Traceback" not in proc.stderr
        assert out.exists() == (proc.returncode == 0), proc.stderr


# ----------------------------------------------------------------- generated: file names


def _random_names(rng: random.Random, count: int) -> list[str]:
    alphabet = (
        "abcåäöÅÄÖ éü-_.,;'\"()[]{}!#$%&+=@~^`"  # punctuation and Swedish letters
        + "\u202e\u200b\u00a0"  # right-to-left override, zero width space, no-break space
        + "日本語кириллица😀"
    )
    names: set[str] = set()
    while len(names) < count:
        stem = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40)))
        stem = stem.replace("/", "_").strip()
        if not stem or stem.startswith(".") or stem in (".", ".."):
            continue
        names.add(rng.choice(["-", "--", "", " "]).lstrip() + stem + ".txt")
    long = "lång" * 50  # near the 255-byte limit of most file systems
    while len((long + ".txt").encode()) > 250:
        long = long[1:]
    return [*sorted(names), long + ".txt"]


def test_random_file_names_are_all_translated_and_mirrored(tmp_path):
    rng = random.Random(7)
    src = tmp_path / "src"
    (src / "under mapp -x").mkdir(parents=True)
    expected = {}
    for n, name in enumerate(_random_names(rng, 40)):
        folder = src if n % 3 else src / "under mapp -x"
        path = folder / name
        path.write_text(f"Fil {n} med ett ord.\n", encoding="utf-8")
        expected[path.relative_to(src)] = f"FIL {n} MED ETT ORD.\n"
    bad = os.path.join(os.fsencode(src), b"\xff\xfe-trasig.txt")
    with open(bad, "wb") as fh:
        fh.write(b"Trasigt namn.\n")
    out = tmp_path / "out"
    report = batch.translate_paths([src], out, UpperTranslator(), memory=tmp_path / "tm.db",
                                   report_path=tmp_path / "r.json")  # fmt: skip
    for relative, text in expected.items():
        assert (out / relative).read_text("utf-8") == text, relative
    failed = report.failed
    assert len(failed) == 1 and "not valid UTF-8" in failed[0].error
    json.loads((tmp_path / "r.json").read_text("utf-8"))
    report.summary().encode("utf-8")  # printable
