"""A subset of the DeepL API v2, enough for the official ``deepl`` client (``server_url``).

``/v2/translate``, ``/v2/languages``, ``/v2/glossary-language-pairs``, ``/v2/usage`` and
``/v2/glossaries[/{id}[/entries]]``. The key goes in ``Authorization: DeepL-Auth-Key
KEY``; errors are ``{"message": ...}``. Glossaries belong to the key that made them.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from glossary.serve.access import Refused
from glossary.serve.glossaries import parse_entries
from glossary.serve.params import read_params, texts_of
from glossary.serve.settings import LANGUAGES

_TARGETS = {"sv": [("SV", "Swedish")], "en": [("EN-GB", "English (British)"),
                                              ("EN-US", "English (American)")]}  # fmt: skip
FORMALITIES = ("default", "more", "less", "prefer_more", "prefer_less")


def routes() -> list[Route]:
    return [
        Route("/v2/translate", translate, methods=["POST"]),
        Route("/v2/languages", languages, methods=["GET", "POST"]),
        Route("/v2/glossary-language-pairs", glossary_pairs, methods=["GET"]),
        Route("/v2/usage", usage, methods=["GET", "POST"]),
        Route("/v2/glossaries", glossaries, methods=["GET", "POST"]),
        Route("/v2/glossaries/{gid}", glossary, methods=["GET", "DELETE"]),
        Route("/v2/glossaries/{gid}/entries", glossary_entries, methods=["GET"]),
    ]


def _server(request: Request) -> Any:
    return request.app.state.server


def _owner(request: Request, params: dict) -> str:
    """The caller, from ``Authorization: DeepL-Auth-Key KEY`` (or the old ``auth_key``)."""
    header = request.headers.get("authorization")
    key = params.get("auth_key")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme != "DeepL-Auth-Key" or not value.strip():
            raise Refused(403, "Authorization failure: use 'Authorization: DeepL-Auth-Key KEY'")
        key = value.strip()
    return _server(request).access.owner(key if isinstance(key, str) else None)


def check_formality(value: Any) -> None:
    """DeepL's ``formality``. Neither Swedish nor English has a formality setting at DeepL,
    so, as DeepL does for such target languages, ``more`` and ``less`` are refused and
    ``default``, ``prefer_more`` and ``prefer_less`` are accepted and change nothing."""
    if value in (None, ""):
        return
    if value not in FORMALITIES:
        raise Refused(400, "Value for 'formality' not supported.")
    if value in ("more", "less"):
        raise Refused(400, "'formality' is not supported for given 'target_lang'.")


def _lang(value: Any, name: str, required: bool = True) -> str | None:
    """``SV``, ``EN``, ``EN-GB`` ... as ordbro's sv/en; 400 for others."""
    if value in (None, ""):
        if required:
            raise Refused(400, f"Value for '{name}' not supported.")
        return None
    code = str(value).strip().lower().split("-")[0]
    if code not in LANGUAGES:
        raise Refused(400, f"Value for '{name}' not supported.")
    return code


async def translate(request: Request) -> JSONResponse:
    server = _server(request)
    p = await read_params(request)
    owner = _owner(request, p)
    if p.get("text") is None:
        raise Refused(400, "Parameter 'text' not specified.")
    texts, _ = texts_of(p.get("text"), "text")
    target = _lang(p.get("target_lang"), "target_lang")
    source = _lang(p.get("source_lang"), "source_lang", required=False)
    tags = p.get("tag_handling")
    if tags not in (None, "", "html", "xml"):
        raise Refused(400, "Value for 'tag_handling' not supported.")
    check_formality(p.get("formality"))
    glossary_id = p.get("glossary_id") or None
    if glossary_id and source is None:  # as DeepL: a glossary fixes the language pair
        raise Refused(400, "Use of a glossary requires the source_lang parameter to be specified.")
    if source is None:
        source, _ = server.detect_source(texts, target)
    server.check_pair(source, target)
    chars = sum(len(t) for t in texts)
    try:
        server.access.charge(owner, chars)
    except Refused as exc:  # DeepL says 413 for a request too large
        raise Refused(413 if exc.status == 400 else exc.status, exc.message) from None
    recipe = await server.recipe(owner, source, target, glossary_id=glossary_id,
                                 missing_status=404)  # fmt: skip
    results = await server.translate(recipe, "html" if tags else "text", texts)
    return JSONResponse(
        {
            "translations": [
                {
                    "detected_source_language": source.upper(),
                    "text": r.target,
                    "billed_characters": len(t),
                }
                for t, r in zip(texts, results, strict=True)
            ]
        }
    )


async def languages(request: Request) -> JSONResponse:
    p = await read_params(request)
    _owner(request, p)
    directions = _server(request).settings.directions
    if p.get("type") == "target":
        codes = sorted({t for _, t in directions})
        return JSONResponse(
            [{"language": c, "name": n, "supports_formality": False}
             for code in codes for c, n in _TARGETS[code]]
        )  # fmt: skip
    codes = sorted({s for s, _ in directions})
    return JSONResponse([{"language": c.upper(), "name": LANGUAGES[c]} for c in codes])


async def glossary_pairs(request: Request) -> JSONResponse:
    _owner(request, await read_params(request))
    directions = _server(request).settings.directions
    return JSONResponse(
        {"supported_languages": [{"source_lang": s, "target_lang": t} for s, t in directions]}
    )


async def usage(request: Request) -> JSONResponse:
    """Characters of the last minute against the per-minute limit."""
    server = _server(request)
    owner = _owner(request, await read_params(request))
    return JSONResponse(
        {
            "character_count": server.access.used(owner),
            "character_limit": server.settings.chars_per_minute,
        }
    )


async def glossaries(request: Request) -> JSONResponse:
    server = _server(request)
    p = await read_params(request)
    owner = _owner(request, p)
    if request.method == "GET":
        found = await run_in_threadpool(server.store.list, owner)
        return JSONResponse({"glossaries": [g.to_deepl() for g in found]})
    name = p.get("name")
    if not name or not isinstance(name, str):
        raise Refused(400, "Parameter 'name' not specified.")
    source = _lang(p.get("source_lang"), "source_lang")
    target = _lang(p.get("target_lang"), "target_lang")
    if (source, target) not in server.settings.directions:
        raise Refused(400, f"Unsupported glossary language pair {source} -> {target}")
    entries = p.get("entries")
    if not isinstance(entries, str):
        raise Refused(400, "Parameter 'entries' not specified.")
    pairs = parse_entries(entries, str(p.get("entries_format") or "tsv"))
    info = await run_in_threadpool(server.store.create, owner, name[:256], source, target, pairs)
    return JSONResponse(info.to_deepl(), status_code=201)


async def _find(request: Request) -> tuple[Any, Any]:
    server = _server(request)
    owner = _owner(request, await read_params(request))
    gid = request.path_params["gid"]
    info = await run_in_threadpool(server.store.get, owner, gid)
    if info is None:
        raise Refused(404, "Glossary not found")
    return server, info


async def glossary(request: Request) -> Response:
    server, info = await _find(request)
    if request.method == "DELETE":
        if not await run_in_threadpool(server.store.delete, info.owner, info.id):
            raise Refused(404, "Glossary not found")
        return Response(status_code=204)
    return JSONResponse(info.to_deepl())


async def glossary_entries(request: Request) -> Response:
    server, info = await _find(request)
    accept = request.headers.get("accept", "text/tab-separated-values")
    if "text/tab-separated-values" not in accept and "*/*" not in accept:
        raise Refused(415, "Only text/tab-separated-values is supported")
    pairs = await run_in_threadpool(server.store.entries, info)
    body = "\n".join(f"{s}\t{t}" for s, t in pairs)
    return PlainTextResponse(body, media_type="text/tab-separated-values")
