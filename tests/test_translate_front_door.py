"""The one translation front door, through `ordbro translate` as a user runs it.

Regression tests for bugs the parallel translation paths caused: memory reuse across
settings, `--no-tm` with `--jobs`, `--tm` on stdout, file modes, the `--jobs` summary,
and long sentences with terms enforced.
"""

from __future__ import annotations

import os
import stat

import pytest

from glossary.memory import TranslationMemory
from glossary.termbase import Termbase
from glossary.termtypes import Entry, Term
from tests.test_cli_translate import run

SENTENCE = "Chipkriget hårdnar.\n"


@pytest.fixture
def terms_db(tmp_path):
    db = tmp_path / "terms.db"
    with Termbase.open(db) as tb:
        tb.add_entry(Entry(None, terms=[
            Term(None, None, "sv", "chipkrig", pos="noun", gender="neuter"),
            Term(None, None, "en", "chip war", pos="noun"),
        ]))  # fmt: skip
        tb.add_entry(Entry(None, terms=[
            Term(None, None, "sv", "Nvidia", pos="properNoun", dnt=True),
            Term(None, None, "en", "Nvidia", pos="properNoun", dnt=True),
        ]))  # fmt: skip
    return db


@pytest.fixture
def ordbro(isolated_home, tiny_package, monkeypatch, terms_db):
    """`ordbro translate` with the copy model; terms enforced unless --no-terms is given."""

    def call(*args: str, stdin: bytes = b""):
        argv = ["translate", "--model", str(tiny_package), "--terms", str(terms_db), *args]
        return run(argv, stdin, monkeypatch)

    return call


def test_a_plain_run_in_the_memory_does_not_stop_terms_on_the_next_run(ordbro, tmp_path):
    src = tmp_path / "a.txt"
    src.write_text(SENTENCE, encoding="utf-8")
    code, _, _ = ordbro(str(src), "--no-terms", "-o", str(tmp_path / "plain.txt"))
    assert code == 0
    assert (tmp_path / "plain.txt").read_text("utf-8") == SENTENCE  # the copy model alone
    code, _, err = ordbro(str(src), "-o", str(tmp_path / "enforced.txt"))
    assert code == 0
    assert (tmp_path / "enforced.txt").read_text("utf-8").startswith("The chip war ")
    assert "1 terms: 0 already, 1 applied, 0 failed" in err


def test_a_changed_term_is_applied_on_the_next_run(ordbro, tmp_path, terms_db):
    src = tmp_path / "a.txt"
    src.write_text(SENTENCE, encoding="utf-8")
    assert ordbro(str(src), "-o", str(tmp_path / "one.txt"))[0] == 0
    assert (tmp_path / "one.txt").read_text("utf-8").startswith("The chip war ")
    with Termbase.open(terms_db) as tb:
        entry = next(e for e in tb.entries() if any(t.text == "chip war" for t in e.terms))
        for term in entry.terms:
            if term.text == "chip war":
                term.text = "semiconductor conflict"
        tb.update_entry(entry)
    code, _, err = ordbro(str(src), "-o", str(tmp_path / "two.txt"))
    assert code == 0
    assert (tmp_path / "two.txt").read_text("utf-8").startswith("The semiconductor conflict ")
    assert "(0 from memory" in err


def test_a_human_translation_in_the_memory_always_wins(ordbro, tmp_path, isolated_home):
    src = tmp_path / "a.txt"
    src.write_text(SENTENCE, encoding="utf-8")
    with TranslationMemory.open() as tm:
        tm.record("Chipkriget hårdnar.", "The chip war grows fiercer.", origin="human")
    code, out, _ = ordbro(str(src))
    assert code == 0 and out.decode() == "The chip war grows fiercer.\n"


def test_jobs_without_memory_write_no_memory_file(ordbro, tmp_path, monkeypatch, isolated_home):
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c.txt"):
        (work / "in" / name).write_text(f"{name} handlar om chipkriget.\n", encoding="utf-8")
    monkeypatch.chdir(work)
    code, _, err = ordbro("in", "--out-dir", "out", "--jobs", "2", "--no-tm")
    assert code == 0, err
    assert sorted(os.listdir(work)) == ["in", "out"]  # no memory file named "None"
    assert not (isolated_home.home / "memory.db").exists()
    assert len(list((work / "out").iterdir())) == 3


def test_tm_options_work_for_text_to_stdout(ordbro, tmp_path, isolated_home):
    memory = tmp_path / "mine.db"
    code, out, _ = ordbro("-", "--tm", str(memory), stdin=SENTENCE.encode())
    assert code == 0 and out.decode().startswith("The chip war ")
    with TranslationMemory.open(memory) as tm:
        assert tm.stats()["segments"] == 1
    code, _, _ = ordbro("-", "--no-tm", stdin=b"Ett annat stycke.\n")
    assert code == 0 and not (isolated_home.home / "memory.db").exists()


@pytest.mark.parametrize("mode", ["-o", "--out-dir", "stream"])
def test_outputs_follow_the_umask(ordbro, tmp_path, monkeypatch, mode):
    src = tmp_path / "a.txt"
    src.write_text(SENTENCE, encoding="utf-8")
    old = os.umask(0o022)
    try:
        if mode == "-o":
            args, out = ["-o", str(tmp_path / "x.txt")], tmp_path / "x.txt"
        elif mode == "--out-dir":
            args, out = ["--out-dir", str(tmp_path / "o"), "--format", "md"], tmp_path / "o"
        else:  # a text bigger than the streaming threshold
            from glossary import batch

            monkeypatch.setattr(batch, "STREAM_BYTES", 4)
            args, out = ["--out-dir", str(tmp_path / "o"), "--format", "md"], tmp_path / "o"
        assert ordbro(str(src), *args)[0] == 0
        written = out if out.is_file() else next(out.rglob("*.txt"))
        assert stat.S_IMODE(written.stat().st_mode) == 0o644
    finally:
        os.umask(old)


def test_jobs_summary_counts_terms_the_model_got_alone(ordbro, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Nvidia växer. Chipkriget hårdnar.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Nvidia säljer.\n", encoding="utf-8")
    code, _, one = ordbro(str(folder), "--out-dir", str(tmp_path / "one"), "--no-tm")
    assert code == 0
    code, _, two = ordbro(str(folder), "--out-dir", str(tmp_path / "two"), "--no-tm", "--jobs", "2")
    assert code == 0
    line = "3 terms: 2 already, 1 applied, 0 failed"
    assert line in one and line in two


@pytest.mark.parametrize("terms", [True, False])
def test_a_very_long_sentence_translates(ordbro, tmp_path, terms):
    words = " ".join(["chipkriget"] * 150) + ".\n"
    realistic = " ".join(
        f"Det {i}:e avsnittet om chipkriget, exportregler och fabriker i Taiwan, Korea och USA"
        for i in range(20)
    ) + ".\n"  # fmt: skip
    for text in (words, realistic):
        args = [] if terms else ["--no-terms"]
        code, out, err = ordbro("-", "--no-tm", *args, stdin=text.encode())
        assert code == 0, err
        target = out.decode()
        assert target.endswith(".\n") and "\n" not in target[:-1]
        if terms:
            assert target.count("chip war") == text.count("chipkriget")
        else:  # the copy model gives every piece back
            assert target.split() == text.split()
