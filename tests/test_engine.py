"""The engine on real CTranslate2 models packaged as real .argosmodel files."""

from __future__ import annotations

import zipfile

import pytest

from glossary import paths
from glossary.engine import Engine, EngineSettings
from glossary.errors import ModelError
from glossary.models import bundled_models, install_from_file
from tests.modelfactory import build_package, training_lines

SENTENCES = training_lines(24, seed=11) + [
    "Klicka på knappen för att spara dokumentet.",
    "Ärligt talat — «zebra» 😀 kostar 3,5 %.",
    "Kort.",
]


@pytest.fixture(scope="module")
def noisy_engine(tmp_path_factory):
    """An imperfect copier: its outputs depend on the real decoder numerics."""
    out = tmp_path_factory.mktemp("noisy")
    package = build_package(out / "noisy.argosmodel", noise_scale=0.1)
    with zipfile.ZipFile(package) as archive:
        archive.extractall(out / "unpacked")
    settings = EngineSettings(max_decoding_length=80)  # bounds runaway outputs of the noise
    return Engine.load(model=str(out / "unpacked" / "translate-sv_en-0_1"), settings=settings)


def test_batched_translation_equals_sentence_by_sentence(noisy_engine):
    batched = noisy_engine.translate_sentences(SENTENCES)
    single = [noisy_engine.translate_sentences([s])[0] for s in SENTENCES]
    assert [r.target for r in batched] == [r.target for r in single]
    assert [r.score for r in batched] == pytest.approx([r.score for r in single], abs=1e-4)
    # the noisy model really translates: not every output is a copy of its input
    assert any(r.target != r.source for r in batched)


def test_results_keep_input_order_and_carry_source_and_score(tiny_engine):
    results = tiny_engine.translate_sentences(SENTENCES)
    assert [r.source for r in results] == SENTENCES
    assert [r.target for r in results] == SENTENCES  # the copy model returns its input
    assert all(isinstance(r.score, float) for r in results)


def test_a_repeated_sentence_is_translated_once_and_reads_the_same(tiny_engine, monkeypatch):
    sent: list[int] = []
    translate_capped = tiny_engine.translate_capped

    def counting(batch, **options):
        sent.append(len(batch))
        return translate_capped(batch, **options)

    monkeypatch.setattr(tiny_engine, "translate_capped", counting)
    text = ["Spara dokumentet.", "Klicka på knappen.", "Spara dokumentet.", "Spara dokumentet."]
    results = tiny_engine.translate_sentences(text)
    assert sent == [2]
    assert [r.source for r in results] == text
    assert [r.target for r in results] == text  # the copy model returns its input


def test_sentences_of_many_lengths_go_to_the_model_in_few_large_batches(tiny_package_dir):
    """A request batch of short and long sentences is not cut into one small model call
    per length bucket: small buckets are merged (batching is what makes it fast)."""
    from glossary.engine import _length_ceiling

    engine = Engine.load(
        model=str(tiny_package_dir), settings=EngineSettings(inter_threads=1, intra_threads=1)
    )
    sentences = [" ".join(["Spara dokumentet"] * n) + f" {n}." for n in range(1, 17)]
    assert len({_length_ceiling(len(engine.tokenize(s))) for s in sentences}) >= 5
    calls: list[int] = []
    translate_tokens = engine.translate_tokens

    def counting(batch, **options):
        calls.append(len(batch))
        return translate_tokens(batch, **options)

    engine.translate_tokens = counting
    results = engine.translate_sentences(sentences)
    assert calls == [16]
    assert [r.target for r in results] == sentences  # the copy model, nothing cut


def test_empty_sentences_give_empty_targets(tiny_engine):
    results = tiny_engine.translate_sentences(["", "  ", "Hej."])
    assert [r.target for r in results] == ["", "", "Hej."]


def test_a_sentence_longer_than_ctranslate2_limits_is_translated_whole(tiny_package_dir):
    engine = Engine.load(model=str(tiny_package_dir), settings=EngineSettings(beam_size=1))
    long = " ".join(f"Klicka på knappen nr {i}, och spara dokumentet {i};" for i in range(120))
    assert len(engine.tokenize(long)) > 1024  # CTranslate2 would cut the input here
    (result,) = engine.translate_sentences([long])
    assert result.target == long


def test_an_output_that_hits_the_decoding_limit_is_split_and_retranslated(tiny_package_dir):
    settings = EngineSettings(max_input_tokens=1000, max_decoding_length=40)
    engine = Engine.load(model=str(tiny_package_dir), settings=settings)
    text = "Regeringen skärper exportkontrollen av processorer och minne, " * 8 + "i dag."
    assert len(engine.tokenize(text)) > 100
    (result,) = engine.translate_sentences([text])
    assert result.target == text


def test_translate_tokens_passes_ctranslate2_options(tiny_engine):
    tokens = tiny_engine.tokenize("Spara dokumentet.")
    (result,) = tiny_engine.translate_tokens([tokens], num_hypotheses=2, return_scores=True)
    assert len(result.hypotheses) == 2 and len(result.scores) == 2
    assert tiny_engine.detokenize(result.hypotheses[0]) == "Spara dokumentet."


def test_package_target_prefix_is_given_and_removed(tmp_path):
    package = build_package(tmp_path / "p.argosmodel", target_prefix="__en__")
    with zipfile.ZipFile(package) as archive:
        archive.extractall(tmp_path / "u")
    engine = Engine.load(model=str(tmp_path / "u" / "translate-sv_en-0_1"))
    assert engine.target_prefix == "__en__"
    (result,) = engine.translate_tokens([engine.tokenize("Spara dokumentet nu.")])
    assert result.hypotheses[0][0] == "__en__"
    assert "__en__" not in engine.detokenize(result.hypotheses[0])
    (sentence,) = engine.translate_sentences(["Spara dokumentet nu."])
    assert "__en__" not in sentence.target and sentence.target


def test_no_model_at_all_says_how_to_install_one(isolated_home, tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "BUNDLED_MODELS", tmp_path / "no-bundled-models")
    with pytest.raises(ModelError, match="ordbro models install sv en"):
        Engine.load("sv", "en")


def test_bundled_starter_model_is_unpacked_into_the_cache_with_one_notice(
    isolated_home, tiny_package, tmp_path, monkeypatch, capsys
):
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / tiny_package.name).write_bytes(tiny_package.read_bytes())
    monkeypatch.setattr(paths, "BUNDLED_MODELS", bundled)
    monkeypatch.setattr("glossary.engine._NOTICES_SHOWN", set())
    first = Engine.load("sv", "en")
    second = Engine.load("sv", "en")
    assert first.package_dir == second.package_dir
    assert first.package_dir.is_relative_to(isolated_home.home / "cache")
    assert sorted(p.name for p in bundled.iterdir()) == [tiny_package.name]
    err = capsys.readouterr().err
    assert err.count("ordbro models install sv en") == 1
    assert first.translate_sentences(["Spara nu."])[0].target == "Spara nu."


def test_installed_package_is_preferred_and_wrong_pair_is_refused(
    isolated_home, tiny_package, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(paths, "BUNDLED_MODELS", tmp_path / "none")
    info = install_from_file(tiny_package)
    engine = Engine.load("sv", "en")
    assert engine.package_dir == isolated_home.packages / info.name
    assert capsys.readouterr().err == ""
    by_code = Engine.load("sv", "en", model="sv_en")
    assert by_code.package_dir == engine.package_dir
    with pytest.raises(ModelError, match="--from sv --to en"):
        Engine.load("en", "sv", model=info.name)
    with pytest.raises(ModelError, match="no model 'xx_yy'"):
        Engine.load("sv", "en", model="xx_yy")


@pytest.mark.skipif(
    not any(m.from_code == "sv" and m.to_code == "en" for m in bundled_models()),
    reason="no bundled sv->en starter model in glossary/data/models yet",
)
def test_bundled_starter_model_translates_a_software_sentence(isolated_home):
    engine = Engine.load(
        "sv",
        "en",
        model=next(m.name for m in bundled_models() if (m.from_code, m.to_code) == ("sv", "en")),
    )
    (result,) = engine.translate_sentences(["Klicka på knappen för att spara dokumentet."])
    assert "button" in result.target.lower()


def test_an_output_longer_than_its_cap_is_stopped_in_the_plain_and_enforcing_paths(
    tiny_package_dir, tmp_path
):
    """A runaway output stops at max_length_ratio x its length bucket + max_length_extra.

    The copy model writes as many tokens as it reads, so with a ratio of 0.5 every output
    runs past its cap, exactly as a model caught in a repetition loop would."""
    from glossary.engine import _length_ceiling
    from glossary.translate import Recipe

    sentences = [
        "Tillverkarna har svarat genom att ta fram enklare versioner av sina chip "
        f"med lägre minnesbandbredd i avsnitt {n} av rapporten om exporten."
        for n in (40, 88, 100)
    ]
    free = Engine.load(model=str(tiny_package_dir))
    tight = EngineSettings(max_length_ratio=0.5, max_length_extra=0)
    capped = Engine.load(model=str(tiny_package_dir), settings=tight)

    def cap(source: str) -> float:
        return tight.max_length_ratio * _length_ceiling(len(capped.tokenize(source)))

    full = [r.target for r in free.translate_sentences(sentences)]
    assert full == sentences  # the copy model, uncapped
    for source, result in zip(sentences, capped.translate_sentences(sentences), strict=True):
        assert 0 < len(capped.tokenize(result.target)) <= cap(source)
        assert source.startswith(result.target)  # the same translation, stopped early
    # the glossary-enforcing translator (the default for `ordbro translate`) is capped too
    from glossary.termbase import Termbase
    from glossary.termtypes import Entry, Term

    with Termbase.open(tmp_path / "terms.db") as tb:
        tb.add_entry(Entry(None, terms=[
            Term(None, None, "sv", "rapport", pos="noun", gender="common"),
            Term(None, None, "en", "report", pos="noun"),
        ]))  # fmt: skip
    recipe = Recipe(terms=tmp_path / "terms.db", use_memory=False)
    enforcing = recipe.build(engine=capped)
    assert type(enforcing.core).__name__ == "GlossaryTranslator"
    spliced = len(capped.tokenize("the report"))  # the missing term, put in after decoding
    for source, result in zip(sentences, enforcing.translate_sentences(sentences), strict=True):
        assert len(capped.tokenize(result.target)) <= cap(source) + spliced
        assert [t.status for t in result.terms] == ["applied"]


def test_cpu_threads_run_parallel_batches_unless_told_otherwise(monkeypatch):
    from glossary.engine import EngineSettings, cpu_threads

    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(2)))
    assert cpu_threads(EngineSettings(), "cpu") == {"inter_threads": 2, "intra_threads": 1}
    # --threads N (the workbench leaves a core to the UI): one worker with N threads
    assert cpu_threads(EngineSettings(intra_threads=1), "cpu") == {
        "inter_threads": 1,
        "intra_threads": 1,
    }
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: set(range(16)))
    assert cpu_threads(EngineSettings(), "cpu") == {"inter_threads": 4, "intra_threads": 4}
