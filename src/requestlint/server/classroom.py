"""The page's class view: ``POST /grade`` grades an uploaded class file (see ``class_grader``).

The upload is the request body itself (``Content-Type: application/octet-stream``, its file name in
``X-Filename``, percent-encoded), read in memory: a multipart parser would spool a large file to a temporary
file on disk, and drafts are personal data.

Only the page's own origin may use it: a request whose ``Origin`` names another site is refused, so a page
elsewhere cannot have a visitor's browser grade (or read back) a class through a server on their machine.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import unquote, urlsplit

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from requestlint.errors import InputError
from requestlint.server.class_grader import GradedClass
from requestlint.server.models import ErrorBody
from requestlint.server.state import ServerState, server_state

router = APIRouter(tags=["drafting page"])
State = Annotated[ServerState, Depends(server_state)]


def same_origin(request: Request, origin: str | None) -> None:
    """403 unless the request comes from a page of this server (or from no browser page at all)."""
    if origin is None:
        return  # not sent by a browser page (curl, a script): nothing to protect against
    host = request.headers.get("host", "")
    if urlsplit(origin).netloc.lower() != host.lower():
        raise HTTPException(403, "class uploads are accepted only from this server's own page")


_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "The request comes from another site's page"},
    413: {"model": ErrorBody, "description": "The file is larger than --max-upload-bytes"},
    503: {"model": ErrorBody, "description": "The class took too long to grade"},
}


@router.post("/grade", response_model=GradedClass, responses=_ERRORS, openapi_extra=_UPLOAD_BODY)
async def grade_class_upload(
    request: Request,
    state: State,
    x_filename: Annotated[str, Header(description="The uploaded file's name, percent-encoded")],
    origin: Annotated[str | None, Header()] = None,
) -> GradedClass:
    """Grade a class from one file (.csv, .mbox, .jsonl, a zipped folder, or one draft) sent as the body."""
    same_origin(request, origin)
    data = await request.body()
    if not data:
        raise InputError("the uploaded file is empty", path=unquote(x_filename))
    return await state.classes.grade(unquote(x_filename), data)
