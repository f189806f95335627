"""The application: both APIs, the size limit, CORS and error answers; and ``serve`` to run it."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from requestlint import __version__
from requestlint.config import Settings, load_settings
from requestlint.server import classroom, errors, json_api, languagetool_api, page
from requestlint.server.limits import BodyLimit
from requestlint.server.state import ServerState

DEFAULT_MAX_BYTES = 200_000
DEFAULT_MAX_UPLOAD_BYTES = 5_000_000
DEFAULT_TIMEOUT = 20.0

logger = logging.getLogger("requestlint.server")

DESCRIPTION = """\
Lint informational-interview request emails over HTTP.

* `GET /` is the drafting page: paste a draft and see its findings as you type; its class view grades an
  uploaded class file (`POST /grade`) and offers report.html, grades.csv and results.json.
* `POST /check` answers the report exactly as `requestlint check --format json` prints it.
* `/v2/languages` and `/v2/check` speak LanguageTool's HTTP API, so LanguageTool clients (browser add-ons,
  LTeX, language_tool_python) show requestlint's findings as matches.
"""


def create_app(
    settings: Settings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> FastAPI:
    """The ASGI app; ``settings`` default to the nearest requestlint.toml / pyproject.toml."""
    if max_bytes < 1 or max_upload_bytes < 1 or timeout <= 0:
        raise ValueError("max_bytes and max_upload_bytes must be at least 1 and timeout above 0")
    app = FastAPI(title="requestlint", version=__version__, description=DESCRIPTION)
    app.state.requestlint = ServerState.build(settings if settings is not None else load_settings(), timeout)
    app.include_router(json_api.router)
    app.include_router(languagetool_api.router)
    app.include_router(page.router)
    app.include_router(classroom.router)
    errors.install(app)
    _describe_selectors(app)
    app.add_middleware(BodyLimit, max_bytes=max_bytes, uploads={"/grade": max_upload_bytes})
    # Added last, so outermost: preflights never reach the app, and errors (413 too) carry CORS headers.
    # Any origin, since browser add-ons call from the page being edited; any header, since clients differ.
    app.add_middleware(
        CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["*"], max_age=600
    )
    return app


def _describe_selectors(app: FastAPI) -> None:
    """List the words ``select``/``ignore`` accept in the OpenAPI description: they depend on the loaded rules."""
    build = app.openapi
    words = sorted(app.state.requestlint.selectors)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        spec = build()  # FastAPI's own; it keeps it in app.openapi_schema, edited here in place
        fields = spec["components"]["schemas"]["CheckRequest"]["properties"]
        for name in ("select", "ignore"):
            fields[name]["items"] = {"type": "string", "enum": words}
        return spec

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the schema


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    settings: Settings | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    max_upload_bytes: int = DEFAULT_MAX_UPLOAD_BYTES,
) -> None:
    """Run the service with uvicorn until interrupted."""
    import uvicorn

    app = create_app(settings, max_bytes=max_bytes, timeout=timeout, max_upload_bytes=max_upload_bytes)
    if not _is_loopback(host):
        logger.warning("listening on %s: the service has no authentication; anyone who reaches it can use it", host)
    state: ServerState = app.state.requestlint
    state.worker.warm_up()
    logging.getLogger("uvicorn.access").addFilter(NoQueryStrings())
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        state.classes.stop()


class NoQueryStrings(logging.Filter):
    """Drafts are personal data, and LanguageTool clients may send them in the URL (``/v2/check?text=...``):
    the access log keeps the path and drops the query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) >= 3 and isinstance(record.args[2], str):
            path = record.args[2].split("?", 1)[0]
            record.args = (*record.args[:2], path, *record.args[3:])
        return True


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
