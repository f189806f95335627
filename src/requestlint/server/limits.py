"""Request size and time limits: 413 before the app sees a body larger than ``max_bytes``, 408 for a body that
does not arrive within ``body_timeout`` seconds.

Checked twice: from ``Content-Length`` before anything is read, and by counting what actually arrives (a
chunked body has no length; a declared one can be wrong). The body is buffered (it is small by definition)
and replayed to the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from requestlint.server.errors import error_response

BODY_TIMEOUT = 10.0
"""Seconds a client has to send its whole body: one that declares more than it sends must not hold a
connection (and a worker) for as long as it likes."""


class BodyLimit:
    """``max_bytes`` for every path but those in ``uploads`` (path -> its own limit: a class file is larger)."""

    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int,
        body_timeout: float = BODY_TIMEOUT,
        uploads: Mapping[str, int] | None = None,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_timeout = body_timeout
        self.uploads = dict(uploads or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        limit = self.uploads.get(path, self.max_bytes)
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                length = int(declared)
            except ValueError:
                await error_response(path, 400, "Content-Length is not a number")(scope, receive, send)
                return
            if length > limit:
                await self._too_large(path, limit, scope, receive, send)
                return
        messages: list[Message] = []
        size = 0
        deadline = asyncio.get_running_loop().time() + self.body_timeout
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - asyncio.get_running_loop().time()))
            except TimeoutError:
                late = f"the request body did not arrive within {self.body_timeout:g} s"
                await error_response(path, 408, late, {"Connection": "close"})(scope, receive, send)
                return
            if message["type"] != "http.request":
                messages.append(message)  # the client went away; let the app see it
                break
            size += len(message.get("body", b""))
            if size > limit:
                await self._too_large(path, limit, scope, receive, send)
                return
            messages.append(message)
            if not message.get("more_body", False):
                break

        async def replay() -> Message:
            return messages.pop(0) if messages else await receive()

        await self.app(scope, replay, send)

    async def _too_large(self, path: str, limit: int, scope: Scope, receive: Receive, send: Send) -> None:
        if path in self.uploads:
            message = (
                f"the file is larger than this server accepts: {limit} bytes (requestlint serve --max-upload-bytes)"
            )
        else:
            message = f"the request body is larger than {limit} bytes"
        await error_response(path, 413, message)(scope, receive, send)
