"""How far to trust a machine translation: the model's own score and what fired.

Each machine-translated sentence carries the model's score (the mean log-probability
per output token, recovered from CTranslate2's length-penalised score by
:func:`mean_logprob`) and two flags: ``capped``
(the output ran into the repetition cap, a loop cut short) and ``fallback`` (the output
hit the decoding limit and the sentence was retranslated in halves). A sentence is
``low`` confidence when either flag fired or its score is under :data:`LOW_SCORE`;
``high`` otherwise; ``unknown`` when there is no score (memory, a person, a fake core).

:data:`LOW_SCORE` was set by ``tools/calibrate_confidence.py`` on one set of sentences
and checked on another it was not set on (figures in the README).
"""

from __future__ import annotations

from typing import Any

LOW_SCORE = -1.5  # tools/calibrate_confidence.py: 25th percentile of its calibration set


def mean_logprob(score: float | None, length: int, length_penalty: float) -> float | None:
    """The mean log-probability per token of an output of ``length`` tokens whose
    CTranslate2 score is ``score`` (its sum of log-probabilities / length ** penalty)."""
    if score is None:
        return None
    n = max(length, 1)
    return score * n**length_penalty / n


def level(score: float | None, capped: bool = False, fallback: bool = False) -> str:
    """``"low"``, ``"high"`` or ``"unknown"`` for one sentence (see the module docstring)."""
    if capped or fallback:
        return "low"
    if score is None:
        return "unknown"
    return "low" if score < LOW_SCORE else "high"


def of_sentence(sentence: Any) -> dict[str, Any]:
    """The ``confidence`` object of a report segment: level, score and flags."""
    score = getattr(sentence, "score", None)
    capped = bool(getattr(sentence, "capped", False))
    fallback = bool(getattr(sentence, "fallback", False))
    return {
        "level": level(score, capped, fallback),
        "score": None if score is None else round(score, 4),
        "capped": capped,
        "fallback": fallback,
    }


def is_low(sentences: Any) -> bool:
    """Is any of ``sentences`` (results of one segment) of low confidence?"""
    return any(of_sentence(s)["level"] == "low" for s in sentences)
