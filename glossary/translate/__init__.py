"""The front door of translation: one recipe, one translator, used by every front end.

The CLI (stdout, ``-o``, folders, ``--jobs``), the batch runner and the workbench's
translation process all build a :class:`Translator` from a :class:`Recipe` (model,
direction, termbase, enforcement settings, memory, device) and call it, and nothing
else, to translate. The translator owns de-duplication, memory lookup and recording,
enforcement (through its core), long-sentence splitting and the term report.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from glossary.translate.recipe import Recipe
from glossary.translate.translator import Translator

__all__ = ["Recipe", "Translator", "translator_for"]


def translator_for(
    obj: Any,
    *,
    memory: Any = None,
    use_memory: bool = True,
    from_code: str | None = None,
    to_code: str | None = None,
) -> Translator | Recipe:
    """``obj`` as the front door: a Translator or Recipe as given; a sentence translator
    (anything with ``translate_sentences``) wrapped in a Translator; a zero-argument
    factory of one as a Recipe (so worker processes can build their own).

    ``memory`` (for a wrapped object): an open memory, a memory path, or None for the
    user's; ``use_memory`` False uses none.
    """
    if isinstance(obj, Translator | Recipe):
        return obj
    src = from_code or getattr(obj, "from_code", None) or "sv"
    tgt = to_code or getattr(obj, "to_code", None) or "en"
    is_open = memory is not None and hasattr(memory, "reusable")
    path = getattr(memory, "path", None) if is_open else memory
    recipe = Recipe(src, tgt, memory=path, use_memory=use_memory)
    if hasattr(obj, "translate_sentences") and not isinstance(obj, type):
        opened = memory if is_open and use_memory else recipe.open_memory()
        return Translator(obj, src, tgt, memory=opened, made_by=recipe.made_by(obj, None))
    if callable(obj):
        return replace(recipe, core=obj)
    raise TypeError("translator must have translate_sentences() or be a factory of one")
