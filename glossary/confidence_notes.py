"""The confidence of a machine-translated segment, written into the files ordbro makes.

A segment (one or more sentences) is of low confidence when any of its sentences is
(:mod:`glossary.confidence`); its score is the lowest sentence score. XLIFF 1.2 carries
it in a ``<note from="ordbro">`` of the trans-unit, PO in a translator comment; both
read ``ordbro confidence: low, score -2.3100, repetition cap`` (level, then the score
when there is one, then what fired: ``repetition cap``, ``fallback``). ``ordbro check``
reads them back for its ``low-confidence`` check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from glossary.confidence import of_sentence

PREFIX = "ordbro confidence:"
NOTE_FROM = "ordbro"  # XLIFF 1.2 <note from="...">
_NOTE = re.compile(
    r"ordbro confidence:\s*(?P<level>low|high|unknown)"
    r"(?:,\s*score\s+(?P<score>-?\d+(?:\.\d+)?))?(?P<rest>[^\n]*)"
)


def of_segment(sentences: Iterable[Any]) -> dict[str, Any]:
    """The ``confidence`` of a segment from its sentences' (see the module docstring)."""
    return combine(of_sentence(s) for s in sentences)


def of_result(result: Any) -> dict[str, Any] | None:
    """The confidence of a translated segment (a DocumentResult) from its machine-made
    sentences; None when none has a score or a flag (from the memory, a fake core)."""
    confidence = of_segment(s for s in getattr(result, "sentences", []) if s.origin == "machine")
    return None if confidence["level"] == "unknown" else confidence


def combine(confidences: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One confidence for several (of a segment's sentences, say): low if any is low,
    the lowest score, a flag if any fired."""
    parts = list(confidences)
    scores = [p["score"] for p in parts if p.get("score") is not None]
    levels = {p.get("level") for p in parts}
    level = "low" if "low" in levels else "high" if "high" in levels else "unknown"
    return {
        "level": level,
        "score": min(scores) if scores else None,
        "capped": any(p.get("capped") for p in parts),
        "fallback": any(p.get("fallback") for p in parts),
    }


def note_text(confidence: dict[str, Any]) -> str:
    """``ordbro confidence: low, score -2.3100, repetition cap`` for a confidence dict."""
    parts = [f"{PREFIX} {confidence['level']}"]
    if confidence.get("score") is not None:
        parts.append(f"score {confidence['score']:.4f}")
    if confidence.get("capped"):
        parts.append("repetition cap")
    if confidence.get("fallback"):
        parts.append("fallback")
    return ", ".join(parts)


def parse_note(text: str | None) -> dict[str, Any] | None:
    """The confidence dict in a note or comment written by :func:`note_text`, else None."""
    match = _NOTE.search(text or "")
    if match is None:
        return None
    rest = match.group("rest")
    score = match.group("score")
    return {
        "level": match.group("level"),
        "score": float(score) if score is not None else None,
        "capped": "repetition cap" in rest,
        "fallback": "fallback" in rest,
    }


def replace_comment(comment: str, confidence: dict[str, Any]) -> str:
    """A PO translator comment with its ordbro confidence line (re)written."""
    lines = [line for line in (comment or "").splitlines() if not line.startswith(PREFIX)]
    return "\n".join([*lines, note_text(confidence)])
