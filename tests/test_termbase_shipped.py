"""The shipped terms.db agrees with glossary/data/*.tsv and holds the promised glossary."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary import paths
from glossary.termbase import Termbase
from glossary.termio.source_tsv import HEADER, read_sources

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "terms.db"
TERM_FIELDS = (
    "lang",
    "text",
    "pos",
    "gender",
    "status",
    "dnt",
    "case_sensitive",
    "declension",
    "note",
    "source",
)
ENTRY_FIELDS = ("glossary", "subject_field", "definition", "note", "created", "modified", "author")


def content(entries) -> list[tuple]:
    """Entries without ids or generated forms, in a stable order."""
    rows = []
    for e in entries:
        terms = tuple(tuple(getattr(t, n) for n in TERM_FIELDS) for t in e.terms)
        rows.append(tuple(getattr(e, n) for n in ENTRY_FIELDS) + (terms,))
    return sorted(rows, key=repr)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    """A copy of the committed terms.db (opening switches it to WAL, so never open the original)."""
    copy = tmp_path_factory.mktemp("shipped") / "terms.db"
    shutil.copyfile(SHIPPED, copy)
    tb = Termbase.open(copy)
    yield tb
    tb.close()


@pytest.fixture(scope="module")
def sources():
    return list(read_sources(paths.BUNDLED_DATA))


def test_committed_terms_db_agrees_with_the_sources(shipped, sources):
    assert content(shipped.entries()) == content(sources), (
        "terms.db is out of date: run `ordbro terms build` and commit terms.db"
    )


def test_every_shipped_term_has_forms(shipped):
    assert all(t.forms for e in shipped.entries() for t in e.terms)


def test_shipped_forms_are_those_the_code_generates_now(shipped):
    """terms.db was rebuilt after the last change to the morphology or the inference."""
    from glossary.grammar import generated_forms, infer_entry

    stale = []
    for entry in shipped.entries():
        for term, readings in zip(entry.terms, infer_entry(entry.terms), strict=True):
            stored = [(f.text, f.features) for f in term.forms if f.origin == "generated"]
            term.inferred = readings
            made = list(dict.fromkeys((f.text, f.features) for f in generated_forms(term)))
            if stored != made:
                stale.append(term.text)
    assert stale == [], "terms.db is out of date: run `ordbro terms build` and commit terms.db"


def test_sources_are_tab_separated_with_the_documented_header():
    for path in sorted(paths.BUNDLED_DATA.glob("*.tsv")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln and ln[0] != "#"]
        assert tuple(lines[0].split("\t")) == HEADER, path
        assert all(len(ln.split("\t")) == len(HEADER) for ln in lines), path


def test_at_least_400_concepts_across_the_domain(sources):
    assert len(sources) >= 400
    subjects = {e.subject_field for e in sources}
    for subject in (
        "artificial intelligence",
        "semiconductors",
        "export controls",
        "tech policy",
        "geopolitics",
        "investment",
        "companies",
        "products",
    ):
        assert subject in subjects
    sv_terms = [t.text for e in sources for t in e.terms if t.lang == "sv"]
    repeated = {t for t in sv_terms if sv_terms.count(t) > 1}
    assert repeated == {"svartlista"}  # the noun and the verb are two concepts


def _find(sources, sv: str):
    found = [e for e in sources if any(t.lang == "sv" and t.text == sv for t in e.terms)]
    assert found, f"{sv} is missing"
    return found[0]


@pytest.mark.parametrize(
    ("sv", "en", "pos", "gender", "forbidden"),
    [
        ("chipkrig", "chip war", "noun", "neuter", {"chips war", "chipwar"}),
        ("generativ AI", "generative AI", "noun", "common", set()),
        ("stor språkmodell", "large language model", "noun", "common", set()),
        ("kiselskiva", "silicon wafer", "noun", "common", {"silicon disc"}),
        ("exportrestriktion", "export restriction", "noun", "common", {"export limitation"}),
        ("finjustera", "fine-tune", "verb", None, set()),
        ("finjusterad modell", "fine-tuned model", "noun", "common", set()),
        ("grundforskning", "basic research", "noun", "common", set()),
        ("AI-chip", "AI chip", "noun", "neuter", set()),
        ("öppen källkod", "open source", "noun", "common", set()),
    ],
)
def test_required_concepts(sources, sv, en, pos, gender, forbidden):
    entry = _find(sources, sv)
    term = entry.preferred("sv")
    assert (term.pos, term.gender) == (pos, gender)
    assert entry.preferred("en").text == en
    assert forbidden <= {t.text for t in entry.terms if t.status == "forbidden"}


@pytest.mark.parametrize(
    "name", ["Baidu", "Nvidia", "Ernie", "TSMC", "ASML", "Huawei", "ChatGPT", "Alibaba"]
)
def test_names_are_do_not_translate(sources, name):
    entry = _find(sources, name)
    assert all(t.dnt and t.case_sensitive for t in entry.terms if t.status == "preferred")
    assert entry.preferred("en").text == name


def test_swedish_nouns_have_gender(sources):
    missing = [
        t.text
        for e in sources
        for t in e.terms
        if t.lang == "sv" and t.pos == "noun" and t.status == "preferred" and not t.gender
    ]
    assert missing == []


def test_the_shipped_file_itself_is_opened_read_only():
    import hashlib

    from glossary.errors import TermbaseError
    from glossary.termtypes import Entry, Term

    before = hashlib.sha256(SHIPPED.read_bytes()).hexdigest()
    with Termbase.open(SHIPPED) as tb:
        assert tb.readonly and tb.count() >= 400
        with pytest.raises(TermbaseError, match="read-only"):
            tb.add_entry(
                Entry(None, terms=[Term(None, None, "sv", "x"), Term(None, None, "en", "y")])
            )
    assert hashlib.sha256(SHIPPED.read_bytes()).hexdigest() == before
    assert not SHIPPED.with_name("terms.db-wal").exists()
