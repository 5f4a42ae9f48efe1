"""Concordance: inflected forms of a query found in a real memory and in document pairs."""

from __future__ import annotations

import pytest

from glossary.concordance import build_query, search, search_memory, search_pairs
from glossary.memory import TranslationMemory
from glossary.termbase import Termbase
from glossary.termtypes import Entry, Term


@pytest.fixture
def tm(tmp_path):
    memory = TranslationMemory.open(tmp_path / "memory.db")
    memory.record("Kriget i Ukraina fortsätter.", "The war in Ukraine continues.", origin="machine")
    memory.record("Chipkriget trappas upp.", "The chip war escalates.", origin="human")
    memory.record("Vi köper chipen i Taiwan.", "We buy the chips in Taiwan.", origin="imported")
    memory.record("Chipet är litet.", "The chip is small.", origin="human", approved=True)
    memory.record("Krigsfartyg syntes.", "Warships were seen.", origin="human")
    memory.record("Fredsavtalet skrevs.", "The peace treaty was signed.", origin="human")
    memory.record("Kriget i Ukraina fortsätter.", "The war goes on.", "sv", "de", "human")
    yield memory
    memory.close()


def _highlighted(text: str, spans) -> list[str]:
    return [text[a:b] for a, b in spans]


def test_a_swedish_word_finds_its_inflected_forms_and_compounds_in_the_memory(tm):
    lines = search_memory(build_query("krig"), tm, "sv", "en")
    sources = [line.source for line in lines]
    # approved first, then human before machine; the sv->de pair is another direction
    assert sources == ["Chipkriget trappas upp.", "Kriget i Ukraina fortsätter."]
    assert _highlighted(lines[0].source, lines[0].source_spans) == ["Chipkriget"]
    assert _highlighted(lines[1].source, lines[1].source_spans) == ["Kriget"]
    assert lines[1].target == "The war in Ukraine continues." and lines[1].origin == "machine"
    # "krigs-" as the first part of a compound is another word's business
    assert "Krigsfartyg syntes." not in sources


def test_chip_finds_chipet_chipen_and_the_english_plural(tm):
    lines = search_memory(build_query("chip"), tm, "sv", "en")
    assert [line.source for line in lines] == [
        "Chipet är litet.",  # approved
        "Chipkriget trappas upp.",  # human
        "Vi köper chipen i Taiwan.",  # imported
    ]
    assert lines[0].approved
    assert _highlighted(lines[2].source, lines[2].source_spans) == ["chipen"]
    assert _highlighted(lines[2].target, lines[2].target_spans) == ["chips"]
    assert _highlighted(lines[1].target, lines[1].target_spans) == ["chip"]


def test_an_inflected_query_is_read_by_its_lemma(tm):
    sources = {line.source for line in search_memory(build_query("kriget"), tm, "sv", "en")}
    assert "Chipkriget trappas upp." in sources and "Kriget i Ukraina fortsätter." in sources


def test_an_english_query_searches_the_english_side(tm):
    lines = search_memory(build_query("war"), tm, "sv", "en")
    assert {line.target for line in lines} == {
        "The war in Ukraine continues.",
        "The chip war escalates.",
    }
    assert all(not line.source_spans for line in lines)
    # Warships is no inflection of war
    assert "Warships were seen." not in {line.target for line in lines}


def test_the_termbase_forms_of_a_term_win_over_generated_ones(tmp_path):
    path = tmp_path / "terms.db"
    with Termbase.open(path) as tb:
        entry_id = tb.add_entry(
            Entry(
                None,
                "tech",
                terms=[
                    Term(None, None, "sv", "avtal", pos="noun", gender="neuter"),
                    Term(None, None, "en", "treaty", pos="noun"),
                ],
            )
        )
        term = next(t for t in tb.get_entry(entry_id).terms if t.lang == "sv")
        tb.add_form(term.id, "avtalets", ("def", "sg", "gen"))
        query = build_query("avtal", termbase=tb)
    assert "avtalet" in query.forms["sv"] and "avtalets" in query.forms["sv"]
    pairs = [("Avtalets text.", "The treaty's text."), ("Ett avtal.", "A treaty.")]
    lines = search_pairs(query, pairs, "sv", "en")
    assert [line.segment for line in lines] == [0, 1]


def test_search_puts_the_documents_segments_first_and_shows_a_pair_once(tm):
    pairs = [
        ("Inget här.", ""),
        ("Chipet är litet.", "The chip is small."),
        ("Chipen är nya.", ""),
    ]
    lines = search("chip", memory=tm, pairs=pairs)
    assert [line.where for line in lines[:2]] == ["segment 2", "segment 3"]
    assert [line.where for line in lines[2:]] == ["memory", "memory"]
    assert [line.source for line in lines].count("Chipet är litet.") == 1
    assert lines[1].target == "" and lines[1].source_spans == ((0, 6),)


def test_a_phrase_matches_across_any_whitespace_and_an_empty_query_is_refused():
    query = build_query("export control")
    assert query.spans("New export\ncontrols came.", "en") == ((4, 19),)
    with pytest.raises(ValueError):
        build_query("   ")


def test_a_form_is_found_with_any_case_and_not_inside_another_word():
    query = build_query("chip")
    assert query.spans("CHIPET, chipen och Chip.", "sv") == ((0, 6), (8, 14), (19, 23))
    assert query.spans("microchipped potato chips", "en") == ((20, 25),)


def test_a_word_with_swedish_letters_is_found_in_any_case(tm):
    tm.record("ÖKNINGEN var stor.", "The increase was large.", origin="human")
    tm.record("Ökningar väntas.", "Increases are expected.", origin="human")
    lines = search_memory(build_query("ökning"), tm, "sv", "en")
    assert {line.source for line in lines} == {"ÖKNINGEN var stor.", "Ökningar väntas."}
