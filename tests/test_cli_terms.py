"""`ordbro terms ...` end to end through the real entry point, on real termbase files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.termbase import Termbase

FIXTURES = Path(__file__).parent / "fixtures" / "terms"


@pytest.fixture
def run(capsys, tmp_path, monkeypatch):
    """Run `ordbro ARGS...`; returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TERMS", raising=False)

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return invoke


@pytest.fixture
def db(tmp_path) -> str:
    return str(tmp_path / "terms.db")


def test_add_list_search_edit_remove(run, db):
    code, out, _ = run(
        "terms",
        "add",
        "chipkrig",
        "chip war",
        "--pos",
        "noun",
        "--gender",
        "neuter",
        "--forbidden",
        "chips war",
        "--subject",
        "semiconductors",
        "--terms",
        db,
    )
    assert code == 0
    assert "chipkrig (n, ett) → chip war" in out and "not: chips war" in out
    run("terms", "add", "Baidu", "--dnt", "--pos", "properNoun", "--terms", db)

    code, out, _ = run("terms", "list", "--terms", db)
    assert out.splitlines()[1].split()[:4] == ["2", "Baidu", "(name)", "→"]
    assert "[do not translate]" in out

    code, out, _ = run("terms", "search", "chipk", "--json", "--terms", db)
    found = json.loads(out)
    assert [e["terms"][0]["text"] for e in found] == ["chipkrig"]
    assert found[0]["terms"][0]["gender"] == "neuter"

    code, out, _ = run(
        "terms",
        "edit",
        "1",
        "--add-form",
        "chipkrigens:def gen sg",
        "--definition",
        "US-China contest over chips",
        "--json",
        "--terms",
        db,
    )
    edited = json.loads(out)
    assert edited["definition"] == "US-China contest over chips"
    manual = [f for f in edited["terms"][0]["forms"] if f["origin"] == "manual"]
    assert manual == [{"text": "chipkrigens", "features": ["def", "gen", "sg"], "origin": "manual"}]

    code, out, _ = run(
        "terms", "edit", "1", "--lang", "en", "--add-forbidden", "chipwar", "--terms", db
    )
    assert "not: chips war, chipwar" in out
    code, out, _ = run(
        "terms", "edit", "1", "--remove-form", "chipkrigens", "--json", "--terms", db
    )
    assert all(f["origin"] == "generated" for f in json.loads(out)["terms"][0]["forms"])

    code, _, err = run("terms", "edit", "1", "--remove-form", "nope", "--terms", db)
    assert code == 2 and err.startswith("ordbro: error: ") and "nope" in err

    code, out, _ = run("terms", "remove", "2", "--terms", db)
    assert code == 0 and "removed 1" in out
    code, _, err = run("terms", "remove", "2", "--terms", db)
    assert code == 2 and "no entry 2" in err


def test_glossaries_are_separate(run, db):
    run("terms", "add", "gjuteri", "foundry", "--glossary", "chips", "--terms", db)
    run("terms", "add", "gjuteri", "casting works", "--glossary", "metal", "--terms", db)
    _, out, _ = run("terms", "list", "--glossary", "chips", "--terms", db)
    assert "foundry" in out and "casting works" not in out
    _, out, _ = run("terms", "search", "gjuteri", "--glossary", "metal", "--json", "--terms", db)
    assert [e["glossary"] for e in json.loads(out)] == ["metal"]
    code, _, err = run("terms", "edit", "1", "--note", "x", "--glossary", "metal", "--terms", db)
    assert code == 2 and "glossary" in err


def test_import_then_export_every_format(run, db, tmp_path):
    code, out, _ = run("terms", "import", str(FIXTURES / "basic_v3.tbx"), "--terms", db)
    assert code == 0 and "added 2" in out
    code, out, _ = run(
        "terms",
        "import",
        str(FIXTURES / "basic_v3.tbx"),
        "--on-duplicate",
        "update",
        "--json",
        "--terms",
        db,
    )
    assert json.loads(out)["updated"] == 2
    for name, marker in (
        ("o.tbx", "<conceptEntry"),
        ("o.csv", "source,target"),
        ("o.tsv", "source\ttarget"),
    ):
        code, out, _ = run("terms", "export", str(tmp_path / name), "--terms", db)
        assert code == 0 and "wrote 2 entries" in out
        assert marker in (tmp_path / name).read_text(encoding="utf-8")
    run("terms", "export", str(tmp_path / "v2.tbx"), "--tbx-version", "2", "--terms", db)
    assert "<termEntry" in (tmp_path / "v2.tbx").read_text(encoding="utf-8")
    code, out, _ = run("terms", "export", "-", "--terms", db)
    assert out.splitlines()[1].startswith("kiselskiva,silicon wafer,noun,common")


def test_env_variable_and_default_location(run, tmp_path, monkeypatch):
    monkeypatch.setenv("ORDBRO_TERMS", str(tmp_path / "env.db"))
    run("terms", "add", "halvledare", "semiconductor", "--pos", "noun", "--gender", "common")
    assert Termbase.open(tmp_path / "env.db").count() == 1
    monkeypatch.delenv("ORDBRO_TERMS")
    code, out, _ = run("terms", "search", "kiselsk")  # the user's copy of the shipped db
    assert code == 0 and "silicon wafer" in out
    assert (tmp_path / "home" / "terms.db").is_file()


def test_build_writes_the_termbase_from_sources(run, tmp_path):
    out_db = tmp_path / "built.db"
    code, out, _ = run("terms", "build", "-o", str(out_db))
    assert code == 0 and "concepts" in out
    conn = sqlite3.connect(out_db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("SELECT count(*) FROM entries").fetchone()[0] >= 400
    assert conn.execute("SELECT count(*) FROM forms").fetchone()[0] > 0
    bad = tmp_path / "src"
    bad.mkdir()
    (bad / "x.tsv").write_text("sv\ten\n", encoding="utf-8")
    code, _, err = run("terms", "build", "--source-dir", str(bad), "-o", str(out_db))
    assert code == 2 and "x.tsv:1: header" in err
    assert sqlite3.connect(out_db).execute("SELECT count(*) FROM entries").fetchone()[0] >= 400


def test_usage_errors_exit_2(run, db):
    assert run("terms", "add", "chipkrig", "--terms", db)[0] == 2
    assert (
        run("terms", "add", "x", "y", "--pos", "noun", "--gender", "plural", "--terms", db)[0] == 2
    )
    code, _, err = run("terms", "import", "/nonexistent/file.csv", "--terms", db)
    assert code == 2 and "no such file" in err


def test_group_lists_find_only_when_its_module_exists(monkeypatch):
    import click

    from glossary.cli import terms as terms_cli

    ctx = click.Context(terms_cli.terms)
    monkeypatch.setitem(
        terms_cli.EXTRA_COMMANDS, "find", ("glossary.cli.no_such_module:find", "missing")
    )
    assert "find" not in terms_cli.terms.list_commands(ctx)
    assert terms_cli.terms.get_command(ctx, "find") is None
    assert {"add", "edit", "remove", "list", "search", "import", "export", "build"} <= set(
        terms_cli.terms.list_commands(ctx)
    )


def test_terms_commands_do_not_load_lxml_until_a_tbx_file_is_touched(tmp_path):
    import subprocess
    import sys

    probe = (
        "import sys\nfrom glossary.cli import cli\n"
        "for args in (['terms', '--help'], ['terms', 'list', '--terms', sys.argv[1]]):\n"
        "    try:\n        cli.main(args, standalone_mode=False)\n"
        "    except SystemExit:\n        pass\n"
        "print('lxml' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(tmp_path / "t.db")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip().splitlines()[-1] == "False"
