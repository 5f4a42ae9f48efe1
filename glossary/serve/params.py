"""Request fields and error bodies shared by both APIs."""

from __future__ import annotations

import json
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from glossary.serve.access import Refused


async def read_params(request: Request) -> dict[str, Any]:
    """Query parameters, then the JSON object or form fields of the body (a repeated form
    field becomes a list); 400 for a body that is not valid JSON."""
    params: dict[str, Any] = dict(request.query_params)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    if not body.strip():
        return params
    if ctype.endswith("json"):
        try:
            data = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise Refused(400, "Invalid request: the body is not valid JSON") from None
        if not isinstance(data, dict):
            raise Refused(400, "Invalid request: the JSON body must be an object")
        params.update(data)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form(max_files=1, max_fields=2000)
        except Exception as exc:  # the multipart parser's own errors
            raise Refused(400, f"Invalid request: unreadable form ({exc})") from None
        for key in form:
            values = form.getlist(key)
            params[key] = values if len(values) > 1 else values[0]
    return params


def texts_of(value: Any, name: str) -> tuple[list[str], bool]:
    """(texts, given as a list) from a string or a list of strings; 400 otherwise."""
    if value is None:
        raise Refused(400, f"Invalid request: missing {name} parameter")
    if isinstance(value, str):
        return [value], False
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value), True
    raise Refused(400, f"Invalid request: {name} must be a string or a list of strings")


def flag(value: Any) -> bool:
    """A boolean request field (JSON true, or "true"/"1" in a form)."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def is_deepl(path: str) -> bool:
    return path.startswith("/v2/")


def error_response(path: str, status: int, message: str) -> JSONResponse:
    """LibreTranslate's ``{"error": ...}`` or DeepL's ``{"message": ...}``."""
    key = "message" if is_deepl(path) else "error"
    return JSONResponse({key: message}, status_code=status)
