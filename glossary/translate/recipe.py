"""How to build a translator: the one factory of the front door.

A :class:`Recipe` is small, frozen and picklable, so ``--jobs`` worker processes and the
workbench's translation process each build the same translator from it. :meth:`Recipe.build`
is the only place that loads an engine, puts the termbase's enforcement on it and opens the
translation memory for translating.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, is_dataclass
from pathlib import Path
from typing import Any

from glossary.translate.translator import Translator

# Engine settings that change what the model writes (threads and device do not).
_DECODING = (
    "beam_size", "num_hypotheses", "length_penalty", "max_input_tokens", "max_decoding_length",
    "max_length_ratio", "max_length_extra", "no_repeat_ngram_size", "replace_unknowns",
)  # fmt: skip


@dataclass(frozen=True)
class Recipe:
    """Model, direction, termbase, enforcement settings, memory and device of a translator.

    ``terms``: the termbase to enforce, or None for plain machine translation;
    ``glossary``: only this named glossary of it (None: all its glossaries).
    ``overlay``: (termbase, named glossary) whose entries are enforced together with
    ``terms``'s and win where both have a term for the same source text (a client's
    glossary on a server).
    ``memory``: the translation memory file (None: ``$ORDBRO_TM`` or the user's);
    ``use_memory`` False reads and writes none. ``core``: a picklable zero-argument
    factory of a custom sentence translator, used instead of the engine (tests, tools).
    """

    from_code: str = "sv"
    to_code: str = "en"
    model: str | None = None
    engine: Any = None  # glossary.engine.EngineSettings (beam, device, threads ...)
    terms: Path | None = None
    enforce: Any = None  # glossary.enforce.EnforceSettings
    memory: Path | None = None
    use_memory: bool = True
    core: Callable[[], Any] | None = None
    glossary: str | None = None
    overlay: tuple[Path, str] | None = None

    def build(self, *, engine: Any = None, memory: Any = None) -> Translator:
        """The translator this recipe describes. ``engine``: an already loaded engine for
        the same model and settings (reused, not reloaded); ``memory``: an open memory
        to use instead of opening ``self.memory``."""
        core, version = self.build_core(engine)
        return Translator(
            core,
            from_code=self.from_code,
            to_code=self.to_code,
            memory=memory if memory is not None else self.open_memory(),
            made_by=self.made_by(core, version),
            recipe=self,
            termbase=str(self.terms) if self.terms is not None else None,
        )

    def build_core(self, engine: Any = None) -> tuple[Any, Any]:
        """(sentence translator, termbase data version (with an overlay: both termbases'
        versions)): the engine, with enforcement when a termbase is given."""
        if self.core is not None:
            return self.core(), None
        if engine is None:
            engine = self.load_engine()
        if self.terms is None:
            return engine, None
        from glossary.enforce import GlossaryTranslator
        from glossary.matcher import TermMatcher
        from glossary.termbase import Termbase

        with Termbase.open(self.terms) as termbase:  # the compiled matcher is cached beside it
            version = termbase.data_version()
            matcher = TermMatcher.from_termbase(
                termbase, glossary=self.glossary, src=self.from_code, tgt=self.to_code
            )
            if self.overlay is not None:
                entries, overlay_version = self._overlaid(termbase, matcher)
                enforcing = GlossaryTranslator.from_entries(engine, entries, self.enforce)
                return enforcing, [version, overlay_version]
        enforcing = GlossaryTranslator(
            engine, matcher, forbidden=matcher.forbidden, settings=self.enforce, termbase=self.terms
        )
        return enforcing, version

    def _overlaid(self, termbase: Any, matcher: Any) -> tuple[list[Any], int | None]:
        """(the entries of ``terms`` without those the overlay has a term for, then the
        overlay's entries (ids made negative, apart from the termbase's), the overlay
        termbase's data version)."""
        from dataclasses import replace

        from glossary.termbase import Termbase

        path, name = self.overlay
        with Termbase.open(path) as tb:
            version = tb.data_version()
            extra = [replace(e, id=-e.id) for e in tb.entries(glossary=name)]
        shadowed = set()
        for entry in extra:
            for term in entry.terms_in(self.from_code):
                shadowed.update(
                    hit.entry_id
                    for hit in matcher.find(term.text)
                    if (hit.start, hit.end) == (0, len(term.text))
                )
        base = [e for e in termbase.entries(glossary=self.glossary) if e.id not in shadowed]
        return base + extra, version

    def load_engine(self) -> Any:
        """The engine for this recipe's model, direction and engine settings."""
        from glossary.engine import Engine

        return Engine.load(self.from_code, self.to_code, model=self.model, settings=self.engine)

    def open_memory(self) -> Any:
        """The translation memory to read and write, or None (``use_memory`` off)."""
        if not self.use_memory:
            return None
        from glossary.memory import TranslationMemory

        return TranslationMemory.open(self.memory)

    def made_by(self, core: Any, terms_version: Any) -> str:
        """A digest of what makes this translator's output: model, direction, termbase
        (path and data version) and enforcement and decoding settings."""
        engine = getattr(core, "engine", core)
        if self.core is not None or not hasattr(engine, "info"):  # a custom sentence translator
            what: dict[str, Any] = {"core": getattr(core, "made_by", None) or _name(core)}
        else:
            what = {
                "core": _name(core),
                "model": [engine.name, engine.version, str(engine.info.path)],
                "decoding": {k: getattr(engine.settings, k, None) for k in _DECODING},
            }
        what["direction"] = [self.from_code, self.to_code]
        if self.terms is not None:
            what["terms"] = [str(Path(self.terms).resolve()), terms_version]
            if self.glossary is not None:
                what["terms"].append(self.glossary)
            if self.overlay is not None:
                what["overlay"] = [str(Path(self.overlay[0]).resolve()), self.overlay[1]]
            enforce = getattr(core, "settings", None)
            what["enforce"] = asdict(enforce) if is_dataclass(enforce) else None
        data = json.dumps(what, sort_keys=True, default=str).encode()
        return hashlib.sha256(data).hexdigest()[:24]


def _name(obj: Any) -> str:
    kind = type(obj)
    return f"{kind.__module__}.{kind.__qualname__}"
