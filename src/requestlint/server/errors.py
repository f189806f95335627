"""Error answers in the shape each API's clients expect.

The JSON API answers ``{"detail": ...}`` (422: FastAPI's validation-error list). The LanguageTool API answers
like LanguageTool's own server, in plain text starting with ``Error:``: language_tool_python reports such a
body as a ``LanguageToolError`` with the message, where a JSON error would surface as a ``KeyError``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from starlette.exceptions import HTTPException

from requestlint.errors import InputError, RequestlintError
from requestlint.server.worker import CheckTimeout

LANGUAGETOOL_PREFIX = "/v2/"

logger = logging.getLogger("requestlint.server")


class LanguageToolRequestError(Exception):
    """A LanguageTool API request LanguageTool would refuse with 400 (missing text, unknown language, ...)."""


def is_languagetool(path: str) -> bool:
    return path.startswith(LANGUAGETOOL_PREFIX)


def error_response(path: str, status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
    if is_languagetool(path):
        return PlainTextResponse(f"Error: {message}", status_code=status, headers=headers)
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def draft_error(message: str) -> RequestValidationError:
    """A 422 about the draft itself, in the same shape as FastAPI's own validation errors."""
    return RequestValidationError([{"loc": ("body", "draft"), "msg": message, "type": "value_error"}])


def install(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into answers."""

    async def timeout(request: Request, exc: Exception) -> Response:
        return error_response(request.url.path, 503, str(exc))

    async def bad_languagetool_request(request: Request, exc: Exception) -> Response:
        return error_response(request.url.path, 400, str(exc))

    async def bad_input(request: Request, exc: Exception) -> Response:
        message = str(exc)
        if isinstance(exc, RequestlintError):  # the file and line, when there are any, without the error code
            where = f"{exc.path}:{exc.line}: " if exc.line is not None else f"{exc.path}: " if exc.path else ""
            message = where + exc.message
        if is_languagetool(request.url.path):
            return error_response(request.url.path, 400, message)
        errors = draft_error(message).errors()
        return JSONResponse({"detail": list(errors)}, status_code=422)

    async def invalid(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        found = exc.errors()
        if is_languagetool(request.url.path):
            # LanguageTool has no 422: a request it cannot use is a 400.
            return error_response(request.url.path, 400, str(found[0].get("msg")) if found else "invalid request")
        # The errors echo the input, which may hold lone surrogates that cannot be written as UTF-8.
        return JSONResponse({"detail": _printable(jsonable_encoder(found))}, status_code=422)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if is_languagetool(request.url.path):
            return error_response(request.url.path, exc.status_code, str(exc.detail), exc.headers)  # e.g. Allow
        return await http_exception_handler(request, exc)

    async def server_error(request: Request, exc: Exception) -> Response:
        # Rule folders or settings that broke after start-up, or a bug: say so, never a bare traceback page.
        # (Starlette re-raises other exceptions after this answer, so the server logs their traceback.)
        if isinstance(exc, RequestlintError):
            logger.error("check failed: %s", exc)
        return error_response(request.url.path, 500, f"requestlint could not check the draft: {exc}")

    app.add_exception_handler(CheckTimeout, timeout)
    app.add_exception_handler(LanguageToolRequestError, bad_languagetool_request)
    app.add_exception_handler(InputError, bad_input)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestlintError, server_error)
    app.add_exception_handler(Exception, server_error)


def _printable(value: Any) -> Any:
    """``value`` as JSON can carry it: lone surrogates in strings escaped, NaN and infinities as text."""
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, list):
        return [_printable(item) for item in value]
    if isinstance(value, dict):
        return {key: _printable(item) for key, item in value.items()}
    return value
