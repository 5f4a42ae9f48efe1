"""Inline XML/HTML markup inside a segment as placeholders, for lxml trees.

A *run* is the mixed content of one element from one child position to another:
the text before the first child and each child with its tail. Paired inline elements
(``<b>``, ``<g>``, ``<pc>``) become ``⟨n⟩…⟨/n⟩`` around their text; everything else
(``<br>``, ``<img>``, ``<x/>``, comments, skipped code) becomes an atom ``⟦n⟧`` and is
copied back unchanged.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from glossary.formats import placeholders as ph

_SPACES = re.compile(r"\s+")


@dataclass
class Run:
    """A stretch of mixed content: ``parent``'s children ``[start, end)``."""

    parent: object
    start: int
    end: int
    elements: dict[int, object] = field(default_factory=dict)  # (begin, end) for a span
    pairs: set[int] = field(default_factory=set)
    source: str = ""
    keep: Callable[[object], bool] | None = None
    lead: str = ""
    trail: str = ""
    anchor: object = None  # the child before ``start`` (None: the run starts the parent)
    members: list = field(default_factory=list)  # the children [start, end)


def make_run(
    parent,
    start: int,
    end: int,
    classify: Callable[[object], str],
    keep: Callable[[object], bool] | None = None,
    children: list | None = None,
    spans: Callable[[list], dict[int, int]] | None = None,
) -> Run:
    """Extract the placeholder source of ``parent``'s children ``[start, end)``.

    ``classify(element)`` returns "pair" or "atom"; ``keep(element)`` says whether a pair
    the translation lost is appended whole (links, XLIFF codes) rather than unwrapped.
    ``children`` is ``list(parent)`` when the caller has it: a parent with many runs is
    then read in linear time (the run keeps references, not positions). ``spans(siblings)``
    maps the index of a sibling that opens a span (XLIFF ``bpt``) to the index of the one
    that closes it (``ept``): the two become one pair around what lies between them.
    """
    run = Run(parent, start, end)
    run.keep = keep
    children = list(parent) if children is None else children
    run.anchor = children[start - 1] if start else None
    run.members = children[start:end]
    parts: list[str] = []
    counter = [0]

    def text(value: str | None) -> None:
        if value:
            parts.append(value)

    def emit(el) -> None:
        counter[0] += 1
        n = counter[0]
        run.elements[n] = el
        if isinstance(el.tag, str) and classify(el) == "pair":
            run.pairs.add(n)
            parts.append(ph.OPEN.format(n))
            text(el.text)
            emit_all(list(el))
            parts.append(ph.CLOSE.format(n))
        else:
            parts.append(ph.ATOM.format(n))

    def emit_all(siblings: list) -> None:
        ends = spans(siblings) if spans else {}
        closing: dict[int, int] = {}
        for i, child in enumerate(siblings):
            if i in closing:
                parts.append(ph.CLOSE.format(closing[i]))
            elif i in ends:
                counter[0] += 1
                n = counter[0]
                run.elements[n] = (child, siblings[ends[i]])
                run.pairs.add(n)
                closing[ends[i]] = n
                parts.append(ph.OPEN.format(n))
            else:
                emit(child)
            text(child.tail)

    text(parent.text if run.anchor is None else run.anchor.tail)
    emit_all(run.members)
    raw = "".join(parts)
    run.lead = raw[: len(raw) - len(raw.lstrip())]
    run.trail = raw[len(raw.rstrip()) :]
    run.source = _SPACES.sub(" ", raw).strip()
    return run


def lead_text(parent, start: int) -> str | None:
    """The text before child ``start`` of ``parent`` (its ``text`` or a sibling's tail)."""
    return parent.text if start == 0 else parent[start - 1].tail


def fill(run: Run, target: str) -> None:
    """Replace the run's content in the tree with ``target``, restoring its markup."""
    keep = {n for n in run.pairs if run.keep and run.keep(run.elements[n])}
    nodes = ph.parse(target, run.pairs, set(run.elements) - run.pairs, keep)
    lead, built = _build(run, nodes)
    lead = run.lead + (lead or "")
    if built:
        built[-1].tail = (built[-1].tail or "") + run.trail
    else:
        lead += run.trail
    parent = run.parent
    for child in run.members:
        parent.remove(child)
    if run.anchor is None:
        parent.text = lead
        for offset, el in enumerate(built):
            parent.insert(offset, el)
    else:
        run.anchor.tail = lead
        for el in reversed(built):
            run.anchor.addnext(el)  # lands after the anchor's tail


def _build(run: Run, nodes: list[ph.Node]) -> tuple[str, list]:
    text = ""
    out: list = []

    def add(value: str) -> None:
        nonlocal text
        if out:
            out[-1].tail = (out[-1].tail or "") + value
        else:
            text += value

    for node in nodes:
        if isinstance(node, str):
            add(node)
        elif isinstance(node, ph.Atom):
            found = run.elements[node.id]
            for orig in found if isinstance(found, tuple) else (found,):
                el = copy.deepcopy(orig)
                el.tail = None
                out.append(el)
        elif isinstance(run.elements[node.id], tuple):  # a span: begin, content, end
            begin, end = (copy.deepcopy(e) for e in run.elements[node.id])
            begin.tail = end.tail = None
            out.append(begin)
            inner, kids = _build(run, node.children)
            add(inner)
            out.extend(kids)
            out.append(end)
        else:
            orig = run.elements[node.id]
            el = orig.makeelement(orig.tag, dict(orig.attrib))
            inner, kids = _build(run, node.children)
            el.text = inner or None
            el.extend(kids)
            out.append(el)
    return text, out
