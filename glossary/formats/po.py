"""Gettext catalogues (.po/.pot) through polib.

Each msgid is a segment (a plural entry gives one segment for the singular and one for
the plural). Existing translations are offered as ``Segment.target``; the batch keeps
them unless told to overwrite. Machine translations are flagged ``fuzzy`` so a human
reviews them; obsolete entries and the header are left alone.

Reading and rendering are linear in the size of the catalogue (polib reads it line by
line; each entry is rebuilt once).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats.placeholders import Protector, protect_tags

_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")
_NPLURALS = re.compile(r"nplurals\s*=\s*(\d+)")
# printf (%s, %1$d, %(name)s), Python/ICU braces ({0}, {name}) and other tags
_CODES = re.compile(
    r"%(?:\d+\$|\([\w.]+\))?[-+ #0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrsa%]"
    r"|\{[\w.:!]*\}|<[^<>\n]+>"
)


def protect_codes(text: str) -> Protector:
    """``text`` with format codes as atoms and tags as pairs around their text (a tag
    without its partner is an atom), so the engine cannot change them."""
    return protect_tags(text, codes=_CODES)


@dataclass
class PoDocument:
    """A parsed catalogue."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    catalogue: object = None
    slots: list[tuple[object, int | None]] = field(default_factory=list)  # (entry, plural idx)
    codes: list[Protector | None] = field(default_factory=list)  # per segment, if any codes
    nplurals: int = 2
    # Per segment index: the confidence of its machine translation (set by the batch),
    # written with the new msgstr as an "ordbro confidence: ..." translator comment.
    confidence: dict[int, dict] = field(default_factory=dict)

    def render(self, targets: list[str | None]) -> bytes:
        """The catalogue with msgstr filled for every non-None target (flagged fuzzy)."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The catalogue rebuilt; ``encoding`` overrides the header charset for output."""
        import copy

        po = copy.deepcopy(self.catalogue)
        entries = {id(e): e for e in self.catalogue}  # type: ignore[attr-defined]
        twins = dict(zip(entries, po, strict=True))  # type: ignore[call-overload]
        changed = False
        notes: dict[int, list[dict]] = {}  # entry -> confidences of its new targets
        triples = zip(self.slots, self.segments, targets, strict=True)
        for n, (((entry, plural), seg, target), prot) in enumerate(
            zip(triples, self.codes, strict=True)
        ):
            if target is None or target == seg.target:
                continue
            if n in self.confidence:
                notes.setdefault(id(entry), []).append(self.confidence[n])
            if prot is not None:
                target = prot.restore(target)
            new = twins[id(entry)]
            if plural is None:
                new.msgstr = target
            else:
                forms = range(self.nplurals) if plural == 1 else [0]
                for n in forms:
                    if plural == 1 and n == 0:
                        continue
                    new.msgstr_plural[n] = target
            if "fuzzy" not in new.flags:
                new.flags.append("fuzzy")
            changed = True
        for entry_id, confidences in notes.items():
            _set_comment(twins[entry_id], confidences)
        if not changed and encoding is None:
            return self.path.read_bytes() if self.path.exists() else str(po).encode()
        out = encoding or self.encoding or "utf-8"
        if encoding:
            po.metadata["Content-Type"] = f"text/plain; charset={encoding.upper()}"
        return (str(po) + "\n").encode(out, errors="replace")


def _set_comment(entry, confidences: list[dict]) -> None:
    """Write the entry's ordbro confidence comment (of a plural entry: its lower form's)."""
    from glossary.confidence_notes import replace_comment

    low = [c for c in confidences if c["level"] == "low"]
    entry.tcomment = replace_comment(entry.tcomment, (low or confidences)[0])


def parse(data: bytes, path: Path, name: str = "po") -> PoDocument:
    """Parse a .po or .pot file."""
    import polib

    m = _CHARSET.search(data[:4096])
    encoding = m.group(1).decode("ascii").lower() if m else "utf-8"
    if encoding == "charset":  # the .pot template placeholder "CHARSET"
        encoding = "utf-8"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{path}: cannot decode the catalogue as {encoding}: {exc}") from exc
    try:
        po = polib.pofile(text, wrapwidth=78)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: malformed PO file: {str(exc).splitlines()[0]}") from exc
    doc = PoDocument(path, name, encoding, [], po)
    plural_forms = po.metadata.get("Plural-Forms", "")
    nm = _NPLURALS.search(plural_forms)
    doc.nplurals = int(nm.group(1)) if nm else 2
    for entry in po:
        if entry.obsolete or not entry.msgid:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        state = "fuzzy" if "fuzzy" in entry.flags else None
        context = entry.msgctxt or entry.comment or None
        if entry.msgid_plural:
            singular = entry.msgstr_plural.get(0) or None
            plural = entry.msgstr_plural.get(1) or None
            slots = [
                (0, key + "[0]", entry.msgid, singular),
                (1, key + "[1]", entry.msgid_plural, plural),
            ]
        else:
            slots = [(None, key, entry.msgid, entry.msgstr or None)]
        for index, seg_key, text, existing in slots:
            prot = protect_codes(text)
            has_codes = bool(prot.atoms or prot.pairs)
            source = prot.raw_source if has_codes else text
            doc.slots.append((entry, index))
            doc.codes.append(prot if has_codes else None)
            doc.segments.append(Segment(seg_key, source, existing, context, state))
    return doc
