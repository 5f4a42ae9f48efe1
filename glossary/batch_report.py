"""What a batch run did: one report per file, totals, a summary table and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from glossary import formats


@dataclass
class FileReport:
    """What happened to one input file."""

    input: str
    output: str | None = None
    format: str | None = None
    status: str = "pending"  # translated | skipped | failed
    error: str | None = None
    encoding: str | None = None
    segments: int = 0
    translated: int = 0  # by the translator in this run
    cached: int = 0  # found in the translation memory
    kept: int = 0  # existing translations (PO msgstr, XLIFF target) left as they were
    words: int = 0
    seconds: float = 0.0
    terms_already: int = 0  # produced by the model unaided
    terms_applied: int = 0
    terms_failed: int = 0
    markup_aligned: int = 0  # segments whose inline markup was placed by word alignment
    markup_fallback: int = 0  # ... where some element went to a fallback position
    markup: dict[str, str] = field(default_factory=dict)  # segment key -> aligned|fallback

    def place_markup(self, key: str, how: str | None) -> None:
        """Record how segment ``key``'s markup was placed ("aligned", "fallback"; None:
        it has none); a later "fallback" (the guarantee repaired it) replaces "aligned"."""
        before = self.markup.get(key)
        if how is None or before == how:
            return
        if before is not None:
            setattr(self, f"markup_{before}", getattr(self, f"markup_{before}") - 1)
        self.markup[key] = how
        setattr(self, f"markup_{how}", getattr(self, f"markup_{how}") + 1)


@dataclass
class BatchReport:
    """The result of :func:`translate_paths`."""

    files: list[FileReport] = field(default_factory=list)
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    memory: str | None = None

    @property
    def failed(self) -> list[FileReport]:
        return [f for f in self.files if f.status == "failed"]

    @property
    def ok(self) -> bool:
        """True when no file failed (skipped files are not failures)."""
        return not self.failed

    @property
    def exit_code(self) -> int:
        """0 when everything translatable was translated, 2 when some file failed."""
        return 0 if self.ok else 2

    def totals(self) -> dict[str, Any]:
        keys = ("segments", "translated", "cached", "kept", "words")
        keys += ("terms_already", "terms_applied", "terms_failed")
        keys += ("markup_aligned", "markup_fallback")
        out: dict[str, Any] = {k: sum(getattr(f, k) for f in self.files) for k in keys}
        for status in ("translated", "skipped", "failed"):
            out[f"files_{status}"] = sum(f.status == status for f in self.files)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1),
            "memory": self.memory,
            "totals": self.totals(),
            "files": [asdict(f) for f in self.files],
        }

    def summary(self) -> str:
        """A human-readable table, one line per file and a total line."""
        lines = []
        for f in self.files:
            if f.status == "skipped":
                lines.append(f"skipped     {f.input}: {f.error}")
            elif f.status == "failed":
                lines.append(f"FAILED      {f.input}: {f.error}")
            else:
                extra = f", {f.encoding}" if f.encoding not in (None, "utf-8") else ""
                lines.append(
                    f"translated  {f.input} -> {f.output} ({f.format}{extra}): "
                    f"{f.segments} segments, {f.words} words, {f.cached} cached, "
                    f"{f.kept} kept, terms {f.terms_applied} applied/{f.terms_failed} failed, "
                    f"{f.seconds:.2f} s"
                )
        t = self.totals()
        lines.append(
            f"{t['files_translated']} translated, {t['files_skipped']} skipped, "
            f"{t['files_failed']} failed; {t['segments']} segments ({t['cached']} from memory), "
            f"{t['words']} words in {self.seconds:.1f} s; peak memory {self.peak_rss_mb:.0f} MB"
        )
        return "\n".join(lines)

    def write_json(self, path: Path) -> None:
        data = json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"
        formats.atomic_write(Path(path), data.encode("utf-8"))
