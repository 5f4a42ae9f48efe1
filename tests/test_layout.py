"""Exact layout round trip: blank lines, indentation, CRLF, final newline, line alignment."""

from __future__ import annotations

import pytest

from glossary.layout import rebuild, split_layout
from glossary.translate import Translator

LAYOUTS = {
    "paragraphs": "Rubrik\n\nFörsta stycket. Två meningar.\n\n\nAndra stycket.\n",
    "no final newline": "En rad.\nEn till.",
    "crlf": "Rubrik\r\n\r\n  Indragen rad.\r\nVanlig rad.\r\n",
    "old mac cr": "Ett.\rTvå.\r",
    "indentation and trailing spaces": "    kod-liknande rad.  \n\tflik först.\t\n   \n",
    "only whitespace": " \n\n\t\n",
    "empty": "",
    "list": "Skäl:\n- priset\n- utbudet\n  * underpunkt\n1. Första\n2) Andra\n",
    "wrapped prose": "Halvledare är viktiga för\nekonomin och för\nförsvaret. Ny mening.\n",
}


def _upper(text: str) -> str:
    chunks = split_layout(text)
    return rebuild(text, chunks, [c.text.upper() for c in chunks])


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_identity_targets_rebuild_the_exact_text(text):
    chunks = split_layout(text)
    assert rebuild(text, chunks, [c.text for c in chunks]) == text


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_everything_but_the_words_is_kept(text):
    out = _upper(text)
    assert out.lower() == text.lower()
    assert out.splitlines(keepends=True) == [line.upper() for line in text.splitlines(True)]


def test_line_per_sentence_file_stays_line_aligned_even_when_lengths_change():
    text = "Första meningen.\nAndra.\nTredje meningen här.\n"
    chunks = split_layout(text)
    assert len(chunks) == 3
    out = rebuild(text, chunks, ["One.", "The second sentence, much longer now.", "Three."])
    assert out == "One.\nThe second sentence, much longer now.\nThree.\n"


def test_wrapped_prose_is_one_chunk_and_rewrapped_on_the_same_lines():
    text = "  Halvledare är viktiga för\n  ekonomin och för\n  försvaret.\n"
    (chunk,) = split_layout(text)
    assert chunk.text == "Halvledare är viktiga för ekonomin och för försvaret."
    out = rebuild(text, [chunk], ["Semiconductors matter for the economy and for defence."])
    lines = out.split("\n")
    assert len(lines) == 4 and lines[-1] == ""
    assert all(line.startswith("  ") and line.strip() for line in lines[:3])
    assert " ".join(line.strip() for line in lines[:3]) == (
        "Semiconductors matter for the economy and for defence."
    )


def test_chunk_offsets_map_back_to_the_source():
    text = "Rubrik\r\n\r\n  Första raden fortsätter\r\n  på nästa rad.\r\n"
    chunks = split_layout(text)
    wrapped = chunks[1]
    start = wrapped.text.index("på nästa")
    assert text[wrapped.source_offset(start) :].startswith("på nästa rad.")
    assert text[wrapped.source_offset(0) : wrapped.source_offset(len(wrapped.text))] == (
        "Första raden fortsätter\r\n  på nästa rad."
    )


@pytest.mark.parametrize("text", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_pipeline_with_the_copy_model_returns_the_source_exactly(text, tiny_engine):
    (document,) = Translator(tiny_engine).translate_texts([text])
    assert document.target == text
    for sentence in document.sentences:
        assert " ".join(text[sentence.start : sentence.end].split()) == sentence.source
        assert sentence.target == sentence.source
