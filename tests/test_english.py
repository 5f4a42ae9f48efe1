"""English target forms for QA and enforcement."""

from __future__ import annotations

import pytest

from glossary.english import english_form, english_variants, needs_article, pluralize


@pytest.mark.parametrize(
    ("noun", "plural"),
    [
        ("chip", "chips"),
        ("policy", "policies"),
        ("day", "days"),
        ("tax", "taxes"),
        ("switch", "switches"),
        ("crash", "crashes"),
        ("bus", "buses"),
        ("GPU", "GPUs"),
        ("analysis", "analyses"),
        ("criterion", "criteria"),
        ("child", "children"),
        ("software", "software"),
        ("research", "research"),
    ],
)
def test_pluralize(noun, plural):
    assert pluralize(noun) == plural


def test_noun_variants_inflect_the_head_of_a_multiword_term():
    assert english_variants("chip war") == {"chip war", "chip war's", "chip wars", "chip wars'"}
    assert "large language models" in english_variants("large language model")
    assert "proofs of work" in english_variants("proof of work")
    assert "supply chains" in english_variants("supply chain")


def test_proper_noun_variants_have_no_plural():
    assert english_variants("Nvidia", "properNoun") == {"Nvidia", "Nvidia's"}
    assert english_variants("Siemens", "properNoun") == {"Siemens", "Siemens'"}


@pytest.mark.parametrize(
    ("verb", "expected"),
    [
        ("fine-tune", {"fine-tune", "fine-tunes", "fine-tuned", "fine-tuning"}),
        ("apply", {"applies", "applied", "applying"}),
        ("stop", {"stops", "stopped", "stopping"}),
        ("build", {"builds", "built", "building"}),
        ("switch off", {"switches off", "switched off", "switching off"}),
        ("write", {"wrote", "written", "writing"}),
    ],
)
def test_verb_variants(verb, expected):
    assert expected <= english_variants(verb, "verb")


def test_adjective_has_one_form():
    assert english_variants("generative", "adjective") == {"generative"}


@pytest.mark.parametrize(
    ("features", "pos", "form", "article"),
    [
        (("indef", "sg"), "noun", "chip war", False),
        (("def", "sg"), "noun", "chip war", True),  # chipkriget -> the chip war
        (("def", "sg", "gen"), "noun", "chip war's", True),  # chipkrigets -> the chip war's
        (("indef", "pl"), "noun", "chip wars", False),
        (("def", "pl", "gen"), "noun", "chip wars'", True),
        (("indef", "sg", "gen"), "properNoun", "chip war's", False),
    ],
)
def test_english_form_for_a_swedish_noun_hit(features, pos, form, article):
    assert english_form("chip war", features, pos) == form
    assert needs_article(features) is article


def test_english_form_for_names_and_verbs():
    assert english_form("Nvidia", ("indef", "sg", "gen"), "properNoun") == "Nvidia's"
    assert english_form("fine-tune", ("past",), "verb") == "fine-tuned"
    assert english_form("fine-tune", ("supine", "pass"), "verb") == "fine-tuned"
    assert english_form("fine-tune", ("prespart",), "verb") == "fine-tuning"
    assert english_form("fine-tune", ("inf",), "verb") == "fine-tune"
    assert english_form("build", ("part", "sg", "common"), "verb") == "built"
    assert english_form("generative", ("weak",), "adjective") == "generative"
