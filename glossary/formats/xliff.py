"""XLIFF 1.2 and 2.0 through lxml with a parser that resolves no entities and no DTDs.

Each ``trans-unit`` (1.2) or ``segment`` (2.0) is a segment; inline codes (``g``,
``x``, ``ph``, ``pc``, ``mrk`` …) become placeholders and are copied into the target.
A filled target gets ``state="needs-review-translation"`` (1.2) or its segment gets
``state="translated"`` (2.0). Existing targets are offered as ``Segment.target``.

Reading and rendering are linear in the size of the file (each unit is visited once;
lxml refuses nesting deeper than 255 levels with an error). A DOCTYPE in the input is
never written to the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats.xmlinline import Run, fill, make_run

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
PAIRED = {"g", "mrk", "pc"}


def _local(el) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def _always(el) -> bool:
    return True  # every inline code must reach the target, even if the translation lost it


def _classify(el) -> str:
    return "pair" if _local(el) in PAIRED else "atom"


def _spans(siblings: list) -> dict[int, int]:
    """Begin/end codes among ``siblings`` that enclose text together (1.2 ``bpt``/``ept``
    with the same id or rid, 2.0 ``sc``/``ec`` by ``startRef``), when properly nested."""
    out: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    for i, el in enumerate(siblings):
        name = _local(el)
        if name in ("bpt", "sc"):
            stack.append((el.get("rid") or el.get("id") or "", i))
        elif name in ("ept", "ec"):
            ref = el.get("rid") or el.get("startRef") or el.get("id") or ""
            if stack and stack[-1][0] == ref:
                out[stack.pop()[1]] = i
    return out


@dataclass
class _Unit:
    """Where a segment lives: its source, its (possibly missing) target, its state holder."""

    source: object
    target: object
    container: object  # trans-unit (1.2) or segment (2.0)
    run: Run


def _secure_parser():
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def parse_tree(data: bytes, path: Path):
    """The root element and namespace of an XLIFF 1.2 or 2.0 file (entities never resolved)."""
    from lxml import etree

    try:
        root = etree.fromstring(data, _secure_parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{path}: malformed XLIFF: {exc}") from exc
    ns = root.nsmap.get(None) or ""
    if _local(root) != "xliff" or ns not in (NS12, NS20):
        raise InputError(f"{path}: not an XLIFF 1.2 or 2.0 file (root {root.tag!r})")
    return root, ns


def _units(root, ns: str) -> tuple[list[Segment], list[_Unit]]:
    segments: list[Segment] = []
    units: list[_Unit] = []
    q = f"{{{ns}}}"
    if ns == NS12:
        for tu in root.iter(f"{q}trans-unit"):
            source = tu.find(f"{q}source")
            if tu.get("translate") == "no" or source is None:
                continue
            target = tu.find(f"{q}target")
            _add(segments, units, tu.get("id") or str(len(units) + 1), source, target, tu)
    else:
        for unit in root.iter(f"{q}unit"):
            if unit.get("translate") == "no":
                continue
            for n, seg in enumerate(unit.iter(f"{q}segment"), 1):
                source = seg.find(f"{q}source")
                if source is None:
                    continue
                key = f"{unit.get('id')}/{seg.get('id') or n}"
                _add(segments, units, key, source, seg.find(f"{q}target"), seg)
    return segments, units


def _add(segments, units, key, source, target, container) -> None:
    run = make_run(source, 0, len(source), _classify, _always, spans=_spans)
    if not run.source.strip():
        return
    existing = "".join(target.itertext()).strip() if target is not None else ""
    state = container.get("state") if target is None else target.get("state")
    state = state or container.get("state")
    segments.append(Segment(key, run.source, existing or None, None, state))
    units.append(_Unit(source, target, container, run))


@dataclass
class XliffDocument:
    """A parsed XLIFF file."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    data: bytes = b""
    version: str = "1.2"
    # Per segment index: the confidence of its machine translation (set by the batch),
    # written with the new target as <note from="ordbro"> (XLIFF 1.2 only).
    confidence: dict[int, dict] = field(default_factory=dict)

    def render(self, targets: list[str | None]) -> bytes:
        """The file with targets filled for every non-None translation."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The file rebuilt; ``encoding`` changes the XML declaration's encoding."""
        import copy

        from lxml import etree

        doctype = b"<!DOCTYPE" in self.data
        if (
            not doctype
            and encoding is None
            and all(t is None or t == s.target for t, s in zip(targets, self.segments, strict=True))
        ):
            return self.data  # nothing to fill: the file stays byte for byte as it was
        root, ns = parse_tree(self.data, self.path)
        _segments, units = _units(root, ns)
        for n, (unit, seg, target) in enumerate(zip(units, self.segments, targets, strict=True)):
            if target is None or target == seg.target:
                continue
            if ns == NS12 and n in self.confidence:
                _set_note(unit.container, ns, self.confidence[n])
            tgt = unit.target
            if tgt is None:
                tgt = unit.source.makeelement(f"{{{ns}}}target", {})
                tgt.tail = unit.source.tail
                prev = unit.source.getprevious()
                indent = unit.container.text if prev is None else prev.tail
                unit.source.addnext(tgt)
                unit.source.tail = indent if indent and not indent.strip() else unit.source.tail
            for child in list(tgt):
                tgt.remove(child)
            tgt.text = None
            # Copy the source's content into the target, then replace it with the translation.
            tgt.text = unit.source.text
            for child in unit.source:
                tgt.append(copy.deepcopy(child))
            fill(make_run(tgt, 0, len(tgt), _classify, _always, spans=_spans), target)
            if ns == NS12:
                tgt.set("state", "needs-review-translation")
            else:
                unit.container.set("state", "translated")
        out = encoding or self.encoding or "utf-8"
        tree = root.getroottree()
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            tree = root  # XLIFF needs no DOCTYPE: a translation never carries one along
        return etree.tostring(tree, xml_declaration=True, encoding=out) + b"\n"


def _set_note(container, ns: str, confidence: dict) -> None:
    """Replace the trans-unit's ``<note from="ordbro">`` with one for ``confidence``."""
    from glossary.confidence_notes import NOTE_FROM, note_text

    for old in container.findall(f"{{{ns}}}note"):
        if old.get("from") == NOTE_FROM:
            container.remove(old)
    note = container.makeelement(f"{{{ns}}}note", {"from": NOTE_FROM})
    note.text = note_text(confidence)
    last = container[-1] if len(container) else None
    note.tail = last.tail if last is not None else None
    if last is not None:
        last.tail = container.text if container.text and not container.text.strip() else last.tail
    container.append(note)


def parse(data: bytes, path: Path, name: str = "xliff") -> XliffDocument:
    """Parse an XLIFF 1.2 or 2.0 file."""
    root, ns = parse_tree(data, path)
    segments, _units_ = _units(root, ns)
    encoding = root.getroottree().docinfo.encoding or "utf-8"
    return XliffDocument(path, name, encoding, segments, data, "1.2" if ns == NS12 else "2.0")
