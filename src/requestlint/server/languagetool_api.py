"""A LanguageTool-compatible API (``/v2``), so LanguageTool clients show requestlint findings.

Browser add-ons, LTeX, language_tool_python and other clients with a "custom server URL" ask
``GET /v2/languages`` and ``POST /v2/check`` (form-encoded). requestlint checks English only. A client in a
mail composer sends the body alone (the subject is another field), so a text without a ``Subject:`` line is
checked without the subject rules: no "missing subject" for a subject the client never sent. The kind is
recognised from the body as usual. How findings become matches: ``matches.py``.

Parameters: ``text`` or ``data`` (annotated text), ``language`` (an English variant or ``auto``),
``disabledRules``/``enabledRules``/``enabledOnly`` and the ``...Categories`` lists (rule ids and category
ids of the matches), ``level`` (``picky`` also shows requestlint's hints, its info findings; a hint's rule
or category named in ``enabledRules``/``enabledCategories`` shows it too). ``motherTongue``,
``preferredVariants`` and the premium parameters are accepted and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import PlainTextResponse

from requestlint import __version__
from requestlint.server import languagetool_models as lt
from requestlint.server.annotation import AnnotatedText, Utf16, parse_annotation
from requestlint.server.errors import LanguageToolRequestError
from requestlint.server.form import FORM_BODY, CheckForm, read_form
from requestlint.server.languages import LANGUAGES, resolve_language
from requestlint.server.matches import Placed, place, to_match
from requestlint.server.state import ServerState, server_state
from requestlint.source import read_draft

router = APIRouter(prefix="/v2", tags=["LanguageTool-compatible"])
State = Annotated[ServerState, Depends(server_state)]

_TEXT_ERROR: dict[str, Any] = {"content": {"text/plain": {"schema": {"type": "string"}}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "LanguageTool-style error: missing text, unknown language, bad data", **_TEXT_ERROR},
    413: {"description": "Request body too large", **_TEXT_ERROR},
    503: {"description": "The check took too long", **_TEXT_ERROR},
}


@dataclass(frozen=True)
class Options:
    """Which matches the client wants."""

    disabled_rules: frozenset[str]
    enabled_rules: frozenset[str]
    disabled_categories: frozenset[str]
    enabled_categories: frozenset[str]
    enabled_only: bool
    picky: bool

    @classmethod
    def from_form(cls, form: CheckForm) -> Options:
        return cls(
            disabled_rules=_ids(form.disabledRules),
            enabled_rules=_ids(form.enabledRules),
            disabled_categories=_ids(form.disabledCategories),
            enabled_categories=_ids(form.enabledCategories),
            enabled_only=(form.enabledOnly or "").strip().lower() in ("true", "yes"),
            picky=(form.level or "").strip().lower() == "picky",
        )

    def shows(self, placed: Placed) -> bool:
        enabled = placed.rule_id in self.enabled_rules or placed.category_id in self.enabled_categories
        if self.enabled_only:
            return enabled
        if placed.rule_id in self.disabled_rules or placed.category_id in self.disabled_categories:
            return False
        return not placed.hint or self.picky or enabled


def _ids(value: str | None) -> frozenset[str]:
    return frozenset(part.strip() for part in (value or "").split(",") if part.strip())


def _text_of(form: CheckForm) -> AnnotatedText:
    if form.text is not None:  # a text wins over data, as in LanguageTool
        text = AnnotatedText.from_text(form.text)
    elif form.data is not None:
        text = parse_annotation(form.data)
    else:
        raise LanguageToolRequestError("Missing 'text' or 'data' parameter")
    if any("\ud800" <= ch <= "\udfff" for ch in text.original):
        raise LanguageToolRequestError("the text contains a lone UTF-16 surrogate, which is not text")
    return text


SUBJECT_RULES = "subject"
"""The rule group about the subject line, skipped when the client sent no subject."""


def _unsent_parts(text: str) -> list[str]:
    return [] if read_draft(text).subject_start is not None else [SUBJECT_RULES]


@router.get("/languages", response_model=list[lt.Language])
async def languages() -> list[lt.Language]:
    """The languages requestlint checks, in LanguageTool's shape: English variants."""
    return list(LANGUAGES)


@router.get("/healthcheck", response_class=PlainTextResponse)
async def healthcheck() -> str:
    """LanguageTool's liveness probe."""
    return "OK"


@router.post(
    "/check",
    response_model=lt.CheckResponse,
    responses=_ERRORS,
    openapi_extra=FORM_BODY,
)
async def check(request: Request, state: State) -> lt.CheckResponse:
    """Check a text like LanguageTool does; matches are requestlint findings (offsets in UTF-16 code units)."""
    form = await read_form(request)
    language = resolve_language(form.language)
    text = _text_of(form)
    options = Options.from_form(form)
    placed: list[Placed] = []
    if text.plain.strip():  # an empty editor has nothing missing yet: clients check as the user types
        report = await state.worker.check(text.plain, ignore=_unsent_parts(text.plain))
        placed = [place(finding, text.plain, report.parts) for finding in report.findings]
    original = Utf16(text.original)
    matches = [to_match(p, text, original, state.rules) for p in placed if options.shows(p)]
    matches.sort(key=lambda m: (m.offset, m.length, m.rule.id))
    return lt.CheckResponse(
        software=lt.Software(name="requestlint", version=__version__),
        warnings=lt.Warnings(),
        language=lt.CheckedLanguage(
            name=language.name,
            code=language.longCode,
            detectedLanguage=lt.DetectedLanguage(name=language.name, code=language.longCode, confidence=1.0),
        ),
        matches=matches,
    )
