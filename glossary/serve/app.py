"""The Starlette application: shared state, request parsing, errors, the body limit."""

from __future__ import annotations

import asyncio
import contextlib
import re
from dataclasses import replace
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from glossary.errors import InputError, OrdbroError
from glossary.serve.access import Access, Refused
from glossary.serve.batcher import Batcher, TextResult
from glossary.serve.glossaries import GlossaryStore
from glossary.serve.params import error_response
from glossary.serve.settings import LANGUAGES, ServeSettings

UPLOAD_PATHS = ("/translate_file",)
_TAG = re.compile(r"<[^>]*>")
MAX_NAMED = 64  # named glossaries of the server's termbase compiled at start


class Server:
    """What every request shares: settings, access checks, glossaries, the batcher."""

    def __init__(self, settings: ServeSettings) -> None:
        self.settings = settings
        self.access = Access(settings)
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.store = GlossaryStore(settings.glossary_path)
        self.named = self._named_glossaries()
        self._compile_matchers()
        base = [self.base_recipe(s, t) for s, t in settings.directions]
        self.batcher = Batcher(settings, warm=base)

    def close(self) -> None:
        self.batcher.close()

    def base_recipe(self, source: str, target: str) -> Any:
        """The front door's recipe for plain requests: the server's termbase enforced."""
        from glossary.translate import Recipe

        s = self.settings
        return Recipe(source, target, s.model, s.engine, s.terms,
                      memory=s.memory_path, use_memory=s.use_memory)  # fmt: skip

    def _compile_matchers(self) -> None:
        """Compile the server termbase's matchers (all, and each named glossary) now, so
        that no request writes a matcher cache beside it."""
        terms = self.settings.terms
        if terms is None:
            return
        from glossary.matcher import TermMatcher
        from glossary.termbase import Termbase

        with Termbase.open(terms) as tb:
            for source, target in self.settings.directions:
                for name in [None, *sorted(self.named)[:MAX_NAMED]]:
                    TermMatcher.from_termbase(tb, glossary=name, src=source, tgt=target)

    def _named_glossaries(self) -> set[str]:
        terms = self.settings.terms
        if terms is None or not terms.exists():
            return set()
        from glossary.termbase import Termbase

        with Termbase.open(terms) as tb:
            return set(tb.glossaries())

    # ------------------------------------------------------------------ languages

    def check_pair(self, source: str, target: str) -> None:
        """400 unless ``source`` -> ``target`` is served."""
        for code in (source, target):
            if code not in LANGUAGES:
                raise Refused(400, f"{code} is not supported")
        if (source, target) not in self.settings.directions:
            raise Refused(400, f"{source} -> {target} is not supported by this server")

    @staticmethod
    def detect(text: str, among: tuple[str, ...] = ("sv", "en")) -> tuple[str, float]:
        """(language, confidence 0..100) of ``text`` (tags left out), one of ``among``."""
        import simplemma

        plain = _TAG.sub(" ", text)
        scores = dict(simplemma.langdetect(plain, lang=("sv", "en")))
        ranked = sorted(among, key=lambda lang: -scores.get(lang, 0.0))
        total = sum(scores.get(lang, 0.0) for lang in among)
        confidence = 100 * scores.get(ranked[0], 0.0) / total if total else 0.0
        return ranked[0], round(confidence, 1)

    def detect_source(self, texts: list[str], target: str) -> tuple[str, float]:
        """The source language of ``texts``, among those served into ``target``."""
        sources = tuple(s for s, t in self.settings.directions if t == target)
        return self.detect(" ".join(texts), sources or tuple(LANGUAGES))

    # ------------------------------------------------------------------ translating

    async def recipe(
        self,
        owner: str,
        source: str,
        target: str,
        *,
        glossary: str | None = None,
        glossary_id: str | None = None,
        pairs: list[tuple[str, str]] | None = None,
        missing_status: int = 400,
    ) -> Any:
        """The front door's recipe for a request: the server's termbase, or one of its
        named glossaries, or one of the caller's own glossaries (with the termbase)."""
        recipe = self.base_recipe(source, target)
        if pairs:
            info = await run_in_threadpool(
                self.store.create, owner, "inline", source, target, pairs, True
            )
            return self._with_client_glossary(recipe, info)
        if glossary_id:
            info = await run_in_threadpool(self.store.get, owner, str(glossary_id))
            if info is None:
                raise Refused(missing_status, f"Glossary not found: {glossary_id}")
            if (info.source_lang, info.target_lang) != (source, target):
                raise Refused(
                    400,
                    f"Glossary {glossary_id} is {info.source_lang} -> {info.target_lang}, "
                    f"not {source} -> {target}",
                )
            return self._with_client_glossary(recipe, info)
        if glossary:
            if glossary not in self.named:
                self.named = await run_in_threadpool(self._named_glossaries)
            if glossary not in self.named:
                raise Refused(400, f"Unknown glossary {glossary!r}")
            return replace(recipe, glossary=glossary)
        return recipe

    def _with_client_glossary(self, recipe: Any, info: Any) -> Any:
        """``recipe`` with a client glossary enforced together with the server's termbase
        (the client's entries win where both have the same source term)."""
        client = (self.settings.glossary_path, info.termbase_name)
        if recipe.terms is None:  # no termbase: the client's glossary alone
            return replace(recipe, terms=client[0], glossary=client[1])
        return replace(recipe, overlay=client)

    async def translate(self, recipe: Any, kind: str, texts: list[str]) -> list[TextResult]:
        """``texts`` translated by the workers (batched with other requests)."""
        return await asyncio.wrap_future(self.batcher.submit(recipe, kind, texts))


async def _refused(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, Refused):
        return error_response(request.url.path, exc.status, exc.message)
    if isinstance(exc, InputError):
        return error_response(request.url.path, 400, str(exc))
    if isinstance(exc, OrdbroError):
        return error_response(request.url.path, 500, str(exc))
    return error_response(request.url.path, 500, f"Cannot translate: {type(exc).__name__}")


class BodyLimit:
    """Refuses a request body larger than the limit (413) before any handler reads it,
    whether or not it declares its length."""

    def __init__(self, app: Any, limit: int, upload_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.upload_limit = upload_limit

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = self.upload_limit if path in UPLOAD_PATHS else self.limit
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, send, limit)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await self._refuse(scope, send, limit)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> dict:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, scope: dict, send: Any, limit: int) -> None:
        response = error_response(
            scope.get("path", ""), 413, f"Request body too large (at most {limit} bytes)"
        )
        await response(scope, _nothing, send)


async def _nothing() -> dict:
    return {"type": "http.disconnect"}


def create_app(settings: ServeSettings) -> Any:
    """The ASGI application for ``settings`` (both APIs, body limit outermost)."""
    from glossary.serve import deepl, libretranslate

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        server = Server(settings)
        app.state.server = server
        try:
            yield
        finally:
            await run_in_threadpool(server.close)

    routes: list[Route] = [*libretranslate.routes(), *deepl.routes()]
    app = Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={Exception: _refused, Refused: _refused, OrdbroError: _refused},
    )
    return BodyLimit(app, settings.body_limit, settings.upload_limit)
