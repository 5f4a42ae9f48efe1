"""Confidence of machine translations: the model's score, the repetition cap, the report."""

from __future__ import annotations

import json

import pytest

from glossary.confidence import LOW_SCORE, level, mean_logprob
from glossary.engine import Engine, EngineSettings
from glossary.translate.report import build_report


def test_a_low_score_or_a_fired_safeguard_is_low_confidence():
    assert level(LOW_SCORE + 0.1) == "high"
    assert level(LOW_SCORE - 0.1) == "low"
    assert level(-0.01, capped=True) == "low"
    assert level(-0.01, fallback=True) == "low"
    assert level(None) == "unknown"


def test_mean_logprob_undoes_the_length_penalty():
    # 4 tokens of log-probability -0.5 each: CTranslate2 scores -2.0 / 4 ** 0.2
    assert mean_logprob(-2.0 / 4**0.2, 4, 0.2) == pytest.approx(-0.5)
    assert mean_logprob(None, 4, 0.2) is None


@pytest.fixture(scope="module")
def starter() -> Engine:
    return Engine.load("sv", "en")


def test_the_starter_model_scores_a_plain_sentence_higher_than_gibberish(starter):
    plain, gibberish = starter.translate_sentences(
        ["Filen sparades.", "Xqvrt blömsk fnurgel trösk vämpelstrok ågglirp."]
    )
    assert plain.score is not None and gibberish.score is not None
    assert plain.score > gibberish.score
    assert level(plain.score) == "high" and level(gibberish.score) == "low"
    assert not plain.capped and not plain.fallback


def test_an_output_cut_by_the_repetition_cap_is_flagged_low():
    engine = Engine.load(
        "sv", "en", settings=EngineSettings(max_length_ratio=0.1, max_length_extra=1)
    )
    (result,) = engine.translate_sentences(["Regeringen vill skärpa exportkontrollen av chip."])
    assert result.capped
    (entry,) = build_report([result])["segments"]
    assert entry["confidence"]["level"] == "low" and entry["confidence"]["capped"]
    assert build_report([result])["summary"]["low_confidence"] == 1


def test_the_report_gives_every_segment_its_confidence(tmp_path, starter):
    results = starter.translate_sentences(["Filen sparades.", "Programmet startar om."])
    report = json.loads(json.dumps(build_report(results)))
    for entry, result in zip(report["segments"], results, strict=True):
        assert entry["confidence"]["score"] == pytest.approx(result.score, abs=1e-4)
        assert entry["confidence"]["level"] in ("high", "low")
