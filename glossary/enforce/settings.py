"""How terms are enforced: the settings every stage reads."""

from __future__ import annotations

from dataclasses import dataclass

CONTINUATION_GROUP = 64  # sentences per continuation call
METHODS = ("model", "rerank", "placeholder", "replace", "prefix", "compound")


@dataclass
class EnforceSettings:
    """How terms are enforced.

    Defaults (measured on tests/data/enforcement with the starter model): n-best rerank, then
    splice the approved form in where the model's rendering is (found by the term's own
    translation, else attention) -- within the 1.3x time budget. ``repair="prefix"`` with
    ``align="rendering"`` adds a forced-prefix continuation: about +1 chrF, ~1.35-1.6x time.

    ``repair``: "prefix" (splice, then let the model finish the sentence after the term),
    "replace" (splice only) or "none" (measure the model alone). ``align``: how the model's
    rendering of a term is found: "rendering" (its translation of the term alone),
    "attention", or "both" (rendering first). ``placeholders`` masks do-not-translate
    terms in the source with ``placeholder`` (``{n}`` is the hit's number).
    """

    num_hypotheses: int = 4
    beam_size: int | None = None  # None: the engine's own beam size
    rerank: bool = True
    repair: str = "replace"
    align: str = "both"
    continuation_beam: int = 1
    # continue after the term in "all" repaired sentences, only where a dropped term was
    # inserted ("insertions"), or where the spot was not found by the term's own rendering
    prefix_for: str = "uncertain"
    suppress: bool = True
    placeholders: bool = False
    placeholder: str = "[{n}]"  # copied intact most often by the starter model (see report)
    enforce_compounds: bool = False
