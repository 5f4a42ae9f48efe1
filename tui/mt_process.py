"""Machine translation in a separate process, so the workbench's event loop never waits.

:func:`translate_texts` is the workbench's one translation call; :class:`MTProcess` runs
it in a child process, :class:`InThreadMT` in the calling thread (``isolate_mt`` off).

Enforcement and the pipeline are Python code: run in a thread of the UI process they
compete with the event loop for the GIL, and their garbage makes the collector stop
every thread for 100 ms and more. In a child process they cannot hold up the UI; the
thread worker that waits for the result releases the GIL while it waits.

The child keeps its translator (:class:`glossary.translate.cache.TranslatorCache`) until
the recipe, the termbase's content or the installed model changes.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from glossary.errors import OrdbroError
from glossary.results import TermOutcome
from glossary.translate import Recipe
from glossary.translate.cache import TranslatorCache

Result = tuple[str, list[TermOutcome], bool]  # target, term outcomes, low confidence


def translate_texts(
    cache: TranslatorCache, recipe: Recipe, version: Any, texts: list[str]
) -> list[Result]:
    """The workbench's one machine-translation call, in the child or in-thread: the
    front door's translator for ``recipe`` (kept by ``cache``), the model seeing plain text
    and the markup projected back; (target, term outcomes, low confidence) of each text."""
    from glossary.confidence import is_low
    from glossary.markup.translate import translate_marked

    translator = cache.get(recipe, *version)
    if not texts:
        return []
    documents = translate_marked(texts, translator, lang=translator.from_code)
    return [
        (d.target, [t for s in d.sentences for t in s.terms], is_low(d.sentences))
        for d in documents
    ]


_CACHE = TranslatorCache()  # the child's translator


def _child_translate(recipe: Recipe, version: tuple[int, int], texts: list[str]) -> list[Result]:
    """:func:`translate_texts` in the child process."""
    return translate_texts(_CACHE, recipe, version, texts)


def _init_child() -> None:
    """A lower CPU priority than the UI, and stdout/stderr that go nowhere (the terminal
    belongs to the workbench)."""
    with contextlib.suppress(OSError):
        os.nice(10)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the child)


class MTProcess:
    """One child process that translates, started on the first request.

    Create it before the app takes over the terminal: multiprocessing's helper process
    is started here, while stderr is still a real file.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ProcessPoolExecutor | None = self._new_pool()

    @staticmethod
    def _new_pool() -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=_init_child)

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = self._new_pool()
            return self._pool

    def translate(self, recipe: Recipe, version: Any, texts: list[str]) -> list[Result]:
        """Translate ``texts`` in the child (blocks the calling thread, not the GIL)."""
        try:
            return self._executor().submit(_child_translate, recipe, version, texts).result()
        except BrokenProcessPool:
            self.close()
            raise OrdbroError("the translation process stopped unexpectedly; try again") from None

    def warm_up(self, recipe: Recipe, version: Any) -> None:
        """Start the child and load the model and termbase there."""
        self.translate(recipe, version, [])

    def close(self) -> None:
        """Stop the child process."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


class InThreadMT:
    """The same call as :class:`MTProcess`, run in the calling thread (no child process)."""

    def __init__(self) -> None:
        self._cache = TranslatorCache()

    def translate(self, recipe: Recipe, version: Any, texts: list[str]) -> list[Result]:
        """Translate ``texts`` here, with this object's translator."""
        return translate_texts(self._cache, recipe, version, texts)

    def warm_up(self, recipe: Recipe, version: Any) -> None:
        """Load the model and termbase now."""
        self.translate(recipe, version, [])

    def close(self) -> None:
        """Nothing runs apart from the caller."""
