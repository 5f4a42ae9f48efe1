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
    from glossary.termbase import Termbase, build_termbase

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
        "severity": "error",
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


# --------------------------------------------------------------------------- false-alarm classes


def _pair_entry(entry_id, sv, en, pos="noun", subject=None, **kw):
    """An entry with ids on its terms (as the termbase gives them)."""
    sv_forbidden = kw.pop("sv_forbidden", ())
    en_forbidden = kw.pop("en_forbidden", ())
    tid = entry_id * 10
    terms = [
        Term(tid, entry_id, "sv", sv, pos=pos, gender=kw.get("gender")),
        Term(tid + 1, entry_id, "en", en, pos=pos),
    ]
    terms += [
        Term(tid + 2 + i, entry_id, "sv", f, pos=pos, status="forbidden")
        for i, f in enumerate(sv_forbidden)
    ]
    terms += [
        Term(tid + 5 + i, entry_id, "en", f, pos=pos, status="forbidden")
        for i, f in enumerate(en_forbidden)
    ]
    return Entry(entry_id, subject_field=subject, terms=terms)


def _found(pairs, entries, src, tgt, **kw):
    return {
        (f.segment, f.check) for f in check_pairs(pairs, src=src, tgt=tgt, entries=entries, **kw)
    }


def test_a_forbidden_rendering_is_never_a_source_term():
    entries = [_pair_entry(1, "aktie", "share", en_forbidden=["action"], subject="investment")]
    pairs = [("Perform the given action.", "Utför angiven åtgärd.")]
    assert _found(pairs, entries, "en", "sv", subjects=["all"]) == set()
    # sv -> en: the Swedish forbidden rendering is no source term either
    entries = [_pair_entry(2, "grupp", "group", sv_forbidden=["koncern"])]
    assert _found([("En koncern växer.", "A conglomerate grows.")], entries, "sv", "en") == set()


@pytest.mark.parametrize(
    ("src", "tgt", "source", "target"),
    [
        ("en", "sv", "unknown hashing algorithm", "okänd hashalgoritm"),
        ("en", "sv", "Number of processor threads:", "Antal processortrådar:"),
        ("en", "sv", "Unknown ARGP parameters", "Okända ARGP-parametrar"),
        ("en", "sv", "Invalid file format", "Ogiltigt filformat"),
        ("sv", "en", "Algoritmerna är snabba.", "The algorithms are fast."),
    ],
)
def test_an_approved_target_counts_in_any_form_and_inside_a_swedish_compound(
    src, tgt, source, target
):
    entries = [
        _pair_entry(1, "algoritm", "algorithm", gender="common"),
        _pair_entry(2, "processor", "processor", gender="common"),
        _pair_entry(3, "parameter", "parameter", gender="common"),
        _pair_entry(4, "fil", "file", gender="common"),
    ]
    assert _found([(source, target)], entries, src, tgt) == set()


def test_a_wrong_term_in_a_compound_is_still_missing():
    entries = [_pair_entry(1, "katalog", "directory", gender="common")]
    found = _found([("Cannot open directory", "Kan inte öppna mappen")], entries, "en", "sv")
    assert found == {(1, "term-missing")}
    found = _found([("Kan inte öppna katalogen", "Cannot open folder")], entries, "sv", "en")
    assert found == {(1, "term-missing")}
    # the head of a hyphenated Swedish compound is a use of the term; a closed compound
    # may be translated its own way
    entries = [_pair_entry(2, "fil", "file", gender="common")]
    pairs = [("Ogiltig XBM-fil", "Invalid XBM row"), ("Ogiltigt filformat", "Invalid format")]
    assert _found(pairs, entries, "sv", "en") == {(1, "term-missing")}


def test_entries_of_another_subject_field_apply_only_when_the_file_is_about_it():
    entries = [
        _pair_entry(1, "koncern", "group", subject="investment", gender="common"),
        _pair_entry(2, "utdelning", "dividend", subject="investment", gender="common"),
        _pair_entry(3, "dotterbolag", "subsidiary", subject="investment", gender="neuter"),
    ]
    software = [
        ("Adding group %s", "Lägger till gruppen %s"),
        ("The group does not exist.", "Gruppen finns inte."),
        ("Removing user from group", "Tar bort användaren från gruppen"),
        ("Only root may add a group.", "Endast root får lägga till en grupp."),
    ]
    assert _found(software, entries, "en", "sv") == set()
    chosen = _found(software, entries, "en", "sv", subjects=["investment"])
    assert chosen == {(i, "term-missing") for i in range(1, 5)}
    finance = [
        ("The group raised its dividend.", "Gruppen höjde sin utdelning."),
        ("A subsidiary was sold.", "Ett dotterbolag såldes."),
    ]
    assert _found(finance, entries, "en", "sv") == {(1, "term-missing")}
    finance_sv = [(t.replace("Gruppen", "Koncernen"), s) for s, t in finance]
    finance_sv[0] = ("Koncernen höjde sin utdelning.", "The conglomerate raised its dividend.")
    assert _found(finance_sv, entries, "sv", "en") == {(1, "term-missing")}


@pytest.mark.parametrize(
    ("src", "tgt", "source", "target", "expected"),
    [
        ("en", "sv", "Media label", "Mediaetikett", None),
        ("en", "sv", "The label is too long.", "Etiketten är för lång.", None),
        ("en", "sv", "You can label the data.", "Du kan märka data.", "error"),
        ("en", "sv", "Label data", "Märk data", "warning"),
        ("sv", "en", "Annoteringen saknas.", "The note is missing.", None),
        ("sv", "en", "Du kan annotera data.", "You can mark the data.", "error"),
    ],
)
def test_a_verb_entry_does_not_fire_on_a_noun_use(src, tgt, source, target, expected):
    entries = [_pair_entry(1, "annotera", "label", pos="verb")]
    findings = check_pairs([(source, target)], src=src, tgt=tgt, entries=entries)
    got = [f.severity for f in findings if f.check == "term-missing"]
    assert got == ([expected] if expected else [])


def test_plural_forms_of_one_unit_are_one_translation():
    pairs = [
        ("%(value)s million", "%(value)s miljon"),
        ("%(value)s million", "%(value)s miljoner"),
        ("%(value)s million", "%(value)s miljon"),
        ("%(value)s million", "%(value)s miljoner"),
        ("%(value)s million", "%(value)s miljon"),
        ("%(value)s million", "%(value)s millioner"),
    ]
    units = ["7", "7", "12", "12", "20", "20"]
    found = _found(pairs, None, "en", "sv", units=units, checks=["inconsistent"])
    assert found == {(5, "inconsistent"), (6, "inconsistent")}


@pytest.mark.parametrize(
    ("src", "tgt", "text", "flagged"),
    [
        ("en", "sv", "%(size)d byte", False),
        ("en", "sv", "salt", False),
        ("en", "sv", "session", False),
        ("en", "sv", "filter:", False),
        ("en", "sv", "fuser (PSmisc) %s", False),
        ("en", "sv", "POSIX 1003.1-1988 (ustar) format", False),
        ("en", "sv", "<b>%s</b>", False),
        ("en", "sv", "UTF-8", False),
        ("en", "sv", "Press return to close the window", True),
        ("en", "sv", "group", True),
        ("sv", "en", "Version 2.1", False),
        ("sv", "en", "Spara filen", True),
        ("sv", "en", "Hej då", True),
    ],
)
def test_untranslated_only_when_something_needs_translating(src, tgt, text, flagged):
    found = _found([(text, text)], None, src, tgt)
    assert ((1, "untranslated") in found) is flagged


@pytest.mark.parametrize(
    ("source", "target", "src", "tgt"),
    [
        ("The backup starts at 6 a.m.", "Säkerhetskopian startar 06:00.", "en", "sv"),
        ("It closes at 6 p.m.", "Den stänger kl. 18.00.", "en", "sv"),
        ("Kl. 18.00 stänger den.", "It closes at 6 pm.", "sv", "en"),
        ("a non-zero security level", "en säkerhetsnivå högre än 0", "en", "sv"),
        ("Saving {0} of {1} files", "Sparar {0} av {1} filer", "en", "sv"),
        ("on 3rd June, 10–20 %", "den 3:e juni, 10-20 procent", "en", "sv"),
    ],
)
def test_numbers_compare_by_value_both_ways(source, target, src, tgt):
    assert _found([(source, target)], None, src, tgt, checks=["number-mismatch"]) == set()


@pytest.mark.parametrize(
    ("source", "target", "check"),
    [
        ("No entry for %(key)r", "Ingen post för nyckeln", "placeholder-mismatch"),
        ("No entry for %(key)r", "Ingen post för %(nyckel)r", "placeholder-mismatch"),
        ("%d files", "%s filer", "placeholder-mismatch"),
        ("Saved {count} files", "Sparade filerna", "placeholder-mismatch"),
        ("Click <b>Save</b>", "Klicka på <b>Spara", "tag-mismatch"),
        ('See <a href="x.html">help</a>', "Se hjälpen", "tag-mismatch"),
        ('See <a href="x.html">help</a>', 'Se <a href="y.html">hjälpen</a>', "tag-mismatch"),
        ('A <img src="a.png"/> here', 'En <img src="b.png"/> här', "tag-mismatch"),
        (
            'Open <span class="key">Save</span>',
            'Öppna <span class="kbd">Spara</span>',
            "tag-mismatch",
        ),
        (
            "See [the guide](https://example.org/guide).",
            "Se [guiden](https://example.org/g).",
            "tag-mismatch",
        ),
    ],
)
def test_placeholders_and_tags_must_survive(source, target, check):
    for src, tgt, s, t in (("en", "sv", source, target), ("sv", "en", target, source)):
        assert (1, check) in _found([(s, t)], None, src, tgt), (s, t)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("%-14s %6.2f", "%-16s %7.2f"),  # width may change
        ("%1$s to %2$s", "%2$s från %1$s"),  # order may change
        ("100% sure", "100 % säker"),  # no placeholder
        ("Usage: cp <file> <target>", "Användning: cp <fil> <mål>"),  # metavariables
        ("%s: %s%%", "%s: %s %%"),
        ("variables of the form ${VARIABLE}", "variabler i formen ${VARIABEL}"),  # shell
        # attributes in another order or quoting, and attributes that hold text for the reader
        ("<a href='x.html' id=\"h\">help</a>", '<a id="h" href="x.html">hjälp</a>'),
        ('<img src="a.png" alt="A chip"/>', '<img alt="Ett chip" src="a.png"/>'),
        ('<a href="x.html" title="Help">help</a>', '<a href="x.html" title="Hjälp">hjälp</a>'),
        ("See [the guide](https://example.org/g).", "Se [guiden](https://example.org/g)."),
    ],
)
def test_placeholder_and_tag_changes_a_translator_may_make(source, target):
    checks = ["placeholder-mismatch", "tag-mismatch"]
    assert _found([(source, target)], None, "en", "sv", checks=checks) == set()


def test_an_ignore_list_silences_known_false_alarms(tmp_path):
    from glossary.errors import InputError
    from glossary.qa_ignore import read_ignore_list

    path = tmp_path / "project.ignore"
    path.write_text("# known\nuntranslated\tzombie\t*\n*\tStatus: *\t*\n", encoding="utf-8")
    rules = read_ignore_list(path, CHECKS)
    pairs = [("zombie", ""), ("Status: %d", "Status: %s"), ("group", "group")]
    found = {(f.segment, f.check) for f in check_pairs(pairs, src="en", tgt="sv", ignore=rules)}
    assert found == {(3, "untranslated")}
    path.write_text("spelling\ta\tb\n", encoding="utf-8")
    with pytest.raises(InputError, match="project.ignore:1: unknown check 'spelling'"):
        read_ignore_list(path, CHECKS)


def test_every_finding_has_a_severity(qa_termbase):
    from glossary.qa import SEVERITIES

    pairs, _ = load_planted()
    _, entries = qa_termbase
    findings = check_pairs(pairs, entries=entries)
    assert findings and all(f.severity in SEVERITIES for f in findings)
    assert {f.severity for f in findings if f.check == "inconsistent"} == {"warning"}
    pairs = [("Installerar uppdateringar", "Installing updates")] * 2 + [
        ("Installerar uppdateringar", "Installing Updates"),
        ("Avbryter", "Cancelling"),
        ("Avbryter", "Stopping"),
    ]
    findings = check_pairs(pairs, checks=["inconsistent"])
    assert [(f.segment, f.severity) for f in findings] == [(3, "info"), (5, "warning")]


def test_professional_catalogues_stay_quiet():
    """The dev catalogues (real en->sv PO files) with the shipped termbase: at most one
    finding per 200 segments, every one judged by hand, precision at least 0.8."""
    import hashlib

    from glossary.bilingual import read_po
    from glossary.termbase import Termbase, shipped_termbase

    corpus = DATA / "corpus"
    verdicts = {}
    for line in (corpus / "judgments.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            verdicts[tuple(fields[:4])] = fields[4]
    with Termbase.open(shipped_termbase()) as tb:
        entries = list(tb.entries())
    from glossary.matcher import TermMatcher

    matcher = TermMatcher(entries, "en", "sv")
    segments, judged = 0, []
    for path in sorted((corpus / "dev").glob("*.po")):
        doc = read_po(path)
        segments += len(doc.pairs)
        for f in check_pairs(doc.pairs, matcher, "en", "sv", entries, units=doc.units):
            source, target = doc.pairs[f.segment - 1]
            digest = hashlib.sha1(f"{source}\x00{target}".encode()).hexdigest()[:12]
            judged.append(verdicts.get((path.stem, "en-sv", f.check, digest), "unjudged"))
    assert len(judged) <= segments / 200, judged
    assert "unjudged" not in judged
    assert judged.count("true") >= 0.8 * len(judged)


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("Läs ⟨1⟩guiden⟨/1⟩ om chip.", "Read the guide about chips."),  # link dropped
        ("Läs ⟨12⟩guiden⟨/12⟩ om chip.", "Read ⟨12⟩the guide⟨/12⟩ about chips."),
        ("Se ⟦3⟧ nedan.", "See below."),
        ('Se <a href="s2.html">sidan</a>.', "See the page."),
        ("Sparar {1} filer", "Saving files"),
    ],
)
def test_markup_is_never_read_as_a_number(source, target):
    found = _found([(source, target)], None, "sv", "en")
    assert not {check for _, check in found} & {"number-mismatch", "untranslated"}


def test_a_real_missing_number_is_still_found_beside_markup():
    pairs = [("Läs ⟨1⟩kapitel 3⟨/1⟩ om chip.", "Read ⟨1⟩the chapter⟨/1⟩ about chips.")]
    findings = check_pairs(pairs, src="sv", tgt="en", checks=["number-mismatch"])
    assert [f.message for f in findings] == ["number '3' is missing from the target"]
    at = pairs[0][0].index("3")
    assert findings[0].source_span == (at, at + 1)  # offsets into the text as written


def test_a_changed_link_target_is_named_in_the_tag_mismatch():
    pairs = [
        (
            'Se <a href="https://example.org/sida">länken</a>.',
            'See <a href="https://example.org/side">the link</a>.',
        )
    ]
    [finding] = check_pairs(pairs, src="sv", tgt="en", checks=["tag-mismatch"])
    assert finding.message == (
        'tags differ; missing from the target: <a href="https://example.org/sida">; '
        'not in the source: <a href="https://example.org/side">'
    )


def test_a_lost_format_placeholder_is_a_tag_mismatch():
    pairs = [("Läs ⟨1⟩guiden⟨/1⟩.", "Read the guide.")]
    assert _found(pairs, None, "sv", "en") == {(1, "tag-mismatch")}
