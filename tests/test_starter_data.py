"""Evaluation text never becomes training text for the starter models."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.starter.data import Pair, contaminated, split  # noqa: E402


def _pair(sv: str, en: str, doc: str = "po:x") -> Pair:
    return Pair(sv, en, doc, "x")


def test_near_duplicates_on_either_side_are_found():
    held = ["Spara dokumentet.", "Close the window."]
    candidates = [
        "spara dokumentet",  # same words, other case and punctuation
        "Spara dokumentet!!",
        "Close the windows.",  # one letter more
        "Öppna ett nytt fönster för varje dokument.",
    ]
    assert contaminated(candidates, held) == {0, 1, 2}


def test_split_drops_training_pairs_that_match_evaluation_pairs():
    pairs = [
        _pair("Skriv ut dokumentet.", "Print the document."),
        _pair("Skriv ut dokumenten.", "Print the documents."),  # near duplicate
        _pair("Byt namn på mappen.", "Rename the folder now."),  # Swedish side matches
        _pair("Visa verktygsfältet.", "Show the toolbar."),
    ]
    evaluation = [("Skriv ut dokumentet.", "Print the document."), ("Byt namn på mappen.", "x")]
    parts = split(pairs, evaluation)
    assert [p.sv for p in parts["train"]] == ["Visa verktygsfältet."]
    assert [p.sv for p in split(pairs)["train"]] == [p.sv for p in pairs]


def test_evaluation_sets_are_not_duplicated_in_each_other():
    from tools.starter.evaluate import load_tsv

    folder = Path(__file__).resolve().parent.parent / "tools" / "starter"
    old_sv, _ = load_tsv(folder / "software_sentences.tsv", 0, 1)
    new_sv, _ = load_tsv(folder / "heldout_software.tsv", 0, 1)
    assert len(new_sv) >= 40
    assert contaminated(new_sv, old_sv) == set()
