"""Placeholders and inline tags that must survive translation (``placeholder-mismatch``,
``tag-mismatch``).

These are the checks ``ordbro check`` runs (the markup package keeps markup intact when
translating; these verify a finished translation). They compare what a program fills
in or a renderer needs, as multisets, between source and target.

Placeholders are printf conversions (``%s``, ``%-14s``, ``%6.2f``, ``%lu``, ``%.*s``,
``%1$s``, ``%(key)r``; ``%%`` is a literal percent sign) and brace fields (``{0}``,
``{name}``, ``{}``; not shell's ``${NAME}``, a metavariable in usage text). Flags, width and precision may change (column alignment is the
translator's business), argument positions may be reordered with ``%N$``; the
conversion, its length modifier and its key may not. A space is not a printf flag
here, so "50 % of" is no placeholder.

Tags are XML/HTML elements: a self-closing tag, a tag with ``name="value"``
attributes, or a tag whose open and close both appear in the text. A tag is compared
with its attributes (in any order), so a changed link target (``href``), image
(``src``), ``id`` or ``class`` is a mismatch; the attributes that hold text for the
reader (``alt``, ``title``, ``aria-label``, ...: :data:`TEXT_ATTRIBUTES`) are translated
with the sentence and not compared. A Markdown link counts as a tag by its target
(``[…](https://example.org)``). A lone ``<file>`` is a metavariable in usage text,
translated like a word (``<fil>``), not markup. The numbered placeholders that format
readers put in place of inline markup (``⟨1⟩…⟨/1⟩``, ``⟦2⟧``) are tags too.

:func:`mask_markup` blanks all of these, so that no other check reads an index, a
conversion or a tag name as a number or a word of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

_PRINTF = re.compile(
    r"%(?:%|(?:\d+\$)?(?P<key>\([^()\s]+\))?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?"
    r"(?P<len>hh|h|ll|l|L|q|j|z|t|I64|I32)?(?P<conv>[diouxXeEfFgGaAcrsbp]))"
)
_BRACE = re.compile(r"(?<![{$])\{(?P<field>[A-Za-z_]\w*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
_INLINE = re.compile(r"⟨/?\d+⟩|⟦\d+⟧")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MD_LINK = re.compile(r"\]\((?P<url>[^()\s]+)(?:\s+\"[^\"]*\")?\)")
# Attributes whose value is text for the reader: translated, so not compared.
TEXT_ATTRIBUTES = frozenset(
    {"alt", "title", "placeholder", "label", "abbr", "summary", "content", "standby", "value"}
    | {"aria-label", "aria-description", "aria-placeholder", "aria-roledescription"}
    | {"aria-valuetext"}
)
_TAG = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Za-z][\w:.-]*)"
    r"(?P<attrs>(?:\s+[\w:.-]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*(?P<self>/)?>"
)


def placeholders(text: str) -> Counter[str]:
    """The placeholders of ``text``, normalised (``%-14s`` -> ``%s``, ``%1$d`` -> ``%d``)."""
    found: Counter[str] = Counter()
    for m in _PRINTF.finditer(text):
        if m.group(0) == "%%":
            continue
        star = "*" if "*" in m.group(0) else ""
        found[f"%{m.group('key') or ''}{star}{m.group('len') or ''}{m.group('conv')}"] += 1
    for m in _BRACE.finditer(text):
        found["{" + m.group("field") + "}"] += 1
    return found


def mask_placeholders(text: str) -> str:
    """``text`` with every placeholder blanked to spaces (same length, offsets kept)."""
    for pattern in (_PRINTF, _BRACE):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def mask_markup(text: str) -> str:
    """``text`` with placeholders, format placeholders (``⟨1⟩``, ``⟦2⟧``) and markup tags
    blanked to spaces (same length, so offsets into the original stay valid)."""
    text = _INLINE.sub(_blank, mask_placeholders(text))
    names = {m.group("name") for m in _markup_tags(text)}
    return _TAG.sub(lambda m: _blank(m) if m.group("name") in names else m.group(0), text)


def _markup_tags(text: str) -> list[re.Match[str]]:
    """The matches of :data:`_TAG` in ``text`` that are markup, not metavariables."""
    matches = list(_TAG.finditer(text))
    opened = {m.group("name") for m in matches if not m.group("close") and not m.group("self")}
    closed = {m.group("name") for m in matches if m.group("close")}
    return [
        m
        for m in matches
        if m.group("self") or m.group("attrs") or (m.group("name") in opened & closed)
    ]


def tags(text: str) -> Counter[str]:
    """The markup tags of ``text`` as ``<b>``, ``</b>``, ``<br/>``, ``<a href="x.html">``
    (attributes other than :data:`TEXT_ATTRIBUTES`, sorted), its Markdown link targets as
    ``[…](url)``, and its format placeholders as written (``⟨1⟩``, ``⟨/1⟩``, ``⟦2⟧``)."""
    found: Counter[str] = Counter(m.group(0) for m in _INLINE.finditer(text))
    for m in _markup_tags(text):
        attrs = _attributes(m.group("attrs") or "")
        end = "/" if m.group("self") else ""
        found[f"<{'/' if m.group('close') else ''}{m.group('name')}{attrs}{end}>"] += 1
    found.update(f"[…]({m.group('url')})" for m in _MD_LINK.finditer(text))
    return found


def _attributes(attrs: str) -> str:
    """The compared attributes of a tag, sorted, as `` name="value"`` each."""
    pairs = sorted(
        (m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTR.finditer(attrs)
        if m.group(1).lower() not in TEXT_ATTRIBUTES
    )
    return "".join(f' {name}="{value}"' for name, value in pairs)


def _describe(missing: Counter[str], extra: Counter[str], what: str) -> str:
    parts = []
    if missing:
        parts.append(f"missing from the target: {', '.join(sorted(missing.elements()))}")
    if extra:
        parts.append(f"not in the source: {', '.join(sorted(extra.elements()))}")
    return f"{what} differ; " + "; ".join(parts)


def mismatch(source: str, target: str, kind: str) -> Iterator[str]:
    """One message when the ``kind`` ("placeholder" or "tag") inventories differ."""
    count = placeholders if kind == "placeholder" else tags
    src, tgt = count(source), count(target)
    if src != tgt:
        yield _describe(src - tgt, tgt - src, f"{kind}s")
