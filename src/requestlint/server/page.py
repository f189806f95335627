"""The drafting page: ``GET /`` and its assets, the page's check (report + marks) and the rule docs it links to.

Everything the page needs ships inside the package (no CDN, no web fonts), so it works with the network
unplugged. Every answer carries a Content-Security-Policy that allows this origin only: the page can load
nothing from elsewhere and send drafts nowhere else.
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import PlainTextResponse, Response
from pydantic import BaseModel, Field

from requestlint.docgen import explain
from requestlint.errors import InputError
from requestlint.models import Report
from requestlint.pitfalls import registry
from requestlint.server.json_api import CHECK_ERRORS
from requestlint.server.marks import Fix, Mark, marks, safe_fixes
from requestlint.server.models import CheckRequest, ErrorBody
from requestlint.server.state import ServerState, server_state

router = APIRouter(tags=["drafting page"])
State = Annotated[ServerState, Depends(server_state)]

ASSETS = {
    "page.css": "text/css; charset=utf-8",
    "page.js": "text/javascript; charset=utf-8",
    "draft.js": "text/javascript; charset=utf-8",
    "icon.svg": "image/svg+xml",
}
"""The page's files (``requestlint/server/static``) and their types; nothing else is served from there."""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class PitfallRow(BaseModel):
    id: str
    label: str
    applies: bool = Field(description="False when the pitfall does not apply to this draft's kind")
    present: bool


class PageCheck(BaseModel):
    """What the page shows for one draft: the report, the pitfalls with their labels, and where each finding sits."""

    report: Report
    pitfalls: list[PitfallRow]
    marks: list[Mark]
    fixes: list[Fix] = Field(
        description="Every safe edit of the report, each once (a rule reported once may fix every occurrence)"
    )


def _asset(name: str) -> bytes:
    return (resources.files("requestlint.server") / "static" / name).read_bytes()


@router.get("/", include_in_schema=False)
async def page() -> Response:
    return Response(_asset("index.html"), media_type="text/html; charset=utf-8", headers=SECURITY_HEADERS)


@router.get("/static/{name}", include_in_schema=False)
async def asset(name: str) -> Response:
    if name not in ASSETS:
        raise HTTPException(404, "no such file")
    return Response(_asset(name), media_type=ASSETS[name], headers=SECURITY_HEADERS)


@router.post("/page/check", response_model=PageCheck, responses=CHECK_ERRORS)
async def check_for_page(request: CheckRequest, state: State) -> PageCheck:
    """The report of one draft with the labels of its pitfalls and a mark per finding (offsets in UTF-16 units)."""
    state.check_selectors("select", request.select)
    state.check_selectors("ignore", request.ignore)
    report = await state.worker.check(request.draft, select=request.select, ignore=request.ignore, kind=request.kind)
    rows = [
        PitfallRow(id=pitfall.id, label=pitfall.label, applies=result.applies, present=result.present)
        for pitfall in registry().pitfalls
        if (result := report.pitfalls.get(pitfall.id)) is not None
    ]
    return PageCheck(
        report=report, pitfalls=rows, marks=marks(report, request.draft), fixes=safe_fixes(report, request.draft)
    )


@router.get(
    "/page/doc/{code}",
    response_class=PlainTextResponse,
    responses={
        404: {
            "description": "No rule or pitfall has this code, name or alias",
            "content": {"application/json": {"schema": ErrorBody.model_json_schema()}},
        }
    },
)
async def rule_doc(code: str, state: State) -> PlainTextResponse:
    """A rule's or a pitfall's documentation, the same text as `requestlint explain CODE` prints."""
    try:
        text = explain(code, tuple(state.settings.extra_rule_dirs))
    except InputError as exc:
        raise HTTPException(404, exc.message) from None
    return PlainTextResponse(text, headers=SECURITY_HEADERS)
