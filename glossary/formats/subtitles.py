"""SubRip (.srt) and WebVTT (.vtt) subtitles: one segment per cue.

Cue numbers, identifiers, timings, settings and blank lines are copied byte for byte;
only the text lines change. A multi-line cue is translated as one sentence and
re-wrapped to its original number of lines. Tags such as ``<i>`` and ``{\\an8}``
are kept as placeholders. SRT files are validated with the ``srt`` library.

Reading and rendering are linear in the size of the file (one pass over its cues).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats.placeholders import Protector, protect_tags
from glossary.formats.text import split_lines
from glossary.textcodec import decode, encode

_TIMING = re.compile(r"-->")
_VTT_SKIP = ("NOTE", "STYLE", "REGION")
_END = re.compile(r"(\r\n|\r|\n)$")


@dataclass
class Cue:
    """The text lines of one cue, and where they sit in the file's line list."""

    first: int
    lines: list[str]
    protector: Protector


@dataclass
class SubtitleDocument:
    """A parsed subtitle file."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    lines: list[str] = field(default_factory=list)
    cues: list[Cue] = field(default_factory=list)

    def render(self, targets: list[str | None]) -> bytes:
        """The file rebuilt in its own encoding."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The file rebuilt with translated cue text, encoded as ``encoding``."""
        lines = list(self.lines)
        for cue, seg, target in zip(self.cues, self.segments, targets, strict=True):
            if target is None or target == seg.source:
                continue
            new = cue.protector.restore_lines(target, len(cue.lines))
            for i, orig in enumerate(cue.lines):
                m = _END.search(orig)
                end = m.group(1) if m else ""
                lines[cue.first + i] = (new[i] + end) if i < len(new) else ""
            if len(new) < len(cue.lines):
                # Fewer words than lines: keep the cue's line ending on its last line.
                last = cue.lines[-1]
                m = _END.search(last)
                idx = cue.first + len(new) - 1
                lines[idx] = lines[idx].rstrip("\r\n") + (m.group(1) if m else "")
        return encode("".join(lines), encoding or self.encoding or "utf-8")


def parse(data: bytes, path: Path, name: str = "srt") -> SubtitleDocument:
    """Parse an .srt or .vtt file."""
    text, encoding = decode(data, path)
    if name == "srt":
        _validate_srt(text, path)
    elif not text.lstrip("\ufeff").startswith("WEBVTT"):
        raise InputError(f"{path}: not a WebVTT file (no WEBVTT header)")
    doc = SubtitleDocument(path, name, encoding, [], split_lines(text))
    i = 0
    lines = doc.lines
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip():
            i += 1
        block = list(range(start, i))
        timing = next((j for j in block[:2] if _TIMING.search(lines[j])), None)
        if timing is None or lines[start].startswith(_VTT_SKIP):
            continue
        text_lines = [lines[j] for j in block if j > timing]
        if not text_lines:
            continue
        prot = protect_tags(" ".join(t.strip() for t in text_lines))
        cue_id = lines[start].strip() if start < timing else str(len(doc.cues) + 1)
        doc.cues.append(Cue(timing + 1, text_lines, prot))
        doc.segments.append(
            Segment(f"cue{len(doc.cues)}", prot.source, context=f"{cue_id} {lines[timing].strip()}")
        )
    return doc


def _validate_srt(text: str, path: Path) -> None:
    import srt

    try:
        cues = list(srt.parse(text.lstrip("\ufeff")))
    except srt.SRTParseError as exc:
        raise InputError(f"{path}: malformed SubRip file: {str(exc).splitlines()[0]}") from exc
    if not cues:
        raise InputError(f"{path}: no subtitle cues found")
