"""One contract for every interchange format, subclassed per format: db -> file -> db."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.termbase import Termbase
from glossary.termio import Options
from glossary.termio.export import export_file
from glossary.termio.merge import import_file
from glossary.termtypes import Entry, Form, Term

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
    "forms",
)
ENTRY_FIELDS = ("glossary", "subject_field", "definition", "note", "created", "modified", "author")


def sample() -> list[Entry]:
    """Entries that use every field the termbase models."""
    return [
        Entry(
            None,
            subject_field="semiconductors",
            definition="The contest between the US and China over semiconductors.",
            note='Seen in news since 2022; "quoted", with a comma.',
            created="2025-01-02T03:04:05Z",
            modified="2025-06-07T08:09:10Z",
            author="Kim Lindqvist",
            terms=[
                Term(
                    None,
                    None,
                    "sv",
                    "chipkrig",
                    pos="noun",
                    gender="neuter",
                    declension="chipkrig",
                    note="ett chipkrig, chipkriget",
                    source="DN 2023",
                    forms=[Form("chipkrigens", ("def", "gen", "pl"), "manual")],
                ),
                Term(
                    None,
                    None,
                    "en",
                    "chip war",
                    pos="noun",
                    note="usually singular",
                    source="DN 2023",
                ),
                Term(None, None, "en", "chips war", pos="noun", status="forbidden"),
                Term(None, None, "en", "chipwar", pos="noun", status="forbidden"),
            ],
        ),
        Entry(
            None,
            glossary="names",
            subject_field="companies",
            created="2025-01-01T00:00:00Z",
            modified="2025-01-01T00:00:00Z",
            terms=[
                Term(None, None, "sv", "Baidu", pos="properNoun", dnt=True, case_sensitive=True),
                Term(None, None, "en", "Baidu", pos="properNoun", dnt=True, case_sensitive=True),
            ],
        ),
        Entry(
            None,
            subject_field="semiconductors",
            definition="Tunn platta av kisel som chip byggs på.",
            created="2025-02-03T04:05:06Z",
            modified="2025-02-03T04:05:06Z",
            terms=[
                Term(
                    None,
                    None,
                    "sv",
                    "kiselskiva",
                    pos="noun",
                    gender="common",
                    declension="kiselskivor",
                ),
                Term(None, None, "sv", "wafer", pos="noun", status="admitted"),
                Term(None, None, "sv", "kiselbricka", pos="noun", status="deprecated"),
                Term(None, None, "en", "silicon wafer", pos="noun"),
                Term(None, None, "en", "wafer", pos="noun", status="admitted"),
                Term(None, None, "en", "silicon disc", pos="noun", status="forbidden"),
                Term(None, None, "en", "silicon plate", pos="noun", status="deprecated"),
            ],
        ),
        Entry(
            None,
            created="2025-03-01T00:00:00Z",
            modified="2025-03-01T00:00:00Z",
            terms=[
                Term(None, None, "sv", "finjustera", pos="verb", status="admitted"),
                Term(None, None, "en", "fine-tune", pos="verb", status="admitted"),
            ],
        ),
    ]


def normalise(entries, lossy: frozenset[str]) -> list[tuple]:
    """Entries as comparable tuples (no ids, no generated forms, minus the lossy fields)."""
    out = []
    for entry in entries:
        terms = []
        for term in entry.terms:
            values = []
            for name in TERM_FIELDS:
                if name in lossy:
                    continue
                value = getattr(term, name)
                if name == "forms":
                    value = tuple(
                        sorted((f.text, f.features) for f in value if f.origin == "manual")
                    )
                values.append(value)
            terms.append(tuple(values))
        out.append(
            tuple(getattr(entry, n) for n in ENTRY_FIELDS) + (tuple(sorted(terms, key=repr)),)
        )
    return sorted(out, key=repr)


class RoundTripContract:
    """Every format: what it models survives export and import, twice, byte for byte."""

    fmt: str
    suffix: str
    options = Options()
    lossy: frozenset[str] = frozenset()

    def _filled(self, path: Path) -> Termbase:
        tb = Termbase.open(path)
        for entry in sample():
            tb.add_entry(entry)
        return tb

    def test_export_then_import_keeps_every_modelled_field(self, tmp_path):
        original = self._filled(tmp_path / "a.db")
        exported = tmp_path / f"out{self.suffix}"
        assert export_file(original, exported, fmt=self.fmt, options=self.options) == 4
        copy = Termbase.open(tmp_path / "b.db")
        summary = import_file(copy, exported, fmt=self.fmt, options=self.options)
        assert (summary.read, summary.added, summary.skipped) == (4, 4, 0)
        assert normalise(copy.entries(), self.lossy) == normalise(original.entries(), self.lossy)
        assert normalise(copy.entries(), self.lossy) == normalise(sample(), self.lossy)
        again = tmp_path / f"again{self.suffix}"
        export_file(copy, again, fmt=self.fmt, options=self.options)
        assert again.read_bytes() == exported.read_bytes()

    def test_merge_policies_on_reimport(self, tmp_path):
        tb = self._filled(tmp_path / "a.db")
        exported = tmp_path / f"out{self.suffix}"
        export_file(tb, exported, fmt=self.fmt, options=self.options)
        skip = import_file(tb, exported, fmt=self.fmt, options=self.options, policy="skip")
        assert (skip.added, skip.updated, skip.skipped) == (0, 0, 4)
        entry = next(e for e in tb.entries() if e.preferred("sv").text == "chipkrig")
        entry.definition = "changed locally"
        tb.update_entry(entry)
        update = import_file(tb, exported, fmt=self.fmt, options=self.options, policy="update")
        assert (update.added, update.updated, update.skipped) == (0, 4, 0)
        assert tb.get_entry(entry.id).definition.startswith("The contest")
        assert tb.count() == 4
        both = import_file(tb, exported, fmt=self.fmt, options=self.options, policy="keep-both")
        assert (both.added, both.updated, both.skipped) == (4, 0, 0)
        assert tb.count() == 8

    def test_glossary_option_overrides_the_file(self, tmp_path):
        tb = self._filled(tmp_path / "a.db")
        exported = tmp_path / f"out{self.suffix}"
        export_file(tb, exported, fmt=self.fmt, options=self.options, glossary="names")
        target = Termbase.open(tmp_path / "b.db")
        import_file(target, exported, fmt=self.fmt, options=self.options, glossary="imported")
        assert target.glossaries() == ["imported"]
        assert [e.preferred("sv").text for e in target.entries()] == ["Baidu"]


class TestTbx3(RoundTripContract):
    fmt = "tbx"
    suffix = ".tbx"


class TestTbx2(RoundTripContract):
    fmt = "tbx"
    suffix = ".tbx"
    options = Options(tbx_version=2)

    def test_writes_martif(self, tmp_path):
        tb = self._filled(tmp_path / "a.db")
        export_file(tb, tmp_path / "o.tbx", options=self.options)
        text = (tmp_path / "o.tbx").read_text(encoding="utf-8")
        assert "<martif" in text and "<tig>" in text and "conceptEntry" not in text


class TestCsv(RoundTripContract):
    fmt = "csv"
    suffix = ".csv"
    # CSV has one source reference per row and no room for hand-made forms.
    lossy = frozenset({"source", "forms"})

    def test_first_columns_are_source_then_target(self, tmp_path):
        tb = self._filled(tmp_path / "a.db")
        export_file(tb, tmp_path / "o.csv")
        lines = (tmp_path / "o.csv").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("source,target,pos,gender")
        assert lines[1].startswith("chipkrig,chip war,noun,neuter")
        export_file(tb, tmp_path / "r.csv", options=Options(source_lang="en", target_lang="sv"))
        assert (
            (tmp_path / "r.csv")
            .read_text(encoding="utf-8")
            .splitlines()[1]
            .startswith("chip war,chipkrig")
        )


class TestTsv(TestCsv):
    fmt = "tsv"
    suffix = ".tsv"

    def test_first_columns_are_source_then_target(self, tmp_path):
        tb = self._filled(tmp_path / "a.db")
        export_file(tb, tmp_path / "o.tsv")
        lines = (tmp_path / "o.tsv").read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("source\ttarget\tpos")
        assert lines[1].startswith("chipkrig\tchip war\tnoun\tneuter")


@pytest.mark.parametrize("suffix", [".tbx", ".csv", ".tsv"])
def test_export_never_leaves_a_half_written_file(tmp_path, suffix, monkeypatch):
    tb = Termbase.open(tmp_path / "a.db")
    for entry in sample():
        tb.add_entry(entry)
    dest = tmp_path / f"keep{suffix}"
    dest.write_text("precious")

    def broken(*args, **kwargs):
        yield from sample()[:1]
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tb, "entries", broken)
    with pytest.raises(RuntimeError):
        export_file(tb, dest)
    assert dest.read_text() == "precious"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
