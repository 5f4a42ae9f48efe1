"""Inline markup of a whole translated file, counted for the per-format markup tests.

Multisets, so order may change with the language but the count may not: tags (HTML/XML
by name, a link or anchor with its target), Markdown links (by target), inline code
spans, ordbro placeholders; and separately printf and brace placeholders.
"""

from __future__ import annotations

import re
from collections import Counter

_TAG = re.compile(r"<(/?)([A-Za-z][\w:.-]*)((?:\s+[^<>]*?)?)\s*(/?)>")
_ATTR = re.compile(r"""\b(href|src|id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_MD_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)[^)]*\)")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_PLACEHOLDER_TOKEN = re.compile(r"⟨/?\d+⟩|⟦\d+⟧")
_PRINTF = re.compile(
    r"%(?:\d+\$|\([\w.]+\))?[-+#0]*(?:\d+|\*)?(?:\.\d+)?[hlLqjzt]*[diouxXeEfFgGcrs](?!\w)"
    r"|\{[\w.:!]*\}"
)


def tags(text: str) -> Counter[str]:
    """The multiset of markup in ``text``: tags (with a link's or anchor's target), Markdown
    links (by target), inline code spans (verbatim) and ordbro placeholders."""
    found: Counter[str] = Counter()
    for m in _TAG.finditer(text):
        closing, name, attrs, empty = m.groups()
        key = ("</" if closing else "<") + name.lower()
        for a in _ATTR.finditer(attrs or ""):
            key += f" {a.group(1)}={a.group(2) or a.group(3) or a.group(4)}"
        found[key + ("/>" if empty else ">")] += 1
    for m in _MD_LINK.finditer(text):
        found[f"link({m.group(1)})"] += 1
    for m in _CODE_SPAN.finditer(text):
        found[f"code({m.group(2)})"] += 1
    found.update(_PLACEHOLDER_TOKEN.findall(text))
    return found


def placeholders(text: str) -> Counter[str]:
    """The multiset of printf and brace placeholders in ``text`` (``%%`` is not one)."""
    return Counter(m.group(0) for m in _PRINTF.finditer(text))
