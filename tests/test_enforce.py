"""Glossary enforcement on real models: the tiny copy model (which never translates a term,
so every term must be put there by enforcement) and the committed starter model."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from glossary.enforce import EnforceSettings, GlossaryTranslator, forbidden_renderings
from glossary.enforce.text import splice
from glossary.paths import BUNDLED_MODELS
from glossary.translate import Recipe, Translator
from tools.enforce_eval import (
    build_termbase,
    chrf,
    load_glossary,
    load_samples,
    score_terms,
)

DATA = Path(__file__).parent / "data" / "enforcement"
STARTER = BUNDLED_MODELS / "translate-sv_en-ordbro-1_0.argosmodel"


@pytest.fixture(scope="module")
def rows():
    return load_glossary(DATA / "glossary.tsv")


@pytest.fixture(scope="module")
def samples():
    return load_samples(DATA / "sentences.tsv")


@pytest.fixture(scope="module")
def entries(rows, tmp_path_factory):
    return build_termbase(rows, tmp_path_factory.mktemp("enforce-tb"))


def make(engine, entries, **settings):
    return GlossaryTranslator.from_entries(engine, entries, EnforceSettings(**settings))


def one(translator, sentence):
    return translator.translate_sentences([sentence])[0]


# ---------------------------------------------------------------- the test set itself


def test_test_set_is_large_labelled_and_consistent(rows, samples):
    assert len(samples) >= 100
    occurrences = [t for s in samples for t in s.terms]
    assert len(occurrences) >= 150
    for sample in samples:
        assert sample.reference.strip()
        for number, surface in sample.terms:
            assert number in rows, sample.id
            assert surface in sample.source, (sample.id, surface)


# ---------------------------------------------------------------- splicing words


@pytest.mark.parametrize(
    ("words", "span", "form", "article", "expected"),
    [
        ("The chip battle escalated .", (1, 3), "chip war", True, "The chip war escalated ."),
        ("Chipkriget escalated.", (0, 1), "chip war", True, "The chip war escalated."),
        ("costs of krieg.", (2, 3), "chip war", True, "costs of the chip war."),
        ("It bought a processor", (3, 4), "export licence", False, "It bought an export licence"),
        (
            "the company bought grafikprocessorer.",
            (3, 4),
            "GPUs",
            False,
            "the company bought GPUs.",
        ),
        ("Nvidias profit rose", (0, 1), "Nvidia's", False, "Nvidia's profit rose"),
        ("the wars", (1, 2), "the chip war", True, "the chip war"),
    ],
)
def test_splice_fits_the_term_into_the_sentence(words, span, form, article, expected):
    out, end = splice(words.split(), *span, form, article)
    assert " ".join(out) == expected
    assert form.removeprefix("the ").split()[-1] in out[end - 1]


def test_splice_drops_a_singular_article_before_a_plural_term():
    out, _ = splice(
        ["rules", "in", "a", "new", "document."], 4, 5, "export controls", False, plural=True
    )
    assert " ".join(out) == "rules in new export controls."


# ---------------------------------------------------------------- tiny copy model


def test_copy_model_gets_every_recognised_term(tiny_engine, entries, rows, samples):
    """The copy model echoes Swedish, so every approved target must come from enforcement."""
    translator = make(tiny_engine, entries)
    results = translator.translate_sentences([s.source for s in samples])
    outputs = [r.target for r in results]
    scores = score_terms(samples, outputs, rows)
    assert scores.accuracy >= 0.95, scores
    assert scores.forbidden == 0
    for result in results:
        for outcome in result.terms:
            assert outcome.status in ("already", "applied", "failed")
            if outcome.status == "failed":
                assert outcome.method in ("none", "compound")


def test_definite_and_genitive_forms(tiny_engine, entries):
    translator = make(tiny_engine, entries, repair="replace")
    assert one(translator, "Chipkriget trappas upp.").target.startswith("The chip war ")
    assert "the chip war's" in one(translator, "Vi ser chipkrigets kostnader.").target
    assert "export controls" in one(translator, "Nya exportkontroller införs.").target


def test_do_not_translate_name_in_genitive(tiny_engine, entries):
    result = one(make(tiny_engine, entries, repair="replace"), "Nvidias vinst steg.")
    assert result.target == "Nvidia's vinst steg."
    assert [(t.status, t.target) for t in result.terms] == [("applied", "Nvidia's")]


def test_model_output_that_has_the_term_is_reported_as_already(tiny_engine, entries):
    result = one(make(tiny_engine, entries), "TSMC bygger en fabrik.")
    assert result.target == "TSMC bygger en fabrik."
    assert [(t.status, t.method) for t in result.terms] == [("already", "model")]


def test_forbidden_rendering_never_survives(tiny_engine, entries):
    # the copy model echoes the forbidden English rendering that sits in the source
    result = one(make(tiny_engine, entries), "Datacentret (data center) är stort.")
    # replaced by the approved term, not dodged with nonsense ("da kundera center")
    assert result.target == "The data centre (data centre) är stort."
    assert [(t.source, t.status) for t in result.terms] == [("Datacentret", "applied")]


def test_compound_hits_are_reported_not_enforced(tiny_engine, entries):
    result = one(make(tiny_engine, entries), "Halvledarbranschen växer snabbt.")
    assert result.target == "Halvledarbranschen växer snabbt."
    assert all(t.method == "compound" for t in result.terms)


def test_placeholders_for_names_are_restored(tiny_engine, entries):
    translator = make(tiny_engine, entries, placeholders=True, repair="replace")
    result = one(translator, "TSMC:s kunder och Nvidias vinst.")
    assert result.target == "TSMC's kunder och Nvidia's vinst."
    assert {t.method for t in result.terms} == {"placeholder"}


def test_batch_equals_sentence_by_sentence(tiny_engine, entries, samples):
    translator = make(tiny_engine, entries, repair="replace")
    sentences = [s.source for s in samples[:12]]
    batched = [r.target for r in translator.translate_sentences(sentences)]
    single = [one(translator, s).target for s in sentences]
    assert batched == single


def test_pipeline_accepts_the_enforcing_translator(tiny_engine, entries):
    text = "Chipkriget trappas upp.\n\nNvidias vinst steg.\n"
    [doc] = Translator(make(tiny_engine, entries, repair="replace")).translate_texts([text])
    assert doc.target.startswith("The chip war ")
    assert "\n\nNvidia's vinst steg.\n" in doc.target
    assert [len(s.terms) for s in doc.sentences] == [1, 1]


# ---------------------------------------------------------------- the committed starter model


@pytest.mark.slow
@pytest.mark.skipif(not STARTER.is_file(), reason="the starter model is not committed yet")
def test_starter_model_term_accuracy_and_fluency(entries, rows, samples):
    from glossary.engine import Engine

    engine = Engine.load("sv", "en", model=str(STARTER))
    sources = [s.source for s in samples]
    references = [s.reference for s in samples]
    started = time.perf_counter()
    plain = [r.target for r in engine.translate_sentences(sources)]
    enforced = [r.target for r in make(engine, entries).translate_sentences(sources)]
    assert time.perf_counter() - started < 60
    scores = score_terms(samples, enforced, rows)
    assert scores.accuracy >= 0.98, scores
    assert scores.forbidden == 0
    assert chrf(enforced, references) >= chrf(plain, references)
    assert forbidden_renderings(entries)  # the glossary really has forbidden renderings


# ---------------------------------------------------------------- the report


def test_report_lists_every_hit_and_never_hides_a_failure(tiny_engine, entries, tmp_path):
    import json

    from glossary.translate.report import document_report, summary_line, write_report

    text = "Chipkriget trappas upp. TSMC bygger.\n"
    docs = Translator(make(tiny_engine, entries, repair="none")).translate_texts([text])
    path = tmp_path / "report.json"
    write_report(document_report(docs), path)
    report = json.loads(path.read_text(encoding="utf-8"))
    assert [t["status"] for s in report["segments"] for t in s["terms"]] == ["failed", "already"]
    assert report["summary"]["failures"] == [
        {"segment": 0, "source": "Chipkriget", "target": "chip war"}
    ]
    assert "1 failed (Chipkriget -> chip war)" in summary_line(report)

    enforced = document_report(Translator(make(tiny_engine, entries)).translate_texts([text]))
    assert enforced["summary"]["failed"] == 0
    assert enforced["summary"]["applied"] == 1


def test_blank_sentences_come_back_empty_in_place(tiny_engine, entries):
    results = make(tiny_engine, entries).translate_sentences(["", "Chipkriget växer.", "  "])
    assert [r.target for r in results][0::2] == ["", ""]
    assert results[1].target.startswith("The chip war")


def test_a_recipe_enforces_a_termbase_file(tiny_engine, rows, tmp_path):
    build_termbase(rows, tmp_path)
    recipe = Recipe(terms=tmp_path / "terms.db", use_memory=False)
    translator = recipe.build(engine=tiny_engine)
    result = translator.translate_sentences(["Kiselskivorna skärs ut."])[0]
    assert result.target.startswith("The wafers ")
    assert [t.status for t in result.terms] == ["applied"]


def test_a_forbidden_spelling_of_a_name_does_not_forbid_the_name(tiny_engine):
    from glossary.termtypes import Entry, Term

    nvidia = Entry(
        1,
        terms=[
            Term(1, 1, "sv", "Nvidia", pos="properNoun", dnt=True),
            Term(2, 1, "en", "Nvidia", pos="properNoun", dnt=True),
            Term(3, 1, "en", "NVidia", pos="properNoun", status="forbidden"),
        ],
    )
    translator = GlossaryTranslator.from_entries(tiny_engine, [nvidia])
    result = one(translator, "Nvidias vinst steg.")
    assert result.target.startswith("Nvidia's ")
    assert [t.status for t in result.terms] == ["applied"]
    # the copy model echoes the forbidden spelling; it is replaced, the name stays
    result = one(translator, "Nvidia (NVidia) steg.")
    assert result.target == "Nvidia (Nvidia) steg."
    assert [(t.source, t.status) for t in result.terms] == [
        ("Nvidia", "already"),
        ("NVidia", "applied"),
    ]


def _netherlands():
    from glossary.termtypes import Entry, Term

    return Entry(
        1,
        terms=[
            Term(1, 1, "sv", "Nederländerna", pos="properNoun"),
            Term(2, 1, "en", "the Netherlands", pos="properNoun"),
            Term(3, 1, "en", "Netherland", pos="properNoun", status="forbidden"),
        ],
    )


def test_an_approved_term_that_contains_a_forbidden_rendering_is_not_flagged(tiny_engine):
    # "Netherland" is forbidden; "Netherlands" in "the Netherlands" is not a use of it
    translator = GlossaryTranslator.from_entries(tiny_engine, [_netherlands()])
    result = one(translator, "Nederländerna växer.")
    assert result.target == "The Netherlands växer."
    assert [t.status for t in result.terms] == ["applied"]
    # the forbidden rendering itself is still replaced wherever it stands alone
    result = one(translator, "Nederländerna (Netherland) växer.")
    assert result.target == "The Netherlands (Netherlands) växer."
    assert [t.status for t in result.terms] == ["applied"]


def test_the_approved_term_is_never_suppressed_with_a_forbidden_rendering(tiny_engine):
    # "Netherland" is a token prefix of "Netherlands": were it suppressed while decoding,
    # the copy model could not write the approved name it reads in the source
    translator = GlossaryTranslator.from_entries(tiny_engine, [_netherlands()])
    tokens = tiny_engine.tokenize("the Netherlands")
    assert any(
        tokens[i : i + 2] == tiny_engine.tokenize("Netherland")[:2] for i in range(len(tokens))
    )
    result = one(translator, "Nederländerna, alltså the Netherlands, växer.")
    assert "alltså the Netherlands," in result.target
    assert [(t.status, t.method) for t in result.terms] == [("already", "model")]


def test_a_repeated_sentence_gets_the_same_translation_and_term_report(tiny_engine, entries):
    translator = make(tiny_engine, entries)
    sentences = ["Kiselskivorna skärs ut.", "TSMC bygger en fabrik.", "Kiselskivorna skärs ut."]
    first, _, again = translator.translate_sentences(sentences)
    assert first.target == again.target and first.target.startswith("The wafers ")
    assert [(t.source, t.status) for t in again.terms] == [
        (t.source, t.status) for t in first.terms
    ]


def test_a_forbidden_rendering_is_scrubbed_even_when_its_term_is_not_in_the_source(
    tiny_engine, entries
):
    # no Swedish term for the concept in the source, yet the forbidden English rendering
    # comes out (the copy model echoes it): it is replaced and reported
    [result] = make(tiny_engine, entries).translate_sentences(["Vi hyr ett data center i Luleå."])
    assert result.target == "Vi hyr ett data centre i Luleå."
    scrubs = [t for t in result.terms if t.method == "scrub"]
    assert [(t.source, t.target, t.status) for t in scrubs] == [
        ("data center", "data centre", "applied")
    ]
