"""A translator kept between requests (the workbench), rebuilt only when it must be.

The model is reloaded only when the recipe's model part (or the installed model's
generation) changes; enforcement is rebuilt when the termbase's content changes.
"""

from __future__ import annotations

import threading
from typing import Any

from glossary.translate.recipe import Recipe
from glossary.translate.translator import Translator


class TranslatorCache:
    """The current translator for a recipe; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._engine: Any = None
        self._engine_key: tuple | None = None
        self._translator: Translator | None = None
        self._key: tuple | None = None

    def get(self, recipe: Recipe, terms_version: int | None, generation: int = 0) -> Translator:
        """The translator for ``recipe`` at termbase version ``terms_version``."""
        engine_key = (recipe.from_code, recipe.to_code, recipe.model, recipe.engine, generation)
        key = (recipe, terms_version, engine_key)
        with self._lock:
            if self._engine_key != engine_key:
                self._engine, self._translator = None, None
                self._engine = None if recipe.core else recipe.load_engine()
                self._engine_key = engine_key
            if self._translator is None or self._key != key:
                if self._translator is not None:
                    self._translator.close()
                self._translator = recipe.build(engine=self._engine)
                self._translator.keep_results = False  # a long session would grow without end
                self._key = key
            return self._translator
