"""English -> Swedish: English term recognition, the Swedish form each context asks for,
enforcement with a real en->sv copy-model package, the CLI, batch formats and memory.

The copy model "translates" each English sentence into itself, so whatever Swedish is in
the output was put there by the enforcement, in the form the English context asked for.
"""

from __future__ import annotations

import io
import json
import re
import sys

import pytest

from glossary.termtypes import Entry, Term
from tests.modelfactory import build_package


def _entry(sv: Term, *en: Term) -> Entry:
    return Entry(None, terms=[sv, *en])


def sv(text: str, **kw) -> Term:
    return Term(None, None, "sv", text, **kw)


def en(text: str, **kw) -> Term:
    return Term(None, None, "en", text, **kw)


ENTRIES = [
    _entry(sv("chipkrig", pos="noun", gender="neuter"), en("chip war", pos="noun")),
    _entry(
        sv("stor språkmodell", pos="noun", gender="common", declension="stora språkmodeller"),
        en("large language model", pos="noun"),
    ),
    _entry(sv("språkmodell", pos="noun", gender="common"), en("language model", pos="noun")),
    _entry(sv("finjustera", pos="verb"), en("fine-tune", pos="verb")),
    _entry(
        sv("finjusterad modell", pos="noun", gender="common"),
        en("fine-tuned model", pos="noun"),
    ),
    _entry(
        sv("kiselskiva", pos="noun", gender="common", declension="kiselskivor"),
        en("silicon wafer", pos="noun"),
    ),
    _entry(
        sv("datacenter", pos="noun", gender="neuter"),
        en("data centre", pos="noun"),
        en("data center", pos="noun"),
    ),
    _entry(sv("exportkontroll", pos="noun", gender="common"), en("export control", pos="noun")),
    _entry(sv("neuralt nätverk", pos="noun", gender="neuter"), en("neural network", pos="noun")),
    _entry(
        sv("Nvidia", pos="properNoun", dnt=True),
        en("Nvidia", pos="properNoun", dnt=True),
        en("NVidia", pos="properNoun", status="forbidden"),
    ),
    _entry(
        sv("Apple", pos="properNoun", dnt=True, case_sensitive=True),
        en("Apple", pos="properNoun", dnt=True, case_sensitive=True),
    ),
]


@pytest.fixture(scope="module")
def termbase(tmp_path_factory):
    from glossary.termbase import Termbase

    path = tmp_path_factory.mktemp("ensv") / "terms.db"
    with Termbase.open(path) as tb:
        for entry in ENTRIES:
            tb.add_entry(entry)
    return path


@pytest.fixture(scope="module")
def matcher(termbase):
    from glossary.matcher import TermMatcher
    from glossary.termbase import Termbase

    with Termbase.open(termbase) as tb:
        return TermMatcher.from_termbase(tb, src="en", tgt="sv")


@pytest.fixture(scope="module")
def ensv_package(tmp_path_factory):
    """A genuine en->sv .argosmodel with the tiny copy model."""
    folder = tmp_path_factory.mktemp("ensv-model")
    return build_package(folder / "translate-en_sv-0_1.argosmodel", from_code="en", to_code="sv")


@pytest.fixture(scope="module")
def translator(ensv_package, matcher, termbase):
    from glossary.enforce import GlossaryTranslator
    from glossary.engine import Engine

    engine = Engine.load("en", "sv", model=str(ensv_package))
    return GlossaryTranslator(engine, matcher, forbidden=matcher.forbidden, termbase=termbase)


def hits(matcher, text: str) -> list[tuple[str, str, tuple]]:
    return [(h.text, h.target, h.features) for h in matcher.find(text) if not h.covered]


# ----------------------------------------------------------------- English recognition


def test_plural_genitive_and_multiword_heads_are_found(matcher):
    found = hits(matcher, "The chip war's cost grew as silicon wafers and data centers ran out.")
    assert [(t, f) for t, _, f in found] == [
        ("chip war's", ("sg", "gen")),
        ("silicon wafers", ("pl",)),
        ("data centers", ("pl",)),
    ]


def test_verb_forms_are_found(matcher):
    found = hits(matcher, "She fine-tunes it, we fine-tuned two and they are fine-tuning more.")
    assert [(t, f) for t, _, f in found] == [
        ("fine-tunes", ("pres",)),
        ("fine-tuned", ("past",)),
        ("fine-tuning", ("prespart",)),
    ]


def test_longest_match_wins_and_the_shorter_term_is_covered(matcher):
    found = matcher.find("Large language models answer questions.")
    winner = [h for h in found if not h.covered]
    assert [(h.text, h.target) for h in winner] == [("Large language models", "stor språkmodell")]
    assert any(h.covered and h.text == "language models" for h in found)


def test_spelling_variants_only_where_the_termbase_has_them(matcher):
    assert [t for t, _, _ in hits(matcher, "A data centre, a data center.")] == [
        "data centre",
        "data center",
    ]
    # neither a hyphenated nor a closed spelling is in the termbase
    assert hits(matcher, "A data-centre and a datacentre.") == []


def test_case_rules_as_for_swedish(matcher):
    assert [t for t, _, _ in hits(matcher, "Apple sells phones. We eat an apple.")] == ["Apple"]
    # a term that is not case-sensitive is found in any case
    assert [t for t, _, _ in hits(matcher, "THE CHIP WAR")] == ["CHIP WAR"]


def test_one_hit_per_entry_when_a_forbidden_spelling_shares_the_form(matcher):
    found = matcher.find("Nvidia's chips sell well.")
    assert [(h.text, h.source, h.status) for h in found] == [("Nvidia's", "Nvidia", "preferred")]


# ----------------------------------------------------------------- Swedish form choice

FORM_CASES = [
    # definiteness from articles, demonstratives, possessives and of-phrases
    ("The chip war began in 2022.", "chip war", "chipkriget"),
    ("A chip war would hurt both sides.", "chip war", "chipkrig"),
    ("That chip war is over.", "chip war", "chipkriget"),
    ("This data center uses seawater for cooling.", "data center", "datacenter"),
    ("The end of the chip war is not in sight.", "chip war", "chipkriget"),
    ("The price of silicon wafers fell.", "silicon wafers", "kiselskivor"),
    # number
    ("The silicon wafers arrived damaged.", "silicon wafers", "kiselskivorna"),
    ("Export controls were tightened again.", "Export controls", "exportkontroller"),
    # genitive
    ("The chip war's first victims were small suppliers.", "chip war's", "chipkrigets"),
    ("Nvidia's chips are in short supply.", "Nvidia's", "Nvidias"),
    # adjective agreement in multiword terms
    ("Large language models need text.", "Large language models", "stora språkmodeller"),
    ("The large language model answered.", "large language model", "stora språkmodellen"),
    ("Our large language model is small.", "large language model", "stora språkmodell"),
    ("A neural network learns from examples.", "neural network", "neuralt nätverk"),
    ("The neural network was too large.", "neural network", "neurala nätverket"),
    # verb tense and participles
    ("The company fine-tunes every model.", "fine-tunes", "finjusterar"),
    ("We fine-tuned the model last week.", "fine-tuned", "finjusterade"),
    ("The weights were fine-tuned on legal text.", "fine-tuned", "finjusterades"),
    ("They have fine-tuned three models.", "fine-tuned", "finjusterat"),
    ("You can fine-tune it on your own data.", "fine-tune", "finjustera"),
    ("A fine-tuned model often wins.", "fine-tuned model", "finjusterad modell"),
    ("The fine-tuned models were released.", "fine-tuned models", "finjusterade modellerna"),
]


@pytest.mark.parametrize(("sentence", "term", "expected"), FORM_CASES)
def test_each_form_rule_on_a_real_sentence(translator, sentence, term, expected):
    result = translator.translate_sentences([sentence])[0]
    outcome = next(o for o in result.terms if o.source == term)
    assert outcome.target == expected
    assert outcome.status in ("already", "applied")
    # the form is in the output as a whole word, and the English term is gone
    words = re.sub(r"[^\w\s:-]", " ", result.target).lower()
    assert f" {expected.lower()} " in f" {words} "
    assert term.lower() not in words


def test_a_correct_form_written_by_the_model_is_kept(translator):
    result = translator.translate_sentences(["The chip war (chipkriget) began."])[0]
    assert result.target == "The chip war (chipkriget) began."
    assert [(o.status, o.method) for o in result.terms] == [("already", "model")]


def test_a_wrong_form_written_by_the_model_is_corrected(translator):
    result = translator.translate_sentences(["The chip war (chipkrigen) began."])[0]
    assert "chipkriget" in result.target and "chipkrigen" not in result.target
    assert [o.status for o in result.terms] == ["applied"]


def run_cli(args: list[str], monkeypatch) -> tuple[int, str, str]:
    """The real `ordbro` entry point in-process: (exit code, stdout, stderr)."""
    from glossary.cli import main

    out, err = io.BytesIO(), io.StringIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, write_through=True))
    monkeypatch.setattr(sys, "stderr", err)
    code = 0
    try:
        main(args)
    except SystemExit as exit_:
        code = exit_.code
    sys.stdout.flush()
    return code, out.getvalue().decode("utf-8"), err.getvalue()


def test_cli_translates_a_whole_file_en_sv_with_a_termbase(
    isolated_home, ensv_package, termbase, tmp_path, monkeypatch
):
    source = tmp_path / "news.txt"
    source.write_text(
        "The chip war began in 2022.\n\n"
        "Nvidia's large language models were fine-tuned on silicon wafers.\n"
        "A data center uses export controls.\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    args = ["translate", "--from", "en", "--to", "sv", "--model", str(ensv_package)]
    args += ["--terms", str(termbase), str(source), "-o", str(tmp_path / "sv.txt")]
    code, _, err = run_cli([*args, "--report", str(report)], monkeypatch)
    assert code == 0, err
    # the copy model keeps the English words around the terms ("The", "were")
    assert (tmp_path / "sv.txt").read_text(encoding="utf-8") == (
        "The chipkriget began in 2022.\n\n"
        "Nvidias stora språkmodeller were finjusterades on kiselskivor.\n"
        "A datacenter uses exportkontroller.\n"
    )
    data = json.loads(report.read_text())
    outcomes = [t for seg in data["segments"] for t in seg["terms"]]
    assert {(t["source"], t["target"], t["status"]) for t in outcomes} >= {
        ("chip war", "chipkriget", "applied"),
        ("Nvidia's", "Nvidias", "applied"),
        ("fine-tuned", "finjusterades", "applied"),
    }
    assert data["summary"]["failed"] == 0
    # the translation memory holds the en->sv segments with their Swedish forms
    from glossary.memory import TranslationMemory

    with TranslationMemory.open(isolated_home.home / "memory.db") as memory:
        stored = {r["source"]: r["target"] for r in memory.iter_segments("en", "sv")}
    assert stored["The chip war began in 2022."] == "The chipkriget began in 2022."


def test_cli_translates_a_folder_of_formats_en_sv(
    isolated_home, ensv_package, termbase, tmp_path, monkeypatch
):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# The chip war\n\nSilicon wafers are *cheap*.\n")
    (docs / "b.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nThe chip war's end\n")
    args = ["translate", "--from", "en", "--to", "sv", "--model", str(ensv_package)]
    args += ["--terms", str(termbase), str(docs), "--out-dir", str(tmp_path / "sv")]
    code, _, err = run_cli(args, monkeypatch)
    assert code == 0, err
    assert (tmp_path / "sv" / "a.md").read_text() == (
        "# The chipkriget\n\nKiselskivor are *cheap*.\n"
    )
    assert "The chipkrigets end" in (tmp_path / "sv" / "b.srt").read_text()


def test_a_bundled_en_sv_model_is_used_and_listed(
    isolated_home, ensv_package, tmp_path, monkeypatch
):
    import shutil

    from glossary import engine, models

    bundled = tmp_path / "bundled"
    bundled.mkdir()
    shutil.copy(ensv_package, bundled / "translate-en_sv-ordbro-1_0.argosmodel")
    monkeypatch.setattr("glossary.paths.BUNDLED_MODELS", bundled)
    info, folder = engine.resolve_model("en", "sv")
    assert info.bundled and (info.from_code, info.to_code) == ("en", "sv")
    assert (folder / "metadata.json").is_file()
    assert [(m.from_code, m.to_code, m.bundled) for m in models.installed_models()] == [
        ("en", "sv", True)
    ]
    code, out, err = run_cli(["models", "list", "--json"], monkeypatch)
    assert code == 0, err
    listed = json.loads(out)
    assert [(m["from_code"], m["to_code"], m["bundled"]) for m in listed] == [("en", "sv", True)]
    source = tmp_path / "in.txt"
    source.write_text("Hello.\n")
    code, out, err = run_cli(
        ["translate", "--from", "en", "--to", "sv", "--no-terms", str(source)], monkeypatch
    )
    assert code == 0, err
    assert out == "Hello.\n"


def test_check_en_sv_accepts_any_correct_swedish_form(tmp_path, monkeypatch):
    from glossary.termbase import Termbase

    db = tmp_path / "plain.db"
    with Termbase.open(db) as tb:  # stored without grammar: the inferred grammar is used
        tb.add_entry(_entry(sv("finjustera"), en("fine-tune")))
        tb.add_entry(_entry(sv("kiselskiva"), en("silicon wafer")))
    source = tmp_path / "en.txt"
    source.write_text("We fine-tuned it.\nThe silicon wafers broke.\nSilicon wafers are thin.\n")
    good = tmp_path / "good.txt"
    good.write_text("Vi finjusterade den.\nKiselskivorna gick sönder.\nKiselskivor är tunna.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("Vi justerade den.\nSkivorna gick sönder.\nKiselskivor är tunna.\n")
    args = ["check", "--from", "en", "--to", "sv", "--terms", str(db), "--json", str(source)]
    code, out, err = run_cli([*args, str(good)], monkeypatch)
    assert code == 0, out + err
    code, out, err = run_cli([*args, str(bad)], monkeypatch)
    assert code == 1, err
    missing = [f for f in json.loads(out) if f["check"] == "term-missing"]
    assert [f["segment"] for f in missing] == [1, 2]


def test_a_form_added_by_hand_wins_over_a_generated_one(tmp_path):
    from glossary.swedish_forms import SwedishTerms, choose
    from glossary.termbase import Termbase

    with Termbase.open(tmp_path / "t.db") as tb:
        eid = tb.add_entry(_entry(sv("driftsätta", pos="verb"), en("deploy", pos="verb")))
        term = next(t for t in tb.get_entry(eid).terms if t.lang == "sv")
        tb.add_form(term.id, "driftsatte", ("past",))  # the generator writes driftsättte
    forms = SwedishTerms(termbase=tmp_path / "t.db").forms(eid, "driftsätta", "verb")
    sentence = "The team deployed the new version."
    start = sentence.index("deployed")
    choice = choose(forms, sentence, start, start + 8, ("past",), "verb", "driftsätta")
    assert choice.form == "driftsatte"


def test_a_term_twice_in_a_sentence_gets_each_its_own_form(translator):
    result = translator.translate_sentences(["The chip war is not a chip war."])[0]
    assert result.target == "The chipkriget is not a chipkrig."
    assert [(o.target, o.status) for o in result.terms] == [
        ("chipkriget", "applied"),
        ("chipkrig", "applied"),
    ]


def test_a_forbidden_english_spelling_comes_out_as_the_swedish_name(translator):
    result = translator.translate_sentences(["The NVidia chips."])[0]
    assert "Nvidia" in result.target and "NVidia" not in result.target
