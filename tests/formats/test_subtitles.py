"""SubRip and WebVTT: cue numbers and timings exact, multi-line cues re-wrapped."""

from __future__ import annotations

import re

import pytest

from glossary import formats
from glossary.errors import InputError
from tests.formats.contract import FIXTURES, FormatContract

TIMING = re.compile(rb"^.*-->.*$", re.M)


def _headers(data: bytes) -> list[bytes]:
    return TIMING.findall(data)


class SubtitleContract(FormatContract):
    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        original = (FIXTURES / self.fixture).read_bytes()
        assert _headers(data) == _headers(original)  # timings and cue settings exact
        # Same number of lines per cue, hence the same number of lines overall.
        assert data.count(b"\n") == original.count(b"\n")


class TestSrt(SubtitleContract):
    fixture = "talk.srt"
    format = "srt"

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        text = data.decode("utf-8")
        assert text.startswith("1\n00:00:01,000 --> 00:00:03,500\n")
        cue1 = text.split("\n\n")[0].splitlines()[2:]
        assert len(cue1) == 2 and " ".join(cue1) == "HEJ OCH VÄLKOMMEN TILL DAGENS FÖRELÄSNING."
        assert "<i>VI BÖRJAR MED EN FRÅGA.</i>" in text
        assert "\n3\n00:01:00,100 --> 00:01:02,900\nVAD ÄR EN HALVLEDARE?\n" in text


class TestVtt(SubtitleContract):
    fixture = "talk.vtt"
    format = "vtt"

    def check_translated(self, doc, targets, data, tmp_path):
        super().check_translated(doc, targets, data, tmp_path)
        text = data.decode("utf-8")
        assert text.startswith("WEBVTT\nKind: captions\n\nNOTE Detta är en kommentar\nsom inte")
        assert "intro\n00:00:01.000 --> 00:00:03.500 align:start\n" in text
        assert "<v Anna>VI BÖRJAR MED EN FRÅGA.</v>" in text


def test_malformed_srt_is_refused(tmp_path):
    bad = tmp_path / "bad.srt"
    bad.write_text("1\nnot a timing line\nHej\n\n2\n00:00:01,000 --> x\nDå\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.srt"):
        formats.load(bad)


def test_vtt_needs_its_header(tmp_path):
    bad = tmp_path / "bad.vtt"
    bad.write_text("00:00:01.000 --> 00:00:02.000\nHej\n", encoding="utf-8")
    with pytest.raises(InputError, match="WEBVTT"):
        formats.load(bad)


def test_long_translation_is_spread_over_the_cue_lines(tmp_path):
    src = tmp_path / "a.srt"
    src.write_text("7\n00:00:01,000 --> 00:00:02,000\nKort\nrad\n", encoding="utf-8")
    doc = formats.load(src)
    formats.save(doc, ["a much longer translated line of text"], tmp_path / "o.srt")
    lines = (tmp_path / "o.srt").read_text("utf-8").splitlines()
    assert lines[:2] == ["7", "00:00:01,000 --> 00:00:02,000"]
    assert lines[2:] == ["a much longer", "translated line of text"]  # the most even split
