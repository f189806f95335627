"""``requestlint serve``: an HTTP service with a JSON API and a LanguageTool-compatible API.

``create_app`` builds the FastAPI application (tests drive it with httpx); ``serve`` runs it with uvicorn.
"""

from __future__ import annotations

from requestlint.server.app import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, create_app, serve

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "create_app", "serve"]
