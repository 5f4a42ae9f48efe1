"""Plain glossaries (no part of speech, gender or declension): grammar inferred, every form found."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import cli
from glossary.grammar import infer_swedish
from glossary.matcher import TermMatcher
from glossary.morphology import generate_forms
from glossary.termbase import Termbase
from glossary.termio.merge import import_file
from glossary.termtypes import Entry, Term

PLAIN = [
    ("chipkrig", "chip war"),  # neuter by its head krig
    ("datacenter", "data centre"),  # irregular definite: datacentret
    ("finjustera", "fine-tune"),  # a verb
    ("stor språkmodell", "large language model"),  # adjective + noun
    ("GPU", "GPU"),  # abbreviation
    ("Nvidia", "Nvidia"),  # name
]
# Every form a reader meets, in running text; each must be found as its term.
TEXT = {
    "chipkrig": ["Chipkriget", "Chipkrigets", "chipkrigen", "chipkrig"],
    "datacenter": ["Datacentret", "datacentrets", "datacenter"],
    "finjustera": ["finjusterar", "finjusterade", "finjusterad", "finjusteras"],
    "stor språkmodell": ["stora språkmodeller", "stora språkmodellerna", "stor språkmodells"],
    "GPU": ["GPU:n", "GPU:er", "GPU:erna", "GPU:ns"],
    "Nvidia": ["Nvidias", "Nvidia"],
}
TBX_PLAIN = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="sv" xmlns="urn:iso:std:iso:30042:ed:3.0">
  <tbxHeader><fileDesc><sourceDesc><p>no grammar</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
{concepts}
  </body></text>
</tbx>
"""
CONCEPT = """    <conceptEntry id="c{n}">
      <langSec xml:lang="sv"><termSec><term>{sv}</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>{en}</term></termSec></langSec>
    </conceptEntry>"""


def _write_plain(folder: Path, kind: str) -> Path:
    if kind == "csv":
        path = folder / "plain.csv"
        path.write_text("".join(f"{sv},{en}\n" for sv, en in PLAIN), encoding="utf-8")
    else:
        path = folder / "plain.tbx"
        concepts = "\n".join(
            CONCEPT.format(n=n, sv=sv, en=en) for n, (sv, en) in enumerate(PLAIN, 1)
        )
        path.write_text(TBX_PLAIN.format(concepts=concepts), encoding="utf-8")
    return path


@pytest.fixture
def tb(tmp_path):
    base = Termbase.open(tmp_path / "terms.db")
    yield base
    base.close()


def _found(tb: Termbase, text: str, src: str = "sv", tgt: str = "en") -> list[tuple[str, str]]:
    matcher = TermMatcher(list(tb.entries()), src=src, tgt=tgt)
    return [(h.text, h.source) for h in matcher.find(text) if not h.covered]


@pytest.mark.parametrize("kind", ["csv", "tbx"])
def test_plain_glossary_terms_are_found_in_all_their_forms(tb, tmp_path, kind):
    summary = import_file(tb, _write_plain(tmp_path, kind))
    assert summary.added == len(PLAIN)
    for term, surfaces in TEXT.items():
        for surface in surfaces:
            sentence = f"I dag är {surface} i nyheterna."
            assert (surface, term) in _found(tb, sentence), (kind, sentence, _found(tb, sentence))


def test_inferred_grammar_is_stored_apart_from_the_users(tb, tmp_path):
    import_file(tb, _write_plain(tmp_path, "csv"))
    terms = {t.text: t for e in tb.entries() for t in e.terms}
    chipkrig, finjustera = terms["chipkrig"], terms["finjustera"]
    assert (chipkrig.pos, chipkrig.gender) == (None, None)  # the user gave none
    assert [(r.pos, r.gender) for r in chipkrig.inferred] == [("noun", "neuter")]
    assert [r.pos for r in finjustera.inferred] == ["verb"]
    assert [r.pos for r in terms["fine-tune"].inferred] == ["verb"]  # from its Swedish side
    assert [r.pos for r in terms["Nvidia"].inferred] == ["properNoun"]
    assert "Datacentret" not in {f.text for f in terms["datacenter"].forms}
    assert "datacentret" in {f.text for f in terms["datacenter"].forms}


def test_english_terms_without_grammar_are_found_in_english_text(tb, tmp_path):
    import_file(tb, _write_plain(tmp_path, "csv"))
    text = "The team fine-tuned two large language models and keeps fine-tuning them."
    found = _found(tb, text, src="en", tgt="sv")
    assert ("fine-tuned", "fine-tune") in found
    assert ("fine-tuning", "fine-tune") in found
    assert ("large language models", "large language model") in found


def test_an_annotated_term_keeps_its_forms(tb):
    # Deliberately annotated as common gender: the user's word stands, nothing is inferred.
    term = Term(None, None, "sv", "chipkrig", pos="noun", gender="common")
    tb.add_entry(Entry(None, terms=[term, Term(None, None, "en", "chip war", pos="noun")]))
    stored = next(tb.entries()).preferred("sv")
    assert stored.inferred == ()
    assert [f.text for f in stored.forms] == [f.text for f in generate_forms(term)]
    assert "chipkriget" not in {f.text for f in stored.forms}


def _cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_a_user_correction_regenerates_the_forms(tmp_path):
    db = str(tmp_path / "t.db")
    (tmp_path / "plain.csv").write_text("svartlista,blacklist\n", encoding="utf-8")
    _cli("terms", "import", str(tmp_path / "plain.csv"), "--terms", db)
    sv = json.loads(_cli("terms", "show", "1", "--terms", db, "--json"))["terms"][0]
    # The lexicon knows both the noun (by its head lista) and the verb: both are kept.
    assert (sv["pos"], [r["pos"] for r in sv["inferred"]]) == (None, ["noun", "verb"])
    assert {"svartlistan", "svartlistade"} <= {f["text"] for f in sv["forms"]}
    _cli("terms", "edit", "1", "--pos", "verb", "--terms", db)
    sv, en = json.loads(_cli("terms", "show", "1", "--terms", db, "--json"))["terms"]
    assert (sv["pos"], sv["inferred"]) == ("verb", [])
    forms = {f["text"] for f in sv["forms"]}
    assert "svartlistade" in forms and "svartlistan" not in forms
    assert [r["pos"] for r in en["inferred"]] == ["verb"]  # the English term follows
    assert "blacklisted" in {f["text"] for f in en["forms"]}
    listed = json.loads(_cli("terms", "list", "--terms", db, "--json"))
    assert listed[0]["terms"][0]["pos"] == "verb"
    assert "(inferred: n en | v)" not in _cli("terms", "list", "--terms", db)


def test_terms_list_marks_inferred_grammar(tmp_path):
    db = str(tmp_path / "t.db")
    (tmp_path / "plain.csv").write_text("chipkrig,chip war\n", encoding="utf-8")
    _cli("terms", "import", str(tmp_path / "plain.csv"), "--terms", db)
    assert "chipkrig (inferred: n ett) → chip war" in _cli("terms", "list", "--terms", db)
    shown = _cli("terms", "show", "1", "--terms", db)
    assert "chipkrig (inferred: noun neuter)" in shown and "chipkriget" in shown


def test_precision_kept_for_words_with_several_meanings(tb, tmp_path):
    (tmp_path / "plain.csv").write_text("chip,chip\nkort,card\n", encoding="utf-8")
    import_file(tb, tmp_path / "plain.csv")
    assert _found(tb, "Chipsen och de korta mötena blev kortare.") == []
    assert _found(tb, "Chipets och kortets priser.") == [("Chipets", "chip"), ("kortets", "kort")]


def test_a_termbase_from_before_inference_is_inferred_when_opened(tmp_path):
    path = tmp_path / "old.db"
    with Termbase.open(path) as tb:
        tb.add_entry(
            Entry(
                None, terms=[Term(None, None, "sv", "chipkrig"), Term(None, None, "en", "chip war")]
            )
        )
    conn = sqlite3.connect(path, isolation_level=None)  # as an older ordbro left it
    conn.execute("DELETE FROM forms WHERE text LIKE 'chipkriget%'")
    conn.execute("ALTER TABLE terms DROP COLUMN inferred")
    conn.execute("DELETE FROM _migrations WHERE name = '0002_inferred_grammar'")
    conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.close()
    with Termbase.open(path) as tb:
        term = next(tb.entries()).preferred("sv")
        assert [(r.pos, r.gender) for r in term.inferred] == [("noun", "neuter")]
        assert "chipkriget" in {f.text for f in term.forms}


@pytest.mark.parametrize(
    ("text", "readings"),
    [
        ("chipkrig", [("noun", "neuter")]),
        ("kretskort", [("noun", "neuter")]),
        ("försäljningsförbud", [("noun", "neuter")]),
        ("datacenter", [("noun", "neuter"), ("noun", "neuter")]),
        ("finjustera", [("verb", None)]),
        ("stänga av", [("verb", None)]),
        ("logga in", [("verb", None)]),  # logga is also a noun (a logo)
        ("geopolitisk", [("adjective", None)]),
        ("kalla kriget", [("properNoun", None)]),
        ("AI-chip", [("noun", "neuter")]),
    ],
)
def test_readings_come_from_the_lexicon(text, readings):
    assert [(r.pos, r.gender) for r in infer_swedish(text)] == readings


@pytest.mark.parametrize("name", ["sentences.tsv", "blind.tsv"])
def test_a_stripped_glossary_recognises_as_well_as_the_annotated_one(tmp_path, name):
    from dataclasses import replace

    from tests.test_matcher import DATA, evaluate, load_glossary, load_sentences

    scores = {}
    for label, strip in (("annotated", False), ("stripped", True)):
        entries = [
            replace(
                e,
                id=None,
                terms=[
                    replace(t, pos=None, gender=None, declension=None) if strip else t
                    for t in e.terms
                ],
            )
            for e in load_glossary()
        ]
        with Termbase.open(tmp_path / f"{label}.db") as tb:
            tb.add_entries(entries)
            matcher = TermMatcher(list(tb.entries()))
        scores[label] = evaluate(matcher, load_sentences(DATA / name))["word"]
    for key in ("precision", "recall"):
        assert scores["stripped"][key] >= 0.97, scores
        assert scores["annotated"][key] - scores["stripped"][key] <= 0.02, scores
