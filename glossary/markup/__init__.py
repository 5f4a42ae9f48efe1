"""Inline markup through translation: strip it, translate the plain text, project it back.

- :mod:`glossary.markup.elements`: a segment as plain text plus its inline elements
  (placeholder pairs and atoms from the formats, printf/brace codes, entities, URLs);
- :mod:`glossary.markup.align`: word links between a sentence and its translation
  (identical words, then the model's attention);
- :mod:`glossary.markup.project`: the elements put back onto the target words;
- :mod:`glossary.markup.translate`: the call a front end makes for marked-up segments;
- :mod:`glossary.markup.verify`: the guarantee that a target carries the source's
  elements, checked (and restored) before a file is written.
"""

from glossary.markup.elements import Element, Stripped, inventory, nesting_valid, strip, words
from glossary.markup.project import ALIGNED, FALLBACK, Projection, project

__all__ = [
    "ALIGNED",
    "FALLBACK",
    "Element",
    "Projection",
    "Stripped",
    "inventory",
    "nesting_valid",
    "project",
    "strip",
    "words",
]
