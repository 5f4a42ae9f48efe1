"""HTML: text of block elements plus ``alt``/``title`` attributes, through lxml.

Inline markup (``<b>``, ``<a>``, ``<em>`` …) stays inside the sentence it belongs to
as placeholders, so a sentence is never cut at a tag. ``script``, ``style``, ``code``,
``pre``, ``textarea`` and anything under ``translate="no"`` are left as they are.

Parsing and rendering take time and memory linear in the size of the page (each
element is visited a bounded number of times, whatever the nesting depth or the
number of siblings). A page nested deeper than lxml's limit (255 levels) is refused
with an error instead of being read in part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import InputError
from glossary.formats import Segment
from glossary.formats.xmlinline import Run, fill, make_run
from glossary.textcodec import decode

INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn", "em",
    "font", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span",
    "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
}  # fmt: skip
SKIP = {"script", "style", "code", "pre", "textarea", "noscript", "svg", "math", "template"}
ATOMIC = {"br", "img", "wbr"}
ATTRIBUTES = ("alt", "title", "placeholder")
_HAS_WORD = re.compile(r"[^\W\d_]")
_PLACEHOLDER = re.compile(r"⟨/?\d+⟩|⟦\d+⟧")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def _skipped(el) -> bool:
    return not isinstance(el.tag, str) or el.tag in SKIP or el.get("translate") == "no"


def _inline_elements(root) -> set:
    """The elements that may sit inside a run: an inline (or skipped) element whose
    descendants are all inline or skipped. One bottom-up pass, linear in the tree."""
    inline: set = set()
    for el in reversed(list(root.iter())):  # descendants before their ancestors
        if not isinstance(el.tag, str):
            continue
        ok = el.tag in INLINE or _skipped(el)
        if ok and all(c in inline for c in el if isinstance(c.tag, str)):
            inline.add(el)
    return inline


def _paths(root) -> dict:
    """``tree.getpath(el)`` for every element, computed in one pass (getpath itself
    counts the siblings on every call, quadratic for a page of many paragraphs)."""
    paths = {root: root.getroottree().getpath(root)}
    for parent in root.iter():
        if not isinstance(parent.tag, str) or not len(parent):
            continue
        base = paths.get(parent)
        if base is None:
            continue
        total: dict[str, int] = {}
        for child in parent:
            if isinstance(child.tag, str):
                total[child.tag] = total.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        for child in parent:
            if isinstance(child.tag, str):
                seen[child.tag] = seen.get(child.tag, 0) + 1
                index = f"[{seen[child.tag]}]" if total[child.tag] > 1 else ""
                paths[child] = f"{base}/{child.tag}{index}"
    return paths


def _keep(el) -> bool:
    """A link or anchor survives a translation that lost its markers (appended whole)."""
    return el.tag == "a" or any(el.get(a) for a in ("href", "src", "id", "name"))


def _classify(el) -> str:
    return "atom" if (el.tag in ATOMIC or _skipped(el)) else "pair"


@dataclass
class _Item:
    """A segment's place in the tree: a run of mixed content or one attribute."""

    run: Run | None = None
    element: object = None
    attribute: str | None = None


def _collect(root) -> tuple[list[Segment], list[_Item]]:
    segments: list[Segment] = []
    items: list[_Item] = []
    inline = _inline_elements(root)
    paths = _paths(root)

    def is_inline(el) -> bool:  # comments and processing instructions travel in the run
        return not isinstance(el.tag, str) or el in inline

    def attributes(el) -> None:
        for sub in el.iter():
            if not isinstance(sub.tag, str) or _skipped(sub):
                continue
            for name in ATTRIBUTES:
                value = sub.get(name)
                if value and _HAS_WORD.search(value):
                    segments.append(Segment(f"{paths[sub]}@{name}", value.strip()))
                    items.append(_Item(element=sub, attribute=name))

    def walk(el) -> None:
        if _skipped(el):
            return
        for name in ATTRIBUTES:
            value = el.get(name)
            if value and _HAS_WORD.search(value):
                segments.append(Segment(f"{paths[el]}@{name}", value.strip()))
                items.append(_Item(element=el, attribute=name))
        children = list(el)
        start = 0
        for i in range(len(children) + 1):
            if i < len(children) and is_inline(children[i]):
                continue
            run = make_run(el, start, i, _classify, _keep, children)
            if _HAS_WORD.search(_PLACEHOLDER.sub("", run.source)):
                segments.append(Segment(f"{paths[el]}#{start}", run.source))
                items.append(_Item(run=run))
            for child in children[start:i]:
                if isinstance(child.tag, str) and not _skipped(child):
                    attributes(child)
            if i < len(children):
                walk(children[i])
            start = i + 1

    walk(root)
    return segments, items


@dataclass
class HtmlDocument:
    """A parsed HTML file."""

    path: Path
    format: str
    encoding: str | None
    segments: list[Segment]
    text: str = ""

    def render(self, targets: list[str | None]) -> bytes:
        """The page rebuilt in its own encoding."""
        return self.render_as(targets, None)

    def render_as(self, targets: list[str | None], encoding: str | None) -> bytes:
        """The page rebuilt with translations, encoded as ``encoding``."""
        root, fragment = _parse_tree(self.text, self.path)
        segments, items = _collect(root)
        if [s.source for s in segments] != [s.source for s in self.segments]:
            raise InputError(f"{self.path}: the page changed while it was being translated")
        # Attributes first (a run copies its inline elements), then runs from last to first
        # so that child positions of earlier runs stay valid.
        for item, target in zip(items, targets, strict=True):
            if target is not None and item.attribute:
                item.element.set(item.attribute, target)
        for item, seg, target in reversed(list(zip(items, segments, targets, strict=True))):
            if target is not None and item.run is not None and target != seg.source:
                fill(item.run, target)
        data = _serialize(root, fragment, encoding or self.encoding or "utf-8")
        declaration = _XML_DECLARATION.match(self.text.lstrip("\ufeff"))
        if declaration:  # lxml.html drops it; put it back as it was (XHTML)
            return declaration.group(0).encode(encoding or self.encoding or "utf-8") + data
        return data


def _parse_tree(text: str, path: Path):
    """(root, is_fragment); lxml's fatal errors (a page nested too deeply, which lxml
    would cut short) are raised as :class:`InputError`, never passed over."""
    import lxml.html
    from lxml import etree

    body = _XML_DECLARATION.sub("", text.lstrip("\ufeff"), count=1)
    fragment = not re.search(r"<html[\s>]|<body[\s>]|<head[\s>]|<!doctype", body[:4096], re.I)
    parser = lxml.html.HTMLParser()
    try:
        if fragment:
            root = lxml.html.fragment_fromstring(body, create_parent="div", parser=parser)
        else:
            root = lxml.html.document_fromstring(body, parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise InputError(f"{path}: malformed HTML: {exc}") from exc
    fatal = [e for e in parser.error_log if e.level == etree.ErrorLevels.FATAL]
    if fatal:
        error = fatal[0]
        reason = error.message
        if error.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT or "depth" in reason:
            reason = "nested more than 255 levels deep (ordbro does not read such pages)"
        raise InputError(f"{path}: malformed HTML at line {error.line}: {reason}")
    return root, fragment


def _serialize(root, fragment: bool, encoding: str) -> bytes:
    import lxml.html

    if fragment:
        parts = [root.text or ""]
        parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
        return "".join(parts).encode(encoding, errors="xmlcharrefreplace")
    doctype = root.getroottree().docinfo.doctype
    html = lxml.html.tostring(root, encoding="unicode", doctype=doctype or None)
    return (html + "\n").encode(encoding, errors="xmlcharrefreplace")


def parse(data: bytes, path: Path, name: str = "html") -> HtmlDocument:
    """Parse an HTML page or fragment."""
    text, encoding = decode(data, path)
    if "<" not in text:
        raise InputError(f"{path}: malformed HTML: no markup found")
    root, _ = _parse_tree(text, path)
    segments, _items = _collect(root)
    return HtmlDocument(path, name, encoding, segments, text)
