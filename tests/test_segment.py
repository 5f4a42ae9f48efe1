"""Sentence splitting without a downloaded model: abbreviations, numbers, quotes, lists."""

from __future__ import annotations

import pytest

from glossary.segment import split_sentences


def sentences(text: str, lang: str = "sv") -> list[str]:
    return [text[a:b] for a, b in split_sentences(text, lang)]


@pytest.mark.parametrize(
    "text",
    [
        "Vi köper t.ex. minne och processorer.",
        "Regeringen har bl.a. skärpt reglerna.",
        "Det s.k. chipkriget fortsätter.",
        "Exporten, d.v.s. försäljningen utomlands, minskar.",
        "Priset steg ca. 40 procent.",
        "Se nr. 5 i listan.",
        "Dr. Andersson och J. R. Smith talade.",
        "USA:s nya regler gäller från i dag.",
        "Andelen steg från 3,5 till 4.5 procent.",
    ],
)
def test_abbreviations_numbers_and_initials_do_not_end_a_swedish_sentence(text):
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    "text",
    ["Chips are scarce, e.g. memory. ", "Mr. Brown and Dr. Lee agree, i.e. they sign."],
)
def test_english_abbreviations(text):
    assert sentences(text, "en") == [text.strip()]


def test_sentence_final_abbreviation_splits_before_a_capital():
    text = "De säljer chip, minne m.m. Regeringen reagerar. Sedan kom etc. Slut."
    assert sentences(text) == [
        "De säljer chip, minne m.m.",
        "Regeringen reagerar.",
        "Sedan kom etc.",
        "Slut.",
    ]


def test_quotes_ellipses_questions_and_exclamations():
    text = 'Hon sa: "Vi väntar." Sedan gick hon! Varför? Tja... Det vet ingen. "Nej!" sa han.'
    assert sentences(text) == [
        'Hon sa: "Vi väntar."',
        "Sedan gick hon!",
        "Varför?",
        "Tja...",
        "Det vet ingen.",
        '"Nej!" sa han.',
    ]


def test_ellipsis_followed_by_lower_case_continues_the_sentence():
    assert sentences("Vi väntade… och väntade. Till slut kom den.") == [
        "Vi väntade… och väntade.",
        "Till slut kom den.",
    ]


def test_list_items_and_blank_lines_are_hard_boundaries():
    text = "Tre skäl:\n1. Priset är högt\n2. Utbudet är litet\n- Kunderna väntar\n\nNytt stycke"
    assert sentences(text) == [
        "Tre skäl:",
        "1. Priset är högt",
        "2. Utbudet är litet",
        "- Kunderna väntar",
        "Nytt stycke",
    ]


def test_numbered_item_is_not_split_after_its_marker():
    assert sentences("1. Första punkten är viktig. Den andra också.") == [
        "1. Första punkten är viktig.",
        "Den andra också.",
    ]


def test_spans_exclude_surrounding_whitespace_and_cover_all_text():
    text = "  Första.   Andra!\tTredje?  "
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["Första.", "Andra!", "Tredje?"]
    covered = "".join(text[a:b] for a, b in spans)
    assert covered == "".join(text.split())


def test_empty_and_whitespace_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\t ") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He works at Apple Inc. He likes it.", ["He works at Apple Inc.", "He likes it."]),
        ("Apple Inc. Board members met.", ["Apple Inc. Board members met."]),
        ("The U.S. Army is large. It grows.", ["The U.S. Army is large.", "It grows."]),
        ("He moved to the U.S. Then he left.", ["He moved to the U.S.", "Then he left."]),
        ("St. Louis is big. The river too.", ["St. Louis is big.", "The river too."]),
    ],
)
def test_company_and_country_abbreviations_end_a_sentence_only_before_an_opener(text, expected):
    assert sentences(text, "en") == expected


def test_swedish_unit_abbreviations_end_a_sentence_before_an_opener():
    assert sentences("Vi köpte 10 st. Sedan gick vi. Det kostade 5 milj. kronor.") == [
        "Vi köpte 10 st.",
        "Sedan gick vi.",
        "Det kostade 5 milj. kronor.",
    ]


def test_inline_markup_placeholders_never_break_a_pair_and_close_a_sentence():
    text = "Se ⟨1⟩länken. Den är bra⟨/1⟩. Läs ⟨2⟩mer.⟨/2⟩ ⟨3⟩Nästa⟨/3⟩ mening.⟦4⟧ Slut."
    assert sentences(text) == [
        "Se ⟨1⟩länken. Den är bra⟨/1⟩.",
        "Läs ⟨2⟩mer.⟨/2⟩",
        "⟨3⟩Nästa⟨/3⟩ mening.⟦4⟧",
        "Slut.",
    ]


def test_a_lower_case_word_after_a_dash_or_quote_continues_the_sentence():
    assert sentences("Priset steg. - och sedan föll det. Slut.") == [
        "Priset steg. - och sedan föll det.",
        "Slut.",
    ]
