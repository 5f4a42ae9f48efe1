"""The translation memory: exact reuse by rank, fuzzy matches, durability, stats."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading

import pytest

from glossary.errors import InputError
from glossary.memory import SCHEMA_VERSION, TranslationMemory, default_path, word_diff


@pytest.fixture
def tm(tmp_path):
    memory = TranslationMemory.open(tmp_path / "memory.db")
    yield memory
    memory.close()


def test_lookup_prefers_approved_human_then_human_then_imported_then_machine(tm):
    src = "Chipkriget trappas upp."
    tm.record(src, "machine text", origin="machine")
    assert tm.lookup(src) == "machine text"
    tm.record(src, "imported text", origin="imported")
    assert tm.lookup(src) == "imported text"
    tm.record(src, "human text", origin="human")
    assert tm.lookup(src) == "human text"
    tm.record(src, "approved human text", origin="human", approved=True)
    # A newer machine translation does not beat any of them.
    tm.record(src, "newer machine text", origin="machine")
    assert tm.lookup(src) == "approved human text"


def test_newest_wins_within_a_rank_and_whitespace_does_not_matter(tm):
    tm.record("Hej  världen", "Hello world", origin="human")
    tm.record("Hej världen", "Hi world", origin="human")
    assert tm.lookup(" Hej världen ") == "Hi world"
    assert tm.lookup("Hej världen", "sv", "de") is None
    assert tm.lookup("Hej") is None


def test_rerecording_a_pair_upgrades_it_and_keeps_one_row(tm):
    tm.record("Ett", "One", origin="machine")
    tm.record("Ett", "One", origin="human", approved=True, file="a.txt")
    tm.record("Ett", "One", origin="machine")  # never downgrades
    rows = list(tm.iter_segments())
    assert len(rows) == 1
    assert (rows[0]["origin"], rows[0]["approved"], rows[0]["file"]) == ("human", 1, "a.txt")


def test_blank_segments_are_not_stored(tm):
    tm.record("  ", "x")
    tm.record("x", "")
    assert tm.stats()["segments"] == 0


def test_record_many_accepts_dicts_and_tuples(tm):
    n = tm.record_many(
        [
            {"source": "Ett", "target": "One", "origin": "human"},
            ("Två", "Two", "sv", "en", "imported", "f.tmx", True),
        ]
    )
    assert n == 2
    stats = tm.stats()
    assert stats["segments"] == 2
    assert stats["approved"] == 1
    assert stats["by_origin"] == {"human": 1, "imported": 1, "machine": 0}
    assert stats["language_pairs"] == {"sv-en": 2}
    assert stats["files"] == 1


def test_unknown_origin_is_refused(tm):
    with pytest.raises(ValueError):
        tm.record("a", "b", origin="robot")


def test_fuzzy_scores_ranks_and_diffs(tm):
    tm.record("Chipkriget trappas upp i Asien.", "The chip war escalates in Asia.", origin="human")
    tm.record("Priserna på kiselskivor steg.", "Silicon wafer prices rose.")
    tm.record("Chipkriget trappas upp.", "The chip war escalates.")
    matches = tm.fuzzy("Chipkriget trappas upp i Europa.")
    assert [m.target for m in matches] == [
        "The chip war escalates in Asia.",
        "The chip war escalates.",
    ]
    best = matches[0]
    assert 70 <= best.score < 100
    assert best.origin == "human"
    assert best.diff == [
        ("equal", "Chipkriget trappas upp i"),
        ("delete", "Asien"),
        ("insert", "Europa"),
        ("equal", "."),
    ]
    exact = tm.fuzzy("Chipkriget trappas upp.", threshold=99)
    assert [(m.score, m.target) for m in exact] == [(100.0, "The chip war escalates.")]
    assert tm.fuzzy("Helt annan mening om vädret.") == []
    assert tm.fuzzy("...") == []


def test_fuzzy_gives_the_best_translation_of_each_source(tm):
    tm.record("Tullarna höjs i år.", "Tariffs go up this year.", origin="machine")
    tm.record("Tullarna höjs i år.", "Tariffs rise this year.", origin="human", approved=True)
    matches = tm.fuzzy("Tullarna höjs i år igen.")
    assert [m.target for m in matches] == ["Tariffs rise this year."]
    assert matches[0].approved


def test_fuzzy_finds_a_near_match_among_many(tm):
    tm.record_many(
        (f"Mening nummer {i} handlar om ämne {i % 97}.", f"Sentence {i}.") for i in range(3000)
    )
    matches = tm.fuzzy("Mening nummer 1234 handlar om ämne 70!", threshold=85, limit=3)
    assert matches and matches[0].target == "Sentence 1234."


def test_word_diff_keeps_original_spacing():
    assert word_diff("Det var 2023.", "Det är 2024.") == [
        ("equal", "Det"),
        ("delete", "var 2023"),
        ("insert", "är 2024"),
        ("equal", "."),
    ]


def test_a_killed_writer_loses_nothing_it_recorded(tmp_path):
    path = tmp_path / "memory.db"
    code = (
        "import os, sys\n"
        "from glossary.memory import TranslationMemory\n"
        f"tm = TranslationMemory.open({str(path)!r})\n"
        "for i in range(50):\n"
        "    tm.record(f'Mening {i}', f'Sentence {i}')\n"
        "print('done', flush=True)\n"
        "os.kill(os.getpid(), 9)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == -9 and "done" in out.stdout
    with TranslationMemory.open(path) as tm:
        assert tm.stats()["segments"] == 50
        assert tm.lookup("Mening 49") == "Sentence 49"


def test_two_processes_and_threads_write_at_once(tmp_path):
    path = tmp_path / "memory.db"
    TranslationMemory.open(path).close()
    code = (
        "import sys\nfrom glossary.memory import TranslationMemory\n"
        f"tm = TranslationMemory.open({str(path)!r})\n"
        "for i in range(200):\n    tm.record(f'P {sys.argv[1]} {i}', 'x')\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(n)]) for n in range(2)]
    with TranslationMemory.open(path) as tm:
        threads = [
            threading.Thread(target=lambda k=k: [tm.record(f"T {k} {i}", "y") for i in range(100)])
            for k in range(2)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(p.wait(60) == 0 for p in procs)
        assert tm.stats()["segments"] == 600


def test_open_refuses_files_that_are_not_a_memory(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match="not a translation memory"):
        TranslationMemory.open(text)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE x (a)")
    with pytest.raises(InputError, match="not an ordbro translation memory"):
        TranslationMemory.open(other)
    with pytest.raises(InputError, match="is a directory"):
        TranslationMemory.open(tmp_path)


def test_schema_version_and_reopen(tmp_path):
    path = tmp_path / "m.db"
    with TranslationMemory.open(path) as tm:
        tm.record("a b", "c d")
        assert tm.schema_version() == SCHEMA_VERSION == 2
    with TranslationMemory.open(path) as tm:
        assert tm.lookup("a b") == "c d"
        assert tm.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_default_path_follows_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TM", raising=False)
    assert default_path() == tmp_path / "home" / "memory.db"
    monkeypatch.setenv("ORDBRO_TM", str(tmp_path / "tm.db"))
    with TranslationMemory.open() as tm:
        assert tm.path == tmp_path / "tm.db"


def test_a_version_1_memory_is_upgraded_and_keeps_its_segments(tmp_path):
    import sqlite3

    path = tmp_path / "old.db"
    with TranslationMemory.open(path) as tm:
        tm.record("Hej.", "Hi.", origin="human")
        tm.conn.execute("ALTER TABLE segments DROP COLUMN made_by")  # as ordbro made it before
        tm.conn.execute("DROP TABLE _migrations")
        tm.conn.execute("PRAGMA user_version = 1")
    with TranslationMemory.open(path) as tm:
        assert tm.schema_version() == 2
        assert tm.lookup("Hej.") == "Hi."
        assert tm.reusable("Hej.", "sv", "en", made_by="any") == "Hi."
    assert (
        sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 2
    )  # older ordbros see it


def test_a_machine_translation_is_reused_only_by_what_made_it(tmp_path):
    with TranslationMemory.open(tmp_path / "m.db") as tm:
        tm.record("Chipkriget.", "The chip war.", made_by="enforced")
        tm.record("Kriget.", "The war.", origin="human")
        assert tm.reusable("Chipkriget.", "sv", "en", "enforced") == "The chip war."
        assert tm.reusable("Chipkriget.", "sv", "en", "plain") is None
        assert tm.reusable("Kriget.", "sv", "en", "plain") == "The war."
