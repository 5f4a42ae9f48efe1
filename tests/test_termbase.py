"""The Termbase API on real SQLite files: CRUD, forms, search, versions, locations."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from glossary.errors import TermbaseError
from glossary.termbase import MIGRATIONS, SCHEMA_VERSION, Termbase, resolve_termbase_path
from glossary.termtypes import Entry, Form, Term


def chipkrig() -> Entry:
    return Entry(
        None,
        subject_field="semiconductors",
        definition="The contest between the US and China over chips.",
        terms=[
            Term(None, None, "sv", "chipkrig", pos="noun", gender="neuter"),
            Term(None, None, "en", "chip war", pos="noun"),
            Term(None, None, "en", "chips war", pos="noun", status="forbidden"),
        ],
    )


@pytest.fixture
def tb(tmp_path):
    base = Termbase.open(tmp_path / "terms.db")
    yield base
    base.close()


def test_add_and_get_round_trips_every_field(tb):
    entry = chipkrig()
    entry.note = "from the news"
    entry.author = "kim"
    entry.terms[0].declension = "chipkrig"
    entry.terms[0].note = "ett chipkrig"
    entry.terms[0].source = "ordbro"
    entry.terms[1].case_sensitive = True
    entry_id = tb.add_entry(entry)
    got = tb.get_entry(entry_id)
    assert got.id == entry_id
    assert (got.subject_field, got.definition, got.note, got.author) == (
        "semiconductors",
        "The contest between the US and China over chips.",
        "from the news",
        "kim",
    )
    assert got.created and got.modified
    sv = got.preferred("sv")
    assert (sv.text, sv.pos, sv.gender, sv.declension, sv.note, sv.source) == (
        "chipkrig",
        "noun",
        "neuter",
        "chipkrig",
        "ett chipkrig",
        "ordbro",
    )
    assert got.preferred("en").text == "chip war"
    assert got.preferred("en").case_sensitive is True
    assert [t.text for t in got.terms if t.status == "forbidden"] == ["chips war"]


def test_generated_forms_are_stored_and_manual_forms_survive_regeneration(tb):
    from glossary.morphology import generate_forms

    entry_id = tb.add_entry(chipkrig())
    term = tb.get_entry(entry_id).preferred("sv")
    expected = {(f.text, tuple(f.features)) for f in generate_forms(term)}
    assert {(f.text, f.features) for f in term.forms if f.origin == "generated"} == expected
    assert all(f.origin == "generated" for f in term.forms)

    tb.add_form(term.id, "chipkrigsen", ["def", "sg", "dialect"])
    entry = tb.get_entry(entry_id)
    entry.preferred("sv").text = "chipskrig"  # text changed: generated forms are made again
    tb.update_entry(entry)
    term = tb.get_entry(entry_id).preferred("sv")
    generated = [f for f in term.forms if f.origin == "generated"]
    assert generated and all("chipskrig" in f.text for f in generated)
    assert Form("chipkrigsen", ("def", "dialect", "sg"), "manual") in term.forms

    assert tb.regenerate_forms() == 3
    term = tb.get_entry(entry_id).preferred("sv")
    assert [f.text for f in term.forms if f.origin == "manual"] == ["chipkrigsen"]

    tb.remove_form(term.id, "chipkrigsen")
    assert all(f.origin == "generated" for f in tb.get_entry(entry_id).preferred("sv").forms)
    with pytest.raises(TermbaseError):
        tb.remove_form(term.id, "chipkrigsen")


def test_update_replaces_terms_and_remove_deletes_everything(tb):
    entry_id = tb.add_entry(chipkrig())
    entry = tb.get_entry(entry_id)
    entry.terms = [t for t in entry.terms if t.status != "forbidden"]
    entry.terms.append(Term(None, entry_id, "en", "chipwar", pos="noun", status="forbidden"))
    entry.note = "edited"
    tb.update_entry(entry)
    got = tb.get_entry(entry_id)
    assert got.note == "edited"
    assert sorted(t.text for t in got.terms) == ["chip war", "chipkrig", "chipwar"]
    tb.remove_entry(entry_id)
    with pytest.raises(TermbaseError):
        tb.get_entry(entry_id)
    conn = sqlite3.connect(tb.path)
    assert conn.execute("SELECT count(*) FROM terms").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM forms").fetchone()[0] == 0
    assert tb.search("chipkrig") == []


def test_bad_fields_are_refused(tb):
    bad = chipkrig()
    bad.terms[0].status = "approved"
    with pytest.raises(TermbaseError, match="status"):
        tb.add_entry(bad)
    with pytest.raises(TermbaseError):
        tb.add_entry(Entry(None, terms=[]))
    assert tb.count() == 0


def test_search_as_you_type_filters_and_compounds(tb):
    tb.add_entry(chipkrig())
    wafer = Entry(
        None,
        glossary="fab",
        subject_field="chip making",
        definition="A thin disc of silicon.",
        terms=[
            Term(None, None, "sv", "kiselskiva", pos="noun", gender="common"),
            Term(None, None, "en", "silicon wafer"),
        ],
    )
    wafer_id = tb.add_entry(wafer)
    assert [e.preferred("sv").text for e in tb.search("chipk")] == ["chipkrig"]
    assert [e.preferred("sv").text for e in tb.search("chip war")] == ["chipkrig"]
    assert [e.id for e in tb.search("disc of sil")] == [wafer_id]  # definitions
    assert [e.id for e in tb.search("skiva")] == [wafer_id]  # inside a compound
    assert tb.search("kisel", glossary="default") == []
    assert [e.id for e in tb.search("kisel", subject_field="chip making")] == [wafer_id]
    assert [e.preferred("sv").text for e in tb.search("war", status="forbidden")] == ["chipkrig"]
    assert tb.search("\"'*") == []
    assert tb.glossaries() == ["default", "fab"]
    assert tb.subject_fields() == ["chip making", "semiconductors"]
    assert [e.id for e in tb.entries("fab")] == [wafer_id]


def test_data_version_changes_with_content_even_from_another_connection(tmp_path):
    first = Termbase.open(tmp_path / "t.db")
    second = Termbase.open(tmp_path / "t.db")
    before = first.data_version()
    entry_id = second.add_entry(chipkrig())
    after_add = first.data_version()
    assert after_add != before
    first.get_entry(entry_id)
    assert first.data_version() == after_add  # reading changes nothing
    second.remove_entry(entry_id)
    assert first.data_version() != after_add
    first.close()
    second.close()


def test_schema_has_version_migrations_wal_and_fts(tb):
    conn = sqlite3.connect(tb.path)
    assert tb.schema_version() == SCHEMA_VERSION
    assert [r[0] for r in conn.execute("SELECT name FROM _migrations")] == [
        "0001_initial",
        "0002_inferred_grammar",
    ]
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    fts = conn.execute("SELECT sql FROM sqlite_master WHERE name='entries_fts'").fetchone()[0]
    assert "fts5" in fts.lower()


def test_reopening_does_not_migrate_again(tmp_path):
    Termbase.open(tmp_path / "t.db").close()
    again = Termbase.open(tmp_path / "t.db")
    assert again.conn.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(MIGRATIONS)
    again.close()


def test_newer_schema_and_foreign_files_are_refused(tmp_path):
    path = tmp_path / "t.db"
    Termbase.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(TermbaseError, match="newer"):
        Termbase.open(path)
    text = tmp_path / "notes.txt"
    text.write_text("not a database at all")
    with pytest.raises(TermbaseError, match="not a termbase"):
        Termbase.open(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (y)").connection.commit()
    with pytest.raises(TermbaseError, match="not an ordbro termbase"):
        Termbase.open(other)


def test_resolve_prefers_flag_then_environment_then_a_copy_of_the_shipped_db(tmp_path, monkeypatch):
    from glossary import termbase

    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ORDBRO_TERMS", str(tmp_path / "env.db"))
    assert resolve_termbase_path(str(tmp_path / "flag.db")) == tmp_path / "flag.db"
    assert resolve_termbase_path(None) == tmp_path / "env.db"
    monkeypatch.delenv("ORDBRO_TERMS")
    shipped = termbase.shipped_termbase()
    assert shipped is not None
    digest = hashlib.sha256(shipped.read_bytes()).hexdigest()
    user = resolve_termbase_path(None)
    assert user == tmp_path / "home" / "terms.db"
    with Termbase.open(None) as tb:
        assert tb.path == user
        assert tb.count() >= 400
        tb.add_entry(chipkrig())
    assert hashlib.sha256(shipped.read_bytes()).hexdigest() == digest
    with Termbase.open(None) as tb:  # the user's copy is kept, not copied again
        assert len(tb.search("chipkrig")) == 2


def test_without_a_shipped_db_the_user_db_is_built_from_the_sources(tmp_path, monkeypatch):
    from glossary import termbase

    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TERMS", raising=False)
    monkeypatch.setattr(termbase, "shipped_termbase", lambda: None)
    with Termbase.open(None) as tb:
        assert tb.count() >= 400
        assert tb.search("chipkrig")


def test_a_missing_path_is_created_as_an_empty_termbase(tmp_path):
    path = tmp_path / "new" / "dir" / "terms.db"
    with Termbase.open(path) as tb:
        assert tb.count() == 0
        assert tb.glossaries() == []
    assert path.is_file()
