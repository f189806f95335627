"""The JSON API: ``POST /check``, ``GET /rules``, ``GET /health``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from requestlint import __version__
from requestlint.catalog import RuleRow
from requestlint.models import Report
from requestlint.server.models import CheckRequest, ErrorBody, Health
from requestlint.server.state import ServerState, server_state

router = APIRouter(tags=["requestlint"])
State = Annotated[ServerState, Depends(server_state)]

CHECK_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "The body cannot be decoded (not UTF-8)"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    503: {"model": ErrorBody, "description": "The check took too long"},
}


@router.post("/check", response_model=Report, responses=CHECK_ERRORS)
async def check_draft(request: CheckRequest, state: State) -> Report:
    """Check one draft; the answer is the report exactly as `requestlint check --format json` prints it."""
    state.check_selectors("select", request.select)
    state.check_selectors("ignore", request.ignore)
    return await state.worker.check(request.draft, select=request.select, ignore=request.ignore, kind=request.kind)


@router.get("/rules", response_model=list[RuleRow])
async def list_rules(state: State) -> list[RuleRow]:
    """Every rule, as `requestlint rules --format json` lists them; `enabled` per the server's settings."""
    return state.rows


@router.get("/health", response_model=Health)
async def health(state: State) -> Health:
    return Health(status="ok", version=__version__, grammar=state.worker.grammar)
