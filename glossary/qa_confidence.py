"""The ``low-confidence`` check: machine translations the model itself scored low.

The confidence comes from the file (XLIFF 1.2 notes and PO comments written by
``ordbro translate``, see :mod:`glossary.confidence_notes`) or from a ``--report`` JSON
of the translation (``confidence`` per sentence). A report sentence belongs to a checked
pair when the pair's source holds its source and the pair's target still holds its
target (an edited translation is no longer the model's). A pair is of low confidence
when any of its sentences is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from glossary.errors import InputError
from glossary.qa import Finding

CHECK = "low-confidence"


def _norm(text: str) -> str:
    return " ".join(text.split())


def read_report(path: str | Path) -> list[dict[str, Any]]:
    """The segments (source, target, confidence) of an ``ordbro translate --report`` file."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: not a JSON report ({exc})") from None
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(segments, list) or not all(
        isinstance(s, dict) and isinstance(s.get("source"), str) for s in segments
    ):
        raise InputError(f"{path}: not an ordbro translation report (no 'segments' list)")
    if segments and not any(isinstance(s.get("confidence"), dict) for s in segments):
        raise InputError(f"{path}: the report has no confidence (made by an older ordbro?)")
    return segments


def from_report(
    pairs: Sequence[tuple[str, str]], segments: Sequence[dict[str, Any]]
) -> list[dict[str, Any] | None]:
    """Per pair, the confidence of the report sentences that belong to it (or None)."""
    from glossary.confidence_notes import combine

    by_source: dict[str, list[dict[str, Any]]] = {}
    for seg in segments:
        if isinstance(seg.get("confidence"), dict) and seg["source"].strip():
            by_source.setdefault(_norm(seg["source"]), []).append(seg)
    out: list[dict[str, Any] | None] = []
    for source, target in pairs:
        src, tgt = _norm(source), _norm(target)
        if not tgt:
            out.append(None)
            continue
        found = [s for s in by_source.get(src, []) if _norm(s.get("target") or "") in tgt]
        if not found:
            found = [
                s
                for key, group in by_source.items()
                if key in src
                for s in group
                if _norm(s.get("target") or "") in tgt
            ]
        out.append(combine([s["confidence"] for s in found]) if found else None)
    return out


def findings(confidences: Sequence[dict[str, Any] | None]) -> list[Finding]:
    """A warning per pair of low confidence (``segment`` 1-based, like every check)."""
    out = []
    for number, confidence in enumerate(confidences, 1):
        if confidence is None or confidence.get("level") != "low":
            continue
        fired = [name for key, name in (("capped", "repetition cap"), ("fallback", "fallback"))
                 if confidence.get(key)]  # fmt: skip
        score = confidence.get("score")
        why = [f"score {score:.2f}"] if score is not None else []
        message = "machine translation of low confidence (" + ", ".join(why + fired) + ")"
        out.append(Finding(number, CHECK, message, severity="warning"))
    return out
