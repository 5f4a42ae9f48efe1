"""``ordbro check``: text pairs and bilingual files, JSON and grouped output, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.qa import check_pairs
from tests.test_qa import DATA, load_planted


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return info.value.code, out, err


@pytest.fixture(scope="module")
def terms_db(tmp_path_factory) -> Path:
    from glossary.termbase import build_termbase

    path = tmp_path_factory.mktemp("check") / "terms.db"
    build_termbase(DATA / "glossary", path)
    return path


@pytest.fixture
def planted_files(tmp_path) -> tuple[Path, Path]:
    pairs, _ = load_planted()
    sv, en = tmp_path / "source.sv.txt", tmp_path / "target.en.txt"
    sv.write_text("\n".join(s for s, _ in pairs) + "\n", encoding="utf-8")
    en.write_text("\n".join(t for _, t in pairs) + "\n", encoding="utf-8")
    return sv, en


def test_json_findings_for_the_planted_text_pair(planted_files, terms_db, capsys):
    from glossary.termbase import Termbase

    sv, en = planted_files
    code, out, _ = run(["check", str(sv), str(en), "--terms", str(terms_db), "--json"], capsys)
    assert code == 1
    findings = json.loads(out)
    assert set(findings[0]) == {
        "segment",
        "check",
        "message",
        "source_span",
        "target_span",
        "severity",
    }
    pairs, expected = load_planted()
    with Termbase.open(terms_db) as tb:
        entries = list(tb.entries())
    assert findings == [f.to_dict() for f in check_pairs(pairs, entries=entries)]
    flagged = {(f["segment"], f["check"]) for f in findings}
    assert flagged == {(seg, check) for check, segs in expected.items() for seg in segs}


def test_human_output_groups_findings_by_check(planted_files, terms_db, capsys):
    sv, en = planted_files
    code, out, _ = run(["check", str(sv), str(en), "--terms", str(terms_db)], capsys)
    assert code == 1
    headings = [line.split(" (")[0] for line in out.splitlines() if line and line[0] != " "]
    assert headings[:8] == [
        "term-missing",
        "forbidden-term",
        "dnt-changed",
        "number-mismatch",
        "placeholder-mismatch",
        "tag-mismatch",
        "untranslated",
        "inconsistent",
    ]
    assert "src: [Chipkriget] påverkar hela branschen." in out
    assert "tgt: Profit rose by [21] percent." in out
    assert out.rstrip().endswith("of 107 segments.")


def test_clean_pair_exits_zero(tmp_path, terms_db, capsys):
    sv, en = tmp_path / "a.txt", tmp_path / "b.txt"
    sv.write_text("Chipkrigets följder: 3,5 miljarder kronor.\n", encoding="utf-8")
    en.write_text("The chip war's consequences: SEK 3.5 billion.\n", encoding="utf-8")
    code, out, _ = run(["check", str(sv), str(en), "--terms", str(terms_db)], capsys)
    assert (code, out.strip()) == (0, "No findings in 1 segments.")
    code, out, _ = run(["check", str(sv), str(en), "--terms", str(terms_db), "--json"], capsys)
    assert (code, json.loads(out)) == (0, [])


def test_only_and_no_terms(planted_files, capsys):
    sv, en = planted_files
    code, out, _ = run(
        ["check", str(sv), str(en), "--no-terms", "--only", "number-mismatch", "--json"], capsys
    )
    assert code == 1
    assert {f["check"] for f in json.loads(out)} == {"number-mismatch"}


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="sv-SE" target-language="en-US" datatype="plaintext" original="a.txt">
    <body>
      <trans-unit id="t1"><source>Vinsten ökade med <g id="1">12 procent</g>.</source>
        <target state="translated">Profit rose by <g id="1">21 percent</g>.</target></trans-unit>
      <trans-unit id="t2"><source>Chipkriget fortsätter.</source>
        <target>The chip war continues.</target></trans-unit>
      <trans-unit id="t3"><source>Marknaden växer.</source></trans-unit>
    </body>
  </file>
</xliff>
"""
XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="sv" trgLang="en">
  <file id="f1">
    <unit id="u1">
      <segment><source>Nvidias vinst steg.</source><target>Nvidias profit rose.</target></segment>
      <segment><source>Tullar <pc id="1">höjs</pc> med 10 procent.</source>
        <target>Tariffs <pc id="1">rise</pc> by 10 percent.</target></segment>
    </unit>
  </file>
</xliff>
"""
PO = """msgid ""
msgstr ""
"Language: en\\n"
"Content-Type: text/plain; charset=UTF-8\\n"

msgid "Spara filen"
msgstr "Spara filen"

msgid "%d fil"
msgid_plural "%d filer"
msgstr[0] "%d file"
msgstr[1] "%d files"

#~ msgid "Gammal"
#~ msgstr "Old"
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="sv-SE" segtype="sentence" o-tmf="x" adminlang="en"
 datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="sv-SE"><seg>Exportkontrollerna skärps 2025.</seg></tuv>
<tuv xml:lang="en-GB"><seg>The export checks are tightened in 2025.</seg></tuv></tu>
</body></tmx>
"""


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "job.xlf",
            XLIFF12,
            [(1, "number-mismatch"), (3, "untranslated")],
        ),
        ("job.xliff", XLIFF20, [(1, "dnt-changed")]),
        ("messages.po", PO, [(1, "untranslated")]),
        ("memory.tmx", TMX, [(1, "term-missing"), (1, "forbidden-term")]),
    ],
)
def test_bilingual_files(tmp_path, terms_db, capsys, name, content, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    code, out, _ = run(["check", str(path), "--terms", str(terms_db), "--json"], capsys)
    assert code == 1
    assert [(f["segment"], f["check"]) for f in json.loads(out)] == expected


def test_lost_xliff_inline_code_is_reported(tmp_path, capsys):
    path = tmp_path / "codes.xlf"
    path.write_text(
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="sv" target-language="en" datatype="plaintext" original="x">'
        "<body>"
        '<trans-unit id="1"><source>Klicka på <g id="1">Spara</g> och sedan'
        ' <x id="2"/> Stäng.</source>'
        '<target>Click <g id="1">Save</g> and then Close.</target></trans-unit>'
        '<trans-unit id="2"><source>Tryck <x id="3"/> nu.</source>'
        '<target>Press <x id="3"/> now.</target></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    code, out, _ = run(["check", str(path), "--no-terms", "--json"], capsys)
    assert code == 1
    findings = [(f["segment"], f["check"], f["message"]) for f in json.loads(out)]
    assert findings == [(1, "tag-mismatch", "tags differ; missing from the target: <x/>")]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (("a.txt", "short.txt"), "short.txt: 1 lines, but"),
        (("missing.txt", "b.txt"), "missing.txt: no such file"),
        (("a.txt",), "a.txt: not a bilingual file"),
        (("broken.xlf",), "broken.xlf: malformed XLIFF"),
        (("binary.txt", "b.txt"), "binary.txt: looks like a binary file"),
    ],
)
def test_bad_input_exits_two_with_one_line(tmp_path, capsys, files, message):
    (tmp_path / "a.txt").write_text("Ett\nTvå\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("One\nTwo\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("One\n", encoding="utf-8")
    (tmp_path / "broken.xlf").write_text("<xliff version='1.2'><file>", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run(["check", *(str(tmp_path / f) for f in files), "--no-terms"], capsys)
    assert code == 2 and out == ""
    assert err.startswith("ordbro: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_legacy_encoding_is_detected(tmp_path, capsys):
    sv, en = tmp_path / "sv.txt", tmp_path / "en.txt"
    sv.write_bytes("Företagets vinst är 12 procent högre än väntat i år.\n".encode("cp1252"))
    en.write_text("The company's profit is 12 percent higher than expected this year.\n")
    code, out, _ = run(["check", str(sv), str(en), "--no-terms"], capsys)
    assert code == 0, out


def test_exit_codes_from_a_real_process(tmp_path, planted_files):
    sv, en = planted_files
    cmd = [sys.executable, "-m", "glossary", "check", str(sv), str(en), "--no-terms", "--json"]
    out = subprocess.run(cmd, capture_output=True, text=True)
    assert out.returncode == 1 and json.loads(out.stdout)
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Vinsten steg med 12 procent.\n", encoding="utf-8")
    b.write_text("Profit rose by 12 percent.\n", encoding="utf-8")
    out = subprocess.run(cmd[:4] + [str(a), str(b), "--no-terms"], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    out = subprocess.run(cmd[:4] + [str(a), "--no-terms"], capture_output=True, text=True)
    assert out.returncode == 2 and out.stderr.startswith("ordbro: error:")


PLURALS_PO = """msgid ""
msgstr ""
"Language: sv\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "%(value)s million"
msgid_plural "%(value)s million"
msgstr[0] "%(value)s miljon"
msgstr[1] "%(value)s miljoner"

msgid "No entry for %(key)r"
msgstr "Ingen post för nyckeln"

msgid "Cancel"
msgstr "Avbryt"

msgctxt "button"
msgid "Cancel"
msgstr "Stoppa"
"""


def test_a_po_catalogue_en_sv_with_checks_and_an_ignore_list(tmp_path, capsys):
    po = tmp_path / "messages.sv.po"
    po.write_text(PLURALS_PO, encoding="utf-8")
    args = ["check", str(po), "--from", "en", "--to", "sv", "--no-terms", "--json"]
    code, out, _ = run(args, capsys)
    assert code == 1
    got = [(f["segment"], f["check"], f["severity"]) for f in json.loads(out)]
    assert got == [(3, "placeholder-mismatch", "error"), (5, "inconsistent", "warning")]
    code, out, _ = run([*args, "--checks", "inconsistent,number-mismatch"], capsys)
    assert [f["check"] for f in json.loads(out)] == ["inconsistent"]
    ignore = tmp_path / "project.ignore"
    ignore.write_text("inconsistent\tCancel\tStoppa\n", encoding="utf-8")
    code, out, _ = run([*args, "--ignore-list", str(ignore)], capsys)
    assert [f["check"] for f in json.loads(out)] == ["placeholder-mismatch"]
    code, out, _ = run(args[:-1], capsys)
    assert "      3  error    placeholders differ; missing from the target: %(key)r" in out


def test_subject_option_and_declared_category(tmp_path, terms_db, capsys):
    unit = '<trans-unit id="1"><source>Tullen höjdes.</source><target>The fee was raised.</target>'
    xliff = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file source-language="sv" target-language="en" datatype="plaintext" original="a"'
        " CATEGORY><body>" + unit + "</trans-unit></body></file></xliff>"
    )
    xlf = tmp_path / "job.xlf"
    src = tmp_path / "a.txt"
    tgt = tmp_path / "b.txt"
    src.write_text("Tullen höjdes.\n", encoding="utf-8")
    tgt.write_text("The fee was raised.\n", encoding="utf-8")
    base = ["check", str(src), str(tgt), "--terms", str(terms_db), "--json"]
    code, out, _ = run(base, capsys)
    assert [f["check"] for f in json.loads(out)] == ["term-missing"]  # inferred: trade
    code, out, _ = run([*base, "--subject", "semiconductors"], capsys)
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = run([*base, "--subject", "all"], capsys)
    assert [f["check"] for f in json.loads(out)] == ["term-missing"]
    for category, expected in (('category="semiconductors"', []), ("", ["term-missing"])):
        xlf.write_text(xliff.replace("CATEGORY", category), encoding="utf-8")
        code, out, _ = run(["check", str(xlf), "--terms", str(terms_db), "--json"], capsys)
        assert [f["check"] for f in json.loads(out)] == expected


def test_a_bad_ignore_list_exits_two(tmp_path, planted_files, capsys):
    sv, en = planted_files
    bad = tmp_path / "bad.ignore"
    bad.write_text("term-missing only two fields\n", encoding="utf-8")
    code, out, err = run(
        ["check", str(sv), str(en), "--no-terms", "--ignore-list", str(bad)], capsys
    )
    assert code == 2 and out == ""
    assert "bad.ignore:1: expected CHECK<TAB>SOURCE<TAB>TARGET" in err


def test_a_changed_link_target_in_a_po_catalogue_is_reported(tmp_path, capsys):
    po = tmp_path / "help.sv.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Read <a href=\\"https://example.org/help\\">the help</a>."\n'
        'msgstr "Läs <a href=\\"https://example.org/hjalp\\">hjälpen</a>."\n\n'
        'msgid "See [the guide](https://example.org/guide)."\n'
        'msgstr "Se [guiden](https://example.org/guide)."\n',
        encoding="utf-8",
    )
    args = ["check", str(po), "--from", "en", "--to", "sv", "--no-terms", "--json"]
    code, out, _ = run(args, capsys)
    assert code == 1
    [finding] = json.loads(out)
    assert (finding["segment"], finding["check"]) == (1, "tag-mismatch")
    assert 'missing from the target: <a href="https://example.org/help">' in finding["message"]
