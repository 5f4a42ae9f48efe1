"""The translator every front end uses: memory, de-duplication, long sentences, term report.

A :class:`Translator` wraps a *core* that translates sentences (the plain engine, or the
engine with the termbase enforced; tests use small fakes) and adds, once for every front
end:

- translation memory: a stored translation is reused only when it was made the same way
  (:attr:`Translator.made_by`) or by a person; every new translation is recorded;
- de-duplication: a sentence repeated in a call is translated once;
- long sentences: a sentence longer than the engine takes is cut into pieces first;
- the term report: every sentence result is kept in :attr:`Translator.results`.

Build one with :meth:`glossary.translate.Recipe.build`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from glossary.results import DocumentResult, SentenceResult
from glossary.translate.split import split_long

MAX_WORDS_WITHOUT_ENGINE = 200  # a core without a tokenizer gets pieces of this many words


@dataclass
class Translator:
    """Translate sentences, texts and segments; see the module docstring.

    ``memory`` is a translation memory (``reusable``/``record_many``) or None for none;
    ``made_by`` names how this translator translates (model, direction, termbase version,
    enforcement settings), so a memory entry made otherwise is not reused.
    """

    core: Any
    from_code: str = "sv"
    to_code: str = "en"
    memory: Any = None
    made_by: str = ""
    recipe: Any = None  # the glossary.translate.Recipe it was built from, if any
    termbase: str | None = None  # the enforced termbase's path, for reports
    keep_results: bool = True
    results: list[SentenceResult] = field(default_factory=list)

    @property
    def engine(self) -> Any:
        """The underlying engine (for its model name, version and path)."""
        return getattr(self.core, "engine", self.core)

    # ------------------------------------------------------------------ sentences

    def translate_sentences(self, sentences: list[str]) -> list[SentenceResult]:
        """One result per sentence, in order; repeats translated once, blanks left blank."""
        distinct = [s for s in dict.fromkeys(sentences) if s.strip()]
        done = dict(zip(distinct, self._translate_long(distinct), strict=True))
        out = []
        for sentence in sentences:
            result = done.get(sentence)
            if result is None:
                out.append(SentenceResult(source=sentence, target=""))
            else:
                out.append(replace(result, terms=list(result.terms)))
        if self.keep_results:
            self.results.extend(out)
        return out

    def _translate_long(self, sentences: list[str]) -> list[SentenceResult]:
        """The core's results; sentences longer than the model takes go in pieces."""
        if not sentences:
            return []
        count, limit = self._measure()
        plans = [split_long(s, count, limit) for s in sentences]
        flat = [piece.text for plan in plans for piece in plan]
        results = self.core.translate_sentences(flat)
        if len(results) != len(flat):
            raise RuntimeError(f"translator returned {len(results)} results for {len(flat)}")
        out, cursor = [], 0
        for sentence, plan in zip(sentences, plans, strict=True):
            parts = results[cursor : cursor + len(plan)]
            cursor += len(plan)
            if len(parts) == 1:
                out.append(replace(parts[0], source=sentence))
                continue
            target = "".join(
                r.target + (" " if piece.sep and r.target else "")
                for piece, r in zip(plan, parts, strict=True)
            ).rstrip()
            scores = [r.score for r in parts if r.score is not None]
            out.append(
                SentenceResult(
                    source=sentence,
                    target=target,
                    score=sum(scores) / len(scores) if scores else None,
                    terms=[t for r in parts for t in r.terms],
                    capped=any(r.capped for r in parts),
                    fallback=any(r.fallback for r in parts),
                )
            )
        return out

    def _measure(self) -> tuple[Any, int]:
        engine = self.engine
        tokenize = getattr(engine, "tokenize", None)
        settings = getattr(engine, "settings", None)
        limit = getattr(settings, "max_input_tokens", 0)
        if tokenize is not None and limit:
            return (lambda text: len(tokenize(text))), limit
        return (lambda text: len(text.split())), MAX_WORDS_WITHOUT_ENGINE

    # ------------------------------------------------------------------ texts and segments

    def translate_texts(self, texts: list[str]) -> list[DocumentResult]:
        """Whole texts (layout kept exactly), all their sentences in one batched call."""
        from glossary.translate.documents import translate_texts

        return translate_texts(texts, self, lang=self.from_code)

    def lookup(self, source: str) -> str | None:
        """A translation of ``source`` in the memory that this translator may reuse."""
        if self.memory is None:
            return None
        return self.memory.reusable(source, self.from_code, self.to_code, self.made_by)

    def translate_segments(
        self, sources: list[str], files: list[str | None] | None = None, lookup: bool = True
    ) -> list[DocumentResult]:
        """Segments (texts), reused from the memory where allowed, else translated and
        recorded in it (with ``files``, the file each came from) before returning.

        A reused segment's result has ``origin`` "memory" and no sentences.
        """
        out: list[DocumentResult | None] = [None] * len(sources)
        todo: list[int] = []
        for i, source in enumerate(sources):
            found = self.lookup(source) if lookup else None
            if found is None:
                todo.append(i)
            else:
                out[i] = DocumentResult(source, found, [], origin="memory")
        if todo:
            done = self.translate_new([sources[i] for i in todo])
            for i, result in zip(todo, done, strict=True):
                out[i] = result
            self._record([(sources[i], out[i].target, files[i] if files else None) for i in todo])
        return [r for r in out if r is not None]

    def translate_new(self, sources: list[str]) -> list[DocumentResult]:
        """Segments translated now (no memory lookup, nothing recorded); the model sees
        plain text and inline markup is projected back (``.markup``). The cluster runner
        (:mod:`glossary.cluster`) runs this on its workers."""
        from glossary.markup.translate import translate_marked

        return translate_marked(sources, self, lang=self.from_code)

    def _record(self, rows: list[tuple[str, str, str | None]]) -> None:
        if self.memory is None or not rows:
            return
        self.memory.record_many(
            {"source": s, "target": t, "src_lang": self.from_code, "tgt_lang": self.to_code,
             "origin": "machine", "file": f, "made_by": self.made_by}
            for s, t, f in rows
        )  # fmt: skip

    def close(self) -> None:
        """Close the translation memory (the model is freed with the object)."""
        if self.memory is not None and hasattr(self.memory, "close"):
            self.memory.close()
