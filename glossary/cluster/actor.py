"""The cluster worker: builds the translator once from the recipe, then translates parts.

:class:`SegmentWorker` is a plain class; :func:`glossary.cluster.translator.start_actors`
turns it into a Ray actor. It holds no memory and writes no file: the driver looks up,
records and writes, so a worker that dies can simply be restarted and its part retried.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from glossary.cluster.shipping import unpack_database, unpack_folder


class SegmentWorker:
    """One model and enforcement, loaded once; :meth:`translate` runs the front door's
    :meth:`~glossary.translate.Translator.translate_new` on a part of a chunk."""

    def __init__(self, recipe: Any, package: bytes | None, termbase: bytes | None) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="ordbro-worker-"))
        changes: dict[str, Any] = {"use_memory": False, "memory": None}
        if package is not None:
            changes["model"] = str(unpack_folder(package, self.folder))
        if termbase is not None:
            changes["terms"] = unpack_database(termbase, self.folder)
        self.translator = replace(recipe, **changes).build()

    def pid(self) -> int:
        """This worker's process id."""
        return os.getpid()

    def translate(self, sources: list[str]) -> tuple[list[Any], list[Any]]:
        """(document results, sentence results for the term report) of ``sources``."""
        self.translator.results.clear()
        done = self.translator.translate_new(sources)
        return done, list(self.translator.results)

    def __del__(self) -> None:
        shutil.rmtree(getattr(self, "folder", ""), ignore_errors=True)
