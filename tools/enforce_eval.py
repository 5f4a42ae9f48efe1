"""Measuring term enforcement on a labelled set: term accuracy, forbidden hits and chrF.

The test set is two TSV files (see tests/data/enforcement/):

* ``glossary.tsv``: ``id sv en pos gender dnt forbidden plural`` (``forbidden`` is a
  ``|``-separated list of English renderings that must never appear);
* ``sentences.tsv``: ``id sv en terms`` where ``terms`` lists the gold term occurrences
  as ``glossary_id:surface form`` separated by ``;``.

Term accuracy is scored from the gold labels, independently of the matcher and of
``glossary.english``: an occurrence counts when its approved target appears in the output
in any regular English inflection (plural -s/-es/-ies, genitive 's/s', verb -s/-ed/-ing);
a do-not-translate term must appear verbatim (case-sensitive).

A development harness (tests, benchmarks/enforcement.py, tools/eval_enforcement.py): it
lives outside the installed package because chrF needs sacrebleu, a test-only dependency.
"""

from __future__ import annotations

import csv
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.termtypes import Entry, Term


@dataclass
class GlossaryRow:
    """One concept of the test glossary."""

    id: int
    sv: str
    en: str
    pos: str
    gender: str | None
    dnt: bool
    forbidden: list[str]
    plural: str | None


@dataclass
class Sample:
    """One test sentence with its reference and gold term occurrences (glossary id, surface)."""

    id: str
    source: str
    reference: str
    terms: list[tuple[int, str]] = field(default_factory=list)


def _read_tsv(path: Path, columns: list[str]) -> list[dict[str, str]]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
        return list(reader)


def load_glossary(path: Path) -> dict[int, GlossaryRow]:
    """The test glossary by id."""
    rows = _read_tsv(path, ["id", "sv", "en", "pos", "gender", "dnt", "forbidden", "plural"])
    out: dict[int, GlossaryRow] = {}
    for row in rows:
        out[int(row["id"])] = GlossaryRow(
            id=int(row["id"]),
            sv=row["sv"],
            en=row["en"],
            pos=row["pos"],
            gender=row["gender"] or None,
            dnt=row["dnt"] == "1",
            forbidden=[f for f in row["forbidden"].split("|") if f],
            plural=row["plural"] or None,
        )
    return out


def load_samples(path: Path) -> list[Sample]:
    """The test sentences in file order."""
    samples = []
    for row in _read_tsv(path, ["id", "sv", "en", "terms"]):
        terms = []
        for item in filter(None, (row["terms"] or "").split(";")):
            number, surface = item.split(":", 1)
            terms.append((int(number), surface))
        samples.append(Sample(row["id"], row["sv"], row["en"], terms))
    return samples


def glossary_entries(rows: dict[int, GlossaryRow]) -> list[Entry]:
    """Termbase entries for the test glossary (not yet stored: ids are None)."""
    entries = []
    for row in rows.values():
        terms = [
            Term(
                None,
                None,
                "sv",
                row.sv,
                pos=row.pos,
                gender=row.gender,
                dnt=row.dnt,
                case_sensitive=row.dnt,
                declension=row.plural,
            ),
            Term(None, None, "en", row.en, pos=row.pos, dnt=row.dnt, case_sensitive=row.dnt),
        ]
        terms += [
            Term(None, None, "en", bad, pos=row.pos, status="forbidden") for bad in row.forbidden
        ]
        entries.append(Entry(None, subject_field="AI and chips", terms=terms))
    return entries


def build_termbase(rows: dict[int, GlossaryRow], folder: Path | None = None) -> list[Entry]:
    """Store the glossary in a real termbase file (forms generated there); its entries."""
    from glossary.termbase import Termbase

    folder = Path(folder or tempfile.mkdtemp(prefix="ordbro-enforce-"))
    with Termbase.open(folder / "terms.db") as tb:
        tb.add_entries(glossary_entries(rows))
        return list(tb.entries())


def regular_inflections(target: str) -> set[str]:
    """Regular English inflections of ``target`` (last word inflected; verbs and nouns)."""
    *head, last = target.split()
    forms = {last}
    if last.endswith("y") and last[-2:-1] not in "aeiou":
        forms |= {last[:-1] + "ies", last[:-1] + "ied"}
    forms |= {last + "s", last + "es", last + "'s", last + "s'", last + "es'"}
    stem = last[:-1] if last.endswith("e") else last
    forms |= {stem + "ed", stem + "ing", last + "d", last + "ed"}
    return {" ".join([*head, f]) for f in forms}


def _pattern(row: GlossaryRow) -> re.Pattern[str]:
    if row.dnt:
        variants, flags = {row.en}, 0
    else:
        variants, flags = regular_inflections(row.en), re.IGNORECASE
    body = "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)


@dataclass
class Scores:
    """Term accuracy and forbidden renderings over a set of outputs."""

    occurrences: int = 0
    correct: int = 0
    forbidden: int = 0
    sentences_all_terms: list[int] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.occurrences if self.occurrences else 1.0


def score_terms(samples: list[Sample], outputs: list[str], rows: dict[int, GlossaryRow]) -> Scores:
    """Count gold term occurrences whose approved target is in the output."""
    scores = Scores()
    for index, (sample, output) in enumerate(zip(samples, outputs, strict=True)):
        wanted: dict[int, int] = {}
        for number, _surface in sample.terms:
            wanted[number] = wanted.get(number, 0) + 1
        masked = output
        ok_all = True
        for number in sorted(wanted, key=lambda n: -len(rows[n].en)):
            found = 0
            for match in _pattern(rows[number]).finditer(masked):
                found += 1
                masked = (
                    masked[: match.start()] + "\0" * len(match.group(0)) + masked[match.end() :]
                )
            got = min(found, wanted[number])
            scores.occurrences += wanted[number]
            scores.correct += got
            ok_all &= got == wanted[number]
            for bad in rows[number].forbidden:
                if re.search(rf"(?<![\w-]){re.escape(bad)}", output, re.IGNORECASE):
                    scores.forbidden += 1
        if ok_all:
            scores.sentences_all_terms.append(index)
    return scores


def chrf(outputs: list[str], references: list[str]) -> float:
    """Corpus chrF (sacrebleu's default chrF2)."""
    from sacrebleu.metrics import CHRF

    if not outputs:
        return 0.0
    return CHRF().corpus_score(outputs, [references]).score
