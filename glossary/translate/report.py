"""The term report of a translation job (``ordbro translate --report FILE.json``).

Shape: ``{"segments": [{"source", "target", "terms": [{"source", "target", "status",
"method"}], "confidence": {"level", "score", "capped", "fallback"}}], "summary":
{"segments", "terms", "already", "applied", "failed", "low_confidence", "methods": {...},
"failures": [{"segment", "source", "target"}]}}`` (confidence: :mod:`glossary.confidence`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from glossary.confidence import of_sentence
from glossary.results import DocumentResult, SentenceResult


def build_report(sentences: Iterable[SentenceResult]) -> dict:
    """The report dict for translated sentences, in order."""
    segments = []
    statuses: Counter[str] = Counter()
    methods: Counter[str] = Counter()
    failures = []
    low = 0
    for number, sentence in enumerate(sentences):
        terms = []
        for outcome in sentence.terms:
            terms.append(
                {
                    "source": outcome.source,
                    "target": outcome.target,
                    "status": outcome.status,
                    "method": outcome.method,
                }
            )
            statuses[outcome.status] += 1
            methods[outcome.method] += 1
            if outcome.status == "failed":
                failures.append(
                    {"segment": number, "source": outcome.source, "target": outcome.target}
                )
        confidence = of_sentence(sentence)
        low += confidence["level"] == "low"
        segments.append(
            {
                "source": sentence.source,
                "target": sentence.target,
                "terms": terms,
                "confidence": confidence,
            }
        )
    summary = {
        "segments": len(segments),
        "terms": sum(statuses.values()),
        "already": statuses["already"],
        "applied": statuses["applied"],
        "failed": statuses["failed"],
        "low_confidence": low,
        "methods": dict(sorted(methods.items())),
        "failures": failures,
    }
    return {"segments": segments, "summary": summary}


def document_report(documents: Iterable[DocumentResult]) -> dict:
    """The report dict for whole documents (their sentences in order)."""
    return build_report(s for doc in documents for s in doc.sentences)


def summary_line(report: dict) -> str:
    """One line for the CLI: '12 terms: 5 already, 6 applied, 1 failed (kiselskivan -> wafer)'."""
    s = report["summary"]
    line = (
        f"{s['terms']} terms: {s['already']} already, {s['applied']} applied, {s['failed']} failed"
    )
    if s["failures"]:
        shown = ", ".join(f"{f['source']} -> {f['target']}" for f in s["failures"][:3])
        more = f" and {len(s['failures']) - 3} more" if len(s["failures"]) > 3 else ""
        line += f" ({shown}{more})"
    return line


def write_report(report: dict, path: Path) -> None:
    """Write ``report`` as JSON atomically (:func:`glossary.safeio.atomic_write`)."""
    from glossary.safeio import atomic_write

    data = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    atomic_write(Path(path), data.encode("utf-8"))
