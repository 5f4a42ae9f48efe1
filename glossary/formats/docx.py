"""Word documents (.docx) through python-docx: one segment per paragraph.

Paragraphs of the body, of tables (nested too), headers and footers are translated
whole. Runs are grouped by formatting: the most used formatting is the paragraph's
base, and every stretch in another formatting (bold, italic, a hyperlink) becomes a
placeholder pair, so its translation gets that formatting back. Runs holding tabs,
breaks, fields or pictures are atoms copied unchanged. The zip is checked for
decompression bombs before python-docx opens it: besides each entry, the budget
covers the whole document (total unpacked size, total XML and its compression ratio,
number of parts), so memory stays bounded by the size of the file. Reading and
rebuilding are linear in the XML of the parts; a part referenced many times (a header
used by several sections) is read once.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats import placeholders as ph

MAX_UNCOMPRESSED = 512 * 1024 * 1024
MAX_RATIO = 200
MAX_PARTS = 5000  # zip entries; a long real document has a few hundred
MAX_XML = 160 * 2**20  # total unpacked XML, parsed into memory by python-docx
XML_RATIO_FROM = 8 * 2**20  # above this much XML, its overall ratio must look like text
MAX_XML_RATIO = 50  # real Word XML packs 5-30:1; repeated filler packs 300:1 and more
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT_ONLY = {f"{W}rPr", f"{W}t"}


def check_zip(data: bytes, path: Path) -> None:
    """Refuse files that are not zips or that would inflate to an unreasonable size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile as exc:
        raise InputError(f"{path}: not a Word document (not a zip archive)") from exc
    if len(infos) > MAX_PARTS:
        raise InputError(f"{path}: refusing to open: {len(infos)} parts (at most {MAX_PARTS})")
    total = sum(i.file_size for i in infos)
    xml = [i for i in infos if i.filename.endswith((".xml", ".rels"))]
    xml_size = sum(i.file_size for i in xml)
    xml_packed = max(sum(i.compress_size for i in xml), 1)
    if xml_size > MAX_XML or (xml_size > XML_RATIO_FROM and xml_size > MAX_XML_RATIO * xml_packed):
        raise InputError(
            f"{path}: refusing to open: its XML would unpack to {xml_size // 2**20} MiB "
            f"from {xml_packed // 1024} KiB (zip bomb?)"
        )
    if total > MAX_UNCOMPRESSED:
        raise InputError(
            f"{path}: refusing to open: it would unpack to {total // 2**20} MiB (zip bomb?)"
        )
    for info in infos:
        if info.file_size > 10 * 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise InputError(
                f"{path}: refusing to open: {info.filename} is compressed "
                f"{info.file_size // max(info.compress_size, 1)}:1 (zip bomb?)"
            )
    if "word/document.xml" not in {i.filename for i in infos}:
        raise InputError(f"{path}: not a Word document (no word/document.xml)")


def _open(data: bytes, path: Path):
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_zip(data, path)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"{path}: malformed Word document: {exc}") from exc
    except Exception as exc:  # lxml raises XMLSyntaxError for broken parts
        if type(exc).__name__ == "XMLSyntaxError":
            raise InputError(f"{path}: malformed Word document: {exc}") from exc
        raise


def _paragraphs(document) -> list[tuple[str, object]]:
    """(key prefix, w:p element) for body, tables, headers and footers, in a stable order."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    found = [("body", p) for p in document.element.body.iter(f"{W}p")]
    rels = sorted(document.part.rels.values(), key=lambda r: r.rId)
    seen: set[str] = set()
    for rel in rels:
        if rel.reltype in (RT.HEADER, RT.FOOTER) and not rel.is_external:
            if rel.target_ref in seen:  # the same part again: translated once
                continue
            seen.add(rel.target_ref)
            kind = "header" if rel.reltype == RT.HEADER else "footer"
            element = rel.target_part.element
            found += [(f"{kind}-{rel.rId}", p) for p in element.iter(f"{W}p")]
    return found


@dataclass
class _Para:
    """The translatable items of one paragraph."""

    element: object
    items: list[object] = field(default_factory=list)
    base: object = None  # rPr of the base formatting (or None)
    pair_rpr: dict[int, object] = field(default_factory=dict)
    pair_link: dict[int, object] = field(default_factory=dict)
    atoms: dict[int, object] = field(default_factory=dict)
    source: str = ""


def _rpr_key(run) -> str:
    from lxml import etree

    rpr = run.find(f"{W}rPr")
    return "" if rpr is None else etree.tostring(rpr).decode()


def _run_text(run) -> str:
    return "".join(t.text or "" for t in run.iter(f"{W}t"))


def _analyse(p) -> _Para:
    para = _Para(p)
    items = []  # (kind, element, fmt key, text)
    for child in p:
        if child.tag == f"{W}r":
            if {c.tag for c in child} <= _TEXT_ONLY:
                items.append(("text", child, _rpr_key(child), _run_text(child)))
            else:
                items.append(("atom", child, None, ""))
        elif child.tag == f"{W}hyperlink":
            runs = child.findall(f"{W}r")
            if runs and all({c.tag for c in r} <= _TEXT_ONLY for r in runs):
                items.append(("link", child, None, "".join(_run_text(r) for r in runs)))
            else:
                items.append(("atom", child, None, ""))
        elif child.tag in (f"{W}ins", f"{W}smartTag", f"{W}sdt", f"{W}fldSimple"):
            items.append(("atom", child, None, ""))
    para.items = [el for _, el, _, _ in items]
    weight: dict[str, int] = {}
    for kind, _, key, text in items:
        if kind == "text":
            weight[key] = weight.get(key, 0) + len(text)
    base_key = max(weight, key=lambda k: weight[k]) if weight else ""
    parts: list[str] = []
    n = 0
    i = 0
    while i < len(items):
        kind, el, key, text = items[i]
        if kind == "text" and key == base_key:
            parts.append(text)
            if para.base is None:
                para.base = el.find(f"{W}rPr")
            i += 1
            continue
        n += 1
        if kind == "atom":
            para.atoms[n] = el
            parts.append(ph.ATOM.format(n))
            i += 1
        elif kind == "link":
            para.pair_link[n] = el
            parts.append(ph.OPEN.format(n) + text + ph.CLOSE.format(n))
            i += 1
        else:
            stretch = []
            while i < len(items) and items[i][0] == "text" and items[i][2] == key:
                stretch.append(items[i][3])
                i += 1
            para.pair_rpr[n] = el.find(f"{W}rPr")
            parts.append(ph.OPEN.format(n) + "".join(stretch) + ph.CLOSE.format(n))
    para.source = "".join(parts)
    return para


def _new_run(rpr, text: str):
    from docx.oxml import OxmlElement

    run = OxmlElement("w:r")
    if rpr is not None:
        run.append(copy.deepcopy(rpr))
    t = OxmlElement("w:t")
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(t)
    return run


def _apply(para: _Para, target: str) -> None:
    nodes = ph.parse(target, set(para.pair_rpr) | set(para.pair_link), set(para.atoms))
    new = []
    for node in nodes:
        if isinstance(node, str):
            new.append(_new_run(para.base, node))
        elif isinstance(node, ph.Atom):
            new.append(copy.deepcopy(para.atoms[node.id]))
        elif node.id in para.pair_rpr:
            new.append(_new_run(para.pair_rpr[node.id], ph.plain_text(node.children)))
        else:
            link = copy.deepcopy(para.pair_link[node.id])
            runs = link.findall(f"{W}r")
            rpr = runs[0].find(f"{W}rPr") if runs else None
            for r in runs:
                link.remove(r)
            link.append(_new_run(rpr, ph.plain_text(node.children)))
            new.append(link)
    p = para.element
    position = list(p).index(para.items[0]) if para.items else len(p)
    for el in para.items:
        p.remove(el)
    for offset, el in enumerate(new):
        p.insert(position + offset, el)


def _collect(document) -> tuple[list[Segment], list[_Para]]:
    segments, paras = [], []
    counters: dict[str, int] = {}
    for prefix, p in _paragraphs(document):
        counters[prefix] = counters.get(prefix, 0) + 1
        para = _analyse(p)
        if not any(ch.isalpha() for ch in ph.plain_text(ph.parse(para.source, set(), set()))):
            continue
        segments.append(Segment(f"{prefix}/p{counters[prefix]}", para.source))
        paras.append(para)
    return segments, paras


@dataclass
class DocxDocument:
    """A parsed Word document."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    data: bytes = b""
    live: tuple | None = field(default=None, repr=False)

    def render(self, targets: list[str | None]) -> bytes:
        """The document rebuilt with translated paragraphs."""
        if all(t is None or t == s.source for t, s in zip(targets, self.segments, strict=True)):
            return self.data
        if self.live is not None:  # the tree parsed by parse(), used once
            document, paras = self.live
            self.live = None
        else:
            document = _open(self.data, self.path)
            _segments, paras = _collect(document)
        # Last first: a paragraph inside a text box is translated before the run holding it
        # is copied by its outer paragraph.
        triples = list(zip(paras, self.segments, targets, strict=True))
        for para, seg, target in reversed(triples):
            if target is not None and target != seg.source:
                _apply(para, target)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()


def parse(data: bytes, path: Path, name: str = "docx") -> DocxDocument:
    """Parse a .docx file (after a zip-bomb check)."""
    document = _open(data, path)
    segments, paras = _collect(document)
    return DocxDocument(path, name, None, segments, data, (document, paras))
