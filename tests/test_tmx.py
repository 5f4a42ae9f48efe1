"""TMX 1.4b import and export: round trip, inline markup, languages, hostile files."""

from __future__ import annotations

import hashlib

import pytest

from glossary.errors import InputError
from glossary.memory import TranslationMemory
from glossary.tmx import export_from, import_into, read_tmx

THIRD_PARTY = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
  <header creationtool="SomeCAT" creationtoolversion="9" segtype="sentence"
          o-tmf="x" adminlang="en-US" srclang="sv-SE" datatype="plaintext"/>
  <body>
    <tu creationdate="20240105T101500Z">
      <tuv xml:lang="sv-SE"><seg>Tryck på <bpt i="1">&lt;b&gt;</bpt>Spara<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Press <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>.</seg></tuv>
      <tuv xml:lang="de-DE"><seg>Drücken Sie <hi type="b">Speichern</hi>.</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="sv-SE"><seg>Rad ett<ph x="1">&lt;br/&gt;</ph>rad två</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Line one<ph x="1">&lt;br/&gt;</ph>line two</seg></tuv>
    </tu>
    <tu>
      <tuv xml:lang="sv-SE"><seg>Bara svenska</seg></tuv>
    </tu>
    <tu srclang="en-GB">
      <tuv xml:lang="sv-SE"><seg>Hej</seg></tuv>
      <tuv xml:lang="en-GB"><seg>Hello</seg></tuv>
    </tu>
  </body>
</tmx>
"""


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tm(tmp_path):
    memory = TranslationMemory.open(tmp_path / "memory.db")
    yield memory
    memory.close()


def _rows(tm: TranslationMemory) -> list[dict]:
    rows = []
    for row in tm.iter_segments():
        row["created"] = row["created"][:19]
        row["changed"] = row["changed"][:19]
        rows.append(row)
    return rows


def test_round_trip_keeps_text_languages_origin_approval_file_and_time(tm, tmp_path):
    tm.record("Chipkriget trappas upp.", "The chip war escalates.", origin="machine")
    tm.record("Chipkriget trappas upp.", "The chip war is escalating.", origin="human")
    tm.record(
        'Kiselskivor & <taggar> "citat"\n  två rader',
        'Silicon wafers & <tags> "quotes"\n  two lines',
        origin="human",
        approved=True,
        file="rapport.docx",
    )
    tm.record("Hello", "Hej", src_lang="en", tgt_lang="sv", origin="imported")
    out = tmp_path / "export.tmx"
    assert export_from(tm, out) == 4
    with TranslationMemory.open(tmp_path / "copy.db") as copy:
        summary = import_into(copy, out)
        assert (summary.units, summary.added, summary.updated, summary.skipped) == (4, 4, 0, 0)
        assert summary.pairs == {"sv-en": 3, "en-sv": 1}
        assert _rows(copy) == _rows(tm)
        assert copy.lookup("Chipkriget trappas upp.") == "The chip war is escalating."
        # Importing the same file again adds nothing.
        again = import_into(copy, out)
        assert (again.added, again.updated) == (0, 4)


def test_export_filters_and_replaces_the_file_atomically(tm, tmp_path):
    tm.record("Ett", "One", origin="human", approved=True)
    tm.record("Två", "Two", origin="machine")
    out = tmp_path / "approved.tmx"
    out.write_text("old content")
    assert export_from(tm, out, approved_only=True) == 1
    units = list(read_tmx(out))
    assert [u.variants for u in units] == [{"sv": "Ett", "en": "One"}]
    assert list(tmp_path.glob(".approved.tmx.*")) == []
    assert export_from(tm, tmp_path / "machine.tmx", origin="machine") == 1
    assert export_from(tm, tmp_path / "de.tmx", src_lang="de") == 0


def test_third_party_tmx_inline_codes_regions_and_srclang(tm, tmp_path):
    path = tmp_path / "cat.tmx"
    path.write_text(THIRD_PARTY, encoding="utf-8")
    summary = import_into(tm, path)
    assert summary.units == 4
    assert summary.skipped == 1  # Swedish only
    assert summary.pairs == {"sv-en": 2, "sv-de": 1, "en-sv": 1}
    assert tm.lookup("Tryck på Spara.") == "Press Save."
    assert tm.lookup("Tryck på Spara.", "sv", "de") == "Drücken Sie Speichern."
    assert tm.lookup("Rad ettrad två") == "Line oneline two"
    assert tm.lookup("Hello", "en", "sv") == "Hej"
    row = next(r for r in tm.iter_segments() if r["source"] == "Tryck på Spara.")
    assert row["origin"] == "imported" and row["created"] == "2024-01-05T10:15:00Z"


def test_import_as_approved_human(tm, tmp_path):
    path = tmp_path / "cat.tmx"
    path.write_text(THIRD_PARTY, encoding="utf-8")
    import_into(tm, path, origin="human", approved=True)
    assert tm.stats()["by_origin"]["human"] == 4
    assert tm.stats()["approved"] == 4


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "malformed TMX|empty"),
        ("<tmx><body><tu><tuv xml:lang='sv'><seg>a</seg></tuv>", "malformed TMX"),
        ("<html><body/></html>", "not a TMX file"),
        ("\x00\x01binary", "malformed TMX"),
    ],
)
def test_bad_files_are_refused_and_the_memory_is_unchanged(tm, tmp_path, content, message):
    tm.record("Kvar", "Still here")
    tm.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _digest(tm.path)
    good = "".join(
        f"<tu><tuv xml:lang='sv'><seg>S{i}</seg></tuv><tuv xml:lang='en'><seg>T{i}</seg></tuv></tu>"
        for i in range(3000)
    )
    path = tmp_path / "bad.tmx"
    # A bad file whose first 3000 units are fine: nothing of it may stay.
    if content.startswith("<tmx>"):
        content = "<tmx><body>" + good + content[len("<tmx><body>") :]
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message) as info:
        import_into(tm, path)
    assert str(path) in str(info.value)
    tm.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert tm.stats()["segments"] == 1
    assert _digest(tm.path) == before


def test_entity_bombs_are_refused(tm, tmp_path):
    path = tmp_path / "bomb.tmx"
    path.write_text(
        """<?xml version="1.0"?>
<!DOCTYPE tmx [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<tmx version="1.4"><header srclang="sv"/><body>
<tu><tuv xml:lang="sv"><seg>Bomb &d;</seg></tuv><tuv xml:lang="en"><seg>Bomb &d;</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="bomb.tmx"):
        import_into(tm, path)
    assert tm.stats()["segments"] == 0


def test_external_entities_are_never_fetched(tm, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    path = tmp_path / "xxe.tmx"
    path.write_text(
        f"""<?xml version="1.0"?>
<!DOCTYPE tmx [ <!ENTITY xxe SYSTEM "file://{secret}"> ]>
<tmx version="1.4"><header srclang="sv"/><body>
<tu><tuv xml:lang="sv"><seg>Fil &xxe;</seg></tuv><tuv xml:lang="en"><seg>File &xxe;</seg></tuv></tu>
</body></tmx>""",
        encoding="utf-8",
    )
    import_into(tm, path)
    texts = [r["source"] + " " + r["target"] for r in tm.iter_segments()]
    assert texts == ["Fil  File "]


def test_missing_file(tm, tmp_path):
    with pytest.raises(InputError, match="no such file"):
        import_into(tm, tmp_path / "nope.tmx")
