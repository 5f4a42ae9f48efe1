"""Inline markup through translation: stripped, translated as plain text, projected back.

Property tests run generated segments (random sentences with nested pairs, atoms and
literal placeholders) through the copy model, the bundled starter model and a translator
that drops and shuffles words: every element must come back exactly once, validly
nested; with the copy model every element must enclose (or sit between) the same words.
"""

from __future__ import annotations

import random

import pytest

from glossary.markup import inventory, nesting_valid, strip
from glossary.markup.align import Aligner, lexical_links
from glossary.markup.translate import translate_marked
from glossary.markup.verify import guard, intact, restore
from glossary.results import SentenceResult
from tests.markupgen import atom_gaps, covered_words, segment
from tests.modelfactory import SWEDISH_WORDS

# Words of everyday Swedish software text, for segments through the starter model.
_HELP = (
    "klicka på knappen för att öppna dialogrutan och välj sedan filen som du vill spara i "
    "mappen du kan också ändra inställningarna under menyn verktyg om fönstret inte visas "
    "tryck på tangenten skriv ut dokumentet med den nya mallen listan visar alla poster"
)
HELP_WORDS = _HELP.split()


def _check_preserved(sources: list[str], targets: list[str]) -> None:
    for source, target in zip(sources, targets, strict=True):
        assert inventory(target) == inventory(source), (source, target)
        assert nesting_valid(target), (source, target)


class DropShuffle:
    """Wraps a translator and mangles its output: drops about a third of the words and
    shuffles the rest, as a model that rewrites freely would. The engine stays reachable,
    so the aligner still reads attention over the mangled text."""

    def __init__(self, inner, seed: int = 3) -> None:
        self.inner = inner
        self.engine = inner
        self.rng = random.Random(seed)

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        out = []
        for result in self.inner.translate_sentences(sentences):
            ws = [w for w in result.target.split() if self.rng.random() > 0.33]
            self.rng.shuffle(ws)
            out.append(SentenceResult(result.source, " ".join(ws)))
        return out


def test_strip_gives_plain_text_and_spans():
    st = strip("Klicka på ⟨1⟩Spara⟨/1⟩ och skriv %s i ⟦2⟧ {name}.")
    assert st.plain == "Klicka på Spara och skriv i."
    kinds = [(el.kind, el.key, st.plain[el.start : el.end]) for el in st.elements]
    assert kinds == [
        ("pair", "⟨1⟩", "Spara"),
        ("atom", "%s", ""),
        ("atom", "⟦2⟧", ""),
        ("atom", "{name}", ""),
    ]


def test_prose_percent_and_braces_in_words_are_not_codes():
    assert strip("Priset steg 50 % av {} och 10%.").plain == "Priset steg 50 % av och 10%."
    assert inventory("Priset steg 50 % av alla.") == {}


def test_an_atom_between_two_words_keeps_them_apart():
    st = strip("Namn:⟦1⟧Styrelsen")
    assert st.plain == "Namn: Styrelsen"
    links = lexical_links(["Namn", ":", "Styrelsen"], ["Namn", ":", "Styrelsen"])
    from glossary.markup import project

    assert project(st, st.plain, links).text == "Namn:⟦1⟧Styrelsen"


def test_unbalanced_markers_are_kept_as_atoms():
    st = strip("En ⟨/4⟩ rad ⟨5⟩ utan slut.")
    assert [el.kind for el in st.elements] == ["atom", "atom"]
    assert inventory("En ⟨/4⟩ rad ⟨5⟩ utan slut.") == {"⟨/4⟩": 1, "⟨5⟩": 1}


def test_guard_restores_a_target_that_lost_or_doubled_markup():
    source = "Klicka på ⟨1⟩Spara⟨/1⟩ och skriv %s."
    fixed, count = guard(
        [source, source, source],
        ["Click Save and write.", "Click ⟨1⟩Save⟨/1⟩ ⟨1⟩and⟨/1⟩ write %s.", None],
    )
    assert count == [0, 1] and fixed[2] is None
    for target in fixed[:2]:
        assert intact(source, target)
    assert restore(source, "Klicka på Spara och skriv.").startswith("Klicka på ⟨1⟩Spara⟨/1⟩")


def test_copy_model_puts_every_element_around_the_same_words(tiny_engine):
    rng = random.Random(11)
    sources = [segment(rng, SWEDISH_WORDS) for _ in range(200)]
    results = translate_marked(sources, tiny_engine)
    targets = [r.target for r in results]
    _check_preserved(sources, targets)
    for source, target in zip(sources, targets, strict=True):
        assert covered_words(target) == covered_words(source), (source, target)
        assert atom_gaps(target) == atom_gaps(source), (source, target)
    assert {r.markup for r in results} <= {"aligned", None}


def test_copy_model_reads_attention_too(tiny_engine):
    """Attention alone (no identical words to lean on) links the copy model's diagonal."""
    src = "Klicka på knappen spara."
    (links,) = Aligner(tiny_engine)._attention([(src, src)])
    assert links == [(i, i) for i in range(5)]


def test_words_dropped_and_shuffled_never_lose_markup(tiny_engine):
    rng = random.Random(12)
    sources = [segment(rng, SWEDISH_WORDS) for _ in range(200)]
    results = translate_marked(sources, DropShuffle(tiny_engine))
    _check_preserved(sources, [r.target for r in results])
    assert any(r.markup == "fallback" for r in results)


@pytest.fixture(scope="module")
def starter_engine():
    from glossary.engine import Engine

    return Engine.load("sv", "en")


def test_starter_model_keeps_every_element(starter_engine):
    rng = random.Random(13)
    sources = [segment(rng, HELP_WORDS, 5, 12) for _ in range(40)]
    results = translate_marked(sources, starter_engine)
    _check_preserved(sources, [r.target for r in results])


def test_starter_model_with_dropped_and_shuffled_words(starter_engine):
    rng = random.Random(14)
    sources = [segment(rng, HELP_WORDS, 5, 12) for _ in range(40)]
    results = translate_marked(sources, DropShuffle(starter_engine))
    _check_preserved(sources, [r.target for r in results])


def test_workbench_translation_sends_the_model_plain_text():
    from glossary.translate import Recipe
    from tests.formats.translators import IdentityTranslator
    from tui.mt_process import _CACHE, _child_translate

    recipe = Recipe(core=IdentityTranslator, use_memory=False)
    [(target, _terms, _low)] = _child_translate(recipe, (0, 0), ["Klicka på ⟨1⟩Spara⟨/1⟩ nu."])
    assert _CACHE.get(recipe, 0, 0).core.calls == [["Klicka på Spara nu."]]
    assert target == "Klicka på ⟨1⟩Spara⟨/1⟩ nu."


PROSE_CODES = (
    "Läs mer på https://sv.wikipedia.org/wiki/Chip_(halvledare) i dag.\n"
    "Se <https://example.org/sida> för detaljer.\n"
    "Besök example.org eller www.example.org/spara för att spara.\n"
    "Filen finns på file:///home/anna/rapport.txt och sftp://server/rapport.txt i dag.\n"
    "Mejla anna.svensson@example.se eller skriv till mailto:info@example.org nu.\n"
    "Det finns %1$s filer och %(count)d mappar i {0} och {name}.\n"
)
PROSE_KEPT = [
    "https://sv.wikipedia.org/wiki/Chip_(halvledare)", "<https://example.org/sida>",
    "example.org", "www.example.org/spara", "file:///home/anna/rapport.txt",
    "sftp://server/rapport.txt", "anna.svensson@example.se", "mailto:info@example.org",
    "%1$s", "%(count)d", "{0}", "{name}",
]  # fmt: skip


def test_urls_mails_and_placeholders_in_prose_are_elements():
    found = [el.key for line in PROSE_CODES.splitlines() for el in strip(line).elements]
    assert found == PROSE_KEPT
    # abbreviations, file names and version numbers stay words for the model
    assert inventory("Se t.ex. bl.a. rapport.txt, version 1.2.3 och Skatteverket.") == {}


def test_plain_text_through_the_front_door_keeps_them_when_words_are_dropped(tiny_engine):
    from glossary.translate import Translator
    from glossary.translate.documents import translate_plain

    for seed in range(5):
        translator = Translator(DropShuffle(tiny_engine, seed=seed))
        [document] = translate_plain([PROSE_CODES], translator)
        for code in PROSE_KEPT:
            assert document.target.count(code) == PROSE_CODES.count(code), (code, document.target)


def test_the_fast_pattern_finds_what_the_full_one_finds():
    from glossary.markup.elements import ANY, inline_pattern

    rng = random.Random(15)
    vocabulary = [*SWEDISH_WORDS, "www", "se", "org", "a@b", "https:", "mailto:"]
    texts = PROSE_CODES.splitlines() + [segment(rng, vocabulary, 3, 12) for _ in range(500)]
    for text in texts:
        spans = [m.span() for m in ANY.finditer(text)]
        assert [m.span() for m in inline_pattern(text).finditer(text)] == spans, text
