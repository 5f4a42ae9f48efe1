"""The LibreTranslate API: /translate, /languages, /detect, /translate_file.

Request and response shapes follow LibreTranslate, so its clients work unchanged.
ordbro's additions are optional request fields: ``glossary`` (a named glossary of the
server's termbase), ``glossary_id`` (one of the caller's DeepL-API glossaries),
``glossary_pairs`` (inline ``[[source, target], ...]`` or ``{source: target}``) and
``term_report`` (true: the response gains ``termReport``, per text its sentences with
their term outcomes).
"""

from __future__ import annotations

import asyncio
import re
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse
from starlette.routing import Route

from glossary.serve.access import Refused
from glossary.serve.batcher import TextResult
from glossary.serve.glossaries import check_term
from glossary.serve.params import flag, read_params, texts_of
from glossary.serve.settings import LANGUAGES

KEEP_FILES_S = 3600  # translated files can be downloaded for an hour
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_UNSAFE = re.compile(r"[^\w.\-]+")


def routes() -> list[Route]:
    return [
        Route("/translate", translate, methods=["POST"]),
        Route("/languages", languages, methods=["GET", "POST"]),
        Route("/detect", detect, methods=["POST"]),
        Route("/translate_file", translate_file, methods=["POST"]),
        Route("/download_file/{token}/{name}", download_file, methods=["GET"]),
        Route("/frontend/settings", frontend_settings, methods=["GET"]),
    ]


def _server(request: Request) -> Any:
    return request.app.state.server


async def translate(request: Request) -> JSONResponse:
    server = _server(request)
    p = await read_params(request)
    owner = server.access.owner(p.get("api_key"))
    texts, many = texts_of(p.get("q"), "q")
    source, target = _required(p, "source"), _required(p, "target")
    fmt = p.get("format") or "text"
    if fmt not in ("text", "html"):
        raise Refused(400, f"Invalid request: format must be text or html, not {fmt!r}")
    detected = None
    if source == "auto":
        source, confidence = server.detect_source(texts, target)
        detected = {"confidence": confidence, "language": source}
    server.check_pair(source, target)
    server.access.charge(owner, sum(len(t) for t in texts))
    recipe = await server.recipe(
        owner, source, target,
        glossary=p.get("glossary") or None,
        glossary_id=p.get("glossary_id") or None,
        pairs=_pairs(p.get("glossary_pairs")),
    )  # fmt: skip
    results = await server.translate(recipe, fmt, texts)
    body: dict[str, Any] = {
        "translatedText": [r.target for r in results] if many else results[0].target
    }
    if detected:
        body["detectedLanguage"] = [detected] * len(texts) if many else detected
    if flag(p.get("term_report")):
        reports = [term_report(r) for r in results]
        body["termReport"] = reports if many else reports[0]
    return JSONResponse(body)


def term_report(result: TextResult) -> list[dict]:
    """The sentences of one translated text with their term outcomes."""
    return [
        {
            "source": s.source,
            "target": s.target,
            "origin": s.origin,
            "terms": [
                {"source": t.source, "target": t.target, "status": t.status, "method": t.method}
                for t in s.terms
            ],
        }
        for s in result.sentences
    ]


def _required(params: dict, name: str) -> str:
    value = params.get(name)
    if not value or not isinstance(value, str):
        raise Refused(400, f"Invalid request: missing {name} parameter")
    return value.strip().lower()


def _pairs(value: Any) -> list[tuple[str, str]] | None:
    """Inline glossary pairs from ``[[s, t], ...]`` or ``{s: t}``; 400 when malformed."""
    if value in (None, "", [], {}):
        return None
    if isinstance(value, str):
        import json

        try:
            value = json.loads(value)
        except ValueError:
            raise Refused(400, "Invalid request: glossary_pairs is not JSON") from None
    items = value.items() if isinstance(value, dict) else value
    pairs: dict[str, str] = {}
    try:
        for source, target in items:
            if not isinstance(source, str) or not isinstance(target, str):
                raise TypeError
            check_term(source.strip())
            check_term(target.strip())
            pairs[source.strip()] = target.strip()
    except (TypeError, ValueError):
        raise Refused(
            400, "Invalid request: glossary_pairs must be [[source, target], ...]"
        ) from None
    if len(pairs) > 1000:
        raise Refused(400, "Invalid request: at most 1000 glossary_pairs")
    return sorted(pairs.items())


async def languages(request: Request) -> JSONResponse:
    directions = _server(request).settings.directions
    return JSONResponse(
        [
            {"code": code, "name": name, "targets": [t for s, t in directions if s == code]}
            for code, name in LANGUAGES.items()
            if any(s == code for s, _ in directions)
        ]
    )


async def detect(request: Request) -> JSONResponse:
    server = _server(request)
    p = await read_params(request)
    owner = server.access.owner(p.get("api_key"))
    texts, many = texts_of(p.get("q"), "q")
    server.access.charge(owner, sum(len(t) for t in texts))
    found = []
    for text in texts:
        lang, confidence = server.detect(text)
        found.append([{"confidence": confidence, "language": lang}])
    return JSONResponse(found if many else found[0])


async def frontend_settings(request: Request) -> JSONResponse:
    s = _server(request).settings
    return JSONResponse(
        {
            "charLimit": s.char_limit,
            "keyRequired": s.api_keys is not None,
            "apiKeys": s.api_keys is not None,
            "filesTranslation": True,
            "supportedFilesFormat": _extensions(),
            "language": {"source": {"code": "sv", "name": "Swedish"},
                         "target": {"code": "en", "name": "English"}},
        }
    )  # fmt: skip


def _extensions() -> list[str]:
    from glossary.formats import FORMATS

    return sorted(ext for spec in FORMATS.values() for ext in spec.extensions)


# ---------------------------------------------------------------------- files


async def translate_file(request: Request) -> JSONResponse:
    """Translate an uploaded file in any format ordbro reads; answers a download URL."""
    from glossary.formats import detect_format

    server = _server(request)
    p = await read_params(request)
    owner = server.access.owner(p.get("api_key"))
    upload = p.get("file")
    if upload is None or isinstance(upload, str | list) or not hasattr(upload, "read"):
        raise Refused(400, "Invalid request: missing file parameter")
    source, target = _required(p, "source"), _required(p, "target")
    server.check_pair(source, target)
    name = safe_name(upload.filename or "")
    if detect_format(Path(name)) is None:
        raise Refused(400, f"{name}: not a translatable file type ({', '.join(_extensions())})")
    data = await upload.read()
    if not data.strip():
        raise Refused(400, f"{name}: the file is empty")
    server.access.charge(owner, len(data), per_request=False)
    files = server.settings.files_dir
    token = uuid.uuid4().hex
    folder = files / token
    stem, suffix = Path(name).stem, Path(name).suffix
    src = folder / "source" / name
    out = folder / f"{stem}.{target}{suffix}"
    await run_in_threadpool(_store, files, src, data)
    recipe = await server.recipe(owner, source, target, glossary_id=p.get("glossary_id") or None)
    try:
        report = await asyncio.wrap_future(server.batcher.submit(recipe, "file", (src, out)))
    finally:
        await run_in_threadpool(shutil.rmtree, src.parent, True)
    if report.status != "translated":
        await run_in_threadpool(shutil.rmtree, folder, True)
        raise Refused(400, (report.error or "cannot translate the file").replace(str(src), name))
    url = str(request.url_for("download_file", token=token, name=out.name))
    return JSONResponse({"translatedFileUrl": url})


def safe_name(name: str) -> str:
    """A client's file name as a plain name: no folders, no odd characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = _UNSAFE.sub("_", base).lstrip(".")[-120:]
    return base or "file"


def _store(files: Path, src: Path, data: bytes) -> None:
    """Write an upload under ``files`` and drop uploads older than an hour."""
    files.mkdir(parents=True, exist_ok=True)
    cutoff = time.time() - KEEP_FILES_S
    for old in files.iterdir():
        if _TOKEN.match(old.name) and old.stat().st_mtime < cutoff:
            shutil.rmtree(old, ignore_errors=True)
    src.parent.mkdir(parents=True)
    src.write_bytes(data)


async def download_file(request: Request) -> FileResponse:
    files = _server(request).settings.files_dir.resolve()
    token, name = request.path_params["token"], request.path_params["name"]
    if not _TOKEN.match(token) or safe_name(name) != name:
        raise Refused(404, "No such file")
    path = files / token / name
    if path.is_symlink() or not path.is_file() or not path.resolve().is_relative_to(files):
        raise Refused(404, "No such file")
    return FileResponse(path, filename=name)
