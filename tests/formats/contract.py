"""The contract every format satisfies; one subclass per format in test_<format>.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from glossary import formats
from glossary.errors import InputError
from glossary.translate import Translator
from tests.formats.translators import (
    DropPlaceholdersTranslator,
    IdentityTranslator,
    UpperTranslator,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "files"
GLYPHS = ("⟨", "⟩", "⟦", "⟧")


def translate(doc, translator) -> list[str | None]:
    """Targets for every segment without an existing translation, through the real pipeline."""
    todo = [i for i, s in enumerate(doc.segments) if s.target is None]
    front = Translator(translator)
    results = front.translate_texts([doc.segments[i].source for i in todo])
    targets: list[str | None] = [None] * len(doc.segments)
    for i, result in zip(todo, results, strict=True):
        targets[i] = result.target
    return targets


class FormatContract:
    """Subclasses set ``fixture`` and ``format``; override hooks for format specifics."""

    fixture: str = ""
    format: str = ""
    bilingual = False  # translations go into target fields (PO, XLIFF), not over the source
    identity_bytes = True  # an identity translation gives the input back byte for byte

    @pytest.fixture
    def path(self, tmp_path) -> Path:
        copy = tmp_path / "in" / self.fixture
        copy.parent.mkdir()
        shutil.copy(FIXTURES / self.fixture, copy)
        return copy

    def reparse(self, data: bytes, tmp_path: Path):
        out = tmp_path / "reparse" / self.fixture
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(data)
        return formats.load(out)

    def test_detected_by_extension(self, path):
        assert formats.detect_format(path) == self.format

    def test_segments_have_unique_keys_and_text(self, path):
        doc = formats.load(path)
        assert doc.format == self.format
        keys = [s.key for s in doc.segments]
        assert keys and len(keys) == len(set(keys))
        assert all(s.source.strip() for s in doc.segments)

    def test_identity_round_trip_keeps_structure(self, path, tmp_path):
        original = path.read_bytes()
        doc = formats.load(path)
        out = tmp_path / "out" / self.fixture
        formats.save(doc, translate(doc, IdentityTranslator()), out)
        assert path.read_bytes() == original  # the input is never touched
        again = self.reparse(out.read_bytes(), tmp_path)
        assert [(s.key, s.source) for s in again.segments] == [
            (s.key, s.source) for s in doc.segments
        ]
        if self.identity_bytes:
            assert out.read_bytes() == original

    def test_keeping_everything_gives_the_same_segments(self, path, tmp_path):
        doc = formats.load(path)
        data = doc.render([None] * len(doc.segments))
        again = self.reparse(data, tmp_path)
        assert [(s.key, s.source, s.target) for s in again.segments] == [
            (s.key, s.source, s.target) for s in doc.segments
        ]

    def test_translations_land_in_their_segments(self, path, tmp_path):
        doc = formats.load(path)
        targets = translate(doc, UpperTranslator())
        out = tmp_path / "out" / self.fixture
        formats.save(doc, targets, out)
        data = out.read_bytes()
        assert not any(g.encode() in data for g in GLYPHS), "placeholder leaked into output"
        self.check_translated(doc, targets, data, tmp_path)

    def check_translated(self, doc, targets, data: bytes, tmp_path: Path) -> None:
        """Default: re-reading the output shows each translation where its source was."""
        again = self.reparse(data, tmp_path)
        assert len(again.segments) == len(doc.segments)
        for old, new, target in zip(doc.segments, again.segments, targets, strict=True):
            if self.bilingual:
                assert new.source == old.source
                assert new.target == (old.target if target is None else _plain(target))
            else:
                assert new.source == (old.source if target is None else target)

    def test_lost_placeholders_never_corrupt_markup(self, path, tmp_path):
        doc = formats.load(path)
        targets = translate(doc, DropPlaceholdersTranslator())
        out = tmp_path / "out" / self.fixture
        formats.save(doc, targets, out)
        data = out.read_bytes()
        assert not any(g.encode() in data for g in GLYPHS)
        again = self.reparse(data, tmp_path)  # still a valid file of its format
        assert len(again.segments) == len(doc.segments)

    def test_empty_file_is_a_clear_error(self, tmp_path):
        empty = tmp_path / f"empty{Path(self.fixture).suffix}"
        empty.write_bytes(b"")
        with pytest.raises(InputError, match="empty"):
            formats.load(empty)


def _plain(text: str) -> str:
    import re

    return re.sub(r"⟨/?\d+⟩|⟦\d+⟧", "", text).strip()
