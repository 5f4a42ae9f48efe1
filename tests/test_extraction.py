"""Term extraction: base forms, kinds, filtering, the termbase, targets and the CLI."""

from __future__ import annotations

import json

import pytest

from glossary.cli import main
from glossary.extraction import Extractor, extract_texts
from glossary.termbase import Termbase
from glossary.termtypes import Entry, Term

TEXT = (
    "Vindkraftsparkerna i norr byggs snabbt. Den nya vindkraftsparken ger el till stamnätet.\n"
    "Den havsbaserade vindkraften växer, och havsbaserad vindkraft kräver sjökablar.\n"
    "Forskare vid Karolinska institutet och Baidu studerar det marina ekosystemet.\n"
    "Enligt GDPR:s regler ska Baidu skydda data, och GDPR gäller också här.\n"
)


@pytest.fixture(scope="module")
def found():
    return {c.term: c for c in Extractor("sv").extract(TEXT)}


def test_compound_in_base_form_with_counts_over_all_forms(found):
    park = found["vindkraftspark"]
    assert park.kind == "compound"
    assert park.count == 2
    assert set(park.forms) == {"vindkraftsparkerna", "vindkraftsparken"}
    assert len(park.examples) == 2 and "Vindkraftsparkerna" in park.examples[0]
    assert found["sjökabel"].forms == ["sjökablar"]


def test_inflected_multiword_terms_take_base_form_with_agreement(found):
    wind = found["havsbaserad vindkraft"]
    assert wind.kind == "adjective+noun"
    assert wind.count == 2
    assert set(wind.forms) == {"havsbaserade vindkraften", "havsbaserad vindkraft"}
    assert "marint ekosystem" in found  # the adjective agrees with a neuter noun
    assert not any(t.startswith(("havsbaserade", "marina")) for t in found)


def test_names_and_abbreviations_are_do_not_translate(found):
    assert found["Baidu"].kind == "name"
    assert found["Karolinska institutet"].kind == "name"
    gdpr = found["GDPR"]
    assert gdpr.kind == "abbreviation" and gdpr.count == 2 and gdpr.dnt
    assert "GDPR:s" in gdpr.forms
    assert "Karolinska" not in found and "institut" not in found  # no fragment of a name


def test_stop_words_common_words_and_verbs_are_not_candidates(found):
    for word in ("och", "den", "också", "här", "ny", "nya", "el", "forskare", "norr", "byggs"):
        assert word not in {t.lower() for t in found}
    assert "ny vindkraftspark" not in found  # a general adjective makes no term


def test_ranked_by_termhood(found):
    ranked = Extractor("sv").extract(TEXT)
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)
    assert ranked[0].count >= 2  # a term seen once never outranks all repeated ones here


def test_known_terms_are_left_out_or_marked(tmp_path):
    with Termbase.open(tmp_path / "t.db") as tb:
        tb.add_entry(
            Entry(
                None,
                terms=[
                    Term(None, None, "sv", "vindkraftspark", pos="noun", gender="common"),
                    Term(None, None, "en", "wind farm", pos="noun"),
                ],
            )
        )
        plain = {c.term for c in extract_texts([TEXT], termbase=tb)}
        marked = {c.term: c for c in extract_texts([TEXT], termbase=tb, include_known=True)}
    assert "vindkraftspark" not in plain and "sjökabel" in plain
    assert marked["vindkraftspark"].known and marked["vindkraftspark"].entry_id == 1


def test_targets_from_line_aligned_translation():
    pairs = [
        ("Vindkraftsparken ger el.", "The wind farm gives power."),
        (
            "Vindkraftsparkerna växer och sjökablar läggs.",
            "The wind farms grow and cables are laid.",
        ),
        ("Baidu köper sjökablar.", "Baidu buys submarine cables."),
    ]
    cands = {c.term: c for c in extract_texts([p[0] for p in pairs], bilingual=pairs)}
    assert cands["vindkraftspark"].target == "wind farm"
    assert cands["vindkraftspark"].target_source == "bilingual"
    assert cands["Baidu"].target == "Baidu"


def test_model_translates_terms_without_aligned_text(tiny_engine):
    cands = extract_texts([TEXT], translator=tiny_engine)
    park = next(c for c in cands if c.term == "vindkraftspark")
    assert park.target_source == "model" and park.target  # the copy model echoes it
    assert next(c for c in cands if c.term == "Baidu").target_source == "do-not-translate"


@pytest.fixture
def run(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("ORDBRO_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ORDBRO_TERMS", raising=False)
    monkeypatch.delenv("ORDBRO_TM", raising=False)

    def invoke(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(args))
        captured = capsys.readouterr()
        return exit_info.value.code, captured.out, captured.err

    return invoke


@pytest.fixture
def files(tmp_path):
    src = tmp_path / "doc.sv.txt"
    tgt = tmp_path / "doc.en.txt"
    src.write_text(
        "Vindkraftsparkerna byggs nu.\nEn vindkraftspark ger el.\nBaidu köper sjökablar.\n",
        encoding="utf-8",
    )
    tgt.write_text(
        "The wind farms are built now.\nA wind farm gives power.\nBaidu buys submarine cables.\n",
        encoding="utf-8",
    )
    return src, tgt


def test_cli_json_shape(run, tmp_path, files):
    src, tgt = files
    db = str(tmp_path / "t.db")
    code, out, _ = run("terms", "extract", str(src), "--terms", db, "--json", "--no-model",
                       "--bilingual", str(src), "--bilingual", str(tgt))  # fmt: skip
    assert code == 0
    data = json.loads(out)
    keys = {"term", "score", "count", "forms", "examples", "target", "target_source", "kind"}
    assert data and all(keys <= set(item) for item in data)
    park = next(item for item in data if item["term"] == "vindkraftspark")
    assert park["count"] == 2 and park["target"] == "wind farm"
    assert isinstance(park["score"], float) and park["kind"] == "compound"


def test_cli_table_and_folder_input(run, tmp_path, files):
    code, out, _ = run("terms", "extract", str(tmp_path), "--terms", str(tmp_path / "t.db"),
                       "--no-model")  # fmt: skip
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["#", "score", "n"]
    assert any("vindkraftspark" in line for line in out.splitlines()[1:])


def test_cli_add_stores_candidates_with_grammar(run, tmp_path, files):
    src, tgt = files
    db = tmp_path / "t.db"
    code, _, err = run("terms", "extract", str(src), "--terms", str(db), "--add", "--no-model",
                       "--bilingual", str(src), "--bilingual", str(tgt))  # fmt: skip
    assert code == 0, err
    with Termbase.open(db) as tb:
        entries = list(tb.entries())
    by_source = {e.preferred("sv").text: e for e in entries}
    park = by_source["vindkraftspark"].preferred("sv")
    assert park.pos == "noun" and park.gender == "common"
    assert "vindkraftsparkerna" in {f.text for f in park.forms}  # forms generated on add
    assert by_source["vindkraftspark"].preferred("en").text == "wind farm"
    assert by_source["Baidu"].preferred("sv").dnt
    # Added terms are known now: a second run lists none of them.
    code, out, _ = run("terms", "extract", str(src), "--terms", str(db), "--json", "--no-model")
    assert {"vindkraftspark", "Baidu"}.isdisjoint(item["term"] for item in json.loads(out))


def test_cli_missing_file_is_one_line_and_exit_2(run, tmp_path):
    code, out, err = run("terms", "extract", str(tmp_path / "nope.txt"), "--no-model")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "nope.txt" in err


def test_cli_add_only_picked_candidates(run, tmp_path, files):
    src, tgt = files
    db = tmp_path / "t.db"
    code, _, err = run("terms", "extract", str(src), "--terms", str(db), "--add", "--no-model",
                       "--bilingual", str(src), "--bilingual", str(tgt), "--pick", "sjökabel")  # fmt: skip
    assert code == 0, err
    with Termbase.open(db) as tb:
        assert [e.preferred("sv").text for e in tb.entries()] == ["sjökabel"]
    code, _, err = run("terms", "extract", str(src), "--terms", str(db), "--add", "--no-model",
                       "--pick", "nothing-like-it")  # fmt: skip
    assert code == 2 and "nothing-like-it" in err


def test_english_input(tmp_path):
    text = (
        "The offshore wind farms feed the transmission grid. Each offshore wind farm needs "
        "submarine cables, and Vattenfall builds the submarine cables for the grid."
    )
    terms = {c.term: c for c in extract_texts([text], lang="en")}
    assert "Vattenfall" in terms and terms["Vattenfall"].kind == "name"
    assert any("wind farm" in t for t in terms)
    assert "the" not in terms and "and" not in terms


def test_cli_model_targets_only_with_a_model(run, tmp_path, files, tiny_package_dir):
    src, _ = files
    db = str(tmp_path / "t.db")
    code, out, err = run("terms", "extract", str(src), "--terms", db, "--json", "--no-tm")
    assert code == 0 and "no sv->en model installed" in err
    assert {item["target_source"] for item in json.loads(out)} <= {None, "do-not-translate"}
    code, out, _ = run("terms", "extract", str(src), "--terms", db, "--json", "--no-tm",
                       "--model", str(tiny_package_dir))  # fmt: skip
    park = next(item for item in json.loads(out) if item["term"] == "vindkraftspark")
    assert park["target_source"] == "model" and park["target"]
