"""QA checks on inline markup between a source segment and its translation.

- ``tag-mismatch``: the tags (HTML/XML by name, a link or image by its target), Markdown
  links and inline code spans, or ordbro's own placeholders differ;
- ``placeholder-mismatch``: printf and brace placeholders (``%s``, ``%(name)s``,
  ``{name}``, ``{0}``) differ.

Both compare multisets: order may change with the language, the count may not. They are
registered in :data:`glossary.qa.SEGMENT_CHECKS` and take the same arguments.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

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


def _difference(source: Counter[str], target: Counter[str]) -> str:
    missing = sorted((source - target).elements())
    extra = sorted((target - source).elements())
    parts = []
    if missing:
        parts.append("missing " + ", ".join(missing))
    if extra:
        parts.append("extra " + ", ".join(extra))
    return "; ".join(parts)


def check_tags(ctx: Any, segment: int, source: str, target: str) -> Iterable[Any]:
    """``tag-mismatch`` findings for one segment pair."""
    from glossary.qa import Finding

    difference = _difference(tags(source), tags(target))
    if difference:
        yield Finding(segment, "tag-mismatch", f"inline markup differs: {difference}")


def check_placeholders(ctx: Any, segment: int, source: str, target: str) -> Iterable[Any]:
    """``placeholder-mismatch`` findings for one segment pair."""
    from glossary.qa import Finding

    difference = _difference(placeholders(source), placeholders(target))
    if difference:
        yield Finding(segment, "placeholder-mismatch", f"placeholders differ: {difference}")


MARKUP_CHECKS = {"tag-mismatch": check_tags, "placeholder-mismatch": check_placeholders}
