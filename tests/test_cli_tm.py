"""``ordbro tm``: import, export, search and stats on a real memory file."""

from __future__ import annotations

import json

import pytest

from glossary.cli import main
from glossary.memory import TranslationMemory
from glossary.tmx import read_tmx

TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="sv" segtype="sentence" o-tmf="x" adminlang="en"
 datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="sv"><seg>Chipkriget trappas upp i Asien.</seg></tuv>
<tuv xml:lang="en"><seg>The chip war escalates in Asia.</seg></tuv></tu>
<tu><tuv xml:lang="sv"><seg>Tullarna höjs i år.</seg></tuv>
<tuv xml:lang="en"><seg>Tariffs go up this year.</seg></tuv></tu>
</body></tmx>
"""


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture
def files(tmp_path):
    tmx = tmp_path / "in.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    return tmp_path / "memory.db", tmx


def test_import_then_stats(files, capsys):
    db, tmx = files
    code, out, _ = run(["tm", "import", str(tmx), "--tm", str(db), "--json"], capsys)
    assert code == 0
    (summary,) = json.loads(out)
    assert (summary["units"], summary["added"], summary["pairs"]) == (2, 2, {"sv-en": 2})
    code, out, _ = run(["tm", "import", str(tmx), "--tm", str(db)], capsys)
    assert "2 units, 0 added, 2 already stored" in out
    code, out, _ = run(["tm", "stats", "--tm", str(db), "--json"], capsys)
    stats = json.loads(out)
    assert (stats["segments"], stats["by_origin"]["imported"]) == (2, 2)
    code, out, _ = run(["tm", "stats", "--tm", str(db)], capsys)
    assert "segments:  2 (0 approved)" in out and "sv-en 2" in out


def test_search_json_and_human(files, capsys):
    db, tmx = files
    run(["tm", "import", str(tmx), "--tm", str(db), "--approved", "--origin", "human"], capsys)
    code, out, _ = run(
        ["tm", "search", "Chipkriget trappas upp i Europa.", "--tm", str(db), "--json"], capsys
    )
    assert code == 0
    (match,) = json.loads(out)
    assert match["target"] == "The chip war escalates in Asia."
    assert match["origin"] == "human" and match["approved"] is True
    assert ["delete", "Asien"] in match["diff"] and ["insert", "Europa"] in match["diff"]
    code, out, _ = run(
        ["tm", "search", "Chipkriget trappas upp i Europa.", "--tm", str(db)], capsys
    )
    assert "[-Asien-] {+Europa+}" in out
    code, out, _ = run(["tm", "search", "Något helt annat här.", "--tm", str(db)], capsys)
    assert (code, out.strip()) == (1, "No matches.")


def test_export_with_filters(files, tmp_path, capsys):
    db, tmx = files
    run(["tm", "import", str(tmx), "--tm", str(db)], capsys)
    with TranslationMemory.open(db) as tm:
        tm.record("Ny mening.", "New sentence.", origin="human", approved=True)
    out_path = tmp_path / "out.tmx"
    code, _, err = run(["tm", "export", str(out_path), "--tm", str(db)], capsys)
    assert code == 0 and "3 units" in err
    assert len(list(read_tmx(out_path))) == 3
    code, _, err = run(["tm", "export", str(out_path), "--tm", str(db), "--approved-only"], capsys)
    assert [u.variants["en"] for u in read_tmx(out_path)] == ["New sentence."]


def test_default_memory_lives_in_the_data_directory(files, tmp_path, monkeypatch, capsys):
    _, tmx = files
    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TM", raising=False)
    code, _, _ = run(["tm", "import", str(tmx)], capsys)
    assert code == 0 and (tmp_path / "home" / "memory.db").is_file()


def test_bad_tmx_exits_two_and_imports_nothing(files, tmp_path, capsys):
    db, _ = files
    bad = tmp_path / "bad.tmx"
    bad.write_text("<tmx><body><tu>", encoding="utf-8")
    code, out, err = run(["tm", "import", str(bad), "--tm", str(db)], capsys)
    assert code == 2 and err.startswith(f"ordbro: error: {bad}: malformed TMX")
    with TranslationMemory.open(db) as tm:
        assert tm.stats()["segments"] == 0
