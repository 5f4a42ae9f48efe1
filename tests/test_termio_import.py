"""Importing real-world glossary layouts, and refusing bad files without touching the db."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from glossary.termbase import Termbase
from glossary.termio import Options
from glossary.termio.merge import import_file

FIXTURES = Path(__file__).parent / "fixtures" / "terms"


def pairs(tb: Termbase) -> list[tuple[str, str]]:
    return [(e.preferred("sv").text, e.preferred("en").text) for e in tb.entries()]


@pytest.fixture
def tb(tmp_path):
    base = Termbase.open(tmp_path / "terms.db")
    yield base
    base.close()


def test_deepl_csv_with_source_target_header(tb):
    summary = import_file(tb, FIXTURES / "deepl.csv")
    assert (summary.format, summary.read, summary.added) == ("csv", 4, 4)
    assert pairs(tb) == [
        ("chipkrig", "chip war"),
        ("kiselskiva", "silicon wafer"),
        ("öppen källkod, OSS", "open source"),
        ("exportrestriktion", "export restriction"),
    ]


def test_deepl_tsv_keeps_quotes_as_text(tb):
    import_file(tb, FIXTURES / "deepl.tsv")
    assert pairs(tb)[-1] == ('"öppen" källkod', "open source")


def test_deepl_csv_with_language_columns(tb):
    import_file(tb, FIXTURES / "deepl_langs.csv")
    assert pairs(tb) == [("grundforskning", "basic research"), ("AI-chip", "AI chip")]


def test_google_headerless_two_column_csv(tb):
    import_file(tb, FIXTURES / "google.csv")
    assert pairs(tb) == [
        ("generativ AI", "generative AI"),
        ("halvledare", "semiconductor"),
        ("gjuteri", "foundry"),
    ]


def test_google_csv_read_the_other_way_round(tb):
    import_file(tb, FIXTURES / "google.csv", options=Options(source_lang="en", target_lang="sv"))
    assert [e.preferred("en").text for e in tb.entries()][0] == "generativ AI"


def test_named_columns_with_semicolons(tb):
    import_file(tb, FIXTURES / "named_columns.csv")
    chip, baidu = tb.entries()
    sv = chip.preferred("sv")
    assert (sv.text, sv.pos, sv.gender, chip.subject_field) == (
        "chipkrig",
        "noun",
        "neuter",
        "semiconductors",
    )
    assert chip.note == "the US-China contest over chips"
    assert sorted(t.text for t in chip.terms if t.status == "forbidden") == ["chips war", "chipwar"]
    assert baidu.preferred("en").dnt and baidu.preferred("sv").pos == "properNoun"


def test_cp1252_csv_is_decoded_correctly(tb):
    import_file(tb, FIXTURES / "cp1252.csv")
    assert [sv for sv, _ in pairs(tb)] == ["kiselskiva", "förhållningssätt", "“grundforskning”"]


def test_iate_style_tbx_v2(tb):
    summary = import_file(tb, FIXTURES / "iate_v2.tbx")
    assert (summary.format, summary.added) == ("tbx", 2)
    ai, export = tb.entries()
    assert ai.subject_field == "information technology and data processing"
    assert ai.definition.startswith("Programvara som efterliknar")
    sv = ai.preferred("sv")
    assert (sv.text, sv.pos, sv.gender, sv.source) == (
        "artificiell intelligens",
        "noun",
        "common",
        "ordbro test fixture",
    )
    assert [(t.text, t.status) for t in ai.terms_in("sv")][1] == ("AI", "admitted")
    assert {t.lang for t in export.terms} == {"sv", "en"}  # sv-SE and EN-GB normalised
    limitation = next(t for t in export.terms if t.text == "export limitation")
    assert (limitation.status, limitation.note) == ("deprecated", "Not used in EU trade texts.")


def test_tbx_basic_v3(tb):
    import_file(tb, FIXTURES / "basic_v3.tbx")
    wafer, chip = tb.entries()
    assert (wafer.created, wafer.author) == ("2025-03-14", "Kim Lindqvist")
    assert wafer.definition == "Tunn, rund platta av kisel som chip tillverkas på."
    sv = wafer.preferred("sv")
    assert (sv.text, sv.gender, sv.note) == ("kiselskiva", "common", "Plural: kiselskivor.")
    assert [(t.text, t.status) for t in wafer.terms_in("en")] == [
        ("silicon wafer", "preferred"),
        ("silicon disc", "deprecated"),
    ]
    assert chip.preferred("sv").gender == "neuter"
    assert chip.note == "The US-China contest over semiconductors."


def test_import_stores_generated_forms(tb):
    import_file(tb, FIXTURES / "basic_v3.tbx")
    wafer = next(tb.entries())
    assert any(f.origin == "generated" for f in wafer.preferred("sv").forms)


# ----------------------------------------------------------------------------- bad input


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


BAD = {
    "malformed.tbx": "not well-formed XML",
    "billion_laughs.tbx": "declares XML entities",
    "external_entity.tbx": "declares XML entities",
    "empty.csv": "empty",
    "missing_columns.csv": "no column for the target term",
    "one_column.csv": "one column",
}


def _bad_files(tmp_path: Path) -> dict[Path, str]:
    files = {FIXTURES / name: problem for name, problem in BAD.items()}
    files[_write(tmp_path / "binary.csv", bytes(range(256)) * 8)] = "binary"
    files[_write(tmp_path / "binary.tbx", b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(300))] = "binary"
    files[_write(tmp_path / "undecodable.csv", b"source,target\nchip\x81\x8d,chip\n")] = (
        "not UTF-8 or cp1252"
    )
    files[
        _write(tmp_path / "late.csv", b"source,target,gender\nchip,chip,neuter\nx,y,plural\n")
    ] = "line 3: unknown gender"
    files[
        _write(
            tmp_path / "nolang.tbx",
            b"<martif><text><body><termEntry><langSet>"
            b"<tig><term>x</term></tig></langSet></termEntry></body></text></martif>",
        )
    ] = "without xml:lang"
    files[_write(tmp_path / "html.xml", b"<html><body>hi</body></html>")] = "not a TBX file"
    files[_write(tmp_path / "empty.tbx", b"  \n")] = "empty"
    return files


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_bad_files_change_nothing_and_say_what_is_wrong(tmp_path, capsys):
    from glossary.cli import main

    db = tmp_path / "terms.db"
    with Termbase.open(db) as tb:
        import_file(tb, FIXTURES / "deepl.csv")
    before = _digest(db)
    for path, problem in _bad_files(tmp_path).items():
        with pytest.raises(SystemExit) as exit_info:
            main(["terms", "import", str(path), "--terms", str(db)])
        err = capsys.readouterr().err
        assert exit_info.value.code == 2, path
        assert err.startswith(f"ordbro: error: {path}: "), err
        assert problem in err, err
        assert err.count("\n") == 1, err
        assert _digest(db) == before, path
        assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0
    with Termbase.open(db) as tb:
        assert len(pairs(tb)) == 4


def test_a_failure_late_in_a_big_file_rolls_back_everything(tmp_path):
    from glossary.errors import InputError

    good = "".join(f"term{i},target{i}\n" for i in range(500))
    path = tmp_path / "late.csv"
    path.write_text("source,target,pos\n" + good + "x,y,pronoun\n", encoding="utf-8")
    with Termbase.open(tmp_path / "t.db") as tb:
        version = tb.data_version()
        with pytest.raises(InputError, match="line 502"):
            import_file(tb, path)
        assert tb.count() == 0
        assert tb.data_version() == version
        assert _form_lookup_uses_index(tb)  # the index set aside for the import is back


def _form_lookup_uses_index(tb: Termbase) -> bool:
    plan = tb.conn.execute("EXPLAIN QUERY PLAN SELECT term_id FROM forms WHERE text = 'x'")
    return any("idx_forms_text" in row[-1] for row in plan)


def test_after_an_import_forms_are_found_by_their_index(tb):
    """An import makes the index of form texts once at the end; it is there afterwards
    and lists every form (term lookups by form stay fast)."""
    import_file(tb, FIXTURES / "basic_v3.tbx")
    assert _form_lookup_uses_index(tb)
    forms = tb.conn.execute("SELECT count(*) FROM forms").fetchone()[0]
    indexed = tb.conn.execute(
        "SELECT count(*) FROM forms INDEXED BY idx_forms_text WHERE text > ''"
    ).fetchone()[0]
    assert forms == indexed > 0


def test_xml_entities_are_never_expanded(tmp_path):
    """Even hidden after a long prolog, an entity declaration is refused."""
    from glossary.errors import InputError

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    xml = (
        '<?xml version="1.0"?>\n<!-- ' + "padding " * 100 + "-->\n"
        f'<!DOCTYPE martif [<!ENTITY s SYSTEM "file://{secret}">]>\n'
        '<martif><text><body><termEntry><langSet xml:lang="sv"><tig><term>&s;</term></tig>'
        "</langSet></termEntry></body></text></martif>"
    )
    path = tmp_path / "leak.tbx"
    path.write_text(xml)
    with Termbase.open(tmp_path / "t.db") as tb, pytest.raises(InputError):
        import_file(tb, path)


def test_a_copy_of_a_fixture_with_another_extension_needs_format(tmp_path):
    from glossary.errors import InputError

    odd = shutil.copy(FIXTURES / "deepl.csv", tmp_path / "glossary.dat")
    with Termbase.open(tmp_path / "t.db") as tb:
        with pytest.raises(InputError, match="--format"):
            import_file(tb, odd)
        assert import_file(tb, odd, fmt="csv").added == 4
