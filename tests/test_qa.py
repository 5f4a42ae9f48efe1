"""QA checks: the planted-error set (precision and recall per check) and single cases."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from glossary.numbers import compare_numbers
from glossary.qa import CHECKS, check_pairs
from glossary.termtypes import Entry, Term

DATA = Path(__file__).parent / "data" / "qa"


def load_planted() -> tuple[list[tuple[str, str]], dict[str, set[int]]]:
    """The pairs of tests/data/qa/pairs.tsv and, per check, the segments that must be flagged."""
    pairs, expected = [], defaultdict(set)
    for line in (DATA / "pairs.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, labels = line.split("\t")
        pairs.append((source, target))
        for label in filter(None, labels.split(",")):
            assert label in CHECKS, label
            expected[label].add(len(pairs))
    return pairs, expected


@pytest.fixture(scope="module")
def qa_termbase(tmp_path_factory):
    """The QA glossary built into a real termbase file, the way the shipped one is built."""
    from glossary.termbase import Termbase
    from glossary.termio.source_tsv import build_termbase

    path = tmp_path_factory.mktemp("qa") / "terms.db"
    build_termbase(DATA / "glossary", path)
    with Termbase.open(path) as tb:
        entries = list(tb.entries())
    return path, entries


def score(findings, expected) -> dict[str, tuple[float, float]]:
    found = defaultdict(set)
    for f in findings:
        found[f.check].add(f.segment)
    out = {}
    for check in CHECKS:
        tp = len(found[check] & expected[check])
        precision = tp / len(found[check]) if found[check] else 1.0
        recall = tp / len(expected[check]) if expected[check] else 1.0
        out[check] = (precision, recall)
    return out


def test_planted_set_is_big_enough():
    pairs, expected = load_planted()
    assert len(pairs) >= 60
    assert all(len(expected[c]) >= 5 for c in CHECKS)
    assert (
        sum(1 for i in range(1, len(pairs) + 1) if not any(i in s for s in expected.values())) >= 30
    )


def test_planted_errors_precision_and_recall_per_check(qa_termbase):
    from glossary.matcher import TermMatcher

    pairs, expected = load_planted()
    _, entries = qa_termbase
    findings = check_pairs(pairs, TermMatcher(entries, "sv", "en"), entries=entries)
    scores = score(findings, expected)
    report = "\n".join(f"{c:16} P={p:.3f} R={r:.3f}" for c, (p, r) in scores.items())
    print("\n" + report)
    wrong = [
        (f.segment, f.check, f.message) for f in findings if f.segment not in expected[f.check]
    ]
    missed = [
        (seg, check)
        for check in CHECKS
        for seg in sorted(expected[check])
        if not any(f.segment == seg and f.check == check for f in findings)
    ]
    assert all(p >= 0.95 and r >= 0.95 for p, r in scores.values()), (report, wrong, missed)


def test_findings_carry_spans_into_the_texts(qa_termbase):
    _, entries = qa_termbase
    pairs = [
        ("Chipkriget påverkar hela branschen.", "The semiconductor conflict affects it."),
        ("Leveranskedjan bröts.", "The delivery chain broke."),
        ("Vinsten ökade med 12 procent.", "Profit rose by 21 percent."),
    ]
    findings = check_pairs(pairs, entries=entries)
    by_check = {}
    for f in findings:
        by_check.setdefault(f.check, f)
    term = by_check["term-missing"]
    assert term.segment == 1
    assert pairs[0][0][slice(*term.source_span)] == "Chipkriget"
    forbidden = by_check["forbidden-term"]
    assert pairs[1][1][slice(*forbidden.target_span)] == "delivery chain"
    assert "supply chain" in forbidden.message
    number = by_check["number-mismatch"]
    assert pairs[2][0][slice(*number.source_span)] == "12"
    assert pairs[2][1][slice(*number.target_span)] == "21"
    assert number.to_dict() == {
        "segment": 3,
        "check": "number-mismatch",
        "message": number.message,
        "source_span": list(number.source_span),
        "target_span": list(number.target_span),
    }


def _entry(entry_id: int, sv: str, en: str, **kw) -> Entry:
    forbidden = kw.pop("forbidden", ())
    terms = [
        Term(None, entry_id, "sv", sv, **kw),
        Term(None, entry_id, "en", en, pos=kw.get("pos")),
    ]
    terms += [Term(None, entry_id, "en", f, status="forbidden") for f in forbidden]
    return Entry(entry_id, terms=terms)


def test_entries_built_in_code_and_synonyms():
    entries = [
        _entry(1, "tull", "tariff", pos="noun", gender="common", forbidden=["toll"]),
        _entry(2, "Nvidia", "Nvidia", pos="properNoun", dnt=True, case_sensitive=True),
    ]
    entries[0].terms.append(Term(None, 1, "en", "customs duty", status="admitted"))
    pairs = [
        ("Tullen är hög.", "The customs duty is high."),
        ("Tullen är hög.", "The toll is high."),
        ("Nvidias chip.", "Nvidia’s chip."),
        ("Nvidias chip.", "Nvidias chip."),
    ]
    got = {(f.segment, f.check) for f in check_pairs(pairs, entries=entries)}
    assert (1, "term-missing") not in got
    assert {(2, "term-missing"), (2, "forbidden-term")} <= got
    assert (3, "dnt-changed") not in got
    assert (4, "dnt-changed") in got


def test_without_a_termbase_only_text_checks_run():
    pairs = [("Chipkriget kostar 3 miljarder.", "The chip war costs 3 billion."), ("Hej då", "")]
    findings = check_pairs(pairs)
    assert [(f.segment, f.check) for f in findings] == [(2, "untranslated")]


def test_only_selected_checks_run():
    pairs = [("Vinsten var 12 procent.", "Vinsten var 12 procent."), ("Ett 5", "A 6")]
    assert {f.check for f in check_pairs(pairs, checks=["number-mismatch"])} == {"number-mismatch"}
    with pytest.raises(ValueError):
        check_pairs(pairs, checks=["spelling"])


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("1 000,5 kronor", "SEK 1,000.5"),
        ("12 procent", "12 percent"),
        ("3,5 miljarder", "3.5 billion"),
        ("3 500 miljoner", "3.5 billion"),
        ("5 biljoner won", "5 trillion won"),
        ("12\u00a0000 anställda", "12,000 employees"),
        ("åren 2020–2023", "the years 2020-2023"),
        ("den 3:e maj", "on 3rd May"),
        ("kl. 14.30", "at 2.30 pm"),
        ("1990-talet", "the 1990s"),
        ("90-talet", "the '90s"),
        ("tre bilar", "3 cars"),
        ("3 bilar", "three cars"),
        ("1.5.2023", "1 May 2023"),
        ("en miljon", "a million"),
        ("2,5 %", "2.5%"),
        ("−5 grader", "minus 5 degrees"),
        ("tjugofem", "twenty-five"),
        ("8 mdkr", "SEK 8bn"),
    ],
)
def test_numbers_that_agree(source, target):
    assert compare_numbers(source, target) == []


@pytest.mark.parametrize(
    ("source", "target", "pair"),
    [
        ("3,5 miljarder", "3.5 million", ("3,5 miljarder", "3.5 million")),
        ("5 biljoner", "5 billion", ("5 biljoner", "5 billion")),
        ("2,5 %", "25%", ("2,5", "25")),
        ("H100", "H200", ("100", "200")),
        ("1 200 anställda", "12,000 staff", ("1 200", "12,000")),
        ("15 procent till 99 dollar", "15 percent", ("99", None)),
        ("Sidan", "Page 4", (None, "4")),
    ],
)
def test_numbers_that_differ(source, target, pair):
    (mismatch,) = compare_numbers(source, target)
    got = (
        mismatch.source.text if mismatch.source else None,
        mismatch.target.text if mismatch.target else None,
    )
    assert got == pair


def test_forbidden_spellings_are_matched_as_written_and_only_for_source_concepts():
    entries = [
        _entry(1, "chipkrig", "chip war", pos="noun", gender="neuter", forbidden=["chip-war"]),
        _entry(2, "Nvidia", "Nvidia", pos="properNoun", dnt=True, case_sensitive=True),
        _entry(3, "chip", "chip", pos="noun", gender="neuter", forbidden=["crisps"]),
    ]
    entries[1].terms.append(Term(None, 2, "en", "NVidia", status="forbidden"))
    pairs = [
        ("Chipkriget fortsätter.", "The chip war continues."),
        ("Chipkriget fortsätter.", "The chip-war continues."),
        ("Nvidia växer.", "Nvidia grows."),
        ("Nvidia växer.", "NVidia grows."),
        ("Chipsen var gamla.", "The crisps were old."),
        ("Ett chip och chips.", "A chip and crisps."),
    ]
    got = {(f.segment, f.check) for f in check_pairs(pairs, entries=entries)}
    forbidden = sorted(seg for seg, check in got if check == "forbidden-term")
    assert forbidden == [2, 4, 6]
